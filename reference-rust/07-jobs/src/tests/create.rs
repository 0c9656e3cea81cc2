//! `POST /jobs` and `GET /jobs/{id}`: the README's endpoints and its two tasks.

use super::*;

#[tokio::test(start_paused = true)]
async fn a_job_is_accepted_with_202_and_its_location() {
    let service = Service::new().await;
    let reply = service
        .post(
            "/jobs",
            json!({"task": "sum", "numbers": [1, 2, 3], "delay_ms": 100}),
        )
        .await;
    assert_json(
        &reply,
        StatusCode::ACCEPTED,
        &json!({"id": 1, "status": "queued"}),
    );
    assert_eq!(
        reply.headers.get(header::LOCATION),
        Some(&HeaderValue::from_static("/jobs/1"))
    );
    // Stored before the answer: the job is there at once.
    let job = service.job(1).await;
    assert_eq!(job["id"], 1);
    assert_eq!(job["task"], "sum");
}

#[tokio::test(start_paused = true)]
async fn a_waiting_job_is_queued_with_null_result_and_error() {
    // No worker: nothing takes the job.
    let service = Service::with(config(0, 4)).await;
    service.submit_sum(0).await;
    assert_json(
        &service.get("/jobs/1").await,
        StatusCode::OK,
        &json!({"id": 1, "task": "sum", "status": "queued", "result": null, "error": null}),
    );
}

#[tokio::test(start_paused = true)]
async fn ids_increase() {
    let service = Service::new().await;
    for expected in 1..=3 {
        assert_eq!(service.submit_sum(0).await, expected);
    }
}

#[tokio::test(start_paused = true)]
async fn a_sum_is_done_with_its_sum() {
    let service = Service::new().await;
    let id = service.submit_sum(100).await;
    let (job, _) = service.wait_for(id, "done").await;
    assert_eq!(
        job,
        json!({"id": id, "task": "sum", "status": "done", "result": {"sum": 6}, "error": null})
    );
}

#[tokio::test(start_paused = true)]
async fn sums_of_nothing_of_negatives_and_of_extremes() {
    let service = Service::new().await;
    for (numbers, sum) in [
        (json!([]), json!(0)),
        (json!([-5, 2]), json!(-3)),
        (json!([i64::MAX]), json!(i64::MAX)),
        (json!([i64::MIN, 0]), json!(i64::MIN)),
        // The total fits, though a partial sum on the way does not.
        (json!([i64::MAX, 1, -1]), json!(i64::MAX)),
    ] {
        let id = service
            .submit(json!({"task": "sum", "numbers": numbers}))
            .await;
        let (job, _) = service.wait_for(id, "done").await;
        assert_eq!(job["result"], json!({ "sum": sum }), "{numbers}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_sum_past_the_i64_range_fails_with_overflow() {
    let service = Service::new().await;
    for numbers in [json!([i64::MAX, 1]), json!([i64::MIN, -1])] {
        let id = service
            .submit(json!({"task": "sum", "numbers": numbers, "delay_ms": 10}))
            .await;
        let (job, _) = service.wait_for(id, "failed").await;
        assert_eq!(
            job,
            json!({"id": id, "task": "sum", "status": "failed", "result": null, "error": "overflow"})
        );
    }
}

#[tokio::test(start_paused = true)]
async fn fail_fails_with_its_message() {
    let service = Service::new().await;
    let id = service
        .submit(json!({"task": "fail", "message": "disk full", "delay_ms": 100}))
        .await;
    let (job, _) = service.wait_for(id, "failed").await;
    assert_eq!(
        job,
        json!({"id": id, "task": "fail", "status": "failed", "result": null, "error": "disk full"})
    );
}

#[tokio::test(start_paused = true)]
async fn the_delay_may_be_left_out_and_unknown_members_are_ignored() {
    let service = Service::new().await;
    let id = service
        .submit(json!({"task": "sum", "numbers": [2, 2], "priority": "high", "id": 99}))
        .await;
    assert_eq!(id, 1);
    let (job, _) = service.wait_for(id, "done").await;
    assert_eq!(job["result"], json!({"sum": 4}));
}

#[tokio::test(start_paused = true)]
async fn delays_of_0_and_60000_are_accepted() {
    let service = Service::with(config(0, 4)).await;
    for delay in [0, 60_000] {
        let reply = service
            .post(
                "/jobs",
                json!({"task": "fail", "message": "x", "delay_ms": delay}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::ACCEPTED,
            "{delay}: {}",
            reply.body
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_delay_is_waited_before_the_task_runs() {
    let service = Service::with(config(1, 4)).await;
    let id = service.submit_sum(1_000).await;
    service.wait_for(id, "running").await;
    let started = tokio::time::Instant::now();
    service.wait_for(id, "done").await;
    // The clock only moves by the tests' steps: the job could not end sooner.
    assert!(started.elapsed() >= Duration::from_millis(1_000) - 2 * STEP);
}
