//! The package's call loop (`pkg-template/call.js`, which imports `transport.js`) for the wasm
//! test suites: a `Core` and its options bound into a `{ call }` object, as `TmrClient` does.
#![allow(dead_code)]

use js_sys::{Array, Function, Promise, Reflect};
use tmr_client::wasm::Core;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = "
import { context, run } from './pkg-template/call.js';
export function bind(core, options) {
  const ctx = context(options, core);
  return { call: (name, args, opts, meta) => run(core, ctx, name, args, opts, meta ?? false) };
}")]
extern "C" {
    fn bind(core: Core, options: &JsValue) -> JsValue;
}

// Ship transport.js beside call.js (snippets keep their paths), so call.js's import resolves.
#[wasm_bindgen(module = "/pkg-template/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn _send();
}

#[wasm_bindgen(module = "/pkg-template/call.js")]
extern "C" {
    #[wasm_bindgen(js_name = context)]
    fn _context();
}

/// A client: the core built from `options`, driven by call.js.
pub struct Client(JsValue);

impl Client {
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        let core = Core::new(options.clone())?;
        Ok(Client(bind(core, &options)))
    }

    /// Start a call; its promise.
    pub fn start(&self, name: &str, args: &[JsValue], opts: JsValue) -> Promise {
        let f: Function = Reflect::get(&self.0, &"call".into()).unwrap_or(JsValue::UNDEFINED).unchecked_into();
        let a: Array = args.iter().collect();
        f.call3(&JsValue::UNDEFINED, &name.into(), &a, &opts).unwrap_or(JsValue::UNDEFINED).unchecked_into()
    }

    pub async fn call(&self, name: &str, args: &[JsValue], opts: JsValue) -> Result<JsValue, JsValue> {
        JsFuture::from(self.start(name, args, opts)).await
    }
}
