//! Shutdown: nothing accepted is lost. `Service::stop` is `main`'s sequence once the
//! server has stopped: the router dropped, the workers awaited, the database closed.

use super::*;

#[tokio::test(start_paused = true)]
async fn every_accepted_job_is_finished_before_the_workers_stop() {
    let service = Service::with(config(1, 4)).await;
    let first = service.submit_sum(1_000).await;
    service.wait_for(first, "running").await;
    let mut waiting = Vec::new();
    for n in 0..2 {
        waiting.push(service.submit_sum(500).await);
        waiting.push(
            service
                .submit(json!({"task": "fail", "message": format!("no {n}"), "delay_ms": 500}))
                .await,
        );
    }
    // The queue is full: these four were accepted and are waiting, when the signal comes.
    for &id in &waiting {
        assert_eq!(service.status(id).await, "queued");
    }
    assert_eq!(
        service
            .post("/jobs", json!({"task": "sum", "numbers": []}))
            .await
            .status,
        StatusCode::SERVICE_UNAVAILABLE
    );

    // Opened again with no worker: the statuses are those the shutdown left.
    let service = service.restart(config(0, 4)).await;
    let done = json!({"sum": 6});
    for id in [first, waiting[0], waiting[2]] {
        let job = service.job(id).await;
        assert_eq!(
            (&job["status"], &job["result"]),
            (&json!("done"), &done),
            "{job}"
        );
    }
    for (id, error) in [(waiting[1], "no 0"), (waiting[3], "no 1")] {
        let job = service.job(id).await;
        assert_eq!(
            (&job["status"], &job["error"]),
            (&json!("failed"), &json!(error)),
            "{job}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_idle_service_stops_at_once() {
    let service = Service::new().await;
    service.stop().await;
}

#[tokio::test(start_paused = true)]
async fn jobs_survive_a_restart() {
    let service = Service::new().await;
    let id = service.submit_sum(0).await;
    let (before, _) = service.wait_for(id, "done").await;
    let service = service.restart(Config::default()).await;
    assert_eq!(service.job(id).await, before);
    // Ids are not reused.
    assert_eq!(service.submit_sum(0).await, id + 1);
}
