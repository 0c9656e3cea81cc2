//! `PATCH /todos/{id}`: a member left out is unchanged, `"notes": null` clears the notes,
//! and a refused patch changes nothing.

use super::*;

/// A todo with every member set, to see which ones a patch changes.
async fn full_todo(service: &Service) -> i64 {
    let body = json!({"title": "Buy milk", "notes": "2 litres", "done": false});
    service.create(body).await["id"].as_i64().expect("an id")
}

#[tokio::test]
async fn a_patch_answers_the_todo_after_it() {
    let service = Service::new().await;
    let id = full_todo(&service).await;
    let reply = service
        .patch(
            &format!("/todos/{id}"),
            json!({"title": "Buy oat milk", "notes": "1 litre", "done": true}),
        )
        .await;
    let expected = json!({"id": id, "title": "Buy oat milk", "notes": "1 litre", "done": true});
    assert_json(&reply, StatusCode::OK, &expected);
    assert_eq!(service.todo(id).await, expected);
}

#[tokio::test]
async fn members_left_out_are_unchanged() {
    let service = Service::new().await;
    let id = full_todo(&service).await;
    let uri = format!("/todos/{id}");
    for (patch, expected) in [
        (
            json!({}),
            json!({"id": id, "title": "Buy milk", "notes": "2 litres", "done": false}),
        ),
        (
            json!({"done": true}),
            json!({"id": id, "title": "Buy milk", "notes": "2 litres", "done": true}),
        ),
        (
            json!({"title": "Milk"}),
            json!({"id": id, "title": "Milk", "notes": "2 litres", "done": true}),
        ),
        (
            json!({"notes": "3 litres", "colour": "blue"}),
            json!({"id": id, "title": "Milk", "notes": "3 litres", "done": true}),
        ),
    ] {
        assert_json(
            &service.patch(&uri, patch.clone()).await,
            StatusCode::OK,
            &expected,
        );
        assert_eq!(service.todo(id).await, expected, "{patch}");
    }
}

#[tokio::test]
async fn null_notes_clear_them_and_empty_notes_stay_empty() {
    let service = Service::new().await;
    let id = full_todo(&service).await;
    let uri = format!("/todos/{id}");
    for notes in [json!(null), json!(""), json!("back"), json!(null)] {
        let reply = service.patch(&uri, json!({"notes": notes})).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        assert_eq!(reply.body["notes"], notes);
        assert_eq!(service.todo(id).await["notes"], notes);
    }
    // Cleared notes stay cleared through a patch that does not mention them.
    let reply = service.patch(&uri, json!({"done": true})).await;
    assert_eq!(reply.body["notes"], json!(null));
}

#[tokio::test]
async fn a_null_title_or_done_is_invalid_body() {
    let service = Service::new().await;
    let id = full_todo(&service).await;
    let before = service.todo(id).await;
    for patch in [
        json!({"title": null}),
        json!({"done": null}),
        json!({"done": "yes"}),
        json!({"title": 5}),
        json!({"notes": 5}),
        json!({"notes": null, "done": null}),
        json!([]),
    ] {
        let reply = service.patch(&format!("/todos/{id}"), patch.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
        assert_eq!(service.todo(id).await, before, "{patch}");
    }
}

#[tokio::test]
async fn an_empty_or_too_long_title_is_invalid_title() {
    let service = Service::new().await;
    let id = full_todo(&service).await;
    let before = service.todo(id).await;
    for title in [String::new(), "a".repeat(201)] {
        let reply = service
            .patch(
                &format!("/todos/{id}"),
                json!({"title": title, "done": true}),
            )
            .await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_title");
        assert_eq!(service.todo(id).await, before);
    }
}

#[tokio::test]
async fn a_title_another_todo_has_is_title_taken_and_changes_nothing() {
    let service = Service::new().await;
    let id = full_todo(&service).await;
    service.create_titled("Eggs").await;
    let before = service.todo(id).await;
    let reply = service
        .patch(
            &format!("/todos/{id}"),
            json!({"title": "Eggs", "done": true}),
        )
        .await;
    assert_error(&reply, StatusCode::CONFLICT, "title_taken");
    assert_eq!(service.todo(id).await, before);
    // Its own title is not "another todo's".
    let reply = service
        .patch(&format!("/todos/{id}"), json!({"title": "Buy milk"}))
        .await;
    assert_json(&reply, StatusCode::OK, &before);
}

#[tokio::test]
async fn an_unknown_todo_is_todo_not_found() {
    let service = Service::new().await;
    service.create_titled("Eggs").await;
    for patch in [json!({}), json!({"done": true}), json!({"title": "Eggs"})] {
        let reply = service.patch("/todos/2", patch).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "todo_not_found");
    }
    assert_eq!(service.titles().await, ["Eggs"]);
}

#[tokio::test]
async fn the_checks_run_in_the_readme_order() {
    let service = Service::new().await;
    service.create_titled("Eggs").await;
    for (uri, body, status, code) in [
        // the id, before the body;
        (
            "/todos/0",
            json!({"title": null}),
            StatusCode::BAD_REQUEST,
            "invalid_id",
        ),
        // the body's shape, before its rules;
        (
            "/todos/2",
            json!({"title": null}),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        // the title, before the todo;
        (
            "/todos/2",
            json!({"title": ""}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_title",
        ),
        // the todo, before the uniqueness of the title.
        (
            "/todos/2",
            json!({"title": "Eggs"}),
            StatusCode::NOT_FOUND,
            "todo_not_found",
        ),
    ] {
        assert_error(&service.patch(uri, body).await, status, code);
    }
}
