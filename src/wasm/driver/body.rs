//! A 2xx answer's body read as it arrives (`data.queryRows`, the proxy's run-query): the body's
//! `ReadableStream` read chunk by chunk through web-sys's default reader, each read raced with the
//! attempt's abort when the fetch is the caller's. The attempt's deadline and its listener on the
//! caller's signal stay armed until the body ends; dropped unfinished (a loop left early), the body
//! is cancelled and the request aborted, so nothing keeps the connection.

use super::wait::{outcome, Guard, Raw};
use super::wiring::{classify, Wiring};
use crate::core::call::TransportError;
use crate::wasm::context;
use crate::wasm::prop::get;
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::AbortSignal;

/// Where the rest of a body comes from.
pub enum Source {
    /// A stream's reader, its `read` (and `cancel`, when it has one) looked up once. Called as
    /// functions, through the caller's async context: a Response-like object's reader is the
    /// caller's code, which may throw or lack `cancel`.
    Reader { reader: JsValue, read: Function, cancel: Option<Function> },
    /// Nothing more (no body, or one read whole: a Response-like object without a stream).
    Done,
}

impl Source {
    /// A reader of `body` (a `ReadableStream`, or anything with `getReader`), if there is one.
    pub fn of(body: Option<JsValue>) -> Source {
        let reader = body.and_then(|b| {
            let get_reader = get(&b, "getReader").dyn_into::<Function>().ok()?;
            context::call0(&get_reader, &b).ok()
        });
        let Some(reader) = reader else { return Source::Done };
        match get(&reader, "read").dyn_into::<Function>() {
            Ok(read) => {
                let cancel = get(&reader, "cancel").dyn_into::<Function>().ok();
                Source::Reader { reader, read, cancel }
            }
            Err(_) => Source::Done,
        }
    }

    /// The next chunk of bytes; `None` at the end of the body.
    pub(super) async fn chunk(&mut self, guard: Option<&Guard>) -> Result<Option<Vec<u8>>, Raw> {
        let Source::Reader { reader, read, .. } = self else { return Ok(None) };
        let pending = context::call0(read, reader).map_err(Raw::Js)?;
        let result = outcome(&pending, guard).await?;
        if get(&result, "done").as_bool() == Some(true) {
            *self = Source::Done;
            return Ok(None);
        }
        let value = get(&result, "value");
        match value.dyn_ref::<Uint8Array>() {
            Some(bytes) => Ok(Some(bytes.to_vec())),
            None => Err(Raw::Bad("the answer's body gave a chunk that is not bytes".to_owned())),
        }
    }

    /// Stop reading: the stream is cancelled (a throw or a rejection of its `cancel` is ignored:
    /// the request is aborted anyway).
    pub(super) fn cancel(&mut self) {
        if let Source::Reader { reader, cancel: Some(cancel), .. } = std::mem::replace(self, Source::Done) {
            cancel_reader(&reader, &cancel);
        }
    }
}

/// `reader.cancel()`, its throw or rejection handled (a stream already errored rejects it).
fn cancel_reader(reader: &JsValue, cancel: &Function) {
    if let Ok(returned) = context::call0(cancel, reader) {
        spawn_local(async move {
            let _ = JsFuture::from(Promise::resolve(&returned)).await;
        });
    }
}

/// The unread rest of a streamed answer's body, with its attempt's deadline and abort still armed.
///
/// When the attempt's signal fires (the deadline, the caller's abort, a stop from elsewhere), the
/// reader is cancelled, so a waiting read ends at once whoever's stream it is (Node's fetch no
/// longer follows the signal once the `Request` it was given is collected). One listener per body:
/// racing each read with a never-settled abort promise would keep every chunk alive through the
/// reactions it piles up on that promise. Only a reader without `cancel()` (a Response-like
/// object's) is raced with the attempt's guard instead.
pub struct OpenBody {
    source: Source,
    guard: Option<Guard>,
    /// The attempt's own signal (its deadline and the caller's abort).
    signal: AbortSignal,
    caller: Option<AbortSignal>,
    wiring: Option<Wiring>,
    /// The listener on `signal` that cancels the reader, while the body is read (one wasm closure
    /// per body: the promise `cancel()` returns must be handled, which no native function does).
    on_abort: Option<Closure<dyn FnMut()>>,
}

impl OpenBody {
    pub(super) fn new(source: Source, guard: Option<Guard>, signal: AbortSignal, caller: Option<AbortSignal>, wiring: Wiring) -> OpenBody {
        let on_abort = match &source {
            Source::Reader { reader, cancel: Some(cancel), .. } => {
                let (reader, cancel) = (reader.clone(), cancel.clone());
                let listener = Closure::<dyn FnMut()>::new(move || cancel_reader(&reader, &cancel));
                let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
                Some(listener)
            }
            _ => None,
        };
        let guard = if on_abort.is_some() { None } else { guard };
        OpenBody { source, guard, signal, caller, wiring: Some(wiring), on_abort }
    }

    fn unlisten(&mut self) {
        if let Some(listener) = self.on_abort.take() {
            let _ = self.signal.remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }

    /// The next chunk; `None` at the end of the body (then the deadline is disarmed).
    ///
    /// # Errors
    /// Why the body stopped: the deadline, the caller's abort, or the network (with its JS error).
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, (TransportError, Option<JsValue>)> {
        let read = self.source.chunk(self.guard.as_ref()).await;
        // A read that ended because the signal cancelled the reader is the signal's failure.
        let read = match read {
            Ok(None) if self.signal.aborted() => Err(Raw::Js(self.signal.reason())),
            other => other,
        };
        match read {
            Ok(Some(bytes)) => Ok(Some(bytes)),
            Ok(None) => {
                self.unlisten();
                if let Some(wiring) = self.wiring.take() {
                    wiring.finish();
                }
                Ok(None)
            }
            Err(raw) => {
                let why = classify(raw, self.caller.as_ref(), &self.signal);
                self.stop();
                Err(why)
            }
        }
    }

    /// Cancel the rest of the body and abort its request.
    pub fn stop(&mut self) {
        self.unlisten();
        self.source.cancel();
        // Dropped unfinished, the wiring aborts the request.
        self.wiring = None;
    }

    /// A handle that stops this body from elsewhere, even while a read of it waits.
    pub fn canceller(&self) -> Canceller {
        let source = match &self.source {
            Source::Reader { reader, read, cancel } => Some((reader.clone(), read.clone(), cancel.clone())),
            Source::Done => None,
        };
        Canceller { controller: self.wiring.as_ref().map(Wiring::controller), source }
    }
}

impl Drop for OpenBody {
    fn drop(&mut self) {
        self.unlisten();
        if !matches!(self.source, Source::Done) {
            self.stop();
        }
    }
}

/// Stops a body whose reads are in another task's hands: its request is aborted and its stream
/// cancelled, so a waiting read ends at once.
#[derive(Clone)]
pub struct Canceller {
    controller: Option<web_sys::AbortController>,
    source: Option<(JsValue, Function, Option<Function>)>,
}

impl Canceller {
    pub fn cancel(&self) {
        if let Some(controller) = &self.controller {
            super::wiring::cancel(controller);
        }
        if let Some((reader, read, cancel)) = self.source.clone() {
            Source::Reader { reader, read, cancel }.cancel();
        }
    }
}
