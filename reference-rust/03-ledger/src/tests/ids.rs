//! Ids in the path: malformed ids are 400s, checked before the body; unknown ones 404s.

use super::*;

#[tokio::test]
async fn malformed_ids_are_json_400s() {
    let service = Service::new();
    let id = service.open("Ada", 10).await;
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
        let uri = format!("/accounts/{raw}");
        assert_error(
            &service.get(&uri).await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        );
        // The id is checked before the body: a bad body does not change the answer.
        for body in [json!({"amount": 5}), json!({"amount": "x"})] {
            let reply = service.post(&format!("{uri}/deposit"), body).await;
            assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_id");
        }
    }
    assert_eq!(service.balance(id).await, 10);
}

#[tokio::test]
async fn ids_may_have_a_plus_sign_and_leading_zeros() {
    let service = Service::new();
    service.open("Ada", 10).await;
    for raw in ["+1", "001"] {
        let reply = service.get(&format!("/accounts/{raw}")).await;
        assert_json(
            &reply,
            StatusCode::OK,
            &json!({"id": 1, "owner": "Ada", "balance": 10}),
        );
    }
}

#[tokio::test]
async fn unknown_ids_are_404s() {
    let service = Service::new();
    service.open("Ada", 10).await;
    for id in ["2", "999999", "9223372036854775807"] {
        let uri = format!("/accounts/{id}");
        assert_error(
            &service.get(&uri).await,
            StatusCode::NOT_FOUND,
            "account_not_found",
        );
    }
}
