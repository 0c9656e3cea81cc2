//! Notifying a user: the nil account, and the check order.

use super::*;

async fn notify(service: &Service, id: u64, body: Value) -> Reply {
    service
        .send(Method::POST, &format!("/users/{id}/notify"), body)
        .await
}

#[tokio::test]
async fn notify_delivers_to_the_email_with_the_plan() {
    let service = service_with_ada().await;
    let reply = notify(&service, 1, json!({"message": "hi"})).await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"delivered": true, "to": "ada@example.com", "plan": "pro"}),
    );
}

#[tokio::test]
async fn notify_without_an_account_is_a_409_not_a_crash() {
    let service = Service::new();
    service
        .create(json!({"name": "Ada", "email": "ada@example.com"}))
        .await;
    let reply = notify(&service, 1, json!({"message": "hi"})).await;
    assert_error(&reply, StatusCode::CONFLICT, "account_missing");
    // The service is still up.
    assert_eq!(service.get("/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn notify_without_an_email_is_a_409() {
    let service = Service::new();
    service
        .create(json!({"name": "Ada", "account": {"plan": "free"}}))
        .await;
    let reply = notify(&service, 1, json!({"message": "hi"})).await;
    assert_error(&reply, StatusCode::CONFLICT, "email_missing");
}

#[tokio::test]
async fn the_account_is_checked_before_the_email() {
    let service = Service::new();
    service.create(json!({"name": "Ada"})).await;
    let reply = notify(&service, 1, json!({"message": "hi"})).await;
    assert_error(&reply, StatusCode::CONFLICT, "account_missing");
}

#[tokio::test]
async fn notify_refuses_bad_messages() {
    let service = service_with_ada().await;
    for body in [
        json!({}),
        json!({"message": null}),
        json!({"message": ""}),
        json!({"message": 42}),
    ] {
        let reply = notify(&service, 1, body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
}

#[tokio::test]
async fn notify_checks_id_body_user_account_email_in_that_order() {
    let service = Service::new();
    service.create(json!({"name": "Ada"})).await;
    let cases = [
        (
            "/users/0/notify",
            json!({}),
            StatusCode::BAD_REQUEST,
            "invalid_id",
        ),
        (
            "/users/9/notify",
            json!({}),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            "/users/9/notify",
            json!({"message": "hi"}),
            StatusCode::NOT_FOUND,
            "user_not_found",
        ),
        (
            "/users/1/notify",
            json!({}),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            "/users/1/notify",
            json!({"message": "hi"}),
            StatusCode::CONFLICT,
            "account_missing",
        ),
    ];
    for (uri, body, status, code) in cases {
        let reply = service.send(Method::POST, uri, body).await;
        assert_error(&reply, status, code);
    }
}
