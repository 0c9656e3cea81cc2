//! Bad bodies, as in 02 and 03: 415, 400 `malformed_json`, 400 `invalid_body`, checked
//! before anything about the client, and creating nothing.

use super::*;

/// Whether `name` exists, by `GET`.
async fn exists(service: &Service, name: &str) -> bool {
    service.get(&format!("/clients/{name}")).await.status == StatusCode::OK
}

#[tokio::test]
async fn bodies_of_the_wrong_shape_are_invalid_body() {
    let service = Service::new();
    for body in [
        json!({"name": "a", "burst": 5}),
        json!({"name": "a", "per_minute": 60}),
        json!({"burst": 5, "per_minute": 60}),
        json!({}),
        json!({"name": null, "burst": 5, "per_minute": 60}),
        json!({"name": "a", "burst": null, "per_minute": 60}),
        json!({"name": "a", "burst": 5, "per_minute": null}),
        json!({"name": 42, "burst": 5, "per_minute": 60}),
        json!({"name": "a", "burst": "5", "per_minute": 60}),
        json!({"name": "a", "burst": true, "per_minute": 60}),
        json!({"name": "a", "burst": 1.5, "per_minute": 60}),
        json!({"name": "a", "burst": 5, "per_minute": 1.0}),
        json!({"name": "a", "burst": 1e3, "per_minute": 60}),
        json!({"name": "a", "burst": 9_223_372_036_854_775_808_u64, "per_minute": 60}),
        json!({"name": "a", "burst": 5, "per_minute": -9.3e18}),
        json!(["a", 5, 60]),
        json!([]),
        json!(null),
        json!("a"),
        json!(5),
    ] {
        let reply = service.post("/clients", body.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert!(!exists(&service, "a").await);
}

#[tokio::test]
async fn the_body_is_checked_before_the_name_and_the_limits() {
    // A bad name and a fractional burst: the shape wins, 400 not 422.
    let reply = Service::new()
        .post(
            "/clients",
            json!({"name": "", "burst": 0.5, "per_minute": 60}),
        )
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let service = Service::new();
    let body = json!({"name": "a", "burst": 5, "per_minute": 60, "remaining": 0, "allowed": 9});
    let reply = service.post("/clients", body).await;
    assert_json(
        &reply,
        StatusCode::CREATED,
        &json!({"name": "a", "burst": 5, "per_minute": 60, "remaining": 5, "allowed": 0, "rejected": 0}),
    );
}

#[tokio::test]
async fn malformed_json_is_malformed_json() {
    let service = Service::new();
    for body in [
        "{\"name\": \"a\",",
        "",
        "{]",
        "{\"name\": \"a\", \"burst\": 5, \"per_minute\": 60} x",
        "{\"name\": \"a\", \"burst\": 05, \"per_minute\": 60}",
    ] {
        let reply = service
            .raw(Method::POST, "/clients", Some(JSON), body)
            .await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
    }
    assert!(!exists(&service, "a").await);
}

#[tokio::test]
async fn bodies_must_be_sent_as_json() {
    let service = Service::new();
    let body = r#"{"name": "a", "burst": 5, "per_minute": 60}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let reply = service
            .raw(Method::POST, "/clients", content_type, body)
            .await;
        assert_error(
            &reply,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    assert!(!exists(&service, "a").await);
    let reply = service
        .raw(
            Method::POST,
            "/clients",
            Some("application/json; charset=utf-8"),
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_take_ignores_its_body() {
    let service = Service::new();
    service.create("a", 5, 60).await;
    for (content_type, body) in [
        (None, "whatever"),
        (Some("text/plain"), "{"),
        (Some(JSON), "{]"),
        (Some(JSON), r#"{"name": "b", "burst": 0}"#),
    ] {
        let reply = service
            .raw(Method::POST, "/clients/a/take", content_type, body)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
    }
    assert_eq!(service.counts("a").await, (1, 4, 0));
}
