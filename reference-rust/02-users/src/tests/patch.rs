//! Patching the email: absent is not null.

use super::*;

#[tokio::test]
async fn patch_without_email_leaves_it_unchanged() {
    let service = service_with_ada().await;
    let reply = service.send(Method::PATCH, "/users/1", json!({})).await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"id": 1, "name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}),
    );
}

#[tokio::test]
async fn patch_with_null_email_clears_it() {
    let service = service_with_ada().await;
    let reply = service
        .send(Method::PATCH, "/users/1", json!({"email": null}))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["email"], Value::Null);
    // And it stays cleared.
    assert_eq!(service.get("/users/1").await.body["email"], Value::Null);
}

#[tokio::test]
async fn patch_with_an_email_sets_it() {
    let service = service_with_ada().await;
    let reply = service
        .send(
            Method::PATCH,
            "/users/1",
            json!({"email": "new@example.com"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["email"], "new@example.com");
    assert_eq!(
        service.get("/users/1").await.body["email"],
        "new@example.com"
    );
}

#[tokio::test]
async fn patch_refuses_bad_bodies() {
    let service = service_with_ada().await;
    for body in [
        json!({"email": 42}),
        json!([]),
        json!(["x@example.com"]),
        json!(null),
    ] {
        let reply = service.send(Method::PATCH, "/users/1", body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    let reply = service
        .raw(Method::PATCH, "/users/1", Some(JSON), "{\"email\": ")
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
    // None of it touched the email.
    assert_eq!(
        service.get("/users/1").await.body["email"],
        "ada@example.com"
    );
}

#[tokio::test]
async fn patch_checks_the_id_then_the_body_then_the_user() {
    let service = Service::new();
    let bad_id = service
        .send(Method::PATCH, "/users/abc", json!({"email": 42}))
        .await;
    assert_error(&bad_id, StatusCode::BAD_REQUEST, "invalid_id");
    let bad_body = service
        .send(Method::PATCH, "/users/9", json!({"email": 42}))
        .await;
    assert_error(&bad_body, StatusCode::BAD_REQUEST, "invalid_body");
}
