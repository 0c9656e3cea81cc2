//! `POST /todos/batch`: every todo, in the order given, or none.

use super::*;

fn batch_of(titles: &[&str]) -> Value {
    let todos: Vec<Value> = titles.iter().map(|title| json!({"title": title})).collect();
    json!({ "todos": todos })
}

#[tokio::test]
async fn a_batch_answers_201_with_the_todos_in_order() {
    let service = Service::new().await;
    service.create_titled("first").await;
    let reply = service
        .post(
            "/todos/batch",
            json!({"todos": [
                {"title": "b"},
                {"title": "a", "notes": null},
                {"title": "c", "notes": "", "done": true, "id": 1},
            ]}),
        )
        .await;
    let expected = json!({"items": [
        {"id": 2, "title": "b", "notes": null, "done": false},
        {"id": 3, "title": "a", "notes": null, "done": false},
        {"id": 4, "title": "c", "notes": "", "done": true},
    ]});
    assert_json(&reply, StatusCode::CREATED, &expected);
    for todo in expected["items"].as_array().expect("items") {
        let id = todo["id"].as_i64().expect("an id");
        assert_eq!(&service.todo(id).await, todo);
    }
}

#[tokio::test]
async fn one_to_a_hundred_todos_make_a_batch() {
    let service = Service::new().await;
    let titles: Vec<String> = (1..=100).map(|n| format!("todo {n}")).collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let reply = service.post("/todos/batch", batch_of(&titles)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
    assert_eq!(reply.body["items"].as_array().map(Vec::len), Some(100));
    let reply = service.post("/todos/batch", batch_of(&["one"])).await;
    assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
    assert_eq!(service.get("/todos").await.body["total"], 101);
}

#[tokio::test]
async fn an_empty_or_oversized_batch_is_invalid_batch() {
    let service = Service::new().await;
    let many: Vec<String> = (1..=101).map(|n| n.to_string()).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for body in [json!({"todos": []}), batch_of(&many)] {
        let reply = service.post("/todos/batch", body).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_batch");
    }
    assert_eq!(service.titles().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_title_already_taken_fails_the_whole_batch() {
    let service = Service::new().await;
    service.create_titled("taken").await;
    let reply = service
        .post("/todos/batch", batch_of(&["a", "b", "taken", "c"]))
        .await;
    assert_error(&reply, StatusCode::CONFLICT, "title_taken");
    // "a" and "b" were inserted before the failure, and rolled back with it.
    assert_eq!(service.titles().await, ["taken"]);
    assert_eq!(service.get("/todos").await.body["total"], 1);
}

#[tokio::test]
async fn a_title_twice_in_one_batch_is_title_taken() {
    let service = Service::new().await;
    let reply = service
        .post("/todos/batch", batch_of(&["a", "b", "a"]))
        .await;
    assert_error(&reply, StatusCode::CONFLICT, "title_taken");
    assert_eq!(service.titles().await, Vec::<String>::new());
    // The rolled-back batch is as if it never happened; the next batch works.
    let reply = service.post("/todos/batch", batch_of(&["a", "b"])).await;
    assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
}

#[tokio::test]
async fn an_invalid_title_anywhere_fails_the_whole_batch() {
    let service = Service::new().await;
    let long = "x".repeat(201);
    for titles in [vec!["a", ""], vec!["a", "b", &long]] {
        let reply = service.post("/todos/batch", batch_of(&titles)).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_title");
    }
    assert_eq!(service.titles().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_batch_of_the_wrong_shape_is_invalid_body() {
    let service = Service::new().await;
    for body in [
        json!({}),
        json!({"todos": null}),
        json!({"todos": {"title": "a"}}),
        json!({"todos": [{"title": "a"}, {"notes": "no title"}]}),
        json!({"todos": [{"title": "a"}, {"title": null}]}),
        json!({"todos": [{"title": "a", "done": null}]}),
        json!({"todos": ["a"]}),
        json!([{"title": "a"}]),
    ] {
        let reply = service.post("/todos/batch", body.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert_eq!(service.titles().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_batch_checks_its_size_then_its_titles_then_their_uniqueness() {
    let service = Service::new().await;
    service.create_titled("taken").await;
    let oversized: Vec<&str> = std::iter::repeat_n("taken", 101).collect();
    let mut oversized_with_bad_title = oversized.clone();
    oversized_with_bad_title[50] = "";
    for (titles, status, code) in [
        // The size first, before any title...
        (
            oversized_with_bad_title,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_batch",
        ),
        (oversized, StatusCode::UNPROCESSABLE_ENTITY, "invalid_batch"),
        // ...then the titles, item by item...
        (
            vec!["a", "", "b"],
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_title",
        ),
        // ...then their uniqueness, item by item, during the insert: only once every
        // title is known to be valid.
        (
            vec!["taken", ""],
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_title",
        ),
        (vec!["new", "taken"], StatusCode::CONFLICT, "title_taken"),
    ] {
        let reply = service.post("/todos/batch", batch_of(&titles)).await;
        assert_error(&reply, status, code);
    }
    assert_eq!(service.titles().await, ["taken"]);
}
