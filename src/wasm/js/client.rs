//! `TmrClient` as the package exports it: a synchronous constructor (options checked at once, no
//! I/O), the method groups as objects made once and handed out by getters, `withResponse` with
//! the same groups resolving `{ data, status, headers, attempts, durationMs }`.

use super::call::Handle;
use super::convert::base_url_json;
use super::error::js_err;
use super::groups::groups;
use super::options::client_options;
use super::panic;
use crate::core::ENDPOINTS;
use crate::wasm::halted;
use crate::wasm::session::Session;
use js_sys::{Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A client of the Two Minute Reports API v1.
#[wasm_bindgen]
pub struct TmrClient {
    base_url: String,
    groups: [JsValue; 9],
    with_response: JsValue,
}

/// The group getters, in the order of `GROUPS`.
macro_rules! getters {
    ($($name:ident = $i:literal),* $(,)?) => {
        #[wasm_bindgen]
        impl TmrClient {
            $(
                #[doc = concat!("`client.", stringify!($name), "`: made once with the client.")]
                #[wasm_bindgen(getter)]
                pub fn $name(&self) -> JsValue {
                    self.groups[$i].clone()
                }
            )*
        }
    };
}

/// The groups, in the order of the getters.
const GROUPS: [&str; 9] = ["users", "teams", "members", "invites", "connections", "clients", "connectors", "data", "platform"];

getters!(users = 0, teams = 1, members = 2, invites = 3, connections = 4, clients = 5, connectors = 6, data = 7, platform = 8);

#[wasm_bindgen]
impl TmrClient {
    /// Check `options` and make the client. Throws a `TmrError` (`INVALID_ARGUMENT`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<TmrClient, JsValue> {
        if halted() {
            return Err(panic::retired());
        }
        let settings = client_options(&options).map_err(js_err)?;
        let base_url = settings.config.base_url().to_owned();
        let session = Rc::new(Session::new(settings));
        let plain = groups(&Handle { session: session.clone(), meta: false }, &ENDPOINTS, GROUPS);
        let meta = groups(&Handle { session, meta: true }, &ENDPOINTS, GROUPS);
        let with_response = Object::new();
        for (name, group) in GROUPS.iter().zip(meta) {
            let _ = Reflect::set(&with_response, &JsValue::from_str(name), &group);
        }
        Ok(TmrClient { base_url, groups: plain, with_response: Object::freeze(&with_response).into() })
    }

    /// The same groups, resolving `{ data, status, headers, attempts, durationMs }`.
    #[wasm_bindgen(getter, js_name = withResponse)]
    pub fn with_response(&self) -> JsValue {
        self.with_response.clone()
    }

    /// The base URL this client talks to (the key is never exposed).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// `{ baseUrl }`: what `JSON.stringify(client)` shows (never the key).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        base_url_json(&self.base_url)
    }
}
