//! Outlign requests: integer ids in the path, camelCase options in → snake_case on the wire,
//! every value checked before anything is sent.

use super::{oauth, PER_PAGE_MAX, TITLE_MAX_CHARS};
use crate::core::config::Config;
use crate::core::endpoint::{Endpoint, InputKind};
use crate::core::error::{Error, Result};
use crate::core::http::HttpRequest;
use crate::core::input::{describe, object, string};
use crate::core::validate::{encode_segment, quote};
use serde_json::{json, Map, Value};

/// Largest integer a JS number holds exactly: ids beyond it cannot round-trip through JS.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Build the request for an Outlign `endpoint` from its positional arguments (the `{id}`, then
/// the input).
///
/// # Errors
/// `INVALID_ARGUMENT` naming the parameter and quoting the value; nothing is sent.
pub fn build(cfg: &Config, endpoint: &Endpoint, args: &[Value]) -> Result<HttpRequest> {
    let mut url = String::with_capacity(cfg.base_url().len() + endpoint.path.len() + 48);
    url.push_str(cfg.base_url());
    let mut next = 0;
    for segment in endpoint.path.split('/').skip(1) {
        url.push('/');
        if segment.starts_with('{') {
            let id = positive_id(segment.trim_matches(['{', '}']), args.get(next).unwrap_or(&Value::Null))?;
            url.push_str(&id.to_string());
            next += 1;
        } else {
            url.push_str(segment);
        }
    }
    let input = args.get(next).unwrap_or(&Value::Null);
    let mut headers = Vec::with_capacity(3);
    if endpoint.input != InputKind::TokenGrant {
        headers.push(("Authorization", format!("Bearer {}", cfg.api_key())));
    }
    headers.push(("Accept", "application/json".to_owned()));
    let body = match endpoint.input {
        InputKind::OutlignListQuery => {
            for (i, (k, v)) in list_query(input)?.iter().enumerate() {
                url.push(if i == 0 { '?' } else { '&' });
                url.push_str(k);
                url.push('=');
                url.push_str(&encode_segment(v));
            }
            None
        }
        InputKind::OutlignCreate => Some(create_body(input)?),
        InputKind::OutlignUpdate => Some(update_body(input)?),
        InputKind::TokenGrant => {
            headers.push(("Content-Type", "application/x-www-form-urlencoded".to_owned()));
            return Ok(HttpRequest { method: endpoint.method, url, headers, body: Some(oauth::grant_form(input)?.into_bytes()) });
        }
        _ => None,
    };
    let body = body.map(|json| {
        headers.push(("Content-Type", "application/json".to_owned()));
        json.to_string().into_bytes()
    });
    Ok(HttpRequest { method: endpoint.method, url, headers, body })
}

/// An Outlign id: a positive integer a JS number holds exactly (`7`, not `"7"`, `1.5` or `-1`).
///
/// # Errors
/// `INVALID_ARGUMENT` naming `param`.
pub fn positive_id(param: &str, v: &Value) -> Result<u64> {
    match v.as_u64() {
        Some(n) if (1..=MAX_SAFE_INTEGER).contains(&n) => Ok(n),
        _ => Err(Error::invalid(format!("{param} must be a positive integer (an Outlign id); got {}", describe(v)))),
    }
}

/// `?company_id=&title=&per_page=` from `{ companyId?, title?, perPage? }`, in that order.
fn list_query(v: &Value) -> Result<Vec<(&'static str, String)>> {
    let Some(map) = object("query", v, &["companyId", "title", "perPage"], true)? else { return Ok(vec![]) };
    let mut query = Vec::with_capacity(3);
    if let Some(id) = present(map, "companyId") {
        query.push(("company_id", positive_id("query.companyId", id)?.to_string()));
    }
    if let Some(title) = present(map, "title") {
        let raw = string("query.title", title)?;
        let title = raw.trim();
        if title.chars().count() > TITLE_MAX_CHARS {
            return Err(Error::invalid(format!(
                "query.title must be at most {TITLE_MAX_CHARS} characters (matched as part of a title); got {}",
                quote(raw)
            )));
        }
        // A blank search (a cleared search box) filters nothing.
        if !title.is_empty() {
            query.push(("title", title.to_owned()));
        }
    }
    if let Some(n) = present(map, "perPage") {
        match n.as_u64() {
            Some(n) if (1..=PER_PAGE_MAX).contains(&n) => query.push(("per_page", n.to_string())),
            _ => return Err(Error::invalid(format!("query.perPage must be an integer from 1 to {PER_PAGE_MAX}; got {}", describe(n)))),
        }
    }
    Ok(query)
}

/// `{ "title", "company_id" }` from `{ title, companyId }`: both required.
fn create_body(v: &Value) -> Result<Value> {
    let map = object("input", v, &["title", "companyId"], false)?.cloned().unwrap_or_default();
    let title = title("input.title", present(&map, "title"))?;
    let Some(company) = present(&map, "companyId") else {
        return Err(Error::invalid("input.companyId is required: the id of the Outlign company the client belongs to (companies.list())"));
    };
    Ok(json!({ "title": title, "company_id": positive_id("input.companyId", company)? }))
}

/// `{ "title"? }` from `{ title? }` (the API documents `title` as optional).
fn update_body(v: &Value) -> Result<Value> {
    let map = object("input", v, &["title"], false)?.cloned().unwrap_or_default();
    Ok(match present(&map, "title") {
        Some(t) => json!({ "title": title("input.title", Some(t))? }),
        None => json!({}),
    })
}

/// A client title: 1–255 characters after trimming; the trimmed title is sent.
fn title<'a>(param: &str, v: Option<&'a Value>) -> Result<&'a str> {
    let Some(v) = v else {
        return Err(Error::invalid(format!("{param} is required: the client's name (1 to {TITLE_MAX_CHARS} characters)")));
    };
    let raw = string(param, v)?;
    let trimmed = raw.trim();
    if (1..=TITLE_MAX_CHARS).contains(&trimmed.chars().count()) {
        Ok(trimmed)
    } else {
        Err(Error::invalid(format!("{param} must be 1 to {TITLE_MAX_CHARS} characters after trimming; got {}", quote(raw))))
    }
}

/// A key's value unless it is absent or `null` (JS `undefined` arrives as absent).
fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}
