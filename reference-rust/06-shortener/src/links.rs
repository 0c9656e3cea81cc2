//! The handlers: `/links`, `/links/{code}` and the redirect, `/{code}`.
//!
//! Each is generic over the store and knows it only through the `Store` trait: the
//! same code serves the map and the database. Each is extract, check, one call on the
//! store, answer. Extractors run in argument order, which gives the contract's check
//! order: the body (`AppJson`: 415, 400), then its rules (`check`: the URL, then the
//! alias, 422), then the store (409, 404).

use std::iter;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::Json;

use crate::error::ShortenerError;
use crate::extract::{AppJson, LinkCode};
use crate::model::{random_code, Link, NewLink};
use crate::store::{Store, StoreError};

/// How many made-up codes `create` tries before it gives up with a 500. With 62⁷ codes,
/// needing a second try is already rare; needing ten means something else is wrong.
pub const MAX_CODE_TRIES: usize = 10;

/// `POST /links` → `201` with the link: under its alias, or under a code made up here.
pub async fn create<S: Store>(
    State(store): State<S>,
    AppJson(new): AppJson<NewLink>,
) -> Result<(StatusCode, Json<Link>), ShortenerError> {
    new.check()?;
    let link = match &new.alias {
        // The store's `create` is the check that the alias is free: asking first
        // (`get`, then `create` if not found) would let two creates of one alias both
        // see it free, and the second overwrite the first.
        Some(alias) => store
            .create(alias, &new.url)
            .await
            .map_err(ShortenerError::from_store(alias))?,
        None => create_with_new_code(&store, &new.url, iter::repeat_with(random_code)).await?,
    };
    tracing::info!(code = %link.code, "link created");
    Ok((StatusCode::CREATED, Json(link)))
}

/// Inserts the link under the first of `codes` that is free, trying at most
/// `MAX_CODE_TRIES`. The codes are a parameter so that the tests can hand it codes
/// that are taken; `create` hands it an endless supply of random ones.
pub async fn create_with_new_code<S: Store>(
    store: &S,
    url: &str,
    codes: impl IntoIterator<Item = String>,
) -> Result<Link, ShortenerError> {
    for code in codes.into_iter().take(MAX_CODE_TRIES) {
        match store.create(&code, url).await {
            Err(StoreError::AliasTaken) => tracing::debug!(%code, "made-up code in use, another"),
            result => return result.map_err(ShortenerError::from_store(&code)),
        }
    }
    Err(ShortenerError::Internal(
        "every made-up code tried was in use",
    ))
}

/// `GET /links/{code}` → `200` with the link. Reading it is not a hit: `get`, not `hit`.
pub async fn show<S: Store>(
    State(store): State<S>,
    LinkCode(code): LinkCode,
) -> Result<Json<Link>, ShortenerError> {
    let link = store
        .get(&code)
        .await
        .map_err(ShortenerError::from_store(&code))?;
    Ok(Json(link))
}

/// `DELETE /links/{code}` → `204`, no body.
pub async fn delete<S: Store>(
    State(store): State<S>,
    LinkCode(code): LinkCode,
) -> Result<StatusCode, ShortenerError> {
    store
        .delete(&code)
        .await
        .map_err(ShortenerError::from_store(&code))?;
    tracing::info!(%code, "link deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// The headers of a redirect; a tuple of a status and these is a response with an
/// empty body and no `Content-Type`.
type RedirectHeaders = [(HeaderName, HeaderValue); 2];

/// `GET /{code}` → `302 Found`, `Location: <url>`, `Cache-Control: no-store`, no body;
/// one hit counted, in one call on the store.
///
/// Built by hand because axum's `Redirect` has no 302: `Redirect::to` is a `303 See
/// Other`, `temporary` a 307, `permanent` a 308. And never a 301 (or 308): a browser
/// keeps a permanent redirect and stops asking, and its hits stop counting.
/// `no-store` keeps caches between the browser and us from answering in our place.
pub async fn redirect<S: Store>(
    State(store): State<S>,
    LinkCode(code): LinkCode,
) -> Result<(StatusCode, RedirectHeaders), ShortenerError> {
    let link = store
        .hit(&code)
        .await
        .map_err(ShortenerError::from_store(&code))?;
    // `from_bytes`, not `from_str`, which refuses anything but visible ASCII: a URL
    // with `ü` in it is sent as its UTF-8 bytes, as Go sends it. `check_url` refused
    // the control characters that a header cannot hold, so this fails only for a
    // URL that was put in the database some other way.
    let location = HeaderValue::from_bytes(link.url.as_bytes())
        .map_err(|_| ShortenerError::Internal("a stored url cannot be a Location header"))?;
    Ok((
        StatusCode::FOUND,
        [
            (LOCATION, location),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    ))
}
