//! The mock's engine for JS: one `MockEngine` per `createMockFetch()` (pkg-template/mock/). It
//! takes a request as plain values and gives the answer as a plain object; the JS side owns
//! everything that is fetch's (Request parsing, the latency wait, the Response, the drop). The
//! answers come from `tmr_mock::engine::wire::serve`, the function the axum shell calls, so the
//! two transports answer alike. A streamed answer (run-query's rows) comes as a `MockBody` that
//! makes one chunk per `next()`, which the JS side turns into the Response's ReadableStream.

#![forbid(unsafe_code)]
// The crate is the wasm build only; on the host it is empty (no wasm-bindgen to compile there).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use tmr_mock::engine::http::Request;
use tmr_mock::engine::stream::{End, Pull, Stream};
use tmr_mock::engine::world::World;
use tmr_mock::engine::{builtin, wire, Mock, OutlignObjects, MAX_QUERY_ROWS_RANGE};
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

    /// `--max-query-rows N` of the server: most rows one run-query answer may have.
    #[wasm_bindgen(js_name = setMaxQueryRows)]
    pub fn set_max_query_rows(&mut self, rows: f64) -> Result<(), JsError> {
        let (lo, hi) = (*MAX_QUERY_ROWS_RANGE.start(), *MAX_QUERY_ROWS_RANGE.end());
        if !(rows.fract() == 0.0 && rows >= lo as f64 && rows <= hi as f64) {
            return Err(JsError::new(&format!("maxQueryRows takes a whole number from {lo} to {hi}")));
        }
        // In range, so whole and below 2^27: the conversion is exact.
        self.mock.set_max_query_rows(rows as usize).map_err(|e| JsError::new(&e))
    }

    /// Make a persona answer to another bearer token (kept across resets).
    #[wasm_bindgen(js_name = setPersonaToken)]
    pub fn set_persona_token(&mut self, persona: &str, token: &str) -> Result<(), JsError> {
        self.mock.set_persona_token(persona, token).map_err(|e| JsError::new(&e))
    }

    /// Answer one request: `{ status, headers: [name, value][], body: Uint8Array, delayMs, drop }`,
    /// or for a streamed answer `stream: MockBody` in place of `body`. `path` is still
    /// percent-encoded and `query` is the raw query string without `?`.
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
        match res.stream {
            Some(stream) => set(&out, "stream", &MockBody { stream, ended: None }.into()),
            None => set(&out, "body", &Uint8Array::from(res.body.as_slice())),
        }
        set(&out, "delayMs", &JsValue::from(res.delay_ms as f64));
        set(&out, "drop", &JsValue::from_bool(res.drop));
        out
    }
}

/// A streamed answer's body, made one chunk per call. It owns its rows (no borrow of the engine,
/// which answers other requests meanwhile); `free()` it when the body is done or cancelled.
#[wasm_bindgen]
pub struct MockBody {
    stream: Stream,
    ended: Option<End>,
}

#[wasm_bindgen]
impl MockBody {
    /// The next chunk (about 64 KiB), or `undefined` once the body has ended: `ending` says how.
    #[wasm_bindgen(js_name = next)]
    pub fn next_chunk(&mut self) -> Option<Vec<u8>> {
        match self.stream.pull() {
            Pull::Chunk(chunk) => Some(chunk),
            Pull::End(end) => {
                self.ended = Some(end);
                None
            }
        }
    }

    /// After `next()` gave `undefined`: `"whole"`, `"cut"` (the connection fails: faults `cut=N`
    /// and `truncate`) or `"stall"` (nothing more, never an end: fault `stall=N`). Before: `undefined`.
    #[wasm_bindgen(getter)]
    pub fn ending(&self) -> Option<String> {
        self.ended.map(|end| {
            match end {
                End::Whole => "whole",
                End::Cut => "cut",
                End::Stall => "stall",
            }
            .to_owned()
        })
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
