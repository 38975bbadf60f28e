//! The proxy's own answers, in the API's error envelope so the page's `TmrClient` reads them as
//! it reads the API's.

use crate::core::error::{Error, ErrorCode};
use crate::core::validate::quote;

/// Why the proxy answers a page request itself instead of forwarding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    /// The envelope's `error.code`.
    pub code: &'static str,
    pub message: String,
    /// For 405: the methods the path takes (the `Allow` header).
    pub allow: Option<String>,
    /// For 429: seconds until a slot is free (the `Retry-After` header).
    pub retry_after_s: Option<u64>,
}

impl Refusal {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { status, code, message: message.into(), allow: None, retry_after_s: None }
    }

    pub fn bad_request(message: impl Into<String>) -> Refusal {
        Refusal::new(400, ErrorCode::BadRequest.as_str(), message)
    }

    pub fn not_found(method: &str, path: &str) -> Refusal {
        Refusal::new(404, ErrorCode::NotFound.as_str(), format!("No API endpoint at {method} {}", quote(path)))
    }

    pub fn wrong_method(method: &str, allowed: &[&str]) -> Refusal {
        let allow = allowed.join(", ");
        let message = format!("Method {} is not allowed here; allowed: {allow}", quote(method));
        Refusal { allow: Some(allow), ..Refusal::new(405, "METHOD_NOT_ALLOWED", message) }
    }

    pub fn not_allowed(endpoint: &str) -> Refusal {
        Refusal::new(403, ErrorCode::Forbidden.as_str(), format!("{endpoint} is not allowed through this proxy"))
    }

    pub fn refused_by_app(endpoint: &str) -> Refusal {
        Refusal::new(403, ErrorCode::Forbidden.as_str(), format!("{endpoint} was refused for this request by the proxy's authorize()"))
    }

    pub fn authorize_failed(endpoint: &str) -> Refusal {
        Refusal::new(
            500,
            ErrorCode::InternalServerError.as_str(),
            format!("The proxy's authorize() failed for {endpoint}; the request was not forwarded"),
        )
    }

    pub fn cross_site(origin: &str) -> Refusal {
        let message =
            format!("A write from {} is refused: this proxy takes writes from its own origin only (see allowedOrigins)", quote(origin));
        Refusal::new(403, ErrorCode::Forbidden.as_str(), message)
    }

    pub fn not_json(content_type: &str) -> Refusal {
        let message = format!("The request body must be sent as application/json; got Content-Type {}", quote(content_type));
        Refusal::new(415, "UNSUPPORTED_MEDIA_TYPE", message)
    }

    pub fn too_large(limit: usize) -> Refusal {
        Refusal::new(413, ErrorCode::PayloadTooLarge.as_str(), format!("Request body is larger than this proxy accepts ({limit} bytes)"))
    }

    /// A call that ended without an HTTP answer from the API (or before one was asked for).
    pub fn from_error(error: &Error) -> Refusal {
        match error {
            Error::InvalidArgument { message } => Refusal::bad_request(message.clone()),
            Error::RateLimited { retry_after_ms } => Refusal {
                retry_after_s: Some(retry_after_ms.div_ceil(1000).max(1)),
                ..Refusal::new(429, ErrorCode::TooManyRequests.as_str(), "Too many requests: the proxy's rate-limit slot is too far away")
            },
            Error::Timeout { .. } => Refusal::new(504, error.code().as_str(), error.to_string()),
            _ => Refusal::new(502, error.code().as_str(), error.to_string()),
        }
    }

    /// The answer's body: `{"success":false,"error":{"code":…,"message":…}}`.
    pub fn body(&self) -> String {
        envelope(self.code, &self.message)
    }
}

/// The API's error envelope.
pub fn envelope(code: &str, message: &str) -> String {
    let json = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    format!(r#"{{"success":false,"error":{{"code":{},"message":{}}}}}"#, json(code), json(message))
}
