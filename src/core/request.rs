//! Typed arguments → `HttpRequest`, validating everything before anything is sent.

use super::avatar;
use super::config::Config;
use super::endpoint::{Api, Endpoint, InputKind};
use super::error::{Error, Result};
use super::http::HttpRequest;
use super::input::{self, describe, string};
use super::outlign;
use super::query;
use super::validate::{self, encode_segment};
use serde_json::Value;

/// The body and query an endpoint's input produces.
#[derive(Default)]
struct Parts {
    query: Vec<(&'static str, String)>,
    json: Option<Value>,
    raw: Option<(String, Vec<u8>)>,
}

/// Build the request for `endpoint` from its positional arguments: the path parameters in
/// template order, then the endpoint's input (if any). `file` carries an avatar's bytes.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the parameter and quoting the value; nothing is sent.
pub fn build(cfg: &Config, endpoint: &Endpoint, args: &[Value], file: Option<&[u8]>) -> Result<HttpRequest> {
    if endpoint.api == Api::Outlign {
        return outlign::request::build(cfg, endpoint, args);
    }
    let mut url = String::with_capacity(cfg.base_url().len() + endpoint.path.len() + 64);
    url.push_str(cfg.base_url());
    let mut next = 0;
    for segment in endpoint.path.split('/').skip(1) {
        url.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            None => url.push_str(segment),
            Some(param) => {
                let value = path_param(param, args.get(next).unwrap_or(&Value::Null))?;
                url.push_str(&encode_segment(value));
                next += 1;
            }
        }
    }
    let input = args.get(next).unwrap_or(&Value::Null);
    let parts = input_parts(endpoint.input, input, file)?;
    for (i, (k, v)) in parts.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(&encode_segment(v));
    }

    let mut headers = Vec::with_capacity(3);
    if cfg.has_key() {
        headers.push(("Authorization", format!("Bearer {}", cfg.api_key())));
    }
    headers.push(("Accept", "application/json".to_owned()));
    let body = match (parts.json, parts.raw) {
        (Some(json), _) => {
            headers.push(("Content-Type", "application/json".to_owned()));
            Some(json.to_string().into_bytes())
        }
        (None, Some((content_type, bytes))) => {
            headers.push(("Content-Type", content_type));
            Some(bytes)
        }
        (None, None) => None,
    };
    Ok(HttpRequest { method: endpoint.method, url, headers, body })
}

/// Check one path parameter by its name in the template.
fn path_param<'a>(param: &str, v: &'a Value) -> Result<&'a str> {
    let s = string(param, v)?;
    check_path_param(param, s)?;
    Ok(s)
}

/// The check of a path parameter named `param` (`teamId`, `connectorId`, `accountId`, …).
///
/// # Errors
/// `INVALID_ARGUMENT` naming the parameter and quoting the value.
pub fn check_path_param(param: &str, value: &str) -> Result<()> {
    match param {
        "connectorId" => validate::connector_id(param, value),
        "accountId" => validate::account_id(param, value),
        _ => validate::uuid(param, value),
    }
}

fn input_parts(kind: InputKind, v: &Value, file: Option<&[u8]>) -> Result<Parts> {
    let json = |body: Value| Parts { json: Some(body), ..Parts::default() };
    Ok(match kind {
        InputKind::None => Parts::default(),
        InputKind::Name => json(input::name_body(v)?),
        InputKind::Role => json(input::role_body(v)?),
        InputKind::Invite => json(input::invite_body(v)?),
        InputKind::Preferences => json(input::preferences_body(v)?),
        InputKind::Query => json(query::query_body(v)?),
        InputKind::StatusFilter => Parts { query: input::status_query(v)?, ..Parts::default() },
        InputKind::AccountIds => Parts { query: input::account_ids_query(v)?, ..Parts::default() },
        InputKind::Avatar => {
            let opts = input::object("options", v, &["contentType"], true)?;
            let content_type = match opts.and_then(|o| o.get("contentType")) {
                None | Some(Value::Null) => None,
                Some(ct) => Some(string("options.contentType", ct)?),
            };
            let bytes = file.ok_or_else(|| {
                Error::invalid(format!("file must be a Blob or Uint8Array holding the image; got {}", describe(&Value::Null)))
            })?;
            let m = avatar::multipart(bytes, content_type)?;
            Parts { raw: Some((m.content_type, m.body)), ..Parts::default() }
        }
        InputKind::OutlignListQuery | InputKind::OutlignCreate | InputKind::OutlignUpdate | InputKind::TokenGrant => {
            return Err(Error::Internal { message: format!("{kind:?} is an Outlign input") });
        }
    })
}
