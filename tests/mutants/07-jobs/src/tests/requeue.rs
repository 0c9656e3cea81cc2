//! Start-up after a crash: the jobs left `queued` or `running` are queued again, oldest
//! first, even more of them than `QUEUE_CAPACITY`, before any new job; and a shutdown
//! while they are being fed finishes them all.

use super::*;

#[tokio::test(start_paused = true)]
async fn jobs_a_crash_left_behind_run_again_oldest_first() {
    let service = Service::with(config(1, 4)).await;
    let ids = [
        service.submit_sum(1_000).await,
        service.submit_sum(1_000).await,
        service.submit_sum(1_000).await,
    ];
    service.wait_for(ids[0], "running").await;

    // kill -9 in the middle of the first job's delay.
    let service = service.crash(config(1, 4)).await;
    // The interrupted job keeps its `running` (a status never moves back), and is the
    // first one taken again; the others wait their turn, in order.
    assert_eq!(service.status(ids[1]).await, "queued");
    assert_eq!(service.status(ids[2]).await, "queued");
    let (_, seen) = service.wait_for(ids[0], "done").await;
    assert_eq!(seen, ["running", "done"]);
    service.wait_for(ids[1], "running").await;
    assert_eq!(service.status(ids[2]).await, "queued");
    for id in ids {
        let (job, _) = service.wait_for(id, "done").await;
        assert_eq!(job["result"], json!({"sum": 6}));
    }
}

#[tokio::test(start_paused = true)]
async fn more_leftovers_than_the_queue_holds_are_all_run_before_new_jobs() {
    // Five jobs accepted by a run with room for five but no worker, then a crash.
    let service = Service::with(config(0, 5)).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(service.submit_sum(100).await);
    }
    let service = service.crash(config(1, 1)).await;

    service.wait_for(ids[0], "running").await;
    // The leftovers have the queue's one place: a new job is refused, not stored.
    let reply = service
        .post("/jobs", json!({"task": "sum", "numbers": [1]}))
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    for &id in &ids {
        let (job, _) = service.wait_for(id, "done").await;
        assert_eq!(job["result"], json!({"sum": 6}));
    }
    // All fed and done: there is room again, and the refused job used up no id.
    assert_eq!(service.submit_sum(0).await, 6);
}

#[tokio::test(start_paused = true)]
async fn a_shutdown_while_leftovers_are_fed_finishes_them_all() {
    let service = Service::with(config(0, 5)).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(service.submit_sum(1_000).await);
    }
    let service = service.crash(config(1, 1)).await;
    service.wait_for(ids[0], "running").await;
    // The feeder is waiting for the queue's one place, with the last jobs still to feed.
    assert_eq!(service.status(ids[4]).await, "queued");

    // They were accepted: the shutdown waits for the feeder and the worker to be done
    // with every one of them.
    let service = service.restart(config(0, 1)).await;
    for &id in &ids {
        let job = service.job(id).await;
        assert_eq!(job["status"], "done", "{job}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_clean_start_queues_nothing_again() {
    let service = Service::with(config(1, 4)).await;
    let id = service.submit_sum(0).await;
    service.wait_for(id, "done").await;
    let service = service.restart(config(1, 4)).await;
    assert_eq!(
        service.store.unfinished().await.expect("readable"),
        Vec::<i64>::new()
    );
    assert_eq!(service.status(id).await, "done");
}
