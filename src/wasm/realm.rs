//! Where this instance runs: a browser or worker realm (a page's visitors can read what it holds)
//! or a server runtime (Node, Deno, Bun), and what a relative base URL means there.

use crate::wasm::prop::get;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static BROWSER: bool = detect();
}

/// Whether this is a browser page or a worker: a `document`, or a `WorkerGlobalScope`, and no
/// server runtime (Deno and Bun define some browser globals too).
pub fn is_browser() -> bool {
    BROWSER.with(|b| *b)
}

fn detect() -> bool {
    let global = js_sys::global();
    let defined = |name: &str| !get(&global, name).is_undefined();
    let node = !get(&get(&get(&global, "process"), "versions"), "node").is_undefined();
    if node || defined("Deno") || defined("Bun") {
        return false;
    }
    // `WorkerGlobalScope` is exposed in workers only, not in windows.
    defined("document") || defined("WorkerGlobalScope")
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
