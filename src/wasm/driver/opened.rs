//! A call whose 2xx answer came back open: its head, its first bytes, and the rest of its body to
//! read as it arrives. From here on nothing is retried (the caller may already hold rows): a
//! failure is the call's final error, reported to the hooks and cleaned of secrets as
//! [`run`](super::run)'s are.

use super::body::{Canceller, OpenBody};
use crate::core::call::TransportError;
use crate::core::redact::{redact, redact_text};
use crate::core::{Endpoint, Error, HttpResponse};
use crate::wasm::error::Failure;
use crate::wasm::observer::Observer;
use crate::wasm::prop::get;
use crate::wasm::received::Answer;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// An answer whose body is still arriving.
pub struct Opened {
    /// Status and `Retry-After` (no body).
    pub head: HttpResponse,
    /// The body's first bytes (taken by [`Opened::take_first`]).
    pub(super) first: Vec<u8>,
    /// The rest; `None` when the first bytes were all of it.
    pub(super) body: Option<OpenBody>,
    pub endpoint: &'static Endpoint,
    /// The call's deadline, for the error that says it passed.
    pub(super) timeout_ms: u64,
    /// Bytes of the body received so far.
    pub(super) received: u64,
    pub attempts: u32,
    /// `Content-Type`, when asked for.
    pub content_type: Option<String>,
    pub(super) secrets: Secrets,
    pub(super) observer: Option<Rc<dyn Observer>>,
}

impl Opened {
    /// A whole answer as one already read.
    pub(super) fn whole(answer: &Answer, endpoint: &'static Endpoint) -> Opened {
        Opened {
            head: HttpResponse { status: answer.status, ..HttpResponse::default() },
            first: answer.envelope().into_owned(),
            body: None,
            endpoint,
            timeout_ms: 0,
            received: 0,
            attempts: answer.attempts,
            content_type: answer.content_type.clone(),
            secrets: Secrets::default(),
            observer: None,
        }
    }

    /// The body's first bytes (empty after the first call).
    pub fn take_first(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.first)
    }

    /// The body's next bytes; `None` at its end.
    ///
    /// # Errors
    /// The deadline (`TIMEOUT`), an abort (`ABORTED`) or the connection lost (`NETWORK_ERROR`,
    /// with the status and the bytes received).
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Failure> {
        let Some(body) = &mut self.body else { return Ok(None) };
        match body.chunk().await {
            Ok(chunk) => {
                self.received += chunk.as_ref().map_or(0, |c| c.len() as u64);
                Ok(chunk)
            }
            Err((why, cause)) => {
                let error = match why {
                    TransportError::Aborted => Error::Aborted,
                    TransportError::Timeout => Error::Timeout { timeout_ms: self.timeout_ms },
                    TransportError::Network { message } | TransportError::NotSent { message } => {
                        Error::BodyLost { status: self.head.status, received: self.received, message }
                    }
                };
                Err(self.fail(Failure::caused(error, cause)))
            }
        }
    }

    /// A failure of this call found while its body was read (the body's own, or the scan's): told
    /// to the hooks, cleaned of secrets, and the rest of the body cancelled.
    pub fn fail(&mut self, failure: Failure) -> Failure {
        self.stop();
        let failure = self.secrets.scrub(failure);
        if let Some(o) = &self.observer {
            o.failed(self.endpoint, &failure.error);
        }
        failure
    }

    /// A handle that stops the rest of the body from elsewhere, even while a read of it waits.
    pub fn canceller(&self) -> Option<Canceller> {
        self.body.as_ref().map(OpenBody::canceller)
    }

    /// Cancel the rest of the body (a loop left early, an abort): the request is aborted.
    pub fn stop(&mut self) {
        if let Some(body) = &mut self.body {
            body.stop();
        }
        self.body = None;
    }
}

/// The key and token a call sent: never in its errors, even when a server or a `fetch` echoed them.
#[derive(Default)]
pub struct Secrets(pub(super) Vec<String>);

impl Secrets {
    pub fn scrub(&self, mut failure: Failure) -> Failure {
        for secret in &self.0 {
            failure.error = redact(failure.error, secret);
            if failure.cause.as_ref().is_some_and(|cause| mentions(cause, secret)) {
                // The JS error itself (kept as `cause`) would show it too: keep its words, redacted.
                let message = get(failure.cause.as_ref().unwrap_or(&JsValue::UNDEFINED), "message").as_string().unwrap_or_default();
                let clean = redact_text(message, secret);
                failure.cause = Some(js_sys::Error::new(&clean).into());
            }
        }
        failure
    }
}

/// Whether a JS error, or the error it wraps, mentions `secret` in its message or stack.
fn mentions(error: &JsValue, secret: &str) -> bool {
    let inner = get(error, "cause");
    [error, &inner].iter().any(|e| ["message", "stack"].iter().any(|key| get(e, key).as_string().is_some_and(|text| text.contains(secret))))
}
