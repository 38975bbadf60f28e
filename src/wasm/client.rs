//! `Core`: the wasm object behind the package's `TmrClient`: its settings, and the synchronous
//! steps of any call of the endpoint table (`attempt.rs`) that the package's `call.js` drives.

use super::error::to_js_error;
use super::options::{client_options, ClientOptions};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The client core. Created by the package's `TmrClient`; not part of the public API.
#[wasm_bindgen]
pub struct Core {
    pub(super) inner: Rc<ClientOptions>,
    /// JS strings made once and handed out again (methods, header lines): a call then crosses
    /// with a reference, and transport.js can reuse what it built from the same string.
    pub(super) interned: std::cell::RefCell<Vec<(String, JsValue)>>,
}

#[wasm_bindgen]
impl Core {
    /// Validate `options` and create the core. Throws a `TmrError` (`INVALID_ARGUMENT`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        let inner = client_options(&options).map_err(|e| to_js_error(&e.into(), None))?;
        Ok(Core { inner: Rc::new(inner), interned: std::cell::RefCell::default() })
    }

    /// The base URL in use (never the key).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.base_url().to_owned()
    }
}
