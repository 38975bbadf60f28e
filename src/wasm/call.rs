//! One call of any endpoint: build (core) → cache or shared request → pace → send → decode
//! (core) → retry (core decides, this sleeps), with hooks at each step and one deadline over all
//! attempts.

use super::convert::{from_json, parse_js_text, to_value};
use super::error::{to_js_error, Failure};
use super::fetch::{send, SendError};
use super::hooks::event;
use super::options::{call_options, CallOptions, ClientOptions};
use super::pacing;
use super::timer::sleep;
use crate::core::endpoint::{InputKind, Method, RetryClass};
use crate::core::response::Decoded;
use crate::core::retry::{decide, Budget, Decision, Failure as Attempt};
use crate::core::{request, response, Endpoint, Error, HttpRequest};
use js_sys::{Array, Function, Reflect, Uint8Array};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

fn now() -> f64 {
    js_sys::Date::now()
}

/// A successful answer.
pub struct Success {
    decoded: Decoded,
    body: Vec<u8>,
    text: JsValue,
    status: u16,
    headers: Option<JsValue>,
    attempts: u32,
    duration_ms: f64,
}

impl Success {
    /// `data` as a JS value: parsed by the engine from the body as sent, or from the normalised text.
    fn data(&self) -> Result<JsValue, Failure> {
        match &self.decoded {
            Decoded::AsSent { .. } => {
                let envelope = parse_js_text(&self.text).map_err(|_| Error::invalid("internal: the body did not parse twice alike"))?;
                Ok(Reflect::get(&envelope, &"data".into()).unwrap_or(JsValue::NULL))
            }
            Decoded::Normalised(json) => Ok(from_json(json)?),
        }
    }

    /// `data` as JSON text (for the cache and shared requests).
    fn json(&self) -> String {
        self.decoded.text(&self.body)
    }
}

/// Run `endpoint`. With `meta`, resolve `{ data, status, headers, attempts, durationMs }`.
/// GETs are served from the cache when it is on, and identical concurrent GETs (without their
/// own signal) share one request; each caller still gets its own fresh objects.
pub async fn run(
    client: Rc<ClientOptions>,
    endpoint: &'static Endpoint,
    args: Array,
    options: JsValue,
    meta: bool,
) -> Result<JsValue, JsValue> {
    let fail = |f: Failure| to_js_error(&f, Some(endpoint.name));
    let opts = call_options(&options).map_err(|e| fail(e.into()))?;
    let (values, file) = read_args(endpoint, &args).await.map_err(fail)?;
    let req = request::build(&client.config, endpoint, &values, file.as_deref()).map_err(|e| fail(e.into()))?;
    let is_get = endpoint.method == Method::Get;
    if is_get && !meta {
        let hit = client.cache.as_ref().and_then(|c| c.borrow_mut().get(&req.url, now() as u64));
        if let Some(json) = hit {
            if client.hooks.logs(4) {
                client.hooks.log(4, &format!("cache hit {} ({})", req.url, endpoint.name));
            }
            return from_json(&json).map_err(|e| fail(e.into()));
        }
    }
    if is_get && !meta && opts.signal.is_none() {
        let url = req.url.clone();
        let existing = client.inflight.borrow().get(&url).cloned();
        let promise = existing.unwrap_or_else(|| {
            let shared = future_to_promise(shared_get(client.clone(), endpoint, req, opts));
            client.inflight.borrow_mut().insert(url.clone(), shared.clone());
            shared
        });
        let text = JsFuture::from(promise.clone()).await;
        let mut inflight = client.inflight.borrow_mut();
        if inflight.get(&url).is_some_and(|p| js_sys::Object::is(p, &promise)) {
            inflight.remove(&url);
        }
        drop(inflight);
        let text = text?.as_string().unwrap_or_default();
        return from_json(&text).map_err(|e| fail(e.into()));
    }
    let ok = execute(&client, endpoint, &req, &opts, meta).await.map_err(fail)?;
    if client.cache.is_some() {
        remember(&client, endpoint, &values, &req.url, &ok.json());
    }
    success(ok, meta).map_err(fail)
}

/// The one request behind coalesced GETs: resolves with the JSON text of `data`.
async fn shared_get(
    client: Rc<ClientOptions>,
    endpoint: &'static Endpoint,
    req: HttpRequest,
    opts: CallOptions,
) -> Result<JsValue, JsValue> {
    let ok = execute(&client, endpoint, &req, &opts, false).await.map_err(|f| to_js_error(&f, Some(endpoint.name)))?;
    let json = ok.json();
    remember(&client, endpoint, &[], &req.url, &json);
    Ok(JsValue::from_str(&json))
}

/// Keep a GET answer in the cache, or drop what a write made stale.
fn remember(client: &ClientOptions, endpoint: &Endpoint, values: &[Value], url: &str, json: &str) {
    let Some(cache) = &client.cache else { return };
    let mut cache = cache.borrow_mut();
    if endpoint.method == Method::Get {
        cache.put(url, json, now() as u64);
    } else {
        let params: Vec<&str> = values.iter().take(endpoint.path_params().count()).filter_map(Value::as_str).collect();
        cache.invalidate(client.config.base_url(), endpoint, &params);
    }
}

/// Pace, send, decode and retry until success or a final failure.
async fn execute(
    client: &ClientOptions,
    endpoint: &'static Endpoint,
    req: &HttpRequest,
    opts: &CallOptions,
    meta: bool,
) -> Result<Success, Failure> {
    let fetch = match &client.fetch {
        Some(f) => f.clone(),
        None => global_fetch()?,
    };
    let (hooks, signal, name) = (&client.hooks, opts.signal.as_ref(), endpoint.name);
    let timeout_ms = opts.timeout_ms.or(client.config.timeout_ms).unwrap_or(endpoint.timeout.default_ms());
    let max_retries = opts.max_retries.unwrap_or(client.config.max_retries);
    let started = now();
    // The deadline starts with the first send: time queued for a rate-limit slot does not count.
    let mut deadline: Option<f64> = None;
    let mut attempt = 0;
    let result = loop {
        if signal.is_some_and(web_sys::AbortSignal::aborted) {
            break Err(Error::Aborted.into());
        }
        if let Some(p) = &client.pacing {
            if let Err(f) = pacing::slot(p, endpoint.bucket, name, signal, hooks).await {
                break Err(f);
            }
        }
        let deadline_at = *deadline.get_or_insert_with(|| now() + timeout_ms as f64);
        let remaining = (deadline_at - now()).max(0.0) as u64;
        if remaining == 0 {
            break Err(Error::Timeout { timeout_ms }.into());
        }
        attempt += 1;
        hooks.request(name, req.method.as_str(), &req.url, attempt);
        let sent = now();
        let (failure, kind) = match send(req, &fetch, signal, remaining, meta).await {
            Ok(answer) => {
                let res = &answer.response;
                hooks.response(name, Some(res.status), now() - sent, attempt);
                match response::decode_lazy(endpoint, res) {
                    Ok(decoded) => {
                        let status = res.status;
                        break Ok(Success {
                            decoded,
                            body: answer.response.body,
                            text: answer.text,
                            status,
                            headers: answer.headers,
                            attempts: attempt,
                            duration_ms: now() - started,
                        });
                    }
                    Err(e) => (Failure::from(e), Attempt::Status(res.status)),
                }
            }
            Err(e) => {
                hooks.response(name, None, now() - sent, attempt);
                match e {
                    SendError::Aborted => break Err(Error::Aborted.into()),
                    SendError::Timeout if endpoint.retry == RetryClass::OnlyIfRefused => {
                        break Err(Error::AmbiguousWrite { endpoint: name, cause: format!("no answer within {timeout_ms} ms") }.into())
                    }
                    SendError::Timeout => break Err(Error::Timeout { timeout_ms }.into()),
                    SendError::Network(f) if endpoint.retry == RetryClass::OnlyIfRefused => {
                        let cause = f.error.to_string();
                        break Err(Failure { error: Error::AmbiguousWrite { endpoint: name, cause }, cause: f.cause });
                    }
                    SendError::Network(f) => (f, Attempt::Network),
                }
            }
        };
        let mut retry_after = failure.error.retry_after_ms();
        if let (Attempt::Status(429), Some(p)) = (kind, &client.pacing) {
            // A 429 despite pacing (another process shares the key): drain and wait it out.
            let wait = p.pacer.borrow_mut().drain(endpoint.bucket, now() as u64, retry_after);
            hooks.rate_limit(name, wait, true);
            retry_after = Some(wait);
        }
        let remaining = (deadline_at - now()).max(0.0) as u64;
        let budget = Budget { retries_done: attempt - 1, max_retries, max_delay_ms: client.max_retry_delay_ms, remaining_ms: remaining };
        match decide(endpoint, kind, budget, retry_after, js_sys::Math::random()) {
            Decision::Stop => break Err(failure),
            Decision::Retry { delay_ms } => {
                hooks.retry(name, attempt, delay_ms, &failure.error);
                if !sleep(delay_ms, signal).await {
                    break Err(Error::Aborted.into());
                }
            }
        }
    };
    if let Err(f) = &result {
        hooks.failed(name, &f.error);
    }
    result
}

fn success(ok: Success, meta: bool) -> Result<JsValue, Failure> {
    let data = ok.data()?;
    if !meta {
        return Ok(data);
    }
    Ok(event(&[
        ("data", data),
        ("status", ok.status.into()),
        ("headers", ok.headers.unwrap_or_else(|| js_sys::Object::new().into())),
        ("attempts", ok.attempts.into()),
        ("durationMs", ok.duration_ms.into()),
    ]))
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
