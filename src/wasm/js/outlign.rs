//! `OutlignClient` as the package exports it: options checked at once (no I/O), the `clients`
//! and `companies` groups bound from Outlign's table, `onUnauthorized` as the token refresher.

use super::call::Handle;
use super::convert::{base_url_json, type_of};
use super::error::js_err;
use super::groups::groups;
use super::options::{check_object, fetch_option, opt_number, opt_string};
use super::panic;
use crate::core::outlign::OUTLIGN_ENDPOINTS;
use crate::core::{Config, Error};
use crate::wasm::auth::{Auth, Refresher, Renewal};
use crate::wasm::context;
use crate::wasm::outlign::api_settings;
use crate::wasm::prop::get;
use crate::wasm::session::Session;
use crate::wasm::{halted, Failure};
use js_sys::{Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const OPTION_KEYS: [&str; 6] = ["accessToken", "baseUrl", "onUnauthorized", "timeoutMs", "maxRetries", "fetch"];
const GROUPS: [&str; 2] = ["outlign.clients", "outlign.companies"];

/// A client of the Outlign Clients API.
#[wasm_bindgen]
pub struct OutlignClient {
    base_url: String,
    groups: [JsValue; 2],
    auth: Rc<Auth>,
}

#[wasm_bindgen]
impl OutlignClient {
    /// Check `options` and make the client. Throws a `TmrError` (`INVALID_ARGUMENT`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<OutlignClient, JsValue> {
        if halted() {
            return Err(panic::retired());
        }
        Self::make(&options).map_err(js_err)
    }

    fn make(v: &JsValue) -> Result<OutlignClient, Error> {
        if v.is_undefined() || v.is_null() {
            return Err(Error::invalid("options are required: new OutlignClient({ accessToken })"));
        }
        check_object("options", v, &OPTION_KEYS, false)?;
        let token = match get(v, "accessToken") {
            t if t.is_undefined() => String::new(),
            t => t.as_string().ok_or_else(|| Error::invalid(format!("accessToken must be a string; got {}", type_of(&t))))?,
        };
        let base_url = opt_string("baseUrl", get(v, "baseUrl"))?;
        let timeout_ms = opt_number("timeoutMs", get(v, "timeoutMs"))?;
        let max_retries = opt_number("maxRetries", get(v, "maxRetries"))?;
        let config = Config::outlign(&token, base_url.as_deref(), timeout_ms, max_retries)?;
        let refresher: Option<Rc<dyn Refresher>> = match get(v, "onUnauthorized") {
            f if f.is_undefined() => None,
            f => Some(Rc::new(JsRefresher(f.dyn_into::<Function>().map_err(|f| {
                Error::invalid(format!(
                    "onUnauthorized must be a function returning (a promise of) a new access token; got {}",
                    type_of(&f)
                ))
            })?))),
        };
        let settings = api_settings(config, fetch_option(v)?, refresher);
        let auth = settings.auth.clone().ok_or_else(|| Error::Internal { message: "an Outlign client without a token".into() })?;
        let base_url = settings.config.base_url().to_owned();
        let handle = Handle { session: Rc::new(Session::new(settings)), meta: false };
        Ok(OutlignClient { base_url, groups: groups(&handle, &OUTLIGN_ENDPOINTS, GROUPS), auth })
    }

    /// `client.clients`: list, get, create, update, delete.
    #[wasm_bindgen(getter)]
    pub fn clients(&self) -> JsValue {
        self.groups[0].clone()
    }

    /// `client.companies`: list.
    #[wasm_bindgen(getter)]
    pub fn companies(&self) -> JsValue {
        self.groups[1].clone()
    }

    /// Send `token` from now on (after refreshing it yourself). Throws `INVALID_ARGUMENT` for a
    /// value that cannot be a bearer token.
    #[wasm_bindgen(js_name = setAccessToken)]
    pub fn set_access_token(&self, token: JsValue) -> Result<(), JsValue> {
        let token = token.as_string().ok_or_else(|| js_err(Error::invalid(format!("token must be a string; got {}", type_of(&token)))))?;
        self.auth.set("token", token).map_err(js_err)
    }

    /// The origin this client talks to (the token is never exposed).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// `{ baseUrl }`: what `JSON.stringify(client)` shows (never the token).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        base_url_json(&self.base_url)
    }
}

/// `onUnauthorized`: called with no arguments; returns a token or a promise of one.
struct JsRefresher(Function);

impl Refresher for JsRefresher {
    fn refresh(&self) -> Renewal {
        let returned = context::call0(&self.0, &JsValue::UNDEFINED);
        Box::pin(async move {
            let value = match returned {
                Ok(v) => JsFuture::from(Promise::resolve(&v)).await,
                Err(thrown) => Err(thrown),
            };
            let value = value.map_err(|cause| {
                let why = cause
                    .dyn_ref::<js_sys::Error>()
                    .map_or_else(|| "it threw".to_owned(), |e| format!("it threw: {}", String::from(e.message())));
                Failure::caused(Error::Network { message: why }, Some(cause))
            })?;
            value.as_string().ok_or_else(|| {
                Failure::from(Error::invalid(format!(
                    "onUnauthorized must return (a promise of) the new access token as a string; got {}",
                    type_of(&value)
                )))
            })
        })
    }
}
