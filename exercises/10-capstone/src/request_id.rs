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
    pub fn from_headers(_headers: &HeaderMap) -> Self {
        todo!("the client's X-Request-Id when it is_valid_id, else RequestId::generate()")
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
