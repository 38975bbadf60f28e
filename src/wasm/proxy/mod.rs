//! The proxy (`tmr-client/proxy`): a standard `(Request) => Promise<Response>` handler for a
//! server that holds the key. Routing, the allow list and the request forwarded come from the
//! core (`core::proxy`); the request runs through the same session as a client's calls, so every
//! visitor shares one pacer per key and identical concurrent reads share one upstream request.

mod body;
mod reply;
mod stream;

use super::client::Options;
use super::driver::{CallOptions, Opened};
use super::session::Session;
use super::settings::Settings;
use super::timer::{within, Bounded};
use crate::core::proxy::{
    check_base_path, check_origin, check_origins, is_json, rebuild, route, takes_body, AllowList, Provenance, Refusal, Routed, Target,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WAIT_MS,
};
use crate::core::Error;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsValue;
use web_sys::{Request, Response};

/// The app's own check of a routed request (the JS `authorize` option): `Ok(true)` forwards it,
/// `Ok(false)` refuses it (403), `Err` means the check itself failed (500, not forwarded).
pub trait Authorize {
    fn authorize(&self, request: &Request, routed: &Routed) -> Pin<Box<dyn Future<Output = Result<bool, String>>>>;
}

/// A proxy for pages, shared by every visitor of a server (a Rust wasm server such as a worker;
/// the npm package's `createTmrProxy` is this proxy).
///
/// ```no_run
/// # async fn demo(request: web_sys::Request) -> Result<web_sys::Response, wasm_bindgen::JsValue> {
/// use tmr_client::wasm::proxy::Proxy;
/// let proxy = Proxy::new(tmr_client::Options::new("tmrc_live_…"), &["teams.get", "members.*"], "/api/tmr")?;
/// proxy.handle(request).await
/// # }
/// ```
pub struct Proxy {
    session: Session,
    allow: AllowList,
    /// `""` or `/prefix` without a trailing slash.
    base_path: String,
    max_body_bytes: usize,
    /// Origins besides the proxy's own whose pages may send writes.
    allowed_origins: Vec<String>,
    authorize: Option<Box<dyn Authorize>>,
}

impl Proxy {
    /// A proxy that adds `options`' key upstream and forwards what `allow` lists (endpoint names
    /// or `group.*`) under `base_path` (`""` or `/prefix`). Unless `options` set their own, its
    /// pacing waits at most [`DEFAULT_MAX_WAIT_MS`] for a slot.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a bad option, allow entry or base path, or no key.
    pub fn new(options: Options, allow: &[&str], base_path: &str) -> Result<Proxy, Error> {
        if !options.has_key() {
            return Err(Error::invalid("apiKey is required: the proxy adds it to every request it forwards"));
        }
        let settings = options.proxy_defaults(DEFAULT_MAX_WAIT_MS).into_settings()?;
        Proxy::from_settings(settings, AllowList::parse(allow)?, base_path)
    }

    /// A proxy on settings already checked (the JS face reads its own options).
    pub(crate) fn from_settings(settings: Settings, allow: AllowList, base_path: &str) -> Result<Proxy, Error> {
        check_base_path(base_path)?;
        let session = Session::new(settings);
        let base_path = base_path.to_owned();
        Ok(Proxy { session, allow, base_path, max_body_bytes: DEFAULT_MAX_BODY_BYTES, allowed_origins: Vec::new(), authorize: None })
    }

    /// Refuse bodies over `limit` bytes with 413 (default [`DEFAULT_MAX_BODY_BYTES`]).
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Proxy {
        self.max_body_bytes = limit;
        self
    }

    /// Let pages on these origins (`https://app.example`) send writes too; by default only pages
    /// of the proxy's own origin may.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for an entry that is not an origin.
    pub fn allowed_origins(mut self, origins: Vec<String>) -> Result<Proxy, Error> {
        check_origins(&origins)?;
        self.allowed_origins = origins;
        Ok(self)
    }

    /// The app's own check, awaited for every request that passed the allow list and the path's
    /// checks, before its body is read.
    #[must_use]
    pub fn authorize(mut self, check: Box<dyn Authorize>) -> Proxy {
        self.authorize = Some(check);
        self
    }

    /// Answer one page request: forwarded, or refused with the API's error envelope.
    ///
    /// # Errors
    /// Only when the runtime cannot make a `Response` at all.
    pub async fn handle(&self, request: Request) -> Result<Response, JsValue> {
        match self.forward(&request).await {
            Ok(response) => Ok(response),
            Err(refusal) => {
                if let Some(o) = &self.session.settings.observer {
                    o.proxy_refused(&request.method(), Target::of(&request.url()).path, &refusal);
                }
                reply::refusal(&refusal)
            }
        }
    }

    /// Route → origin → (no body) → authorize → body → rebuild → send. The body is read only
    /// once the app has admitted the request, and only for endpoints that take one.
    async fn forward(&self, request: &Request) -> Result<Response, Refusal> {
        let url = request.url();
        let target = Target::of(&url);
        let method = request.method();
        let routed = route(&self.base_path, &self.allow, &method, target.path)?;
        let headers = request.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        let (fetch_site, origin) = (header("sec-fetch-site"), header("origin"));
        let provenance =
            Provenance { method: &method, fetch_site: fetch_site.as_deref(), origin: origin.as_deref(), own_origin: target.origin };
        check_origin(provenance, &self.allowed_origins)?;
        let takes_body = takes_body(routed.endpoint);
        if !takes_body {
            body::none(request, routed.endpoint.name).await?;
        }
        self.admit(request, &routed).await?;
        let body = if takes_body { body::read(request, self.max_body_bytes).await? } else { Vec::new() };
        if !body.is_empty() {
            let content_type = header("content-type").unwrap_or_default();
            if !is_json(&content_type) {
                return Err(Refusal::not_json(&content_type));
            }
        }
        let upstream = rebuild(&self.session.settings.config, &routed, target.query, &body)?;
        let params: Vec<&str> = routed.params.iter().map(String::as_str).collect();
        // No signal from the page: a read may be shared with other visitors, and one leaving must
        // not cancel it for the rest.
        let options = CallOptions { want_content_type: true, ..CallOptions::default() };
        let key = self.session.settings.config.api_key();
        let outcome = if routed.endpoint.streamed_as.is_some() {
            // Large answers (run-query) go on to the page as they arrive.
            match self.session.open(routed.endpoint, &upstream, &options).await {
                Ok(opened) => return streamed(opened, key),
                Err(failure) => Err(failure),
            }
        } else {
            self.session.send(routed.endpoint, &upstream, &params, options).await
        };
        match outcome {
            Ok(answer) => reply::forwarded(&answer, None, key),
            Err(failure) => match &failure.upstream {
                Some(answer) => reply::forwarded(answer, failure.error.retry_after_ms(), key),
                None => Err(Refusal::from_error(&failure.error)),
            },
        }
    }

    /// The app's `authorize`, bounded by the call's deadline.
    async fn admit(&self, request: &Request, routed: &Routed) -> Result<(), Refusal> {
        let Some(check) = &self.authorize else { return Ok(()) };
        let config = &self.session.settings.config;
        let limit_ms = config.timeout_ms.unwrap_or(routed.endpoint.timeout.default_ms());
        let why = match within(check.authorize(request, routed), limit_ms, None).await {
            Bounded::Done(Ok(true)) => return Ok(()),
            Bounded::Done(Ok(false)) => return Err(Refusal::refused_by_app(routed.endpoint.name)),
            Bounded::Done(Err(why)) => why,
            Bounded::TimedOut | Bounded::Aborted => format!("it did not settle within {limit_ms} ms"),
        };
        if let Some(o) = &self.session.settings.observer {
            o.proxy_authorize_failed(routed.endpoint, &why);
        }
        Err(Refusal::authorize_failed(routed.endpoint.name))
    }
}

/// A 2xx answer whose body is still arriving, forwarded as a stream (a null-body status with none).
fn streamed(mut opened: Opened, key: &str) -> Result<Response, Refusal> {
    let status = opened.head.status;
    let content_type = opened.content_type.clone().unwrap_or_else(|| "application/json".to_owned());
    let cannot = |_| Refusal::from_error(&Error::Network { message: format!("the API's answer (HTTP {status}) cannot be forwarded") });
    let body = if reply::null_body(status) {
        opened.stop();
        None
    } else {
        Some(stream::body(opened, key).map_err(cannot)?)
    };
    reply::streamed(status, &content_type, body.as_ref()).map_err(cannot)
}
