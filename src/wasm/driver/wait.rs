//! Waiting on what a fetch hands back (a promise or a value), raced with the attempt's abort when
//! the fetch is the caller's and may ignore its signal.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// Why an exchange failed, before it is classified.
pub enum Raw {
    /// A throw or rejection: an abort, the deadline, or a network failure, as the signals say.
    Js(JsValue),
    /// The answer itself is unusable.
    Bad(String),
    /// Nothing was sent (no fetch to call, a request the platform refused to build).
    NotSent(String),
}

/// The attempt's abort as a promise, to race a caller's fetch with.
pub struct Guard {
    signal: AbortSignal,
    aborted: Promise,
}

impl Guard {
    pub fn new(signal: &AbortSignal) -> Guard {
        // `new Promise(r => signal.addEventListener('abort', r))` from native functions only: the
        // bound addEventListener is the executor, so `resolve` becomes the listener.
        let listen = Reflect::get(signal, &"addEventListener".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
        let aborted = listen
            .map(|f| f.bind1(signal, &JsValue::from_str("abort")))
            .and_then(|executor| Reflect::construct(&PROMISE.with(Clone::clone), &js_sys::Array::of1(&executor)).ok())
            .map_or_else(|| Promise::new(&mut |_, _| {}), JsCast::unchecked_into);
        Guard { signal: signal.clone(), aborted }
    }
}

thread_local! {
    // The global `Promise` constructor (never absent where fetch exists; if it were, `construct`
    // below fails and the race falls back to the fetch alone).
    static PROMISE: Function = Reflect::get(&js_sys::global(), &"Promise".into()).unwrap_or(JsValue::UNDEFINED).unchecked_into();
}

/// Wait for whatever a fetch returned (a promise or a value), or for the guard's abort.
pub async fn outcome(value: &JsValue, guard: Option<&Guard>) -> Result<JsValue, Raw> {
    let promise = Promise::resolve(value);
    let promise = match guard {
        Some(g) => Promise::race(&js_sys::Array::of2(&promise, &g.aborted)),
        None => promise,
    };
    let settled = JsFuture::from(promise).await.map_err(Raw::Js)?;
    match guard {
        Some(g) if g.signal.aborted() => Err(Raw::Js(g.signal.reason())),
        _ => Ok(settled),
    }
}
