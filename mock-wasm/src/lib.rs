//! The mock's engine for JS: one `MockEngine` per `createMockFetch()` (pkg-template/mock/). It
//! takes a request as plain values and gives the answer as a plain object; the JS side owns
//! everything that is fetch's (Request parsing, the latency wait, the Response, the drop). The
//! answers come from `tmr_mock::engine::wire::serve`, the function the axum shell calls, so the
//! two transports answer alike.

#![forbid(unsafe_code)]
// The crate is the wasm build only; on the host it is empty (no wasm-bindgen to compile there).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use tmr_mock::engine::http::Request;
use tmr_mock::engine::world::World;
use tmr_mock::engine::{builtin, wire, Mock, OutlignObjects};
use wasm_bindgen::prelude::*;

/// One mock: its world, rate windows and counters.
#[wasm_bindgen]
pub struct MockEngine {
    mock: Mock,
}

#[wasm_bindgen]
impl MockEngine {
    /// `world`: JSON in the format `tmr-mock --print-world` prints; `None`: the built-in world.
    #[wasm_bindgen(constructor)]
    pub fn new(world: Option<String>) -> Result<MockEngine, JsError> {
        let world = match world {
            None => builtin::world(),
            Some(text) => serde_json::from_str::<World>(&text).map_err(|e| JsError::new(&format!("world: not a world: {e}")))?,
        };
        Ok(MockEngine { mock: Mock::new(world) })
    }

    /// `--rate-limits on|off` and `--rate-window-scale F` of the server.
    #[wasm_bindgen(js_name = setRateLimits)]
    pub fn set_rate_limits(&mut self, enabled: bool, window_scale: f64) -> Result<(), JsError> {
        if !(window_scale > 0.0 && window_scale <= 1.0) {
            return Err(JsError::new("rateLimits.windowScale takes a number in (0, 1]"));
        }
        self.mock.set_rate_limits(enabled);
        self.mock.set_rate_window_scale(window_scale);
        Ok(())
    }

    /// `--outlign-objects a|b` and `--outlign-token-ttl SECS` of the server.
    #[wasm_bindgen(js_name = setOutlign)]
    pub fn set_outlign(&mut self, objects: &str, token_ttl_s: f64) -> Result<(), JsError> {
        let version = OutlignObjects::parse(objects).ok_or_else(|| JsError::new("outlign.objects takes \"a\" or \"b\""))?;
        if !(token_ttl_s >= 0.0 && token_ttl_s.fract() == 0.0 && token_ttl_s <= 9_007_199_254_740_991.0) {
            return Err(JsError::new("outlign.tokenTtl takes a whole number of seconds"));
        }
        self.mock.set_outlign_objects(version);
        self.mock.set_outlign_token_ttl(token_ttl_s as u64);
        Ok(())
    }

    /// Make a persona answer to another bearer token (kept across resets).
    #[wasm_bindgen(js_name = setPersonaToken)]
    pub fn set_persona_token(&mut self, persona: &str, token: &str) -> Result<(), JsError> {
        self.mock.set_persona_token(persona, token).map_err(|e| JsError::new(&e))
    }

    /// Answer one request: `{ status, headers: [name, value][], body: Uint8Array, delayMs, drop }`.
    /// `path` is still percent-encoded and `query` is the raw query string without `?`.
    // Plain values across the boundary: a struct would cost a class and its glue on both sides.
    #[allow(clippy::too_many_arguments)]
    pub fn handle(
        &mut self,
        method: String,
        path: String,
        query: &str,
        authorization: Option<String>,
        content_type: Option<String>,
        fault: Option<String>,
        body: Vec<u8>,
        now_ms: f64,
    ) -> Object {
        let req = Request { method, path, query: wire::query(query), authorization, content_type, fault, body };
        // `as` saturates: a clock before 1970 or NaN reads as 0.
        let res = wire::serve(&mut self.mock, req, now_ms as u64);
        let headers = Array::new();
        for (name, value) in &res.headers {
            headers.push(&Array::of2(&JsValue::from_str(name), &JsValue::from_str(value)));
        }
        let out = Object::new();
        set(&out, "status", &JsValue::from(res.status));
        set(&out, "headers", &headers);
        set(&out, "body", &Uint8Array::from(res.body.as_slice()));
        set(&out, "delayMs", &JsValue::from(res.delay_ms as f64));
        set(&out, "drop", &JsValue::from_bool(res.drop));
        out
    }
}

/// The built-in world as JSON (what `tmr-mock --print-world` prints), to edit and pass back.
#[wasm_bindgen(js_name = builtinWorld)]
pub fn builtin_world() -> String {
    serde_json::to_string(&builtin::world()).unwrap_or_default()
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Defining a property on a fresh plain object cannot fail; nothing to report if it did.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
