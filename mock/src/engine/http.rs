//! The engine's plain-data request and response, and the API's error answers.

use super::stream::{ArrayChunks, Stream};
use serde_json::{json, Value};
use tmr_client::core::ErrorCode;

/// A request as the shell received it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// Path without the query, still percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub fault: Option<String>,
    pub body: Vec<u8>,
}

/// What the shell should do.
#[derive(Debug, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    /// The body, unless `stream` is set.
    pub body: Vec<u8>,
    /// A body made while it is sent, in place of `body` (then empty): run-query's rows, and any
    /// answer a `cut=`/`stall=` fault ends early. Sent chunked, with no `content-length`.
    pub stream: Option<Stream>,
    /// Wait this long before answering (fault `latency=`).
    pub delay_ms: u64,
    /// Close the connection without a valid answer (fault `drop`).
    pub drop: bool,
}

impl Response {
    pub fn json(status: u16, body: &Value) -> Response {
        Response {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: body.to_string().into_bytes(),
            ..Response::default()
        }
    }

    pub fn ok(data: Value, status: u16) -> Response {
        Response::json(status, &json!({"success": true, "data": data}))
    }

    /// [`Response::ok`] of an array made one item at a time while it is sent, byte for byte what
    /// `ok` makes of the whole array. `item` writes the next item's JSON and says whether there
    /// was one; it owns what it reads (the shell sends it after letting go of the mock).
    pub fn ok_streamed(status: u16, item: impl FnMut(&mut Vec<u8>) -> bool + Send + 'static) -> Response {
        Response {
            status,
            headers: vec![("content-type", "application/json".into())],
            stream: Some(Stream::new(ArrayChunks::new(br#"{"success":true,"data":["#, b"]}", item))),
            ..Response::default()
        }
    }

    /// The whole body, a stream drained (tests and in-process callers; how a streamed body
    /// ends is dropped).
    pub fn into_body(self) -> Vec<u8> {
        match self.stream {
            Some(stream) => stream.drain().0,
            None => self.body,
        }
    }
}

/// A documented API error.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub retry_after_s: Option<u64>,
    /// For 405: the methods the path accepts.
    pub allow: Option<String>,
}

pub type Outcome<T> = Result<T, ApiError>;

pub fn err(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError { code, message: message.into(), retry_after_s: None, allow: None }
}

pub const FORBIDDEN: &str = "You do not have permission to perform this action";
pub const NOT_FOUND: &str = "The requested resource was not found";
pub const CANCELLED: &str = "Your team's plan has been cancelled. Please reactivate your subscription to continue.";
pub const TOO_MANY: &str = "Too many requests — please slow down and try again later";

/// The documented message for a code with no more specific one (fault injection, generic paths).
pub fn default_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "Bad request",
        ErrorCode::Unauthorized => "Authentication required",
        ErrorCode::Forbidden => FORBIDDEN,
        ErrorCode::InsufficientPermissions => "This API key is missing the required permission for this action",
        ErrorCode::NotFound => NOT_FOUND,
        ErrorCode::Conflict => "Conflict with the current state",
        ErrorCode::PayloadTooLarge => "Request body is too large",
        ErrorCode::ValidationError => "Validation failed",
        ErrorCode::TooManyRequests => TOO_MANY,
        ErrorCode::PaymentRequired => CANCELLED,
        _ => "Internal server error",
    }
}

impl ApiError {
    pub fn response(&self) -> Response {
        // 405 is the only answer outside the API's documented codes (an undeclared method).
        let (status, code) = match &self.allow {
            Some(_) => (405, "METHOD_NOT_ALLOWED"),
            None => (self.code.http_status().unwrap_or(500), self.code.as_str()),
        };
        let mut r = Response::json(status, &json!({"success": false, "error": {"code": code, "message": self.message}}));
        if let Some(s) = self.retry_after_s {
            r.headers.push(("retry-after", s.to_string()));
        }
        if let Some(allow) = &self.allow {
            r.headers.push(("allow", allow.clone()));
        }
        r
    }
}
