//! The package's face for the wasm test suites: `Client` is the wasm-bindgen `TmrClient` the npm
//! package exports (`tmr_client::wasm::js::TmrClient`), and a call goes through its real JS
//! method, `client[group][method](...args, options)`, exactly as a JS caller makes it. Also the
//! fetch stubs (a caller's, or the global one replaced for one call) and the error checks.
#![allow(dead_code)]

use js_sys::{Array, Function, Object, Promise, Reflect};
use tmr_client::wasm::js::{OutlignClient, TmrClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A client: the JS object of a `new TmrClient(options)`.
pub struct Client(JsValue);

impl Client {
    /// `new TmrClient(options)`; the thrown `TmrError` when the options are refused.
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        TmrClient::new(options).map(|client| Client(JsValue::from(client)))
    }

    /// The JS object (getters `teams`, `members`, …, `withResponse`, `baseUrl`).
    pub fn js(&self) -> &JsValue {
        &self.0
    }

    /// Start `name` (`"teams.get"`, or `"withResponse.teams.get"`): the Promise the JS method
    /// returned. The positional `args` fill the method's parameters (`undefined` for those not
    /// given), then `opts` is the last argument, as in `client.teams.get(teamId, opts)`.
    pub fn start(&self, name: &str, args: &[JsValue], opts: JsValue) -> Promise {
        let (path, method) = name.rsplit_once('.').unwrap_or_else(|| panic!("{name}: want group.method"));
        let mut this = self.0.clone();
        for key in path.split('.') {
            this = Reflect::get(&this, &key.into()).unwrap();
            assert!(this.is_object(), "client.{path} is an object");
        }
        let f: Function = Reflect::get(&this, &method.into()).unwrap().dyn_into().unwrap_or_else(|_| panic!("client.{name} is a function"));
        // The glue's declared parameters: the positional ones, then `options`.
        let positional = f.length().saturating_sub(1);
        let all: Array = args.iter().collect();
        while all.length() < positional {
            all.push(&JsValue::UNDEFINED);
        }
        all.push(&opts);
        let returned = f.apply(&this, &all).unwrap_or_else(|e| panic!("client.{name} threw instead of rejecting: {e:?}"));
        returned.dyn_into().unwrap_or_else(|v| panic!("client.{name} returned no Promise: {v:?}"))
    }

    /// Call `name` and wait for its outcome.
    pub async fn call(&self, name: &str, args: &[JsValue], opts: JsValue) -> Result<JsValue, JsValue> {
        JsFuture::from(self.start(name, args, opts)).await
    }
}

/// `obj[key]` (`undefined` when absent or when `obj` is no object).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A plain object from pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

/// Wait `ms` on the host's timer.
pub async fn sleep(ms: u32) {
    let p = Promise::new(&mut |resolve, _| {
        let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
        set_timeout.call2(&JsValue::NULL, &resolve, &ms.into()).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// The outcome of `promise`, failing the test if it has not settled within `ms`: a call that
/// hangs (or whose task trapped) becomes a clear failure instead of a stuck suite.
pub async fn within(ms: u32, what: &str, promise: Promise) -> Result<JsValue, JsValue> {
    let late = Object::new();
    let timer = std::cell::Cell::new(JsValue::UNDEFINED);
    let deadline = Promise::new(&mut |resolve, _| {
        let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
        let on_time = resolve.bind1(&JsValue::NULL, &late);
        timer.set(set_timeout.call2(&JsValue::NULL, &on_time, &ms.into()).unwrap());
    });
    let outcome = JsFuture::from(Promise::race(&Array::of2(&promise, &deadline))).await;
    let clear_timeout: Function = get(&js_sys::global(), "clearTimeout").unchecked_into();
    clear_timeout.call1(&JsValue::NULL, &timer.take()).unwrap();
    if matches!(&outcome, Ok(v) if *v == JsValue::from(late)) {
        panic!("{what}: not settled within {ms} ms");
    }
    outcome
}

/// A fetch stub built from JS source: `async (url, init) => { body }` (`prefix` "async" or ""); it
/// records `[url, init]` into the returned array, and `n` counts its calls.
pub fn stub_of(prefix: &str, body: &str) -> (Function, Array) {
    let calls = Array::new();
    let make =
        Function::new_with_args("calls", &format!("let n = 0; return {prefix} (url, init) => {{ calls.push([url, init]); n++; {body} }}"));
    let f = make.call1(&JsValue::NULL, &calls).unwrap().unchecked_into();
    (f, calls)
}

/// `stub_of("async", body)`.
pub fn stub(body: &str) -> (Function, Array) {
    stub_of("async", body)
}

/// A client with the key `tmrc_live_test` on `fetch`, plus `extra` options (allowed in a browser
/// realm: these suites' pages are nobody's dashboard).
pub fn client(fetch: &Function, extra: &[(&str, JsValue)]) -> Client {
    let mut pairs =
        vec![("apiKey", JsValue::from_str("tmrc_live_test")), ("fetch", fetch.into()), ("dangerouslyAllowBrowser", JsValue::TRUE)];
    pairs.extend_from_slice(extra);
    Client::new(obj(&pairs)).unwrap_or_else(|e| panic!("client: {:?}", e))
}

/// A client for one attempt per call and no pacing, so many calls in a row never queue.
pub fn once(fetch: &Function) -> Client {
    client(fetch, &[("maxRetries", 0.into()), ("rateLimit", JsValue::FALSE)])
}

/// An error's `message`.
pub fn message(e: &JsValue) -> String {
    get(e, "message").as_string().unwrap_or_default()
}

/// `e` is a real `Error` named `TmrError` with this `code`, `status` and `endpoint`.
pub fn assert_tmr_error(e: &JsValue, code: &str, status: Option<f64>, endpoint: Option<&str>) {
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error: {e:?}");
    assert_eq!(get(e, "name").as_string().as_deref(), Some("TmrError"));
    assert_eq!(get(e, "code").as_string().as_deref(), Some(code), "{:?}", get(e, "message"));
    assert_eq!(get(e, "status").as_f64(), status);
    assert_eq!(get(e, "endpoint").as_string().as_deref(), endpoint);
}

/// Replace the global `fetch` by `async (input, init) => { body }` for exactly one call: the stub
/// puts the original back before it runs, so a failing test cannot leave it replaced. Calls are
/// recorded as `[input, init, arguments.length]`; the returned function also puts it back.
pub fn global_fetch_once(body: &str) -> (Array, Function) {
    let calls = Array::new();
    let install = Function::new_with_args(
        "calls",
        &format!(
            "const original = globalThis.fetch;
             globalThis.fetch = async function (input, init) {{
               globalThis.fetch = original; calls.push([input, init, arguments.length]); {body}
             }};
             return () => {{ globalThis.fetch = original; }};"
        ),
    );
    let restore = install.call1(&JsValue::NULL, &calls).unwrap().unchecked_into();
    (calls, restore)
}

/// A client on the global fetch: one attempt per call, no pacing.
pub fn global_client() -> Client {
    Client::new(obj(&[
        ("apiKey", "tmrc_live_test".into()),
        ("maxRetries", 0.into()),
        ("rateLimit", JsValue::FALSE),
        ("dangerouslyAllowBrowser", JsValue::TRUE),
    ]))
    .unwrap()
}

/// An Outlign client: the JS object of a `new OutlignClient(options)` (the package's
/// `tmr_client::wasm::js::OutlignClient`); a call goes through its real JS method,
/// `client[group][method](...args, options)`, as `Client`'s do (`"clients.update"`).
pub struct OutlignCaller(Client);

impl OutlignCaller {
    /// `new OutlignClient(options)`; the thrown `TmrError` when the options are refused.
    pub fn new(options: JsValue) -> Result<OutlignCaller, JsValue> {
        OutlignClient::new(options).map(|client| OutlignCaller(Client(JsValue::from(client))))
    }

    /// The JS object (getters `clients`, `companies`, `baseUrl`; `setAccessToken`, `toJSON`).
    pub fn js(&self) -> &JsValue {
        self.0.js()
    }

    /// Start `name` (`"clients.get"`): the Promise the JS method returned (see `Client::start`).
    pub fn start(&self, name: &str, args: &[JsValue], opts: JsValue) -> Promise {
        self.0.start(name, args, opts)
    }

    /// Call `name` and wait for its outcome.
    pub async fn call(&self, name: &str, args: &[JsValue], opts: JsValue) -> Result<JsValue, JsValue> {
        self.0.call(name, args, opts).await
    }

    /// `client.setAccessToken(token)` through its JS method: what it returned, or what it threw.
    pub fn set_access_token(&self, token: &JsValue) -> Result<JsValue, JsValue> {
        let f: Function = get(self.js(), "setAccessToken").dyn_into().expect("client.setAccessToken is a function");
        f.call1(self.js(), token)
    }
}
