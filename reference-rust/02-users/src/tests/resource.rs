//! The user resource: create, read and list.

use super::*;

#[tokio::test]
async fn a_fresh_start_lists_an_empty_array_not_null() {
    let reply = Service::new().get("/users").await;
    assert_json(&reply, StatusCode::OK, &json!({"users": []}));
}

#[tokio::test]
async fn create_answers_201_with_the_user() {
    let reply = Service::new()
        .create(json!({"name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}))
        .await;
    assert_json(
        &reply,
        StatusCode::CREATED,
        &json!({"id": 1, "name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}),
    );
}

#[tokio::test]
async fn absent_and_null_email_and_account_are_both_null() {
    let service = Service::new();
    for body in [
        json!({"name": "Ada"}),
        json!({"name": "Ada", "email": null, "account": null}),
    ] {
        let reply = service.create(body).await;
        assert_eq!(reply.status, StatusCode::CREATED);
        assert_eq!(reply.body["email"], Value::Null);
        assert_eq!(reply.body["account"], Value::Null);
        // Present as null, not left out.
        let user = reply.body.as_object().expect("a user object");
        assert!(user.contains_key("email") && user.contains_key("account"));
    }
}

#[tokio::test]
async fn ids_count_up_and_the_list_is_in_id_order() {
    let service = Service::new();
    for name in ["Ada", "Grace", "Barbara"] {
        service.create(json!({"name": name, "id": 99})).await;
    }
    let reply = service.get("/users").await;
    assert_eq!(reply.status, StatusCode::OK);
    let ids: Vec<_> = reply.body["users"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|user| (user["id"].clone(), user["name"].clone()))
        .collect();
    assert_eq!(
        ids,
        [
            (json!(1), json!("Ada")),
            (json!(2), json!("Grace")),
            (json!(3), json!("Barbara"))
        ]
    );
    assert_json(
        &service.get("/users/2").await,
        StatusCode::OK,
        &json!({"id": 2, "name": "Grace", "email": null, "account": null}),
    );
}

#[tokio::test]
async fn create_refuses_bodies_of_the_wrong_shape() {
    let service = Service::new();
    for body in [
        json!({}),
        json!({"name": null}),
        json!({"name": 42}),
        json!({"name": ""}),
        json!({"name": "Ada", "email": 42}),
        json!({"name": "Ada", "email": ""}),
        json!({"name": "Ada", "account": "pro"}),
        json!({"name": "Ada", "account": {}}),
        json!({"name": "Ada", "account": {"plan": ""}}),
        json!({"name": "Ada", "account": {"plan": null}}),
        json!([]),
        json!(["Ada", null, null]),
        json!("Ada"),
        json!(null),
    ] {
        let reply = service.create(body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    // Nothing was stored.
    assert_json(
        &service.get("/users").await,
        StatusCode::OK,
        &json!({"users": []}),
    );
}

#[tokio::test]
async fn create_refuses_malformed_json() {
    let service = Service::new();
    for body in [
        "{\"name\": ",
        "{\"name\": \"Ada\"",
        "",
        "{]",
        "{\"name\": \"Ada\"} x",
    ] {
        let reply = service.raw(Method::POST, "/users", Some(JSON), body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
    }
}

#[tokio::test]
async fn create_wants_a_json_content_type() {
    let service = Service::new();
    let body = r#"{"name": "Ada"}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let reply = service
            .raw(Method::POST, "/users", content_type, body)
            .await;
        assert_error(
            &reply,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    let reply = service
        .raw(
            Method::POST,
            "/users",
            Some("application/json; charset=utf-8"),
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}
