//! `GET /todos/{id}`, the migrated route: read from the database by the gateway, as 05
//! answers it, without the upstream.

use super::*;

#[tokio::test]
async fn todos_are_read_from_the_database() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    // NULL notes stay null, "" stays "".
    for (id, todo) in [
        (
            1,
            json!({"id": 1, "title": "Buy milk", "notes": null, "done": false}),
        ),
        (
            2,
            json!({"id": 2, "title": "Write tests", "notes": "", "done": true}),
        ),
        (
            3,
            json!({"id": 3, "title": "Call mum", "notes": "before 6", "done": false}),
        ),
    ] {
        assert_json(
            &gateway.get(&format!("/todos/{id}")).await,
            StatusCode::OK,
            &todo,
        );
    }
    // 05's ids: a `+` and leading zeros are allowed.
    let reply = gateway.get("/todos/%2B001").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["id"], 1);
    assert!(upstream.seen().is_empty(), "{:#?}", upstream.seen());
}

#[tokio::test]
async fn head_is_answered_by_the_gateway_too() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.request(Method::HEAD, "/todos/1", &[], "").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some(JSON));
    assert!(reply.bytes.is_empty());
    assert!(upstream.seen().is_empty(), "{:#?}", upstream.seen());
}

#[tokio::test]
async fn malformed_ids_are_invalid_id() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    for raw in ["abc", "0", "-3", "1.5", "%FF", "9223372036854775808"] {
        let reply = gateway.get(&format!("/todos/{raw}")).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_id");
    }
    assert!(upstream.seen().is_empty(), "{:#?}", upstream.seen());
}

#[tokio::test]
async fn an_unknown_todo_is_todo_not_found() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    for id in ["4", "9223372036854775807"] {
        let reply = gateway.get(&format!("/todos/{id}")).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "todo_not_found");
    }
    assert!(upstream.seen().is_empty(), "{:#?}", upstream.seen());
}

#[tokio::test]
async fn reads_work_with_the_upstream_down() {
    let gateway = Gateway::new(&format!("http://{}", down().await)).await;
    let reply = gateway.get("/todos/1").await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"id": 1, "title": "Buy milk", "notes": null, "done": false}),
    );
    assert_error(
        &gateway.get("/todos/4").await,
        StatusCode::NOT_FOUND,
        "todo_not_found",
    );
}

/// The Go service keeps writing the file; the gateway reads what is there now, with no
/// cache in between.
#[tokio::test]
async fn what_the_upstream_writes_is_read_at_once() {
    let gateway = Gateway::new(&format!("http://{}", down().await)).await;
    let writer = writer(&gateway.database_url).await;
    sqlx::query("UPDATE todos SET notes = NULL, done = 1 WHERE id = 3")
        .execute(&writer)
        .await
        .expect("the upstream writes");
    sqlx::query("INSERT INTO todos (title, notes) VALUES ('New', '')")
        .execute(&writer)
        .await
        .expect("the upstream writes");
    writer.close().await;
    assert_json(
        &gateway.get("/todos/3").await,
        StatusCode::OK,
        &json!({"id": 3, "title": "Call mum", "notes": null, "done": true}),
    );
    assert_json(
        &gateway.get("/todos/4").await,
        StatusCode::OK,
        &json!({"id": 4, "title": "New", "notes": "", "done": false}),
    );
}

#[tokio::test]
async fn the_database_is_opened_read_only() {
    let dir = TempDir::new();
    let url = seed(&dir).await;
    let pool = SqlitePool::connect_with(connect_options(&url).expect("a sqlite URL"))
        .await
        .expect("the file opens");
    let write = sqlx::query("INSERT INTO todos (title) VALUES ('Nope')")
        .execute(&pool)
        .await;
    assert!(write.is_err(), "a read-only connection wrote: {write:?}");
    pool.close().await;

    // A file that is not there is an error, not a new empty database.
    let missing = dir.path().join("missing.db");
    let url = format!("sqlite://{}", missing.display());
    let opened = Store::open(connect_options(&url).expect("a sqlite URL")).await;
    assert!(opened.is_err(), "a missing file opened");
    assert!(
        !missing.exists(),
        "the gateway created {}",
        missing.display()
    );
}
