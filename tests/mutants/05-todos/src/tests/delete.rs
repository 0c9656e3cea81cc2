//! `DELETE /todos/{id}`: 204 without a body, then gone; and ids are never reused.

use super::*;

#[tokio::test]
async fn delete_answers_204_without_a_body() {
    let service = Service::new().await;
    let id = service.create_titled("Buy milk").await;
    let reply = service.delete(&format!("/todos/{id}")).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.text, "");
    let reply = service.get(&format!("/todos/{id}")).await;
    assert_error(&reply, StatusCode::NOT_FOUND, "todo_not_found");
}

#[tokio::test]
async fn deleting_twice_or_an_unknown_todo_is_todo_not_found() {
    let service = Service::new().await;
    let id = service.create_titled("Buy milk").await;
    service.create_titled("Eggs").await;
    assert_eq!(
        service.delete(&format!("/todos/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    for uri in ["/todos/1", "/todos/3", "/todos/9223372036854775807"] {
        assert_error(
            &service.delete(uri).await,
            StatusCode::NOT_FOUND,
            "todo_not_found",
        );
    }
    assert_eq!(service.titles().await, ["Eggs"]);
}

#[tokio::test]
async fn ids_are_not_reused_after_a_delete() {
    let service = Service::new().await;
    service.create_titled("a").await;
    let newest = service.create_titled("b").await;
    assert_eq!(newest, 2);
    // Deleting the newest todo is what makes SQLite's rowid (max + 1) reuse an id.
    service.delete("/todos/2").await;
    assert_eq!(service.create_titled("c").await, 3);
    // A deleted title is free again, under a new id.
    assert_eq!(service.create_titled("b").await, 4);
}
