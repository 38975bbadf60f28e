//! The caller's async context. wasm-bindgen-futures polls every task from one shared microtask
//! queue, so JS called from a task would run in whatever async context started that queue. In
//! Node, the package's entry installs a way to capture the context (an `AsyncResource`) when a
//! call starts; every JS function the call then runs (fetch, hooks, the logger, callbacks) runs
//! inside it, so `AsyncLocalStorage` (tracing, request-scoped logs) sees the caller's store.
//! Without an installed capture (browsers, the Rust API) everything is called directly.

use js_sys::Function;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;

/// A captured async context (an `AsyncResource`).
pub type Captured = Rc<JsValue>;

struct Hooks {
    /// `() => resource`: captures the current context.
    capture: Function,
    /// `AsyncResource.prototype.runInAsyncScope`: `run.call(resource, fn, thisArg, ...args)`.
    run: Function,
    /// `(resource, request) => resource.runInAsyncScope(fetch, globalThis, request)`: the global
    /// fetch, looked up and called in one crossing.
    fetch: Function,
    /// `(call, group, index, ...args) => call.call(group, index, ...args, resource)`: a group
    /// method that captures the context in JS and hands it in as an argument (no crossing out
    /// to capture it).
    method: Function,
}

thread_local! {
    static HOOKS: RefCell<Option<Hooks>> = const { RefCell::new(None) };
    /// The context of the task being polled.
    static CURRENT: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Install the capture (the Node entry does, once per instance).
pub fn install(capture: Function, run: Function, fetch: Function, method: Function) {
    HOOKS.with(|h| *h.borrow_mut() = Some(Hooks { capture, run, fetch, method }));
}

/// The wrapper group methods are bound through when contexts are tracked.
pub fn method_wrapper() -> Option<Function> {
    HOOKS.with(|h| h.borrow().as_ref().map(|h| h.method.clone()))
}

/// The context a group method was handed (see `Hooks::method`), or the caller's, captured now.
pub fn given_or_captured(given: JsValue) -> Option<Captured> {
    if given.is_object() {
        return Some(Rc::new(given));
    }
    capture()
}

/// The global fetch called with `request` in the current task's context; `None` when no
/// context is tracked (call the global fetch directly).
pub fn global_fetch(request: &JsValue) -> Option<Result<JsValue, JsValue>> {
    let context = current()?;
    HOOKS.with(|h| h.borrow().as_ref().map(|hooks| hooks.fetch.call2(&JsValue::UNDEFINED, &context, request)))
}

/// The caller's context now, if contexts are tracked here: called synchronously where a call starts.
pub fn capture() -> Option<Captured> {
    HOOKS.with(|h| h.borrow().as_ref().and_then(|h| h.capture.call0(&JsValue::UNDEFINED).ok()).map(Rc::new))
}

/// The context of the task being polled (for work it spawns, such as a shared token refresh).
pub fn current() -> Option<Captured> {
    CURRENT.with(|c| c.borrow().clone())
}

/// `future`, polled inside `context`: whatever JS it calls through [`call1`]/[`call2`] runs there.
pub fn within<F: Future + Unpin>(context: Option<Captured>, future: F) -> InContext<F> {
    InContext { context, future }
}

/// The future of [`within`].
pub struct InContext<F> {
    context: Option<Captured>,
    future: F,
}

impl<F: Future + Unpin> Future for InContext<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let Some(context) = self.context.clone() else { return Pin::new(&mut self.future).poll(cx) };
        let outer = CURRENT.with(|c| c.replace(Some(context)));
        let poll = Pin::new(&mut self.future).poll(cx);
        CURRENT.with(|c| *c.borrow_mut() = outer);
        poll
    }
}

/// `f.call(this)`, in the current task's context.
pub fn call0(f: &Function, this: &JsValue) -> Result<JsValue, JsValue> {
    entered(|run| match run {
        Some((run, context)) => run.call2(context, f, this),
        None => f.call0(this),
    })
}

/// `f.call(this, a)`, in the current task's context.
pub fn call1(f: &Function, this: &JsValue, a: &JsValue) -> Result<JsValue, JsValue> {
    entered(|run| match run {
        Some((run, context)) => run.call3(context, f, this, a),
        None => f.call1(this, a),
    })
}

/// `f.call(this, a, b)`, in the current task's context.
pub fn call2(f: &Function, this: &JsValue, a: &JsValue, b: &JsValue) -> Result<JsValue, JsValue> {
    entered(|run| match run {
        Some((run, context)) => run.call4(context, f, this, a, b),
        None => f.call2(this, a, b),
    })
}

/// Run `then` with `runInAsyncScope` and the current task's context, when there is one.
fn entered<R>(then: impl FnOnce(Option<(&Function, &JsValue)>) -> R) -> R {
    let Some(context) = current() else { return then(None) };
    HOOKS.with(|h| match h.borrow().as_ref() {
        Some(hooks) => then(Some((&hooks.run, &context))),
        None => then(None),
    })
}
