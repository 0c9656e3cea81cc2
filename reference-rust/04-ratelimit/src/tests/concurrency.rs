//! The README's last paragraph: many requests at once, each counted exactly once.
//!
//! Every test spawns its requests as tokio tasks on a multi-threaded runtime, so they
//! really run at the same time, on several threads, against one shared state. With
//! `per_minute: 1` the refill during a test (well under a second) is a sliver of a
//! token, and the counts are exact.

use std::future::Future;

use tokio::task::JoinSet;

use super::*;

/// Sends `count` requests at once, each made by `request` on its own handle to the
/// service, and waits for all their statuses.
async fn at_once<F, Fut>(service: &Service, count: usize, request: F) -> Vec<StatusCode>
where
    F: Fn(Service) -> Fut,
    Fut: Future<Output = Reply> + Send + 'static,
{
    let mut tasks = JoinSet::new();
    for _ in 0..count {
        tasks.spawn(request(service.clone()));
    }
    let mut statuses = Vec::with_capacity(count);
    while let Some(reply) = tasks.join_next().await {
        statuses.push(reply.expect("the request task panicked").status);
    }
    statuses
}

fn how_many(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_takes_within_the_burst_are_all_allowed_and_counted() {
    let service = Service::new();
    service.create("crowd", 1000, 1).await;
    let statuses = at_once(&service, 200, |service| async move {
        service.take("crowd").await
    })
    .await;
    assert_eq!(how_many(&statuses, StatusCode::OK), 200);
    assert_eq!(service.counts("crowd").await, (800, 200, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_takes_past_the_burst_allow_exactly_the_burst() {
    let service = Service::new();
    service.create("crowd", 50, 1).await;
    let statuses = at_once(&service, 200, |service| async move {
        service.take("crowd").await
    })
    .await;
    assert_eq!(how_many(&statuses, StatusCode::OK), 50);
    assert_eq!(how_many(&statuses, StatusCode::TOO_MANY_REQUESTS), 150);
    assert_eq!(service.counts("crowd").await, (0, 50, 150));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_creates_of_one_name_make_exactly_one_client() {
    let service = Service::new();
    let statuses = at_once(&service, 200, |service| async move {
        service.create_reply("same", 7, 60).await
    })
    .await;
    assert_eq!(how_many(&statuses, StatusCode::CREATED), 1);
    assert_eq!(how_many(&statuses, StatusCode::CONFLICT), 199);
    assert_eq!(service.counts("same").await, (7, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_takes_of_many_clients_keep_to_their_own_buckets() {
    let service = Service::new();
    let names: Vec<String> = (0..10).map(|i| format!("client-{i}")).collect();
    for name in &names {
        service.create(name, 15, 1).await;
    }
    let mut tasks = JoinSet::new();
    for name in names.iter().cycle().take(200) {
        let (service, name) = (service.clone(), name.clone());
        tasks.spawn(async move { service.take(&name).await.status });
    }
    let mut statuses = Vec::new();
    while let Some(status) = tasks.join_next().await {
        statuses.push(status.expect("the request task panicked"));
    }
    assert_eq!(how_many(&statuses, StatusCode::OK), 10 * 15);
    for name in &names {
        assert_eq!(service.counts(name).await, (0, 15, 5), "{name}");
    }
}
