//! `WORKERS` and `QUEUE_CAPACITY`: the statuses as workers take the jobs, and the
//! `503 queue_full` when `QUEUE_CAPACITY` jobs are already waiting.

use super::*;

fn assert_queue_full(reply: &Reply) {
    assert_error(reply, StatusCode::SERVICE_UNAVAILABLE, "queue_full");
    assert_eq!(
        reply.headers.get(header::RETRY_AFTER),
        Some(&HeaderValue::from_static("1"))
    );
}

#[tokio::test(start_paused = true)]
async fn a_full_queue_refuses_with_503_and_stores_nothing() {
    // No worker: every accepted job waits, so the queue fills deterministically.
    let service = Service::with(config(0, 1)).await;
    assert_eq!(service.submit_sum(0).await, 1);
    for _ in 0..3 {
        assert_queue_full(
            &service
                .post("/jobs", json!({"task": "sum", "numbers": [1]}))
                .await,
        );
    }
    // The refused jobs were not stored, and used up no id.
    assert_error(
        &service.get("/jobs/2").await,
        StatusCode::NOT_FOUND,
        "job_not_found",
    );
    assert_eq!(service.status(1).await, "queued");
}

#[tokio::test(start_paused = true)]
async fn queue_capacity_jobs_may_wait() {
    let service = Service::with(config(0, 4)).await;
    for expected in 1..=4 {
        assert_eq!(service.submit_sum(0).await, expected);
    }
    let body = json!({"task": "fail", "message": "x"});
    assert_queue_full(&service.post("/jobs", body).await);
    // A refusal is a refusal whatever the body, once it is a valid one.
    let reply = service.post("/jobs", json!({"task": "nope"})).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "unknown_task");
}

#[tokio::test(start_paused = true)]
async fn a_job_a_worker_has_taken_no_longer_waits() {
    let service = Service::with(config(1, 1)).await;
    let running = service.submit_sum(1_000).await;
    service.wait_for(running, "running").await;
    // The one place is free again: one more job may wait, not two.
    let waiting = service.submit_sum(1_000).await;
    assert_queue_full(
        &service
            .post("/jobs", json!({"task": "sum", "numbers": [1]}))
            .await,
    );
    assert_eq!(service.status(waiting).await, "queued");
    // Once the worker has taken the waiting job, there is room again.
    service.wait_for(waiting, "running").await;
    assert_eq!(service.status(running).await, "done");
    let next = service.submit_sum(0).await;
    assert_eq!(
        service.wait_for(next, "done").await.0["result"],
        json!({"sum": 6})
    );
}

#[tokio::test(start_paused = true)]
async fn a_job_goes_queued_running_then_done() {
    // One worker, busy with the first job: the second one waits, deterministically.
    let service = Service::with(config(1, 4)).await;
    let first = service.submit_sum(1_000).await;
    let second = service.submit_sum(1_000).await;
    let (job, _) = service.wait_for(first, "running").await;
    assert_eq!(
        job,
        json!({"id": first, "task": "sum", "status": "running", "result": null, "error": null})
    );
    assert_eq!(service.status(second).await, "queued");

    let (_, seen) = service.wait_for(second, "done").await;
    assert_eq!(seen, ["queued", "running", "done"]);
    assert_eq!(service.status(first).await, "done");
}

#[tokio::test(start_paused = true)]
async fn workers_run_that_many_jobs_at_once() {
    let service = Service::with(config(2, 4)).await;
    let ids = [
        service.submit_sum(1_000).await,
        service.submit_sum(1_000).await,
        service.submit_sum(1_000).await,
    ];
    service.wait_for(ids[0], "running").await;
    service.wait_for(ids[1], "running").await;
    assert_eq!(service.status(ids[0]).await, "running");
    assert_eq!(service.status(ids[2]).await, "queued");
    let (job, seen) = service.wait_for(ids[2], "done").await;
    assert_eq!(seen, ["queued", "running", "done"]);
    assert_eq!(job["result"], json!({"sum": 6}));
}
