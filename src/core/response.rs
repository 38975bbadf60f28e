//! `HttpResponse` → the envelope's `data` as normalised JSON text, or an `Error`.
//!
//! The data is decoded into the endpoint's model (so wrong types are caught here, not in the
//! caller's code) and written back out: documented fields in order, `null` for missing nullable
//! fields, unknown fields kept as sent.

use super::endpoint::{Endpoint, OutputKind};
use super::error::{Error, ErrorCode, Result};
use super::http::HttpResponse;
use super::model::{self, Row};
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

/// Decode an answer for `endpoint`: `Ok(json text of data)` or the error it carries.
///
/// # Errors
/// The API's error (with its code, status and message), or `INVALID_RESPONSE`.
pub fn decode(endpoint: &Endpoint, res: &HttpResponse) -> Result<String> {
    let invalid = |message: String| Error::InvalidResponse { status: res.status, message };
    if res.body.is_empty() {
        return Err(invalid("empty body".to_owned()));
    }
    let env: Envelope = serde_json::from_slice(&res.body).map_err(|e| invalid(format!("not a JSON envelope: {e}")))?;
    let ok_status = (200..300).contains(&res.status);
    match (env.success, env.data, env.error) {
        (true, Some(data), _) if ok_status => normalise(endpoint.output, data.get()).map_err(invalid),
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

fn normalise(kind: OutputKind, data: &str) -> std::result::Result<String, String> {
    match kind {
        OutputKind::User => round_trip::<model::User>(data),
        OutputKind::Preferences => round_trip::<model::Preferences>(data),
        OutputKind::TeamSummaries => round_trip::<Vec<model::TeamSummary>>(data),
        OutputKind::Team => round_trip::<model::Team>(data),
        OutputKind::Renamed => round_trip::<model::Renamed>(data),
        OutputKind::Members => round_trip::<Vec<model::Member>>(data),
        OutputKind::Invites => round_trip::<Vec<model::Invite>>(data),
        OutputKind::Connections => round_trip::<Vec<model::Connection>>(data),
        OutputKind::Connection => round_trip::<model::Connection>(data),
        OutputKind::Accounts => round_trip::<Vec<model::Account>>(data),
        OutputKind::Clients => round_trip::<Vec<model::Client>>(data),
        OutputKind::Client => round_trip::<model::Client>(data),
        OutputKind::Connectors => round_trip::<Vec<model::Connector>>(data),
        OutputKind::Fields => round_trip::<model::Fields>(data),
        OutputKind::Rows => round_trip::<Vec<Row>>(data),
        OutputKind::Plans => round_trip::<Vec<model::Plan>>(data),
        OutputKind::Flag(key) => flag(key, data),
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(data: &str) -> std::result::Result<String, String> {
    let value: T = serde_json::from_str(data).map_err(|e| format!("\"data\" does not match the documented shape: {e}"))?;
    serde_json::to_string(&value).map_err(|e| e.to_string())
}

/// A one-key acknowledgement such as `{ "deleted": true }`; other keys are kept.
fn flag(key: &str, data: &str) -> std::result::Result<String, String> {
    let map: model::Extra = serde_json::from_str(data).map_err(|_| format!("\"data\" must be an object with \"{key}\""))?;
    match map.get(key) {
        Some(serde_json::Value::Bool(_)) => Ok(data.to_owned()),
        _ => Err(format!("\"data\" must hold a boolean \"{key}\"")),
    }
}
