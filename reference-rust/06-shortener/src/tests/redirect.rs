//! `GET /{code}`: 302, `Location`, `Cache-Control: no-store`, no body, one hit.

use super::*;

async fn a_redirect_is_a_302_to_the_url_without_a_body(service: Service) {
    service.create_alias("go-docs", "https://go.dev/doc/").await;
    assert_redirect(&service.get("/go-docs").await, "https://go.dev/doc/");
}

async fn the_location_is_the_url_exactly(service: Service) {
    for (alias, url) in [
        ("exact-url", "https://Example.com/a/b?q=1&r=%20x#part"),
        ("unicode", "https://bücher.example/straße?q=ü"),
        ("space", "https://example.com/a b"),
    ] {
        service.create_alias(alias, url).await;
        assert_redirect(&service.get(&format!("/{alias}")).await, url);
    }
    // A made-up code redirects too.
    let created = service.create(json!({"url": "https://go.dev/"})).await;
    let code = created["code"].as_str().expect("a code");
    assert_redirect(&service.get(&format!("/{code}")).await, "https://go.dev/");
}

async fn each_redirect_counts_one_hit(service: Service) {
    service.create_alias("docs", "https://docs.rs/").await;
    service.create_alias("other", "https://example.com/").await;
    for _ in 0..3 {
        assert_redirect(&service.get("/docs").await, "https://docs.rs/");
    }
    assert_eq!(
        service.link("docs").await,
        json!({"code": "docs", "url": "https://docs.rs/", "hits": 3})
    );
    assert_eq!(service.link("other").await["hits"], 0);
}

async fn an_unknown_code_is_a_json_link_not_found(service: Service) {
    service.create_alias("docs", "https://docs.rs/").await;
    for path in ["/no-such-code", "/Docs", "/doc", "/%FF"] {
        let reply = service.get(path).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "link_not_found");
        assert_eq!(reply.headers.get(header::LOCATION), None);
    }
    assert_eq!(service.link("docs").await["hits"], 0);
}

/// Percent-encoded codes are decoded before they are looked up.
async fn an_encoded_code_is_the_same_code(service: Service) {
    service
        .create_alias("rust-book", "https://doc.rust-lang.org/book/")
        .await;
    assert_redirect(
        &service.get("/rust%2Dbook").await,
        "https://doc.rust-lang.org/book/",
    );
    assert_eq!(service.link("rust%2dbook").await["hits"], 1);
}

for_each_store!(
    a_redirect_is_a_302_to_the_url_without_a_body,
    the_location_is_the_url_exactly,
    each_redirect_counts_one_hit,
    an_unknown_code_is_a_json_link_not_found,
    an_encoded_code_is_the_same_code,
);
