//! `HttpResponse` → the envelope's `data` as normalised JSON text, or an `Error`.
//!
//! The data is checked against the endpoint's documented shape (so wrong types are caught here,
//! not in the caller's code) in one pass that builds nothing; only when a nullable field is
//! missing is it rewritten, with `null` filled in and everything else kept as sent.

use super::endpoint::{Api, Endpoint, OutputKind};
use super::error::{Error, ErrorCode, Result};
use super::http::HttpResponse;
use super::model;
use super::scan::{Fail, Scanner};
use super::shape::{fill_nulls, Shape};

pub use super::answer::{retry_after_ms, Decoded};

/// Decode an answer for `endpoint`: `Ok(json text of data)` or the error it carries.
///
/// # Errors
/// The API's error (with its code, status and message), or `INVALID_RESPONSE`.
pub fn decode(endpoint: &Endpoint, res: &HttpResponse) -> Result<String> {
    decode_lazy(endpoint, res).map(|d| d.text(&res.body))
}

/// Validate an answer for `endpoint` against its model without building anything for the caller
/// unless normalising is needed: the JS engine's own parser then builds the objects.
///
/// # Errors
/// The API's error (with its code, status and message), or `INVALID_RESPONSE`.
pub fn decode_lazy(endpoint: &Endpoint, res: &HttpResponse) -> Result<Decoded> {
    if endpoint.api == Api::Outlign {
        return crate::core::outlign::response::decode(endpoint, res);
    }
    let invalid = |message: String| Error::InvalidResponse { status: res.status, message };
    if res.body.is_empty() {
        return Err(invalid("empty body".to_owned()));
    }
    let text = std::str::from_utf8(&res.body).map_err(|e| invalid(format!("not a JSON envelope: {e}")))?;
    let shape = shape_of(endpoint.output);
    let mut scan = Scanner::new(text);
    let (env, checked, data_fail) =
        scan.envelope(shape.unwrap_or(&Shape::Any)).map_err(|f| invalid(format!("not a JSON envelope: {}", message(&f))))?;
    let ok_status = (200..300).contains(&res.status);
    match (env.success, env.data, env.error) {
        (true, Some(span), _) if ok_status => {
            let data = &text[span.clone()];
            let absent = match (shape, checked) {
                (None, _) => {
                    let OutputKind::Flag(key) = endpoint.output else { return Err(invalid("internal: no shape".into())) };
                    flag(key, data).map_err(invalid)?;
                    false
                }
                (Some(_), true) => match data_fail {
                    Some(f) => return Err(invalid(mismatch(&f))),
                    None => scan.absent,
                },
                // `success` came after `data`: check it now.
                (Some(shape), false) => {
                    let mut again = Scanner::new(data);
                    again.document(shape).map_err(|f| invalid(mismatch(&f)))?;
                    again.absent
                }
            };
            if !absent {
                return Ok(Decoded::AsSent { start: span.start, end: span.end });
            }
            // Rare path: fill the missing nullable fields into the API's own value, keeping its
            // unknown fields and its order.
            let mut value = crate::core::scan::parse(data).map_err(|f| invalid(message(&f)))?;
            fill_nulls(shape.unwrap_or(&Shape::Any), &mut value);
            Ok(Decoded::Normalised(value.to_string()))
        }
        (true, Some(_), _) => Err(invalid("a success envelope with an error status".to_owned())),
        (true, None, _) => Err(invalid("success without \"data\"".to_owned())),
        (false, _, Some((code, message))) => Err(api_error(res, code, message)),
        (false, _, None) => Err(invalid("failure without \"error\"".to_owned())),
    }
}

pub(crate) fn message(f: &Fail) -> String {
    match f {
        Fail::Syntax(m) => m.clone(),
        Fail::Shape { path, message } => format!("{message} at data{path}"),
    }
}

pub(crate) fn mismatch(f: &Fail) -> String {
    format!("\"data\" does not match the documented shape: {}", message(f))
}

/// The documented shape of an answer's data for `kind`, either API's (`None` for one-key flags,
/// checked by [`flag`], and for no body).
pub fn shape_of(kind: OutputKind) -> Option<&'static Shape> {
    Some(match kind {
        OutputKind::User => &model::USER,
        OutputKind::Preferences => &model::PREFERENCES,
        OutputKind::TeamSummaries => &Shape::List(&model::TEAM_SUMMARY),
        OutputKind::Team => &model::TEAM,
        OutputKind::Renamed => &model::RENAMED,
        OutputKind::Members => &Shape::List(&model::MEMBER),
        OutputKind::Invites => &Shape::List(&model::INVITE),
        OutputKind::Connections => &Shape::List(&model::CONNECTION),
        OutputKind::Connection => &model::CONNECTION,
        OutputKind::Accounts => &Shape::List(&model::ACCOUNT),
        OutputKind::Clients => &Shape::List(&model::CLIENT),
        OutputKind::Client => &model::CLIENT,
        OutputKind::Connectors => &Shape::List(&model::CONNECTOR),
        OutputKind::Fields => &model::FIELDS,
        // Rows are free-form objects: shape only, the text as sent.
        OutputKind::Rows => &Shape::List(&Shape::AnyObject),
        OutputKind::Plans => &Shape::List(&model::PLAN),
        OutputKind::Flag(_) | OutputKind::Nothing => return None,
        OutputKind::OutlignClients | OutputKind::OutlignClient | OutputKind::OutlignCompanies | OutputKind::OutlignToken => {
            return crate::core::outlign::response::shape_of(kind)
        }
    })
}

pub(crate) fn api_error(res: &HttpResponse, code: String, message: String) -> Error {
    Error::Api {
        code: ErrorCode::from_api(&code).or_else(|| ErrorCode::from_proxy(&code)).unwrap_or(ErrorCode::UnknownApiError),
        api_code: code,
        status: res.status,
        message,
        retry_after_ms: res.retry_after.as_deref().and_then(|v| retry_after_ms(v, res.received_ms)),
    }
}

/// A one-key acknowledgement such as `{ "deleted": true }`; other keys are kept.
fn flag(key: &str, data: &str) -> std::result::Result<(), String> {
    let map = crate::core::scan::parse(data).map_err(|_| format!("\"data\" must be an object with \"{key}\""))?;
    let Some(map) = map.as_object() else { return Err(format!("\"data\" must be an object with \"{key}\"")) };
    match map.get(key) {
        Some(serde_json::Value::Bool(_)) => Ok(()),
        _ => Err(format!("\"data\" must hold a boolean \"{key}\"")),
    }
}
