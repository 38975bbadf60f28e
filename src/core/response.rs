//! `HttpResponse` → the envelope's `data` as normalised JSON text, or an `Error`.
//!
//! The data is decoded into the endpoint's model (so wrong types are caught here, not in the
//! caller's code) and written back out: documented fields in order, `null` for missing nullable
//! fields, unknown fields kept as sent.

use super::endpoint::{Endpoint, OutputKind};
use super::error::{Error, ErrorCode, Result};
use super::http::HttpResponse;
use super::model;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Envelope<'a> {
    success: bool,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    error: Option<ApiErrorBody>,
}

#[derive(Deserialize)]
struct ApiErrorBody {
    code: String,
    message: String,
}

/// How the caller gets `data` from a valid answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// The API's text is valid and complete: the caller's JSON parser can build `data` straight
    /// from the body (bytes `start..end` are the `data` value).
    AsSent { start: usize, end: usize },
    /// `data` had to be normalised (a missing nullable field became `null`): its JSON text.
    Normalised(String),
}

impl Decoded {
    /// The JSON text of `data`.
    pub fn text(&self, body: &[u8]) -> String {
        match self {
            Decoded::AsSent { start, end } => String::from_utf8_lossy(&body[*start..*end]).into_owned(),
            Decoded::Normalised(json) => json.clone(),
        }
    }
}

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
    let invalid = |message: String| Error::InvalidResponse { status: res.status, message };
    if res.body.is_empty() {
        return Err(invalid("empty body".to_owned()));
    }
    let env: Envelope = serde_json::from_slice(&res.body).map_err(|e| invalid(format!("not a JSON envelope: {e}")))?;
    let ok_status = (200..300).contains(&res.status);
    match (env.success, env.data, env.error) {
        (true, Some(data), _) if ok_status => match check(endpoint.output, data.get()).map_err(invalid)? {
            Some(json) => Ok(Decoded::Normalised(json)),
            None => {
                // `data` borrows from the body: its position there, for the caller's parser.
                let start = data.get().as_ptr() as usize - res.body.as_ptr() as usize;
                Ok(Decoded::AsSent { start, end: start + data.get().len() })
            }
        },
        (true, Some(_), _) => Err(invalid("a success envelope with an error status".to_owned())),
        (true, None, _) => Err(invalid("success without \"data\"".to_owned())),
        (false, _, Some(err)) => Err(api_error(res, err)),
        (false, _, None) => Err(invalid("failure without \"error\"".to_owned())),
    }
}

fn api_error(res: &HttpResponse, err: ApiErrorBody) -> Error {
    Error::Api {
        code: ErrorCode::from_api(&err.code).unwrap_or(ErrorCode::UnknownApiError),
        api_code: err.code,
        status: res.status,
        message: err.message,
        retry_after_ms: res.retry_after.as_deref().and_then(|v| retry_after_ms(v, res.received_ms)),
    }
}

/// `Retry-After` in milliseconds from `now_ms`: delay-seconds, or an HTTP-date (IMF-fixdate,
/// e.g. `Sun, 06 Nov 1994 08:49:37 GMT`; a date in the past means now).
pub fn retry_after_ms(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(s.saturating_mul(1000));
    }
    http_date_ms(v).map(|at| at.saturating_sub(now_ms))
}

/// Milliseconds since the Unix epoch of an IMF-fixdate.
fn http_date_ms(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = MONTHS.iter().position(|x| x == month)? + 1;
    let date = format!("{year:0>4}-{m:02}-{day:0>2}");
    let days = crate::core::validate::date("Retry-After", &date).ok()? - crate::core::validate::date("epoch", "1970-01-01").ok()?;
    let hms: Vec<u64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, mi, se] = hms.as_slice() else { return None };
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + mi * 60 + se;
    Some(secs * 1000)
}

/// Validate `data` against the model of `kind`; `Some(normalised text)` when a nullable field was
/// missing, `None` when the API's own text can be used as is.
fn check(kind: OutputKind, data: &str) -> std::result::Result<Option<String>, String> {
    match kind {
        OutputKind::User => checked::<model::User>(data),
        OutputKind::Preferences => checked::<model::Preferences>(data),
        OutputKind::TeamSummaries => checked::<Vec<model::TeamSummary>>(data),
        OutputKind::Team => checked::<model::Team>(data),
        OutputKind::Renamed => checked::<model::Renamed>(data),
        OutputKind::Members => checked::<Vec<model::Member>>(data),
        OutputKind::Invites => checked::<Vec<model::Invite>>(data),
        OutputKind::Connections => checked::<Vec<model::Connection>>(data),
        OutputKind::Connection => checked::<model::Connection>(data),
        OutputKind::Accounts => checked::<Vec<model::Account>>(data),
        OutputKind::Clients => checked::<Vec<model::Client>>(data),
        OutputKind::Client => checked::<model::Client>(data),
        OutputKind::Connectors => checked::<Vec<model::Connector>>(data),
        OutputKind::Fields => checked::<model::Fields>(data),
        // Rows have no nullable fields to fill: check the shape only, keep the text as sent.
        OutputKind::Rows => checked::<Vec<model::AnyObject>>(data),
        OutputKind::Plans => checked::<Vec<model::Plan>>(data),
        OutputKind::Flag(key) => flag(key, data).map(|()| None),
    }
}

fn checked<T: DeserializeOwned + Serialize>(data: &str) -> std::result::Result<Option<String>, String> {
    let (value, absent) = model::noting_absent(|| serde_json::from_str::<T>(data));
    let value = value.map_err(|e| format!("\"data\" does not match the documented shape: {e}"))?;
    if !absent {
        return Ok(None);
    }
    // Rare path: fill the missing nullable fields into the API's own value, keeping its unknown
    // fields and its order; the typed value (with its nulls) says what is missing.
    let mut original: serde_json::Value = serde_json::from_str(data).map_err(|e| e.to_string())?;
    let typed = serde_json::to_value(&value).map_err(|e| e.to_string())?;
    fill(&mut original, &typed);
    Ok(Some(original.to_string()))
}

/// Add to `original` every object key `typed` has and it lacks, recursively.
fn fill(original: &mut serde_json::Value, typed: &serde_json::Value) {
    use serde_json::Value::{Array, Object};
    match (original, typed) {
        (Object(o), Object(t)) => {
            for (k, tv) in t {
                match o.get_mut(k) {
                    Some(ov) => fill(ov, tv),
                    None => {
                        o.insert(k.clone(), tv.clone());
                    }
                }
            }
        }
        (Array(o), Array(t)) => o.iter_mut().zip(t).for_each(|(ov, tv)| fill(ov, tv)),
        _ => {}
    }
}

/// A one-key acknowledgement such as `{ "deleted": true }`; other keys are kept.
fn flag(key: &str, data: &str) -> std::result::Result<(), String> {
    let map: model::Extra = serde_json::from_str(data).map_err(|_| format!("\"data\" must be an object with \"{key}\""))?;
    match map.get(key) {
        Some(serde_json::Value::Bool(_)) => Ok(()),
        _ => Err(format!("\"data\" must hold a boolean \"{key}\"")),
    }
}
