//! `X-Request-Id`: one id per request, in the request's span (so on every log line
//! written while it is served) and on its answer.

use std::fmt;

use axum::http::{HeaderMap, HeaderName, HeaderValue};

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id kept.
pub const MAX_LEN: usize = 128;

/// A request's id: the client's when it is valid, else 32 random hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// The client's id when it sent a valid one, a fresh one otherwise.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        headers
            .get(&X_REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .filter(|id| is_valid_id(id.as_bytes()))
            .map(|id| Self(id.to_owned()))
            .unwrap_or_else(Self::generate)
    }

    /// 128 random bits as 32 lowercase hexadecimal digits.
    pub fn generate() -> Self {
        Self(format!("{:032x}", rand::random::<u128>()))
    }

    pub fn header_value(&self) -> HeaderValue {
        // Only valid ids are built: visible ASCII, which a header value accepts.
        HeaderValue::from_str(&self.0).expect("a request id is a valid header value")
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 1 to 128 letters, digits, `-`, `_`, `.` or `:`: nothing that could break a log line
/// or a header. The rule of request ids and of idempotency keys alike.
pub fn is_valid_id(id: &[u8]) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_are_kept_and_others_replaced() {
        let mut headers = HeaderMap::new();
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("case-1.a:b_c"));
        assert_eq!(
            RequestId::from_headers(&headers).to_string(),
            "case-1.a:b_c"
        );
        for bad in ["", "a b", "a/b", "{id}"] {
            headers.insert(&X_REQUEST_ID, HeaderValue::from_str(bad).expect("a header"));
            let id = RequestId::from_headers(&headers).to_string();
            assert_eq!(id.len(), 32, "{bad:?} → {id}");
        }
        assert!(!is_valid_id("a".repeat(MAX_LEN + 1).as_bytes()));
    }
}
