//! `Core`: the wasm object behind the package's `TmrClient`; one generic `call` runs any endpoint
//! of the table (see `call.rs`).

use super::call::run;
use super::error::to_js_error;
use super::options::{client_options, ClientOptions};
use crate::core::{Endpoint, Error};
use js_sys::{Array, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// The client core. Created by the package's `TmrClient`; not part of the public API.
#[wasm_bindgen]
pub struct Core {
    inner: Rc<ClientOptions>,
}

#[wasm_bindgen]
impl Core {
    /// Validate `options` and create the core. Throws a `TmrError` (`INVALID_ARGUMENT`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        let inner = client_options(&options).map_err(|e| to_js_error(&e.into(), None))?;
        Ok(Core { inner: Rc::new(inner) })
    }

    /// Run endpoint `name` with positional `args` and per-call `options`. Resolves with the
    /// envelope's `data` (with `meta`: `{ data, status, headers, attempts, durationMs }`);
    /// rejects with a `TmrError`.
    pub fn call(&self, name: String, args: Array, options: JsValue, meta: Option<bool>) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let endpoint =
                Endpoint::by_name(&name).ok_or_else(|| to_js_error(&Error::invalid(format!("unknown endpoint {name:?}")).into(), None))?;
            run(inner, endpoint, args, options, meta.unwrap_or(false)).await
        })
    }

    /// The base URL in use (never the key).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.base_url().to_owned()
    }
}
