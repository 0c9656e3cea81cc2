//! Ids in the path: malformed ids are 400s; unknown ones 404s.

use super::*;

#[tokio::test(start_paused = true)]
async fn malformed_ids_are_invalid_id() {
    let service = Service::new().await;
    service.submit_sum(0).await;
    for raw in [
        "abc",
        "0",
        "-3",
        "1.5",
        "1e3",
        "0x1",
        "%FF",
        "9223372036854775808",
        "99999999999999999999",
    ] {
        let reply = service.get(&format!("/jobs/{raw}")).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_id");
    }
}

#[tokio::test(start_paused = true)]
async fn ids_may_have_a_plus_sign_and_leading_zeros() {
    let service = Service::new().await;
    service.submit_sum(0).await;
    for raw in ["%2B1", "001"] {
        let reply = service.get(&format!("/jobs/{raw}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{raw}");
        assert_eq!(reply.body["id"], 1);
    }
}

#[tokio::test(start_paused = true)]
async fn an_unknown_job_is_job_not_found() {
    let service = Service::new().await;
    service.submit_sum(0).await;
    for id in ["2", "999999", "9223372036854775807"] {
        let reply = service.get(&format!("/jobs/{id}")).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "job_not_found");
    }
}
