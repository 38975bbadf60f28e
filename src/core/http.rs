//! Plain-data HTTP request and response: what the core hands to a transport and gets back.

use super::endpoint::Method;
use std::fmt;

/// A request ready to send. Built by `request::build`, sent by the binding's transport.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// Send `token` as the bearer token from now on (a refreshed OAuth token). A request built
    /// without one (a token request) stays without one.
    pub fn set_bearer(&mut self, token: &str) {
        if let Some((_, v)) = self.headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case("authorization")) {
            *v = format!("Bearer {token}");
        }
    }

    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

// Hand-written so the bearer token can never reach a log line through `{:?}`.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (*k, if k.eq_ignore_ascii_case("authorization") { "Bearer [redacted]" } else { v.as_str() }))
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// An HTTP answer as the transport received it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    /// The `Retry-After` header, if present.
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
    /// When the answer arrived (ms since the Unix epoch), for an HTTP-date `Retry-After`.
    pub received_ms: u64,
}
