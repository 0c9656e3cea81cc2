//! `POST /todos` and `GET /todos/{id}`: the todo as given, `null` as `null`, `""` as `""`.

use super::*;

#[tokio::test]
async fn create_answers_201_with_the_todo() {
    let reply = Service::new()
        .await
        .post(
            "/todos",
            json!({"title": "Buy milk", "notes": "2 litres", "done": false}),
        )
        .await;
    assert_json(
        &reply,
        StatusCode::CREATED,
        &json!({"id": 1, "title": "Buy milk", "notes": "2 litres", "done": false}),
    );
}

#[tokio::test]
async fn notes_and_done_may_be_left_out() {
    let service = Service::new().await;
    let created = service.create(json!({"title": "Buy milk"})).await;
    let expected = json!({"id": 1, "title": "Buy milk", "notes": null, "done": false});
    assert_eq!(created, expected);
    // The NULL round trip: stored as NULL, read back as `null`, not `""`.
    assert_json(&service.get("/todos/1").await, StatusCode::OK, &expected);
}

#[tokio::test]
async fn null_and_empty_notes_come_back_as_they_were_stored() {
    let service = Service::new().await;
    for (title, notes) in [
        ("null", json!(null)),
        ("empty", json!("")),
        ("text", json!("2 litres")),
    ] {
        let created = service
            .create(json!({"title": title, "notes": notes, "done": true}))
            .await;
        assert_eq!(created["notes"], notes, "{title}");
        let id = created["id"].as_i64().expect("an id");
        let read = service.todo(id).await;
        assert_eq!(
            read,
            json!({"id": id, "title": title, "notes": notes, "done": true})
        );
    }
}

#[tokio::test]
async fn ids_increase_and_unknown_fields_are_ignored() {
    let service = Service::new().await;
    for (n, title) in ["a", "b", "c"].into_iter().enumerate() {
        let body = json!({"title": title, "id": 99, "priority": "high"});
        assert_eq!(service.create(body).await["id"], json!(n + 1));
    }
    assert_eq!(service.todo(2).await["title"], "b");
}

#[tokio::test]
async fn a_title_of_1_to_200_characters_is_fine() {
    let service = Service::new().await;
    for title in [
        "x".to_owned(),
        "a".repeat(200),
        "é".repeat(200),
        "🦀".repeat(200),
    ] {
        let created = service.create(json!({"title": title})).await;
        assert_eq!(created["title"], json!(title));
    }
}

#[tokio::test]
async fn an_empty_or_too_long_title_is_invalid_title() {
    let service = Service::new().await;
    for title in [String::new(), "a".repeat(201), "é".repeat(201)] {
        let reply = service.post("/todos", json!({"title": title})).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_title");
    }
    assert_eq!(service.titles().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_title_another_todo_has_is_title_taken() {
    let service = Service::new().await;
    service.create_titled("Buy milk").await;
    let reply = service
        .post("/todos", json!({"title": "Buy milk", "notes": "again"}))
        .await;
    assert_error(&reply, StatusCode::CONFLICT, "title_taken");
    assert_eq!(service.titles().await, ["Buy milk"]);
    // Compared exactly: another case or a trailing space is another title.
    for title in ["buy milk", "Buy milk ", "Buy  milk"] {
        service.create_titled(title).await;
    }
    // The refused todo used up no id.
    assert_eq!(service.todo(2).await["title"], "buy milk");
}

#[tokio::test]
async fn the_title_is_checked_before_its_uniqueness() {
    let service = Service::new().await;
    service.create_titled("a").await;
    let reply = service.post("/todos", json!({"title": ""})).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_title");
}

#[tokio::test]
async fn an_unknown_todo_is_todo_not_found() {
    let service = Service::new().await;
    service.create_titled("a").await;
    for id in ["2", "999999", "9223372036854775807"] {
        let reply = service.get(&format!("/todos/{id}")).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "todo_not_found");
    }
}
