//! The proxy (`tmr-client/proxy`): a standard `(Request) => Promise<Response>` handler for a
//! server that holds the key. Routing, the allow list and the request forwarded come from the
//! core (`core::proxy`); the request runs through the same session as a client's calls, so every
//! visitor shares one pacer per key and identical concurrent reads share one upstream request.

mod body;
mod reply;

use super::client::Options;
use super::driver::CallOptions;
use super::session::Session;
use super::settings::Settings;
use crate::core::proxy::{rebuild, route, AllowList, Refusal, Routed, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WAIT_MS};
use crate::core::validate::quote;
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
    authorize: Option<Box<dyn Authorize>>,
}

impl Proxy {
    /// A proxy that adds `options`' key upstream and forwards what `allow` lists (endpoint names
    /// or `group.*`) under `base_path` (`""` or `/prefix`). Unless `options` say otherwise, its
    /// pacing waits at most [`DEFAULT_MAX_WAIT_MS`] for a slot and it does not retry (the page's
    /// own client does: retrying in both would multiply the attempts).
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
        Ok(Proxy { session, allow, base_path: base_path.to_owned(), max_body_bytes: DEFAULT_MAX_BODY_BYTES, authorize: None })
    }

    /// Refuse bodies over `limit` bytes with 413 (default [`DEFAULT_MAX_BODY_BYTES`]).
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Proxy {
        self.max_body_bytes = limit;
        self
    }

    /// The app's own check, awaited for every request that passed the allow list and the validators.
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
                    o.proxy_refused(&request.method(), &path_of(&request.url()), &refusal);
                }
                reply::refusal(&refusal)
            }
        }
    }

    async fn forward(&self, request: &Request) -> Result<Response, Refusal> {
        let url = request.url();
        let method = request.method();
        let routed = route(&self.base_path, &self.allow, &method, &path_of(&url))?;
        let body = body::read(request, self.max_body_bytes).await?;
        let upstream = rebuild(&self.session.settings.config, &routed, query_of(&url), &body)?;
        if let Some(check) = &self.authorize {
            match check.authorize(request, &routed).await {
                Ok(true) => {}
                Ok(false) => return Err(Refusal::refused_by_app(routed.endpoint.name)),
                Err(why) => {
                    if let Some(o) = &self.session.settings.observer {
                        o.proxy_authorize_failed(routed.endpoint, &why);
                    }
                    return Err(Refusal::authorize_failed(routed.endpoint.name));
                }
            }
        }
        let params: Vec<&str> = routed.params.iter().map(String::as_str).collect();
        // No signal from the page: a read may be shared with other visitors, and one leaving must
        // not cancel it for the rest.
        let options = CallOptions { want_content_type: true, ..CallOptions::default() };
        let key = self.session.settings.config.api_key();
        match self.session.send(routed.endpoint, &upstream, &params, options).await {
            Ok(answer) => reply::forwarded(&answer, None, key),
            Err(failure) => match &failure.upstream {
                Some(answer) => reply::forwarded(answer, failure.error.retry_after_ms(), key),
                None => Err(Refusal::from_error(&failure.error)),
            },
        }
    }
}

/// `""` or `/segment…`, no trailing slash, nothing a path could be confused by.
fn check_base_path(path: &str) -> Result<(), Error> {
    let ok = path.is_empty()
        || (path.starts_with('/')
            && !path.ends_with('/')
            && path[1..].split('/').all(|s| !s.is_empty() && s != "." && s != "..")
            && !path.contains(['?', '#', '%', '\\'])
            && !path.chars().any(|c| c.is_whitespace() || c.is_control()));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "basePath must be \"\" or a path such as \"/api/tmr\" (no trailing \"/\", query or %-escapes); got {}",
            quote(path)
        )))
    }
}

/// The path of an absolute URL, still percent-encoded (no query or fragment).
fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path[..path.find(['?', '#']).unwrap_or(path.len())].to_owned()
}

/// The query of an absolute URL, without `?` (or `""`).
fn query_of(url: &str) -> &str {
    let without_fragment = &url[..url.find('#').unwrap_or(url.len())];
    without_fragment.split_once('?').map_or("", |(_, q)| q)
}
