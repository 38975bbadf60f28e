//! A page request's path → the endpoint it names. The raw path is checked before routing: an
//! escape that could change the path's structure once decoded (an encoded `/`, `\`, `.`, `%`, or
//! a control character) and empty segments are refused, never normalised into something else.
//! The path parameters are then checked by the client's validators, and UUIDs lower-cased, so
//! `authorize`, the upstream URL and the cache see one spelling of each id.

use super::allow::AllowList;
use super::refusal::Refusal;
use crate::core::endpoint::Endpoint;
use crate::core::request::check_path_param;
use crate::core::router::{self, Route};
use crate::core::validate::quote;

/// A page request routed to an allowed endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub endpoint: &'static Endpoint,
    /// The path parameters, percent-decoded, checked and (UUIDs) lower-cased, in template order.
    pub params: Vec<String>,
}

impl Routed {
    /// `(name, value)` of each path parameter.
    pub fn named_params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.endpoint.path_params().zip(self.params.iter().map(String::as_str))
    }

    /// The team the request acts on, for team-scoped endpoints.
    pub fn team_id(&self) -> Option<&str> {
        self.named_params().find(|(n, _)| *n == "teamId").map(|(_, v)| v)
    }
}

/// Route `method` + `path` (the URL's path, still percent-encoded, without the query) under
/// `base_path` (`""` or `/prefix`, no trailing slash).
///
/// # Errors
/// 400 for a malformed path or a path parameter the validators refuse, 404 outside `base_path` or
/// with no endpoint, 405 for a wrong method, 403 for an endpoint the allow list leaves out.
pub fn route(base_path: &str, allow: &AllowList, method: &str, path: &str) -> Result<Routed, Refusal> {
    check_syntax(path)?;
    let rest = path.strip_prefix(base_path).filter(|r| r.starts_with('/')).ok_or_else(|| Refusal::not_found(method, path))?;
    let (endpoint, params) = match router::route(method, rest) {
        Route::Found(e, p) => (e, p),
        Route::WrongMethod(allowed) => return Err(Refusal::wrong_method(method, &allowed)),
        Route::NotFound => return Err(Refusal::not_found(method, path)),
    };
    if !allow.allows(endpoint) {
        return Err(Refusal::not_allowed(endpoint.name));
    }
    let mut params = params;
    for (name, value) in endpoint.path_params().zip(params.iter_mut()) {
        check_path_param(name, value).map_err(|e| Refusal::from_error(&e))?;
        if !matches!(name, "connectorId" | "accountId") {
            value.make_ascii_lowercase();
        }
    }
    Ok(Routed { endpoint, params })
}

fn check_syntax(path: &str) -> Result<(), Refusal> {
    let bad = |why: &str| Err(Refusal::bad_request(format!("The path {why}; got {}", quote(path))));
    if !path.starts_with('/') {
        return bad("must start with \"/\"");
    }
    if path.len() > 1 && path[1..].split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return bad("has an empty, \".\" or \"..\" segment");
    }
    if path.contains('\\') || path.chars().any(char::is_control) {
        return bad("has a backslash or a control character");
    }
    let bytes = path.as_bytes();
    for (i, _) in path.match_indices('%') {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok().and_then(|h| u8::from_str_radix(h, 16).ok()));
        match hex {
            None => return bad("has a malformed %-escape"),
            Some(b'/' | b'\\' | b'.' | b'%') => return bad("has an encoded \"/\", \"\\\", \".\" or \"%\""),
            Some(b) if b < 0x20 || b == 0x7f => return bad("has an encoded control character"),
            Some(_) => {}
        }
    }
    Ok(())
}
