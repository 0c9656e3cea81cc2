//! Requests at the same moment, through the router, on a multi-threaded runtime: every
//! redirect counts once, and one alias goes to one link.

use tokio::task::JoinSet;

use super::*;

/// Sends `count` copies of a request at once, and returns their statuses.
async fn at_once(
    service: &Service,
    count: usize,
    request: impl Fn() -> Request<Body>,
) -> Vec<StatusCode> {
    let mut replies = JoinSet::new();
    for _ in 0..count {
        let response = service.router.clone().oneshot(request());
        replies.spawn(async move { response.await.expect("infallible").status() });
    }
    replies.join_all().await
}

async fn two_hundred_redirects_at_once_count_two_hundred_hits(service: Service) {
    service.create_alias("hot", "https://github.com/").await;
    let statuses = at_once(&service, 200, || {
        Request::get("/hot").body(Body::empty()).expect("a request")
    })
    .await;
    assert!(
        statuses.iter().all(|&status| status == StatusCode::FOUND),
        "{statuses:?}"
    );
    assert_eq!(service.link("hot").await["hits"], 200);
}

async fn two_hundred_creates_of_one_alias_store_one(service: Service) {
    let statuses = at_once(&service, 200, || {
        Request::post("/links")
            .header(header::CONTENT_TYPE, JSON)
            .body(Body::from(
                r#"{"url": "https://example.org/", "alias": "race"}"#,
            ))
            .expect("a request")
    })
    .await;
    let created = statuses
        .iter()
        .filter(|&&s| s == StatusCode::CREATED)
        .count();
    let taken = statuses
        .iter()
        .filter(|&&s| s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, taken), (1, 199), "{statuses:?}");
    assert_eq!(service.link("race").await["hits"], 0);
}

for_each_store!(
    multi_thread: two_hundred_redirects_at_once_count_two_hundred_hits,
    two_hundred_creates_of_one_alias_store_one,
);
