//! Ids in the path: malformed ids are 400s, unknown ones 404s.

use super::*;

#[tokio::test]
async fn malformed_ids_are_json_400s() {
    let service = Service::new();
    service.create(json!({"name": "Ada"})).await;
    for id in [
        "abc",
        "0",
        "-3",
        "1.5",
        "99999999999999999999",
        "%FF",
        "1e3",
        "0x1",
    ] {
        let uri = format!("/users/{id}");
        assert_error(
            &service.get(&uri).await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        );
        let patch = service.send(Method::PATCH, &uri, json!({})).await;
        assert_error(&patch, StatusCode::BAD_REQUEST, "invalid_id");
        let notify = service
            .send(
                Method::POST,
                &format!("{uri}/notify"),
                json!({"message": "hi"}),
            )
            .await;
        assert_error(&notify, StatusCode::BAD_REQUEST, "invalid_id");
    }
}

#[tokio::test]
async fn unknown_ids_are_404s() {
    let service = Service::new();
    assert_error(
        &service.get("/users/7").await,
        StatusCode::NOT_FOUND,
        "user_not_found",
    );
    let patch = service
        .send(Method::PATCH, "/users/7", json!({"email": null}))
        .await;
    assert_error(&patch, StatusCode::NOT_FOUND, "user_not_found");
    let notify = service
        .send(Method::POST, "/users/7/notify", json!({"message": "hi"}))
        .await;
    assert_error(&notify, StatusCode::NOT_FOUND, "user_not_found");
}
