//! Outlign's OAuth helpers as JS functions: `outlignAuthorizeUrl` (synchronous), and
//! `exchangeOutlignCode` / `refreshOutlignToken` (a form-encoded `POST /oauth/token` on the same
//! driver as every call). For Node scripts and servers: the client secret must not ship in a page.
//! The secret is never quoted in an error, and removed from any message a server echoes it in.

use super::call::promise_of;
use super::convert::{from_json, to_value, type_of};
use super::error::js_err;
use super::options::{call_options, check_object, fetch_option, opt_string};
use crate::core::outlign::oauth;
use crate::core::{Config, Error};
use crate::outlign_endpoint;
use crate::wasm::outlign::request_token;
use crate::wasm::prop::get;
use js_sys::{Object, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const CALL_KEYS: [&str; 4] = ["baseUrl", "fetch", "signal", "timeoutMs"];

/// `outlignAuthorizeUrl({ clientId, redirectUri, state?, baseUrl? })`: where to send the user.
#[wasm_bindgen(js_name = outlignAuthorizeUrl, skip_typescript)]
pub fn authorize_url(options: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        check_object("options", &options, &["clientId", "redirectUri", "state", "baseUrl"], false)?;
        let config = Config::outlign_without_token(opt_string("baseUrl", get(&options, "baseUrl"))?.as_deref(), None, None)?;
        let field = |k: &str| to_value(k, &get(&options, k));
        oauth::authorize_url(config.base_url(), &field("clientId")?, &field("redirectUri")?, &field("state")?)
    };
    run().map_err(js_err)
}

/// `exchangeOutlignCode({ clientId, clientSecret, code, redirectUri, baseUrl?, fetch?, signal?, timeoutMs? })`.
#[wasm_bindgen(js_name = exchangeOutlignCode, skip_typescript)]
pub fn exchange_code(options: JsValue) -> Promise {
    token(options, "authorization_code", &["clientId", "clientSecret", "code", "redirectUri"])
}

/// `refreshOutlignToken({ clientId, clientSecret, refreshToken, baseUrl?, fetch?, signal?, timeoutMs? })`.
#[wasm_bindgen(js_name = refreshOutlignToken, skip_typescript)]
pub fn refresh_token(options: JsValue) -> Promise {
    token(options, "refresh_token", &["clientId", "clientSecret", "refreshToken"])
}

fn token(options: JsValue, grant_type: &'static str, fields: &'static [&'static str]) -> Promise {
    let endpoint = outlign_endpoint!("outlign.oauth.token");
    promise_of(
        Some(endpoint.name),
        Box::pin(async move {
            let known: Vec<&str> = fields.iter().chain(CALL_KEYS.iter()).copied().collect();
            check_object("options", &options, &known, false)?;
            let mut grant = Map::new();
            grant.insert("grantType".into(), Value::String(grant_type.to_owned()));
            for key in fields {
                let v = get(&options, key);
                // Credentials are read as strings only, so a wrong value is never rendered.
                let value = match v.as_string() {
                    Some(s) => Value::String(s),
                    None if v.is_undefined() || v.is_null() => Value::Null,
                    None if *key == "clientId" || *key == "redirectUri" => to_value(key, &v)?,
                    None => return Err(Error::invalid(format!("{key} must be a string; got {} (value not shown)", type_of(&v))).into()),
                };
                grant.insert((*key).to_owned(), value);
            }
            let per_call = Object::new();
            for key in ["signal", "timeoutMs"] {
                let _ = js_sys::Reflect::set(&per_call, &key.into(), &get(&options, key));
            }
            let call = call_options(per_call.unchecked_ref(), false)?;
            let base_url = opt_string("baseUrl", get(&options, "baseUrl"))?;
            let answer = request_token(&Value::Object(grant), base_url.as_deref(), fetch_option(&options)?, call).await?;
            Ok(from_json(&answer)?)
        }),
    )
}
