//! Where this instance runs: a browser or worker realm (a page's visitors can read what it holds)
//! or a server runtime (Node, Deno, Bun), and what a relative base URL means there.

use crate::wasm::prop::get;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static BROWSER: bool = is_browser_global(&js_sys::global());
}

/// Whether this is a browser page or a browser's worker (see [`is_browser_global`]).
pub fn is_browser() -> bool {
    BROWSER.with(|b| *b)
}

/// Whether `global` is a browser page's or a browser worker's: a `document`, or a worker scope
/// with `importScripts` and a `location`; and no server runtime, which may define some browser
/// globals too (Node with jsdom a `document`, Deno and Bun a few, Cloudflare's workerd a
/// `WorkerGlobalScope`).
pub fn is_browser_global(global: &JsValue) -> bool {
    let defined = |name: &str| !get(global, name).is_undefined();
    let node = !get(&get(&get(global, "process"), "versions"), "node").is_undefined();
    let workerd = get(&get(global, "navigator"), "userAgent").as_string().as_deref() == Some("Cloudflare-Workers");
    if node || workerd || defined("Deno") || defined("Bun") {
        return false;
    }
    let worker = defined("WorkerGlobalScope") && get(global, "importScripts").is_function() && defined("location");
    defined("document") || worker
}

/// `raw` resolved against the page's (or worker's) `location` when it is relative (`/api/tmr`);
/// absolute URLs, and anything outside a browser realm, unchanged.
pub fn resolve(raw: &str) -> String {
    if raw.contains("://") || !is_browser() {
        return raw.to_owned();
    }
    let global = js_sys::global();
    let href = get(&get(&global, "location"), "href");
    let Ok(url) = get(&global, "URL").dyn_into::<Function>() else { return raw.to_owned() };
    match Reflect::construct(&url, &Array::of2(&JsValue::from_str(raw), &href)) {
        Ok(resolved) => get(&resolved, "href").as_string().unwrap_or_else(|| raw.to_owned()),
        Err(_) => raw.to_owned(),
    }
}
