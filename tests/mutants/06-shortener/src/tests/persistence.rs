//! With `DATABASE_URL` set, the links live in the file: they survive closing the pool
//! and opening it again, as across a restart of the service, hits included.

use super::*;

#[tokio::test]
async fn links_and_hits_survive_a_restart() {
    let service = Service::sqlite().await;
    service
        .create_alias("sqlite", "https://www.sqlite.org/")
        .await;
    let made_up = service.create(json!({"url": "https://go.dev/"})).await;
    let code = made_up["code"].as_str().expect("a code").to_owned();
    service.get("/sqlite").await;

    let service = service.restart().await;
    assert_eq!(
        service.link("sqlite").await,
        json!({"code": "sqlite", "url": "https://www.sqlite.org/", "hits": 1})
    );
    assert_eq!(service.link(&code).await, made_up);
    assert_redirect(&service.get("/sqlite").await, "https://www.sqlite.org/");
    assert_eq!(service.link("sqlite").await["hits"], 2);
}

#[tokio::test]
async fn a_reopened_file_keeps_its_links_and_their_codes_taken() {
    let service = Service::sqlite().await;
    service.create_alias("serde", "https://serde.rs/").await;
    service.create_alias("gone", "https://example.com/").await;
    service.delete("/links/gone").await;
    let service = service.restart().await.restart().await;
    let reply = service
        .post(
            "/links",
            json!({"url": "https://example.com/", "alias": "serde"}),
        )
        .await;
    assert_error(&reply, StatusCode::CONFLICT, "alias_taken");
    assert!(!service.exists("gone").await);
}
