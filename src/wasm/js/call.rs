//! A method call from JS: its arguments read into the core's values, the call run on the
//! session, the answer handed back as a Promise (of `data`, or of `{ data, status, headers,
//! attempts, durationMs }` for `withResponse`). Every failure rejects with a `TmrError`.

use super::convert::{from_json, to_value, type_of};
use super::error::to_js_error;
use super::options::call_options;
use super::panic;
use crate::core::endpoint::InputKind;
use crate::core::{Endpoint, Error};
use crate::wasm::context;
use crate::wasm::received::Answer;
use crate::wasm::session::Session;
use crate::wasm::{halted, Failure};
use js_sys::{Object, Promise, Reflect, Uint8Array};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

/// What a group object holds: its client's session, and whether it is a `withResponse` group.
#[derive(Clone)]
pub struct Handle {
    pub session: Rc<Session>,
    pub meta: bool,
}

impl Handle {
    /// Call `endpoint` with JS arguments; the Promise of its outcome.
    /// `context`: the async context a group method was handed (`undefined`: capture it here).
    pub fn start(&self, endpoint: &'static Endpoint, args: &[JsValue], options: JsValue, context: JsValue) -> Promise {
        if halted() {
            return Promise::reject(&panic::retired());
        }
        let (session, meta) = (self.session.clone(), self.meta);
        let args = args.to_vec();
        promise_in(
            Some(endpoint.name),
            context::given_or_captured(context),
            Box::pin(async move {
                let opts = call_options(&options, meta)?;
                let (values, file) = read_args(endpoint, &args).await?;
                let answer = session.call(endpoint, &values, file.as_deref(), opts).await?;
                Ok(to_js(&answer, meta)?)
            }),
        )
    }
}

/// What a Promise of the JS face waits for. Boxed, so `promise_of` is one function whatever the
/// work (each instance of a generic one cost ~4 KB of `.wasm`).
pub(super) type Work = std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, Failure>>>>;

/// A Promise settled by `work`, tracked so that a panic rejects it instead of leaving it hanging.
pub(super) fn promise_of(name: Option<&'static str>, work: Work) -> Promise {
    promise_in(name, context::capture(), work)
}

/// [`promise_of`], its work polled in `async_context`.
pub(super) fn promise_in(name: Option<&'static str>, async_context: Option<context::Captured>, work: Work) -> Promise {
    let mut ends = None;
    let promise = Promise::new(&mut |resolve, reject| ends = Some((resolve, reject)));
    let Some((resolve, reject)) = ends else { return promise };
    let ticket = panic::track(reject.clone());
    // The caller's async context, captured while the caller is still on the stack.
    let work = context::within(async_context, work);
    spawn_local(async move {
        let outcome = work.await;
        panic::untrack(ticket);
        // After a panic every tracked call was rejected already.
        if halted() {
            return;
        }
        let _ = match outcome {
            Ok(value) => resolve.call1(&JsValue::UNDEFINED, &value),
            Err(failure) => reject.call1(&JsValue::UNDEFINED, &to_js_error(&failure, name)),
        };
    });
    promise
}

/// The caller's value: the engine's own parser builds the objects from the checked JSON text
/// (no text: an answer without a body, a 204 delete, is `undefined`).
fn to_js(answer: &Answer, meta: bool) -> Result<JsValue, Error> {
    let text = answer.data_text();
    let data = if text.is_empty() { JsValue::UNDEFINED } else { from_json(text)? };
    if !meta {
        return Ok(data);
    }
    let headers = Object::new();
    for (name, value) in answer.headers.iter().flatten() {
        let _ = Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    let out = Object::new();
    for (key, value) in [
        ("data", data),
        ("status", answer.status.into()),
        ("headers", headers.into()),
        ("attempts", answer.attempts.into()),
        ("durationMs", answer.duration_ms.into()),
    ] {
        let _ = Reflect::set(&out, &JsValue::from_str(key), &value);
    }
    Ok(out.into())
}

/// Positional JS arguments → JSON values for the core; an avatar's bytes (a `Blob`'s `type` is
/// the default `contentType`).
pub(super) async fn read_args(endpoint: &Endpoint, args: &[JsValue]) -> Result<(Vec<Value>, Option<Vec<u8>>), Failure> {
    let param_names: Vec<&str> = endpoint.path_params().collect();
    let arity = endpoint.arity();
    if endpoint.input == InputKind::Avatar {
        let file = args.first().cloned().unwrap_or(JsValue::UNDEFINED);
        let mut options = to_value("options", args.get(1).unwrap_or(&JsValue::UNDEFINED))?;
        let bytes = if let Some(blob) = file.dyn_ref::<web_sys::Blob>() {
            let buffer = JsFuture::from(blob.array_buffer())
                .await
                .map_err(|cause| Failure::caused(Error::invalid("file: the Blob could not be read"), Some(cause)))?;
            let kind = blob.type_();
            if !kind.is_empty() {
                match &mut options {
                    Value::Null => options = serde_json::json!({ "contentType": kind }),
                    Value::Object(map) if !map.contains_key("contentType") => {
                        map.insert("contentType".into(), Value::String(kind));
                    }
                    _ => {}
                }
            }
            Uint8Array::new(&buffer).to_vec()
        } else if let Some(bytes) = file.dyn_ref::<Uint8Array>() {
            bytes.to_vec()
        } else if file.is_instance_of::<js_sys::ArrayBuffer>() {
            Uint8Array::new(&file).to_vec()
        } else {
            return Err(Error::invalid(format!("file must be a Blob, Uint8Array or ArrayBuffer; got {}", type_of(&file))).into());
        };
        return Ok((vec![options], Some(bytes)));
    }
    let mut values = Vec::with_capacity(arity);
    for (i, arg) in args.iter().take(arity).enumerate() {
        values.push(to_value(param_names.get(i).copied().unwrap_or("input"), arg)?);
    }
    Ok((values, None))
}
