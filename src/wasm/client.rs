//! `Core`: the wasm object behind the package's `TmrClient`. One generic `call` runs any endpoint
//! of the table: build (core) → send (fetch) → decode (core) → retry (core decides, we sleep).

use super::convert::{from_json, to_value};
use super::error::{to_js_error, Failure};
use super::fetch::{send, SendError};
use super::options::{call_options, client_options, ClientOptions};
use super::timer::sleep;
use crate::core::endpoint::InputKind;
use crate::core::retry::{decide, Decision, Failure as Attempt};
use crate::core::{request, response, Endpoint, Error};
use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The client core. Created by the package's `TmrClient`; not part of the public API.
#[wasm_bindgen]
pub struct Core {
    inner: Rc<ClientOptions>,
}

#[wasm_bindgen]
impl Core {
    /// Validate `options` and create the core. Throws a `TmrError` (`INVALID_ARGUMENT`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        let inner = client_options(&options).map_err(|e| to_js_error(&e.into(), None))?;
        Ok(Core { inner: Rc::new(inner) })
    }

    /// Run endpoint `name` with positional `args` and per-call `options`. Resolves with the
    /// envelope's `data`; rejects with a `TmrError`.
    pub fn call(&self, name: String, args: Array, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let endpoint =
                Endpoint::by_name(&name).ok_or_else(|| to_js_error(&Error::invalid(format!("unknown endpoint {name:?}")).into(), None))?;
            run(&inner, endpoint, args, options).await.map_err(|f| to_js_error(&f, Some(endpoint.name)))
        })
    }

    /// The base URL in use (never the key).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.base_url().to_owned()
    }
}

async fn run(client: &ClientOptions, endpoint: &'static Endpoint, args: Array, options: JsValue) -> Result<JsValue, Failure> {
    let opts = call_options(&options)?;
    let (values, file) = read_args(endpoint, &args).await?;
    let req = request::build(&client.config, endpoint, &values, file.as_deref())?;
    let fetch = match &client.fetch {
        Some(f) => f.clone(),
        None => global_fetch()?,
    };
    let timeout_ms = opts.timeout_ms.or(client.config.timeout_ms).unwrap_or(endpoint.timeout.default_ms());
    let max_retries = opts.max_retries.unwrap_or(client.config.max_retries);
    let deadline = js_sys::Date::now() + timeout_ms as f64;
    let mut retries = 0;
    loop {
        let remaining = (deadline - js_sys::Date::now()).max(0.0) as u64;
        if remaining == 0 {
            return Err(Error::Timeout { timeout_ms }.into());
        }
        let (failure, attempt) = match send(&req, &fetch, opts.signal.as_ref(), remaining).await {
            Ok(res) => match response::decode(endpoint, &res) {
                Ok(json) => return Ok(from_json(&json)?),
                Err(e) => (Failure::from(e), Attempt::Status(res.status)),
            },
            Err(SendError::Network(f)) => (f, Attempt::Network),
            Err(SendError::Timeout) => return Err(Error::Timeout { timeout_ms }.into()),
            Err(SendError::Aborted) => return Err(Error::Aborted.into()),
        };
        let remaining = (deadline - js_sys::Date::now()).max(0.0) as u64;
        let retry_after = failure.error.retry_after_ms();
        match decide(endpoint, attempt, retries, max_retries, retry_after, js_sys::Math::random(), remaining) {
            Decision::Stop => return Err(failure),
            Decision::Retry { delay_ms } => {
                if !sleep(delay_ms, opts.signal.as_ref()).await {
                    return Err(Error::Aborted.into());
                }
                retries += 1;
            }
        }
    }
}

fn global_fetch() -> Result<Function, Failure> {
    Reflect::get(&js_sys::global(), &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| Error::Network { message: "no global fetch in this runtime: pass options.fetch".into() }.into())
}

/// Positional JS arguments → JSON values for the core; an avatar's file → bytes.
async fn read_args(endpoint: &Endpoint, args: &Array) -> Result<(Vec<Value>, Option<Vec<u8>>), Failure> {
    let params: Vec<&str> = endpoint.path_params().collect();
    if endpoint.input == InputKind::Avatar {
        let (bytes, blob_type) = read_file(&args.get(0)).await?;
        let mut opts = to_value("options", &args.get(1))?;
        if let (Some(t), Value::Null) = (&blob_type, &opts) {
            opts = serde_json::json!({ "contentType": t });
        } else if let (Some(t), Value::Object(m)) = (&blob_type, &mut opts) {
            m.entry("contentType").or_insert_with(|| Value::String(t.clone()));
        }
        return Ok((vec![opts], Some(bytes)));
    }
    let mut values = Vec::with_capacity(args.length() as usize);
    for (i, arg) in args.iter().enumerate() {
        let param = params.get(i).copied().unwrap_or("input");
        values.push(to_value(param, &arg)?);
    }
    Ok((values, None))
}

/// Bytes of a `Uint8Array`, `ArrayBuffer` or `Blob`, and the Blob's type if it has one.
async fn read_file(file: &JsValue) -> Result<(Vec<u8>, Option<String>), Failure> {
    if let Some(bytes) = file.dyn_ref::<Uint8Array>() {
        return Ok((bytes.to_vec(), None));
    }
    if file.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok((Uint8Array::new(file).to_vec(), None));
    }
    if let Some(blob) = file.dyn_ref::<web_sys::Blob>() {
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|cause| Failure { error: Error::invalid("file: the Blob could not be read"), cause: Some(cause) })?;
        let t = blob.type_();
        return Ok((Uint8Array::new(&buf).to_vec(), (!t.is_empty()).then_some(t)));
    }
    let kind = super::convert::type_of(file);
    Err(Error::invalid(format!("file must be a Blob, Uint8Array or ArrayBuffer; got a {kind}")).into())
}
