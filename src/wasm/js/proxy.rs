//! `TmrProxy`, behind the package's `createTmrProxy(options)` (`tmr-client/proxy`): its options
//! read here, each request answered by the Rust proxy (`crate::wasm::proxy`). The handler's
//! Promise resolves with a `Response` for every page request, refusals included.

use super::call::promise_of;
use super::convert::type_of;
use super::error::js_err;
use super::options::{check_object, opt_number, opt_string, proxy_keys, settings};
use super::panic;
use crate::core::config::check_token;
use crate::core::proxy::{AllowList, Routed, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WAIT_MS};
use crate::core::Error;
use crate::wasm::context;
use crate::wasm::halted;
use crate::wasm::prop::{get, set};
use crate::wasm::proxy::{Authorize, Proxy};
use js_sys::{Array, Function, Object, Promise};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Largest `maxBodyBytes`: run-query bodies are small; this only bounds a typo.
const MAX_BODY_LIMIT: u32 = 64 * 1024 * 1024;

/// A proxy for pages: one per server, shared by every visitor.
#[wasm_bindgen(js_name = TmrProxy, skip_typescript)]
pub struct JsProxy {
    proxy: Rc<Proxy>,
}

#[wasm_bindgen(js_class = TmrProxy)]
impl JsProxy {
    /// Check `options` and make the proxy. Throws a `TmrError` (`INVALID_ARGUMENT`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsProxy, JsValue> {
        if halted() {
            return Err(panic::retired());
        }
        proxy_options(&options).map(|proxy| JsProxy { proxy: Rc::new(proxy) }).map_err(js_err)
    }

    /// Answer one request: a Promise of its `Response`.
    pub fn handle(&self, request: JsValue) -> Promise {
        if halted() {
            return Promise::reject(&panic::retired());
        }
        let proxy = self.proxy.clone();
        promise_of(
            None,
            Box::pin(async move {
                // Structurally: another implementation's Request (a ponyfill, another realm) works too.
                if get(&request, "url").as_string().is_none() || get(&request, "method").as_string().is_none() {
                    return Err(Error::invalid(format!("the proxy handler takes a standard Request; got {}", type_of(&request))).into());
                }
                let request = request.unchecked_into::<web_sys::Request>();
                proxy.handle(request).await.map(JsValue::from).map_err(|cause| {
                    crate::wasm::Failure::caused(Error::Internal { message: "the runtime could not make a Response".into() }, Some(cause))
                })
            }),
        )
    }
}

fn proxy_options(v: &JsValue) -> Result<Proxy, Error> {
    if v.is_undefined() || v.is_null() {
        return Err(Error::invalid("options are required: createTmrProxy({ apiKey, allow: ['teams.get', …] })"));
    }
    check_object("options", v, &proxy_keys(), false)?;
    let key = get(v, "apiKey");
    let key = key.as_string().ok_or_else(|| {
        if key.is_undefined() {
            Error::invalid("apiKey is required: the proxy adds it to every request it forwards (pass process.env.TMR_API_KEY)")
        } else {
            Error::invalid(format!("apiKey must be a string; got {}", type_of(&key)))
        }
    })?;
    check_token("apiKey", &key, "the API key the proxy adds upstream")?;
    let settings = settings(v, DEFAULT_MAX_WAIT_MS)?;
    // A proxy in a page or a service worker would hand its key to the page's scripts.
    if crate::wasm::realm::is_browser() {
        crate::core::config::browser_guard(&settings.config, false)?;
    }
    let allow = AllowList::parse(&strings(v, "allow", "endpoint names or \"group.*\"")?)?;
    let origins = strings(v, "allowedOrigins", "origins such as \"https://app.example\"")?;
    let base_path = opt_string("basePath", get(v, "basePath"))?.unwrap_or_default();
    let max_body_bytes = match opt_number("maxBodyBytes", get(v, "maxBodyBytes"))? {
        None => DEFAULT_MAX_BODY_BYTES,
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(MAX_BODY_LIMIT)).contains(&n) => n as usize,
        Some(n) => {
            return Err(Error::invalid(format!(
                "maxBodyBytes must be an integer from 0 to {MAX_BODY_LIMIT}; got {}",
                crate::core::config::js_number(n)
            )))
        }
    };
    let proxy = Proxy::from_settings(settings, allow, &base_path)?.max_body_bytes(max_body_bytes).allowed_origins(origins)?;
    match get(v, "authorize") {
        f if f.is_undefined() => Ok(proxy),
        f => {
            let f = f.dyn_into::<Function>().map_err(|f| Error::invalid(format!("authorize must be a function; got {}", type_of(&f))))?;
            Ok(proxy.authorize(Box::new(JsAuthorize(f))))
        }
    }
}

/// The array of strings at `options[key]` (absent: none).
fn strings(v: &JsValue, key: &str, what: &str) -> Result<Vec<String>, Error> {
    match get(v, key) {
        a if a.is_undefined() => Ok(Vec::new()),
        a if Array::is_array(&a) => Array::from(&a)
            .iter()
            .enumerate()
            .map(|(i, e)| e.as_string().ok_or_else(|| Error::invalid(format!("{key}[{i}] must be a string; got {}", type_of(&e)))))
            .collect(),
        a => Err(Error::invalid(format!("{key} must be an array of {what}; got {}", type_of(&a)))),
    }
}

/// The `authorize(request, call)` option: forwards only when it returns (a promise of) `true`.
struct JsAuthorize(Function);

impl Authorize for JsAuthorize {
    fn authorize(&self, request: &web_sys::Request, routed: &Routed) -> Pin<Box<dyn Future<Output = Result<bool, String>>>> {
        let call: JsValue = Object::new().into();
        let params: JsValue = Object::new().into();
        for (name, value) in routed.named_params() {
            set(&params, name, &JsValue::from_str(value));
        }
        set(&call, "endpoint", &JsValue::from_str(routed.endpoint.name));
        set(&call, "method", &JsValue::from_str(routed.endpoint.method.as_str()));
        set(&call, "teamId", &routed.team_id().map_or(JsValue::UNDEFINED, JsValue::from_str));
        set(&call, "requiredRole", &routed.endpoint.role.map_or(JsValue::NULL, |r| JsValue::from_str(r.as_str())));
        set(&call, "params", &Object::freeze(params.unchecked_ref::<Object>()));
        let returned = context::call2(&self.0, &JsValue::UNDEFINED, request, &Object::freeze(call.unchecked_ref::<Object>()));
        Box::pin(async move {
            let settled = match returned {
                Ok(v) => JsFuture::from(Promise::resolve(&v)).await,
                Err(thrown) => Err(thrown),
            };
            match settled {
                Ok(v) => Ok(v.as_bool() == Some(true)),
                Err(e) => Err(get(&e, "message").as_string().or_else(|| e.as_string()).unwrap_or_else(|| "it threw".to_owned())),
            }
        })
    }
}
