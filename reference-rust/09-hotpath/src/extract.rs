//! The body extractor of `POST /stats`, whose rejections are `StatsError`s.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;

use crate::error::StatsError;

/// The raw bytes of a body sent as `Content-Type: application/json`, at most
/// `MAX_BODY_BYTES` of them (the router's `DefaultBodyLimit`).
///
/// Not axum's `Json<T>`: it would parse into an owned `T` on the async worker, and
/// answer a bad body in plain text. The bytes are parsed later, on a blocking thread,
/// into events that borrow from them (`events::parse`).
pub struct JsonBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = StatsError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(
            req.headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
        ) {
            return Err(StatsError::UnsupportedMediaType);
        }
        Ok(Self(Bytes::from_request(req, state).await?))
    }
}

/// `application/json`, in any case, with or without parameters: what Go's
/// `mime.ParseMediaType` accepts as that media type. (axum's `Json` also takes
/// `application/problem+json` and the like; the Go service does not.)
fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn only_application_json_is_json() {
        for yes in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
        ] {
            assert!(is_json(Some(yes)), "{yes}");
        }
        for no in [
            None,
            Some("text/plain"),
            Some("application/problem+json"),
            Some(""),
        ] {
            assert!(!is_json(no), "{no:?}");
        }
    }
}
