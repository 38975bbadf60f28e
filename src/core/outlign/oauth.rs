//! Outlign's OAuth2 authorisation-code flow (CONTRACT.md §8.1): the authorise URL a user is sent
//! to, and the form body of `POST /oauth/token` for a code exchange or a refresh. The client
//! secret goes into that body only: never into a URL, an error or a log line.

use super::SCOPE;
use crate::core::error::{Error, Result};
use crate::core::input::{describe, object, string};
use crate::core::validate::{encode_segment, quote};

pub use crate::core::redact::redact;
use serde_json::{json, Map, Value};

/// A token request: what `POST /oauth/token` is asked for.
#[derive(Clone, PartialEq)]
pub enum Grant {
    /// Exchange the `code` the authorise redirect brought back.
    AuthorizationCode { client_id: String, client_secret: String, code: String, redirect_uri: String },
    /// Get a fresh access token for a refresh token.
    RefreshToken { client_id: String, client_secret: String, refresh_token: String },
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Grant::AuthorizationCode { client_id, redirect_uri, .. } => f
                .debug_struct("AuthorizationCode")
                .field("client_id", client_id)
                .field("redirect_uri", redirect_uri)
                .finish_non_exhaustive(),
            Grant::RefreshToken { client_id, .. } => f.debug_struct("RefreshToken").field("client_id", client_id).finish_non_exhaustive(),
        }
    }
}

impl Grant {
    /// The grant as the core's JSON input (camelCase, the JS helpers' option names).
    pub fn to_input(&self) -> Value {
        match self {
            Grant::AuthorizationCode { client_id, client_secret, code, redirect_uri } => json!({
                "grantType": "authorization_code", "clientId": client_id, "clientSecret": client_secret,
                "code": code, "redirectUri": redirect_uri,
            }),
            Grant::RefreshToken { client_id, client_secret, refresh_token } => json!({
                "grantType": "refresh_token", "clientId": client_id, "clientSecret": client_secret, "refreshToken": refresh_token,
            }),
        }
    }
}

/// The credentials a token request's input carries (the client secret, the code or refresh
/// token): what its errors must not show.
pub fn credentials(input: &Value) -> Vec<&str> {
    ["clientSecret", "code", "refreshToken"].iter().filter_map(|k| input.get(*k)?.as_str()).collect()
}

/// The form body of a token request from its JSON input.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the option; the secret and tokens are never quoted.
pub fn grant_form(v: &Value) -> Result<String> {
    let keys = ["grantType", "clientId", "clientSecret", "code", "redirectUri", "refreshToken"];
    let map = object("grant", v, &keys, false)?.cloned().unwrap_or_default();
    let grant_type = string("grantType", map.get("grantType").unwrap_or(&Value::Null))?;
    let mut fields = vec![("grant_type", grant_type.to_owned())];
    fields.push(("client_id", visible("clientId", &map, true)?));
    fields.push(("client_secret", secret("clientSecret", &map)?));
    match grant_type {
        "authorization_code" => {
            fields.push(("code", secret("code", &map)?));
            fields.push(("redirect_uri", redirect_uri(map.get("redirectUri").unwrap_or(&Value::Null))?.to_owned()));
        }
        "refresh_token" => fields.push(("refresh_token", secret("refreshToken", &map)?)),
        other => {
            return Err(Error::invalid(format!("grantType must be \"authorization_code\" or \"refresh_token\"; got {}", quote(other))));
        }
    }
    Ok(form(&fields))
}

/// The URL that starts the flow: the user signs in there and is sent back to `redirect_uri`
/// with `?code=…&state=…`.
///
/// # Errors
/// `INVALID_ARGUMENT` for a missing client id, a redirect URI that is not an absolute URL, or a
/// `state` that is not a string.
pub fn authorize_url(base_url: &str, client_id: &Value, redirect: &Value, state: &Value) -> Result<String> {
    let mut map = Map::new();
    map.insert("clientId".into(), client_id.clone());
    let mut fields = vec![("client_id", visible("clientId", &map, true)?)];
    fields.push(("redirect_uri", redirect_uri(redirect)?.to_owned()));
    fields.push(("response_type", "code".to_owned()));
    fields.push(("scope", SCOPE.to_owned()));
    if !state.is_null() {
        fields.push(("state", string("state", state)?.to_owned()));
    }
    Ok(format!("{base_url}/oauth/authorize?{}", form(&fields)))
}

fn form(fields: &[(&str, String)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", encode_segment(v))).collect();
    parts.join("&")
}

/// A required non-empty string shown in errors (`clientId`).
fn visible(param: &str, map: &Map<String, Value>, required: bool) -> Result<String> {
    match map.get(param).filter(|v| !v.is_null()) {
        None if required => Err(Error::invalid(format!("{param} is required: the OAuth client id of your Outlign app"))),
        None => Ok(String::new()),
        Some(v) => {
            let s = string(param, v)?;
            if s.trim().is_empty() || s.chars().any(char::is_control) {
                return Err(Error::invalid(format!("{param} must be a non-empty string without control characters; got {}", describe(v))));
            }
            Ok(s.to_owned())
        }
    }
}

/// A required credential: never quoted in the error.
fn secret(param: &str, map: &Map<String, Value>) -> Result<String> {
    match map.get(param) {
        Some(Value::String(s)) if !s.is_empty() && !s.chars().any(char::is_control) => Ok(s.clone()),
        None | Some(Value::Null) => Err(Error::invalid(format!("{param} is required"))),
        Some(Value::String(_)) => {
            Err(Error::invalid(format!("{param} must be a non-empty string without control characters (value not shown)")))
        }
        Some(_) => Err(Error::invalid(format!("{param} must be a string (value not shown)"))),
    }
}

/// An absolute URL without spaces or a fragment (RFC 6749 §3.1.2).
fn redirect_uri(v: &Value) -> Result<&str> {
    if v.is_null() {
        return Err(Error::invalid("redirectUri is required: the URL Outlign sends the user back to, as registered for your app"));
    }
    let s = string("redirectUri", v)?;
    let scheme_ok = s.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) && !rest.is_empty()
    });
    if !scheme_ok || s.contains('#') || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(format!("redirectUri must be an absolute URL without spaces or a #fragment; got {}", quote(s))));
    }
    Ok(s)
}
