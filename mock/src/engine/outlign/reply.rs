//! Outlign's answers: bare JSON, errors as `{"message"}` (422 adds `errors` per field, as the
//! Laravel API behind it does), OAuth errors as `{error, error_description, message}`.

use super::super::http::Response;
use serde::Serialize;
use serde_json::{json, Map, Value};

pub const NOT_FOUND: &str = "Not found.";
pub const UNAUTHENTICATED: &str = "Unauthenticated.";

/// `value` as a JSON answer.
pub fn json<T: Serialize>(status: u16, value: &T) -> Response {
    // The core's model types always serialise; Null would show up in tests at once.
    Response::json(status, &serde_json::to_value(value).unwrap_or(Value::Null))
}

/// `{"message": text}`.
pub fn message(status: u16, text: &str) -> Response {
    Response::json(status, &json!({ "message": text }))
}

/// 405 with the path's methods in `Allow`.
pub fn method_not_allowed(allowed: &[&str]) -> Response {
    let mut r = message(405, "Method not allowed.");
    r.headers.push(("allow", allowed.join(", ")));
    r
}

/// 422 listing every failed rule by field; the message is the first, with a count of the rest.
pub fn invalid(errors: &[(&str, String)]) -> Response {
    let mut by_field: Map<String, Value> = Map::new();
    for (field, text) in errors {
        if let Value::Array(list) = by_field.entry(*field).or_insert_with(|| json!([])) {
            list.push(json!(text));
        }
    }
    let first = errors.first().map_or("The given data was invalid.", |(_, t)| t.as_str());
    let message = match errors.len() {
        0 | 1 => first.to_owned(),
        2 => format!("{first} (and 1 more error)"),
        n => format!("{first} (and {} more errors)", n - 1),
    };
    Response::json(422, &json!({ "message": message, "errors": by_field }))
}

/// An OAuth error (RFC 6749 §5.2); `message` repeats the description for clients that read only it.
pub fn oauth(status: u16, error: &str, description: &str) -> Response {
    Response::json(status, &json!({ "error": error, "error_description": description, "message": description }))
}

/// 204 with no body and no content type.
pub fn no_content() -> Response {
    Response { status: 204, ..Response::default() }
}

/// 302 to `location`.
pub fn redirect(location: String) -> Response {
    Response { status: 302, headers: vec![("location", location)], ..Response::default() }
}

/// What an injected `status=` fault answers on an Outlign path.
pub fn injected(status: u16, retry_after_s: Option<u64>) -> Response {
    let text = match status {
        401 => UNAUTHENTICATED,
        403 => "This action is unauthorized.",
        404 => NOT_FOUND,
        422 => "The given data was invalid.",
        429 => "Too Many Attempts.",
        503 => "Service Unavailable.",
        _ => "Server Error.",
    };
    let mut r = message(status, text);
    if let (429, Some(s)) = (status, retry_after_s) {
        r.headers.push(("retry-after", s.to_string()));
    }
    r
}
