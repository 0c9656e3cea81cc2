//! Bad bodies, as in 02 and 03: 415, 400 `malformed_json`, 400 `invalid_body`, checked
//! before anything about the todos, and changing nothing.

use super::*;

#[tokio::test]
async fn todos_of_the_wrong_shape_are_invalid_body() {
    let service = Service::new().await;
    for body in [
        json!({}),
        json!({"notes": "no title"}),
        json!({"title": null}),
        json!({"title": 42}),
        json!({"title": ["a"]}),
        json!({"title": "a", "done": null}),
        json!({"title": "a", "done": "false"}),
        json!({"title": "a", "done": 0}),
        json!({"title": "a", "notes": 5}),
        json!({"title": "a", "notes": {}}),
        json!(["a"]),
        json!("a"),
        json!(null),
    ] {
        let reply = service.post("/todos", body.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert_eq!(service.titles().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_wrong_shape_is_invalid_body_before_the_title_is_checked() {
    let reply = Service::new()
        .await
        .post("/todos", json!({"title": "", "done": null}))
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
}

#[tokio::test]
async fn malformed_json_is_malformed_json() {
    let service = Service::new().await;
    let id = service.create_titled("Buy milk").await;
    let todo = format!("/todos/{id}");
    for body in [
        "{\"title\": ",
        "",
        "{]",
        "{\"title\": \"a\"} x",
        "{'title': 'a'}",
    ] {
        for (method, uri) in [
            (Method::POST, "/todos"),
            (Method::POST, "/todos/batch"),
            (Method::PATCH, todo.as_str()),
        ] {
            let reply = service.raw(method, uri, Some(JSON), body).await;
            assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
        }
    }
    assert_eq!(service.titles().await, ["Buy milk"]);
}

#[tokio::test]
async fn bodies_must_be_sent_as_json() {
    let service = Service::new().await;
    let id = service.create_titled("Buy milk").await;
    let todo = format!("/todos/{id}");
    for (method, uri, body) in [
        (Method::POST, "/todos", r#"{"title": "a"}"#),
        (
            Method::POST,
            "/todos/batch",
            r#"{"todos": [{"title": "a"}]}"#,
        ),
        (Method::PATCH, todo.as_str(), r#"{"done": true}"#),
    ] {
        for content_type in [None, Some("text/plain")] {
            let reply = service.raw(method.clone(), uri, content_type, body).await;
            assert_error(
                &reply,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            );
        }
    }
    assert_eq!(service.todo(id).await["done"], false);
    assert_eq!(service.titles().await, ["Buy milk"]);
    let reply = service
        .raw(
            Method::POST,
            "/todos",
            Some("application/json; charset=utf-8"),
            r#"{"title": "a"}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}
