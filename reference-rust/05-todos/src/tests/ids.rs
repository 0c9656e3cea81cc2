//! Ids in the path: malformed ids are 400s, checked before the body; unknown ones 404s.

use super::*;

const MALFORMED: [&str; 9] = [
    "abc",
    "0",
    "-3",
    "1.5",
    "1e3",
    "0x1",
    "%FF",
    "9223372036854775808",
    "99999999999999999999",
];

#[tokio::test]
async fn malformed_ids_are_json_400s_for_every_method() {
    let service = Service::new().await;
    let id = service.create_titled("Buy milk").await;
    for raw in MALFORMED {
        let uri = format!("/todos/{raw}");
        assert_error(
            &service.get(&uri).await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        );
        assert_error(
            &service.delete(&uri).await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        );
        // The id is checked before the body: a bad body does not change the answer.
        for body in [
            json!({"done": true}),
            json!({"done": null}),
            json!({"title": ""}),
        ] {
            let reply = service.patch(&uri, body).await;
            assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_id");
        }
    }
    assert_eq!(service.todo(id).await["title"], "Buy milk");
}

#[tokio::test]
async fn ids_may_have_a_plus_sign_and_leading_zeros() {
    let service = Service::new().await;
    service.create_titled("Buy milk").await;
    for raw in ["%2B1", "001"] {
        let reply = service.get(&format!("/todos/{raw}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{raw}");
        assert_eq!(reply.body["id"], 1);
    }
}
