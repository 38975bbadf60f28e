//! The proxy (`tmr-client/proxy`): a standard `(Request) => Promise<Response>` handler for a
//! server that holds the key. Routing, the allow list and the request forwarded come from the
//! core (`core::proxy`); the request runs through the same session as a client's calls, so every
//! visitor shares one pacer per key and identical concurrent reads share one upstream request.

mod body;
mod reply;

use super::driver::CallOptions;
use super::session::Session;
use crate::core::proxy::{rebuild, route, AllowList, Refusal, Routed};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsValue;
use web_sys::{Request, Response};

/// The app's own check of a routed request (the JS `authorize` option): `Ok(true)` forwards it,
/// `Ok(false)` refuses it (403), `Err` means the check itself failed (500, not forwarded).
pub trait Authorize {
    fn authorize(&self, request: &Request, routed: &Routed) -> Pin<Box<dyn Future<Output = Result<bool, String>>>>;
}

/// A proxy's settings and state.
pub struct Proxy {
    pub session: Session,
    pub allow: AllowList,
    /// `""` or `/prefix` without a trailing slash.
    pub base_path: String,
    pub max_body_bytes: usize,
    pub authorize: Option<Box<dyn Authorize>>,
}

impl Proxy {
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
        match self.session.send(routed.endpoint, &upstream, &params, CallOptions::default()).await {
            Ok(answer) => reply::forwarded(answer.status, &answer.envelope(), None),
            Err(failure) => match &failure.upstream {
                Some(answer) => reply::forwarded(answer.status, &answer.envelope(), failure.error.retry_after_ms()),
                None => Err(Refusal::from_error(&failure.error)),
            },
        }
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
