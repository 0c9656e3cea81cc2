//! Creating, reading and deleting clients: the endpoints, then the README's table of
//! checks in its order.

use super::*;

#[tokio::test]
async fn create_answers_201_with_a_full_bucket() {
    let reply = Service::new().create_reply("alice", 5, 60).await;
    assert_json(
        &reply,
        StatusCode::CREATED,
        &json!({"name": "alice", "burst": 5, "per_minute": 60, "remaining": 5, "allowed": 0, "rejected": 0}),
    );
}

#[tokio::test]
async fn get_answers_the_client() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    service.create("bob", 1_000_000, 60_000).await;
    assert_json(
        &service.get("/clients/bob").await,
        StatusCode::OK,
        &json!({"name": "bob", "burst": 1_000_000, "per_minute": 60_000, "remaining": 1_000_000, "allowed": 0, "rejected": 0}),
    );
}

#[tokio::test]
async fn delete_answers_204_and_frees_the_name() {
    let service = Service::new();
    service.create("alice", 1, 1).await;
    service.take("alice").await;
    let reply = service.delete("/clients/alice").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.body, Value::Null);
    assert_error(
        &service.get("/clients/alice").await,
        StatusCode::NOT_FOUND,
        "client_not_found",
    );
    // The name is free again, and the new client starts from scratch.
    service.create("alice", 2, 1).await;
    assert_eq!(service.counts("alice").await, (2, 0, 0));
}

#[tokio::test]
async fn names_follow_the_rules() {
    let service = Service::new();
    let longest = "x".repeat(64);
    for name in ["a", "A-Z_a-z_0-9", "-", "__", longest.as_str()] {
        service.create(name, 1, 1).await;
        assert_eq!(service.client(name).await["name"], name);
    }
}

#[tokio::test]
async fn bad_names_are_invalid_name() {
    let service = Service::new();
    let too_long = "x".repeat(65);
    for name in [
        "",
        too_long.as_str(),
        "a b",
        "a.b",
        "a/b",
        "é",
        "alice!",
        "a\n",
    ] {
        let reply = service.create_reply(name, 5, 60).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_name");
    }
}

#[tokio::test]
async fn limits_out_of_range_are_invalid_limit() {
    let service = Service::new();
    for (burst, per_minute) in [
        (0, 60),
        (-1, 60),
        (1_000_001, 60),
        (i64::MAX, 60),
        (5, 0),
        (5, -60),
        (5, 60_001),
        (i64::MIN, i64::MIN),
    ] {
        let reply = service.create_reply("alice", burst, per_minute).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_limit");
    }
    // Nothing was created: the name is still free.
    service.create("alice", 1, 1).await;
}

#[tokio::test]
async fn a_taken_name_is_client_exists_and_the_first_stays() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    service.take("alice").await;
    let reply = service.create_reply("alice", 9, 1).await;
    assert_error(&reply, StatusCode::CONFLICT, "client_exists");
    let client = service.client("alice").await;
    assert_eq!(
        (&client["burst"], &client["allowed"]),
        (&json!(5), &json!(1))
    );
}

#[tokio::test]
async fn unknown_names_are_client_not_found() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    for name in ["bob", "Alice", "alice2", "a%20b", "%FF", &"x".repeat(65)] {
        assert_error(
            &service.get(&format!("/clients/{name}")).await,
            StatusCode::NOT_FOUND,
            "client_not_found",
        );
        assert_error(
            &service.take(name).await,
            StatusCode::NOT_FOUND,
            "client_not_found",
        );
        assert_error(
            &service.delete(&format!("/clients/{name}")).await,
            StatusCode::NOT_FOUND,
            "client_not_found",
        );
    }
    // A take on an unknown name created nothing, and alice was not touched.
    assert_error(
        &service.get("/clients/bob").await,
        StatusCode::NOT_FOUND,
        "client_not_found",
    );
    assert_eq!(service.counts("alice").await, (5, 0, 0));
}

#[tokio::test]
async fn the_checks_run_in_the_readme_order() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    for (name, burst, per_minute, status, code) in [
        // The name first, even with bad limits.
        ("", 0, 0, StatusCode::UNPROCESSABLE_ENTITY, "invalid_name"),
        (
            "a b",
            5,
            60,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ),
        // Then the limits, even for a name that is taken.
        (
            "alice",
            0,
            60,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_limit",
        ),
        (
            "alice",
            5,
            0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_limit",
        ),
        // Then the name's owner.
        ("alice", 5, 60, StatusCode::CONFLICT, "client_exists"),
    ] {
        let reply = service.create_reply(name, burst, per_minute).await;
        assert_error(&reply, status, code);
    }
}
