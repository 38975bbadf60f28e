//! A routed page request → the request `TmrClient` would send for the same call: the query and
//! JSON body turned back into the method's arguments, then built by the client's own validators
//! (`request::build`). Only that request goes upstream.

use super::path::Routed;
use super::refusal::Refusal;
use crate::core::endpoint::{Endpoint, InputKind};
use crate::core::http::HttpRequest;
use crate::core::input;
use crate::core::router::query_decode;
use crate::core::validate::quote;
use crate::core::{request, Config};
use serde_json::{json, Value};

/// Build the upstream request for `routed` from the page's raw query (without `?`) and body.
///
/// # Errors
/// 400 with the validator's message for anything `TmrClient` itself would refuse, for query
/// parameters or a body the endpoint does not take, and for a body that is not JSON.
pub fn rebuild(config: &Config, routed: &Routed, query: &str, body: &[u8]) -> Result<HttpRequest, Refusal> {
    let endpoint = routed.endpoint;
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_decode(k), query_decode(v))
        })
        .collect();
    let takes_body = takes_body(endpoint);
    if !takes_body && !body.is_empty() {
        return Err(Refusal::bad_request(format!("{} takes no request body", endpoint.name)));
    }
    let known: &[&str] = match endpoint.input {
        InputKind::StatusFilter => &["status"],
        InputKind::AccountIds => &["accountIds"],
        _ => &[],
    };
    if let Some((k, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        let allowed = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
        return Err(Refusal::bad_request(format!("{} has no query parameter {}; allowed: {allowed}", endpoint.name, quote(k))));
    }
    let input = match endpoint.input {
        InputKind::StatusFilter => {
            let mut statuses = pairs.iter().map(|(_, v)| v.as_str());
            match (statuses.next(), statuses.next()) {
                (None, _) => Value::Null,
                (Some(s), None) => json!({ "status": s }),
                (Some(_), Some(_)) => return Err(Refusal::bad_request("status may be given once")),
            }
        }
        InputKind::AccountIds if pairs.is_empty() => Value::Null,
        InputKind::AccountIds => json!({ "accountIds": pairs.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>() }),
        InputKind::Name | InputKind::Role => {
            let key = if endpoint.input == InputKind::Name { "name" } else { "role" };
            let body = json_body(body)?;
            let map = input::object("body", &body, &[key], false).map_err(|e| Refusal::from_error(&e))?;
            map.and_then(|m| m.get(key)).cloned().unwrap_or(Value::Null)
        }
        _ if takes_body => json_body(body)?,
        _ => Value::Null,
    };
    let mut args: Vec<Value> = routed.params.iter().map(|p| Value::String(p.clone())).collect();
    if endpoint.input != InputKind::None {
        args.push(input);
    }
    request::build(config, endpoint, &args, None).map_err(|e| Refusal::from_error(&e))
}

/// Whether `endpoint` takes a JSON request body.
pub fn takes_body(endpoint: &Endpoint) -> bool {
    matches!(endpoint.input, InputKind::Name | InputKind::Role | InputKind::Invite | InputKind::Preferences | InputKind::Query)
}

/// Whether a `Content-Type` is JSON (`application/json`, any parameters, any case).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// The body as JSON (`null` when empty, so the validator says what is missing).
fn json_body(body: &[u8]) -> Result<Value, Refusal> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    let text = std::str::from_utf8(body).map_err(|_| Refusal::bad_request("The request body must be UTF-8 JSON"))?;
    crate::core::scan::parse(text).map_err(|_| Refusal::bad_request("The request body must be JSON"))
}
