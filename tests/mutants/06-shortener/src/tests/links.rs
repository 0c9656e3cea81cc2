//! `GET /links/{code}` and `DELETE /links/{code}`.

use super::*;

async fn get_answers_the_link(service: Service) {
    service.create_alias("crates", "https://crates.io/").await;
    assert_json(
        &service.get("/links/crates").await,
        StatusCode::OK,
        &json!({"code": "crates", "url": "https://crates.io/", "hits": 0}),
    );
}

async fn reading_a_link_is_not_a_hit(service: Service) {
    service
        .create_alias("rust-home", "https://rust-lang.org/")
        .await;
    for _ in 0..3 {
        assert_eq!(service.link("rust-home").await["hits"], 0);
    }
    service.get("/rust-home").await;
    assert_eq!(service.link("rust-home").await["hits"], 1);
    assert_eq!(service.link("rust-home").await["hits"], 1);
}

async fn unknown_codes_are_link_not_found(service: Service) {
    service.create_alias("crates", "https://crates.io/").await;
    for code in ["no-such-link", "Crates", "crate", "crates%20", "%FF", "a.b"] {
        for method in [Method::GET, Method::DELETE] {
            let reply = service
                .raw(method, &format!("/links/{code}"), None, "")
                .await;
            assert_error(&reply, StatusCode::NOT_FOUND, "link_not_found");
        }
    }
    assert!(service.exists("crates").await);
}

async fn delete_answers_204_and_the_link_is_gone(service: Service) {
    service.create_alias("tokio", "https://tokio.rs/").await;
    service.create_alias("serde", "https://serde.rs/").await;
    let reply = service.delete("/links/tokio").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.text, "");
    assert_eq!(reply.headers.get(header::CONTENT_TYPE), None);
    for (method, uri) in [
        (Method::GET, "/links/tokio"),
        (Method::GET, "/tokio"),
        (Method::DELETE, "/links/tokio"),
    ] {
        let reply = service.raw(method, uri, None, "").await;
        assert_error(&reply, StatusCode::NOT_FOUND, "link_not_found");
    }
    // Only that one.
    assert!(service.exists("serde").await);
    // Its alias is free again.
    service.create_alias("tokio", "https://docs.rs/tokio").await;
    assert_eq!(service.link("tokio").await["hits"], 0);
}

for_each_store!(
    get_answers_the_link,
    reading_a_link_is_not_a_hit,
    unknown_codes_are_link_not_found,
    delete_answers_204_and_the_link_is_gone,
);
