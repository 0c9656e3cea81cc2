//! The data lives in the file: it survives closing the pool and opening it again, as
//! across a restart of the service.

use super::*;

#[tokio::test]
async fn todos_survive_a_restart_with_their_nulls() {
    let service = Service::new().await;
    service.create(json!({"title": "no notes"})).await;
    service
        .create(json!({"title": "empty notes", "notes": ""}))
        .await;
    service
        .create(json!({"title": "notes", "notes": "2 litres", "done": true}))
        .await;
    let before = service.get("/todos").await.body;

    let service = service.restart().await;
    assert_eq!(service.get("/todos").await.body, before);
    assert_eq!(service.todo(1).await["notes"], json!(null));
    assert_eq!(service.todo(2).await["notes"], json!(""));
}

#[tokio::test]
async fn ids_are_not_reused_across_a_restart() {
    let service = Service::new().await;
    service.create_titled("a").await;
    service.create_titled("b").await;
    service.delete("/todos/2").await;

    let service = service.restart().await;
    assert_eq!(service.create_titled("c").await, 3);
    assert_eq!(service.titles().await, ["a", "c"]);
}

#[tokio::test]
async fn reopening_a_migrated_file_keeps_it_as_it_is() {
    let service = Service::new().await;
    service.create_titled("a").await;
    let service = service.restart().await.restart().await;
    assert_eq!(service.titles().await, ["a"]);
    // The uniqueness of titles came through too.
    let reply = service.post("/todos", json!({"title": "a"})).await;
    assert_error(&reply, StatusCode::CONFLICT, "title_taken");
}
