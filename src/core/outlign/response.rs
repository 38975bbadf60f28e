//! Outlign answers: bare JSON checked against the endpoint's shape (no envelope), and errors
//! known by their HTTP status, with the body's `message` (or OAuth's `error_description` /
//! `error`, or the raw text) as the message (CONTRACT.md §8.1; WORKING-RULES.md, Outlign).

use super::model::{OUTLIGN_CLIENT, OUTLIGN_COMPANY, OUTLIGN_TOKEN};
use crate::core::answer::{retry_after_ms, Decoded};
use crate::core::endpoint::{Endpoint, OutputKind};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::http::HttpResponse;
use crate::core::scan::{self, Fail, Scanner};
use crate::core::shape::{fill_nulls, Shape};
use serde_json::Value;

/// Longest raw error text kept in a message (an HTML error page is cut).
const MAX_RAW_MESSAGE: usize = 300;

/// Decode an Outlign answer for `endpoint`.
///
/// # Errors
/// The API's error by status, or `INVALID_RESPONSE`.
pub fn decode(endpoint: &Endpoint, res: &HttpResponse) -> Result<Decoded> {
    if !(200..300).contains(&res.status) {
        return Err(api_error(res));
    }
    let invalid = |message: String| Error::InvalidResponse { status: res.status, message };
    let Some(shape) = shape_of(endpoint.output) else {
        // 204 No Content (a delete): whatever came with it is not data.
        return Ok(Decoded::AsSent { start: 0, end: 0 });
    };
    let text = std::str::from_utf8(&res.body).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    if start >= end {
        return Err(invalid("empty body".to_owned()));
    }
    let mut scan = Scanner::new(text);
    scan.document(shape).map_err(|f| invalid(mismatch(&f)))?;
    if !scan.absent {
        return Ok(Decoded::AsSent { start, end });
    }
    let mut value = scan::parse(&text[start..end]).map_err(|f| invalid(mismatch(&f)))?;
    fill_nulls(shape, &mut value);
    Ok(Decoded::Normalised(value.to_string()))
}

/// The documented shape of an Outlign answer (`None`: no body).
pub fn shape_of(kind: OutputKind) -> Option<&'static Shape> {
    Some(match kind {
        OutputKind::OutlignClients => &Shape::List(&OUTLIGN_CLIENT),
        OutputKind::OutlignClient => &OUTLIGN_CLIENT,
        OutputKind::OutlignCompanies => &Shape::List(&OUTLIGN_COMPANY),
        OutputKind::OutlignToken => &OUTLIGN_TOKEN,
        _ => return None,
    })
}

fn mismatch(f: &Fail) -> String {
    match f {
        Fail::Syntax(m) => format!("not JSON: {m}"),
        Fail::Shape { path, message } => format!("the answer does not match the documented shape: {message} at answer{path}"),
    }
}

/// The error an HTTP status stands for (the API documents no error codes of its own).
pub fn code_of(status: u16) -> ErrorCode {
    match status {
        400 => ErrorCode::BadRequest,
        401 => ErrorCode::Unauthorized,
        402 => ErrorCode::PaymentRequired,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        422 => ErrorCode::ValidationError,
        429 => ErrorCode::TooManyRequests,
        // The server's trouble whatever its number (a gateway's 502/503/504 included).
        500..=599 => ErrorCode::InternalServerError,
        _ => ErrorCode::UnknownApiError,
    }
}

fn api_error(res: &HttpResponse) -> Error {
    let code = code_of(res.status);
    let text = String::from_utf8_lossy(&res.body);
    let json: Option<Value> = scan::parse(text.trim()).ok();
    let field = |k: &str| json.as_ref().and_then(|j| j.get(k)).and_then(Value::as_str).filter(|s| !s.trim().is_empty());
    // OAuth errors carry their own code (`invalid_grant`); API errors only a status.
    let api_code =
        field("error").filter(|e| e.len() <= 64 && !e.contains(' ')).map_or_else(|| format!("HTTP_{}", res.status), str::to_owned);
    let message = match field("message").or_else(|| field("error_description")).or_else(|| field("error")) {
        Some(m) => m.to_owned(),
        None if text.trim().is_empty() => format!("HTTP {} with an empty body", res.status),
        None => {
            let raw = text.trim();
            let cut: String = raw.chars().take(MAX_RAW_MESSAGE).collect();
            if cut.len() < raw.len() {
                format!("{cut}…")
            } else {
                cut
            }
        }
    };
    Error::Api {
        code,
        api_code,
        status: res.status,
        message,
        retry_after_ms: res.retry_after.as_deref().and_then(|v| retry_after_ms(v, res.received_ms)),
    }
}
