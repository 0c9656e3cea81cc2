//! The README's errors for bodies: 415, 400 `malformed_json`, 400 `invalid_body`, 422
//! `unknown_task` and `invalid_delay`. Each refusal stores nothing.

use super::*;

/// No job was stored: the first id is still free.
async fn assert_nothing_stored(service: &Service) {
    assert_error(
        &service.get("/jobs/1").await,
        StatusCode::NOT_FOUND,
        "job_not_found",
    );
    assert_eq!(service.submit_sum(0).await, 1);
}

#[tokio::test(start_paused = true)]
async fn bodies_of_the_wrong_shape_are_invalid_body() {
    let service = Service::new().await;
    for body in [
        // `task`: missing, null, not a string.
        json!({}),
        json!({"numbers": [1]}),
        json!({"task": null, "numbers": [1]}),
        json!({"task": 1}),
        json!({"task": ["sum"], "numbers": [1]}),
        // `numbers`: missing, null, not a list, not a list of integers.
        json!({"task": "sum"}),
        json!({"task": "sum", "numbers": null}),
        json!({"task": "sum", "numbers": 6}),
        json!({"task": "sum", "numbers": "1,2"}),
        json!({"task": "sum", "numbers": [1, "2"]}),
        json!({"task": "sum", "numbers": [1.5]}),
        json!({"task": "sum", "numbers": [1, null]}),
        json!({"task": "sum", "numbers": [[1]]}),
        json!({"task": "sum", "numbers": [9_223_372_036_854_775_808_u64]}),
        // `message`: missing, null, not a string.
        json!({"task": "fail"}),
        json!({"task": "fail", "message": null}),
        json!({"task": "fail", "message": 5}),
        // Another task's member, of the wrong type: refused whatever the task.
        json!({"task": "fail", "message": "x", "numbers": [1.5]}),
        json!({"task": "sum", "numbers": [1], "message": null}),
        json!({"task": "nope", "numbers": "1,2"}),
        // `delay_ms`: not an integer.
        json!({"task": "sum", "numbers": [1], "delay_ms": "100"}),
        json!({"task": "sum", "numbers": [1], "delay_ms": 1.5}),
        json!({"task": "sum", "numbers": [1], "delay_ms": null}),
        // Not an object.
        json!(["sum"]),
        json!("sum"),
        json!(null),
    ] {
        let reply = service.post("/jobs", body.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert_nothing_stored(&service).await;
}

#[tokio::test(start_paused = true)]
async fn an_unknown_task_is_unknown_task() {
    let service = Service::new().await;
    for task in ["nope", "Sum", "SUM", "", "sum ", "fail!"] {
        let reply = service
            .post(
                "/jobs",
                json!({"task": task, "numbers": [1], "message": "x"}),
            )
            .await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "unknown_task");
    }
    assert_nothing_stored(&service).await;
}

#[tokio::test(start_paused = true)]
async fn a_delay_out_of_range_is_invalid_delay() {
    let service = Service::new().await;
    for delay in [-1, 60_001, i64::MIN, i64::MAX] {
        for body in [
            json!({"task": "sum", "numbers": [1], "delay_ms": delay}),
            json!({"task": "fail", "message": "x", "delay_ms": delay}),
        ] {
            let reply = service.post("/jobs", body).await;
            assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_delay");
        }
    }
    assert_nothing_stored(&service).await;
}

#[tokio::test(start_paused = true)]
async fn shapes_are_checked_before_rules() {
    let service = Service::new().await;
    for (body, status, code) in [
        // A known task's members, before the delay.
        (
            json!({"task": "sum", "delay_ms": -1}),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        // The delay's type, before the task's existence.
        (
            json!({"task": "nope", "delay_ms": "x"}),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        // The task's existence, before the delay's range.
        (
            json!({"task": "nope", "delay_ms": -1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_task",
        ),
    ] {
        assert_error(&service.post("/jobs", body).await, status, code);
    }
}

#[tokio::test(start_paused = true)]
async fn malformed_json_is_malformed_json() {
    let service = Service::new().await;
    for body in [
        "{\"task\": ",
        "",
        "{]",
        "{\"task\": \"sum\"} x",
        "{'task': 'sum'}",
    ] {
        let reply = service.raw(Method::POST, "/jobs", Some(JSON), body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
    }
    assert_nothing_stored(&service).await;
}

#[tokio::test(start_paused = true)]
async fn bodies_must_be_sent_as_json() {
    let service = Service::new().await;
    let body = r#"{"task": "sum", "numbers": [1]}"#;
    for content_type in [None, Some("text/plain")] {
        let reply = service.raw(Method::POST, "/jobs", content_type, body).await;
        assert_error(
            &reply,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    assert_nothing_stored(&service).await;
    let reply = service
        .raw(
            Method::POST,
            "/jobs",
            Some("application/json; charset=utf-8"),
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
}
