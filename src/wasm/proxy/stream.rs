//! A run-query answer passed on to the page as it arrives, never buffered: a `ReadableStream`
//! whose `pull` reads the upstream body's next chunk (the key blanked out, should it ever be
//! echoed) and whose `cancel` — the page left — cancels the upstream body. The upstream
//! deadline stays armed; a failure upstream errors the page's stream, so the page's client
//! reports it as a network failure of its own call.

use crate::core::redact::Blank;
use crate::wasm::driver::Opened;
use js_sys::{Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{ReadableStream, ReadableStreamDefaultController};

/// What the stream still has to pass on (`forward`: `None` once it ended, or while a pull
/// awaits a chunk), and whether the page cancelled it.
#[derive(Default)]
struct Slot {
    forward: Option<Forward>,
    cancelled: bool,
}

type Upstream = Rc<RefCell<Slot>>;

struct Forward {
    opened: Opened,
    blank: Blank,
    first: Option<Vec<u8>>,
}

/// The page's body for `opened`.
///
/// # Errors
/// The platform's error if it cannot make the stream.
pub fn body(mut opened: Opened, key: &str) -> Result<ReadableStream, JsValue> {
    let first = Some(opened.take_first());
    let canceller = opened.canceller();
    let upstream: Upstream =
        Rc::new(RefCell::new(Slot { forward: Some(Forward { opened, blank: Blank::new(key), first }), cancelled: false }));
    let source = Object::new();
    let pulled = upstream.clone();
    // Handed to the JS GC (freed with the stream): the stream calls them for as long as it lives.
    let pull = Closure::<dyn FnMut(ReadableStreamDefaultController) -> Promise>::new(move |controller| {
        future_to_promise(pull(pulled.clone(), controller))
    })
    .into_js_value();
    let cancel = Closure::<dyn FnMut(JsValue)>::new(move |_reason| {
        let mut slot = upstream.borrow_mut();
        slot.cancelled = true;
        match slot.forward.take() {
            Some(mut forward) => forward.opened.stop(),
            // A pull waits for the next chunk: end that wait; the pull then sees the cancel.
            None => {
                if let Some(canceller) = &canceller {
                    canceller.cancel();
                }
            }
        }
    })
    .into_js_value();
    Reflect::set(&source, &"pull".into(), &pull)?;
    Reflect::set(&source, &"cancel".into(), &cancel)?;
    ReadableStream::new_with_underlying_source(&source)
}

/// Pass on the next bytes (or the end, or the failure). A pull must enqueue something or end the
/// stream, or the stream never pulls again: chunks that give nothing to pass on yet (an empty one,
/// or one that could begin the key) are followed by the next.
async fn pull(upstream: Upstream, controller: ReadableStreamDefaultController) -> Result<JsValue, JsValue> {
    // Taken while chunks are awaited (the stream never pulls twice at once); a cancel meanwhile
    // is seen when the wait ends.
    let Some(mut forward) = upstream.borrow_mut().forward.take() else { return Ok(JsValue::UNDEFINED) };
    loop {
        let chunk = match forward.first.take() {
            Some(first) => Ok(Some(first)),
            None => forward.opened.chunk().await,
        };
        if upstream.borrow().cancelled {
            forward.opened.stop();
            return Ok(JsValue::UNDEFINED);
        }
        match chunk {
            Ok(Some(bytes)) => {
                let out = forward.blank.chunk(&bytes);
                if out.is_empty() {
                    continue;
                }
                controller.enqueue_with_chunk(&Uint8Array::from(out.as_slice()))?;
                upstream.borrow_mut().forward = Some(forward);
            }
            Ok(None) => {
                let rest = forward.blank.end();
                if !rest.is_empty() {
                    controller.enqueue_with_chunk(&Uint8Array::from(rest.as_slice()))?;
                }
                controller.close()?;
            }
            Err(failure) => {
                let reason: JsValue = js_sys::Error::new(&failure.error.to_string()).into();
                controller.error_with_e(&reason);
            }
        }
        return Ok(JsValue::UNDEFINED);
    }
}
