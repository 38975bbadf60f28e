//! `data.queryRows` in JS: an async iterator of row batches (`for await (const rows of …)`).
//! Each `next()` is one crossing: the batch's rows go over as one JSON text that the engine's
//! `JSON.parse` builds, as `runQuery`'s do. Calls queue as an async generator's do; `return()` — a
//! loop left by `break`, `return` or a throw, or a Cancel button — cancels the rest of the answer
//! at once, even while a `next()` waits for it (that `next()` then resolves `{ done: true }`). Every failure rejects with a `TmrError`, after the batches
//! read before it.

use super::call::{promise_in, read_args};
use super::convert::from_json;
use super::options::row_options;
use crate::core::{Endpoint, Error};
use crate::wasm::context::{self, Captured};
use crate::wasm::rows::{QueryBatches, Stop};
use crate::wasm::session::Session;
use crate::wasm::Failure;
use js_sys::{Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;

/// The iterator `queryRows` returns (its type is written by hand in the `.d.ts`).
///
/// Its class is its own async iterator (`[Symbol.asyncIterator]() { return this }`), as an async
/// generator is, so `for await` takes it as it is.
#[wasm_bindgen(js_name = RowBatches, skip_typescript)]
pub struct RowBatchIterator {
    turn: Rc<Turn>,
    endpoint: &'static Endpoint,
    context: Option<Captured>,
}

thread_local! {
    static ITERABLE: std::cell::OnceCell<()> = const { std::cell::OnceCell::new() };
}

/// Whose turn it is to use the batches.
struct Turn {
    state: RefCell<State>,
    /// Stops the batches even while a `next()` reads them (`return()`).
    stop: Option<Rc<Stop>>,
    waiting: RefCell<Vec<Waker>>,
    rows: Cell<f64>,
    bytes: Cell<f64>,
}

enum State {
    /// Arguments refused: the first `next()` rejects with this, nothing was sent.
    Refused(Error),
    Idle(Box<QueryBatches>),
    /// A `next()` or `return()` is using them.
    Busy,
    Over,
}

impl RowBatchIterator {
    /// The iterator as JS gets it: the first one also makes its class async-iterable.
    pub fn into_js(self) -> JsValue {
        let it = JsValue::from(self);
        ITERABLE.with(|done| {
            done.get_or_init(|| {
                let prototype = Object::get_prototype_of(&it);
                // `Object.prototype.valueOf` returns its `this` (an object): a native "return this",
                // with no `new Function` that a page's CSP could refuse.
                let this = Reflect::get(&Object::get_prototype_of(&prototype), &"valueOf".into()).unwrap_or(JsValue::UNDEFINED);
                let descriptor = Object::new();
                let _ = Reflect::set(&descriptor, &"value".into(), &this);
                let _ = Reflect::define_property(&prototype, &js_sys::Symbol::async_iterator(), &descriptor);
            });
        });
        it
    }

    /// The batches of `endpoint` (run-query) called with JS arguments `args` and `options`.
    pub fn new(
        session: Rc<Session>,
        endpoint: &'static Endpoint,
        args: &[JsValue],
        options: &JsValue,
        context: JsValue,
    ) -> RowBatchIterator {
        let (state, stop) = match made(session, endpoint, args, options) {
            Ok(batches) => {
                let stop = batches.stopper();
                (State::Idle(Box::new(batches)), Some(stop))
            }
            Err(error) => (State::Refused(error), None),
        };
        let state = RefCell::new(state);
        let turn = Rc::new(Turn { state, stop, waiting: RefCell::default(), rows: Cell::new(0.0), bytes: Cell::new(0.0) });
        RowBatchIterator { turn, endpoint, context: context::given_or_captured(context) }
    }
}

fn made(session: Rc<Session>, endpoint: &'static Endpoint, args: &[JsValue], options: &JsValue) -> Result<QueryBatches, Error> {
    let (opts, batch_size) = row_options(options)?;
    // Run-query's arguments are plain values (no file): reading them never waits.
    let values = match futures_now(read_args(endpoint, args)) {
        Some(Ok((values, _))) => values,
        Some(Err(failure)) => return Err(failure.error),
        None => return Err(Error::Internal { message: "reading the arguments waited".to_owned() }),
    };
    QueryBatches::new(session, endpoint, &values, opts, batch_size)
}

#[wasm_bindgen(js_class = RowBatches)]
impl RowBatchIterator {
    /// The next batch: `{ value: rows, done: false }`, then `{ value: undefined, done: true }`.
    pub fn next(&self) -> Promise {
        let turn = self.turn.clone();
        self.settle(Box::pin(async move {
            let Some(mut batches) = (TakeTurn { turn: &turn }).await? else { return Ok(result(JsValue::UNDEFINED, true)) };
            let next = batches.next_batch().await;
            turn.rows.set(batches.rows() as f64);
            turn.bytes.set(batches.bytes() as f64);
            let value = match next {
                Some(Ok(text)) => {
                    turn.give_back(State::Idle(batches));
                    return Ok(result(from_json(&text)?, false));
                }
                Some(Err(failure)) => Err(failure),
                None => Ok(result(JsValue::UNDEFINED, true)),
            };
            turn.give_back(State::Over);
            value
        }))
    }

    /// Stop: the rest of the answer is cancelled at once (a `next()` reading it resolves
    /// `{ done: true }`). `{ value, done: true }`.
    #[wasm_bindgen(js_name = "return")]
    pub fn stop(&self, value: JsValue) -> Promise {
        if let Some(stop) = &self.turn.stop {
            stop.stop();
        }
        let turn = self.turn.clone();
        self.settle(Box::pin(async move {
            if let Ok(Some(mut batches)) = (TakeTurn { turn: &turn }).await {
                batches.stop();
            }
            turn.give_back(State::Over);
            Ok(result(value, true))
        }))
    }

    /// Rows handed out so far.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> f64 {
        self.turn.rows.get()
    }

    /// Bytes of the answer received so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.turn.bytes.get()
    }

    fn settle(&self, work: Pin<Box<dyn Future<Output = Result<JsValue, Failure>>>>) -> Promise {
        promise_in(Some(self.endpoint_name()), self.context.clone(), work)
    }

    fn endpoint_name(&self) -> &'static str {
        self.endpoint.name
    }
}

impl Turn {
    fn give_back(&self, state: State) {
        *self.state.borrow_mut() = state;
        for waker in self.waiting.borrow_mut().drain(..) {
            waker.wake();
        }
    }
}

/// Waits until no other `next()`/`return()` uses the batches, then takes them (`None`: over).
struct TakeTurn<'a> {
    turn: &'a Turn,
}

impl Future for TakeTurn<'_> {
    type Output = Result<Option<Box<QueryBatches>>, Failure>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.turn.state.borrow_mut();
        match std::mem::replace(&mut *state, State::Busy) {
            State::Idle(batches) => Poll::Ready(Ok(Some(batches))),
            State::Refused(error) => {
                *state = State::Over;
                Poll::Ready(Err(error.into()))
            }
            State::Over => {
                *state = State::Over;
                Poll::Ready(Ok(None))
            }
            State::Busy => {
                self.turn.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// An iterator result `{ value, done }`.
fn result(value: JsValue, done: bool) -> JsValue {
    let out = Object::new();
    let _ = Reflect::set(&out, &"value".into(), &value);
    let _ = Reflect::set(&out, &"done".into(), &JsValue::from_bool(done));
    out.into()
}

/// The output of a future that finishes without waiting, polled once.
fn futures_now<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}
