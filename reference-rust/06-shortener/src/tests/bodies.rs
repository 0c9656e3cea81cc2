//! Bad bodies, as in 02 to 05: 415, 400 `malformed_json`, 400 `invalid_body`, checked
//! before anything about the link, and changing nothing.

use super::*;

async fn links_of_the_wrong_shape_are_invalid_body(service: Service) {
    for body in [
        json!({}),
        json!({"alias": "no-url"}),
        json!({"url": null}),
        json!({"url": null, "alias": "abc"}),
        json!({"url": 42}),
        json!({"url": ["https://a.example/"]}),
        json!({"url": "https://a.example/", "alias": 5}),
        json!({"url": "https://a.example/", "alias": false}),
        json!(["https://a.example/"]),
        json!("https://a.example/"),
        json!(null),
    ] {
        let reply = service.post("/links", body.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert!(!service.exists("no-url").await);
    assert!(!service.exists("abc").await);
}

async fn a_wrong_shape_is_invalid_body_before_the_url_is_checked(service: Service) {
    let reply = service
        .post("/links", json!({"url": "not a url", "alias": 5}))
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
}

async fn malformed_json_is_malformed_json(service: Service) {
    for body in [
        "{\"url\": ",
        "",
        "{]",
        "{\"url\": \"https://a.example/\", \"alias\": \"abc\"} x",
        "{'url': 'https://a.example/'}",
    ] {
        let reply = service.raw(Method::POST, "/links", Some(JSON), body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
    }
    assert!(!service.exists("abc").await);
}

async fn bodies_must_be_sent_as_json(service: Service) {
    let body = r#"{"url": "https://a.example/", "alias": "abc"}"#;
    for content_type in [None, Some("text/plain")] {
        let reply = service
            .raw(Method::POST, "/links", content_type, body)
            .await;
        assert_error(
            &reply,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    assert!(!service.exists("abc").await);
    let reply = service
        .raw(
            Method::POST,
            "/links",
            Some("application/json; charset=utf-8"),
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

for_each_store!(
    links_of_the_wrong_shape_are_invalid_body,
    a_wrong_shape_is_invalid_body_before_the_url_is_checked,
    malformed_json_is_malformed_json,
    bodies_must_be_sent_as_json,
);
