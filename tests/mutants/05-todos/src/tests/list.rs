//! `GET /todos`: pages in id order, `total` counting every todo, and strict pagination.

use super::*;

/// Creates todos titled "1", "2", ... "n" (so each has its id as its title).
async fn numbered(service: &Service, n: usize) {
    for title in 1..=n {
        service.create_titled(&title.to_string()).await;
    }
}

fn ids(reply: &Reply) -> Vec<i64> {
    reply.body["items"]
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|todo| todo["id"].as_i64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn an_empty_list_is_an_empty_array() {
    let reply = Service::new().await.get("/todos").await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"items": [], "total": 0, "limit": 20, "offset": 0}),
    );
}

#[tokio::test]
async fn items_are_whole_todos_in_id_order() {
    let service = Service::new().await;
    service
        .create(json!({"title": "b", "notes": "x", "done": true}))
        .await;
    service.create(json!({"title": "a"})).await;
    let reply = service.get("/todos").await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({
            "items": [
                {"id": 1, "title": "b", "notes": "x", "done": true},
                {"id": 2, "title": "a", "notes": null, "done": false},
            ],
            "total": 2,
            "limit": 20,
            "offset": 0,
        }),
    );
}

#[tokio::test]
async fn limit_and_offset_choose_the_page_and_total_counts_everything() {
    let service = Service::new().await;
    numbered(&service, 25).await;
    service.delete("/todos/3").await;
    for (query, expected, limit, offset) in [
        (
            "",
            (1..=21).filter(|&id| id != 3).collect::<Vec<_>>(),
            20,
            0,
        ),
        ("?limit=2", vec![1, 2], 2, 0),
        ("?limit=2&offset=1", vec![2, 4], 2, 1),
        ("?offset=20", vec![22, 23, 24, 25], 20, 20),
        (
            "?limit=100&offset=0",
            (1..=25).filter(|&id| id != 3).collect(),
            100,
            0,
        ),
        ("?offset=24", vec![], 20, 24),
        ("?limit=1&offset=9223372036854775807", vec![], 1, i64::MAX),
    ] {
        let reply = service.get(&format!("/todos{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
        assert_eq!(ids(&reply), expected, "{query}");
        assert_eq!(reply.body["total"], 24, "{query}");
        assert_eq!(reply.body["limit"], limit, "{query}");
        assert_eq!(reply.body["offset"], offset, "{query}");
    }
}

#[tokio::test]
async fn bad_pagination_is_invalid_pagination() {
    let service = Service::new().await;
    numbered(&service, 2).await;
    for query in [
        "limit=0",
        "limit=101",
        "offset=-1",
        "limit=abc",
        "limit=",
        "offset=",
        "limit=-5",
        "limit=2.0",
        "offset=1e2",
        "limit=99999999999999999999",
        "limit=5&offset=x",
    ] {
        let reply = service.get(&format!("/todos?{query}")).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_pagination");
    }
}

#[tokio::test]
async fn other_query_parameters_are_ignored() {
    let service = Service::new().await;
    numbered(&service, 3).await;
    let reply = service.get("/todos?sort=desc&limit=2").await;
    assert_eq!(ids(&reply), [1, 2]);
}
