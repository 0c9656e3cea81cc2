//! `POST /links`: under an alias or a made-up code, the URL and alias rules, and a
//! taken alias.

use super::*;

async fn create_with_an_alias_answers_201_with_the_link(service: Service) {
    let reply = service
        .post(
            "/links",
            json!({"url": "https://doc.rust-lang.org/book/", "alias": "rust-book"}),
        )
        .await;
    let link = json!({"code": "rust-book", "url": "https://doc.rust-lang.org/book/", "hits": 0});
    assert_json(&reply, StatusCode::CREATED, &link);
    assert_json(
        &service.get("/links/rust-book").await,
        StatusCode::OK,
        &link,
    );
}

fn assert_made_up(code: &Value) -> String {
    let code = code.as_str().expect("a code");
    assert_eq!(code.len(), 7, "{code}");
    assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
    code.to_owned()
}

async fn without_an_alias_a_7_character_code_is_made_up(service: Service) {
    let mut codes = Vec::new();
    for body in [
        json!({"url": "https://go.dev/"}),
        json!({"url": "https://go.dev/", "alias": null}),
        json!({"url": "https://go.dev/"}),
    ] {
        let created = service.create(body).await;
        let code = assert_made_up(&created["code"]);
        assert_eq!(
            created,
            json!({"code": code, "url": "https://go.dev/", "hits": 0})
        );
        assert_eq!(service.link(&code).await, created);
        codes.push(code);
    }
    // One URL, three links, three codes.
    codes.dedup();
    assert_eq!(codes.len(), 3, "{codes:?}");
}

async fn the_url_is_stored_exactly_as_given(service: Service) {
    for (alias, url) in [
        ("exact-url", "https://Example.com/a/b?q=1&r=%20x#part"),
        ("upper", "HTTP://EXAMPLE.COM"),
        ("ipv6-port", "http://[::1]:8080/x"),
        ("unicode", "https://bücher.example/straße?q=ü"),
        ("space", "https://example.com/a b?q=c d"),
    ] {
        let created = service.create(json!({"url": url, "alias": alias})).await;
        assert_eq!(created["url"], url);
        assert_eq!(service.link(alias).await["url"], url);
    }
}

async fn unknown_fields_are_ignored(service: Service) {
    let created = service
        .create(json!({"url": "https://a.example/", "alias": "abc", "hits": 99, "code": "xyz"}))
        .await;
    assert_eq!(
        created,
        json!({"code": "abc", "url": "https://a.example/", "hits": 0})
    );
    assert!(!service.exists("xyz").await);
}

async fn urls_that_are_no_http_urls_are_invalid_url(service: Service) {
    let too_long = format!("https://example.com/{}", "a".repeat(2049 - 20));
    for url in [
        "not a url",
        "ftp://example.com/file",
        "https://",
        "/relative/path",
        "",
        "javascript:alert(1)",
        "https:example.com",
        "http:///path",
        "//example.com/",
        "https://exa mple.com/",
        too_long.as_str(),
    ] {
        let reply = service
            .post("/links", json!({"url": url, "alias": "abc"}))
            .await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_url");
    }
    assert!(!service.exists("abc").await);
    // 2048 is still fine.
    let longest = format!("https://example.com/{}", "a".repeat(2048 - 20));
    let created = service.create(json!({"url": longest})).await;
    assert_eq!(created["url"], longest);
}

async fn bad_aliases_are_invalid_alias(service: Service) {
    for alias in [
        "ab",
        "",
        "has space",
        &"x".repeat(33),
        "links",
        "health",
        "ünï",
        "a.b",
        "a/b",
    ] {
        let reply = service
            .post(
                "/links",
                json!({"url": "https://example.com/", "alias": alias}),
            )
            .await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_alias");
    }
    // The edges of the rules.
    for alias in ["abc", &"x".repeat(32), "A-b_9", "Links", "healthy"] {
        service
            .create(json!({"url": "https://example.com/", "alias": alias}))
            .await;
    }
}

async fn the_url_is_checked_before_the_alias(service: Service) {
    let reply = service
        .post("/links", json!({"url": "ftp://example.com/", "alias": "a"}))
        .await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_url");
}

/// The rules before the store: a bad URL with a taken alias is the URL's 422, not
/// the alias's 409.
async fn a_bad_url_with_a_taken_alias_is_invalid_url(service: Service) {
    service.create_alias("serde", "https://serde.rs/").await;
    let reply = service
        .post("/links", json!({"url": "not a url", "alias": "serde"}))
        .await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_url");
}

async fn a_taken_alias_is_alias_taken_and_the_first_link_stays(service: Service) {
    service.create_alias("serde", "https://serde.rs/").await;
    service.get("/serde").await;
    let reply = service
        .post(
            "/links",
            json!({"url": "https://example.com/", "alias": "serde"}),
        )
        .await;
    assert_error(&reply, StatusCode::CONFLICT, "alias_taken");
    assert_eq!(
        service.link("serde").await,
        json!({"code": "serde", "url": "https://serde.rs/", "hits": 1})
    );
    // Compared exactly: another case is another alias.
    service.create_alias("Serde", "https://example.com/").await;
    assert_eq!(service.link("serde").await["url"], "https://serde.rs/");
}

for_each_store!(
    create_with_an_alias_answers_201_with_the_link,
    without_an_alias_a_7_character_code_is_made_up,
    the_url_is_stored_exactly_as_given,
    unknown_fields_are_ignored,
    urls_that_are_no_http_urls_are_invalid_url,
    bad_aliases_are_invalid_alias,
    the_url_is_checked_before_the_alias,
    a_bad_url_with_a_taken_alias_is_invalid_url,
    a_taken_alias_is_alias_taken_and_the_first_link_stays,
);
