//! Client configuration and its validation (WORKING-RULES.md, Requests).

use super::error::{Error, Result};
use super::validate::quote;
use std::fmt;

/// The documented production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.twominutereports.com/v1";
/// Longest timeout a JS timer can hold (2^31 − 1 ms).
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;
/// Upper bound for `maxRetries`, so a typo cannot turn into minutes of retrying.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// Validated client settings. The key is private and never printed.
#[derive(Clone, PartialEq)]
pub struct Config {
    api_key: String,
    base_url: String,
    /// `None`: each endpoint's default (60 s, run-query 6 min).
    pub timeout_ms: Option<u64>,
    pub max_retries: u32,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

impl Config {
    /// Validate settings. `base_url` defaults to the production API. The key may be empty only
    /// when `base_url` is not the official API (a proxy that adds the key, such as
    /// `tmr-client/proxy`): such a client sends no `Authorization` header, and, holding no secret,
    /// may use `http://` to any host.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option when a value is unusable.
    pub fn new(api_key: &str, base_url: Option<&str>, timeout_ms: Option<f64>, max_retries: Option<f64>) -> Result<Config> {
        let keyless = api_key.is_empty() && base_url.is_some_and(|u| !is_official(u));
        if !keyless {
            check_api_key(api_key)?;
        }
        let base_url = normalise(base_url.unwrap_or(DEFAULT_BASE_URL), keyless)?;
        let timeout_ms = timeout_ms.map(|t| timeout("timeoutMs", t)).transpose()?;
        let max_retries = max_retries.map(|n| retries("maxRetries", n)).transpose()?.unwrap_or(DEFAULT_MAX_RETRIES);
        Ok(Config { api_key: api_key.to_owned(), base_url, timeout_ms, max_retries })
    }

    /// Settings of an Outlign client: `access_token` is the OAuth bearer token, `base_url` the
    /// origin (default `https://go.outlign.co`; API paths go under it).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option when a value is unusable (the token is never shown).
    pub fn outlign(access_token: &str, base_url: Option<&str>, timeout_ms: Option<f64>, max_retries: Option<f64>) -> Result<Config> {
        check_token("accessToken", access_token, "the OAuth access token from exchangeOutlignCode() or refreshOutlignToken()")?;
        Self::outlign_without_token(base_url, timeout_ms, max_retries).map(|c| Config { api_key: access_token.to_owned(), ..c })
    }

    /// Settings for Outlign's OAuth endpoints, which take no bearer token.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option when a value is unusable.
    pub fn outlign_without_token(base_url: Option<&str>, timeout_ms: Option<f64>, max_retries: Option<f64>) -> Result<Config> {
        let base_url = normalise(base_url.unwrap_or(crate::core::outlign::DEFAULT_BASE_URL), false)?;
        let timeout_ms = timeout_ms.map(|t| timeout("timeoutMs", t)).transpose()?;
        let max_retries = max_retries.map(|n| retries("maxRetries", n)).transpose()?.unwrap_or(DEFAULT_MAX_RETRIES);
        Ok(Config { api_key: String::new(), base_url, timeout_ms, max_retries })
    }

    /// The bearer token (only for the `Authorization` header); empty for a keyless client.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// Whether this client holds a key to send.
    pub fn has_key(&self) -> bool {
        !self.api_key.is_empty()
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// `x` as JS prints it (`5`, `-1.5`, `NaN`, `Infinity`). Through serde_json's float writer, which
/// the package has anyway: Rust's own float `Display` would add ~20 KB of code to the `.wasm`.
pub fn js_number(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        (x as i64).to_string()
    } else {
        serde_json::Number::from_f64(x).map_or_else(String::new, |n| n.to_string())
    }
}

/// Check a timeout in milliseconds: a positive integer a JS timer can hold.
pub fn timeout(param: &str, ms: f64) -> Result<u64> {
    if ms.is_finite() && ms >= 1.0 && ms <= MAX_TIMEOUT_MS as f64 {
        Ok(ms.ceil() as u64)
    } else {
        Err(Error::invalid(format!("{param} must be a number of milliseconds from 1 to {MAX_TIMEOUT_MS}; got {}", js_number(ms))))
    }
}

/// Check a retry count: an integer from 0 to [`MAX_RETRIES_LIMIT`].
pub fn retries(param: &str, n: f64) -> Result<u32> {
    if n.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES_LIMIT)).contains(&n) {
        Ok(n as u32)
    } else {
        Err(Error::invalid(format!("{param} must be an integer from 0 to {MAX_RETRIES_LIMIT}; got {}", js_number(n))))
    }
}

fn check_api_key(key: &str) -> Result<()> {
    check_token("apiKey", key, "the API key from hub.twominutereports.com (Settings → API keys)")
}

/// A bearer credential named `param`: `what` says where to get one. Never quoted.
pub fn check_token(param: &str, key: &str, what: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid(format!("{param} is required: pass {what}")));
    }
    // Visible ASCII only: anything else cannot travel in an HTTP header. The key is not quoted.
    if !key.bytes().all(|b| b.is_ascii_graphic()) || key.len() > 4096 {
        return Err(Error::invalid(format!(
            "{param} must be exactly as issued: visible ASCII characters, no spaces or line breaks (value not shown)"
        )));
    }
    Ok(())
}

/// The official API's host: a client needs a key to talk to it.
pub const OFFICIAL_HOST: &str = "api.twominutereports.com";

/// Whether `raw` points at the official API (its host, any path or port).
fn is_official(raw: &str) -> bool {
    let rest = raw.split_once("://").map_or(raw, |(_, r)| r);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    host_of(authority).is_some_and(|h| h.trim_end_matches('.') == OFFICIAL_HOST)
}

/// Whether `base_url` (as normalised) is on a loopback host: a local mock or test server.
pub fn is_loopback_url(base_url: &str) -> bool {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    host_of(authority).is_some_and(|h| is_loopback(&h))
}

/// The rule for a key in a browser or worker realm: every visitor of the page could read it, so
/// it is refused unless the caller opts in by name or only talks to a loopback server.
///
/// # Errors
/// `INVALID_ARGUMENT` saying why and what to do instead (never showing the key).
pub fn browser_guard(config: &Config, dangerously_allow_browser: bool) -> Result<()> {
    if !config.has_key() || dangerously_allow_browser || is_loopback_url(config.base_url()) {
        return Ok(());
    }
    Err(Error::invalid(
        "apiKey in a browser page: every visitor could read the key, which opens the whole TMR account. \
         Keep it on a server with createTmrProxy() from 'tmr-client/proxy' and create the page's client \
         without a key: new TmrClient({ baseUrl: '/api/tmr' }). If only you can open this page, set \
         dangerouslyAllowBrowser: true",
    ))
}

/// `https://` anywhere; `http://` only to loopback (or anywhere for a `keyless` client, which
/// holds no secret). No credentials, query or fragment.
fn normalise(raw: &str, keyless: bool) -> Result<String> {
    let bad = |why: &str| Error::invalid(format!("baseUrl {why}; got {}", quote(raw)));
    let (scheme, rest) = raw.split_once("://").ok_or_else(|| bad("must be an absolute http(s) URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad("must use https://"));
    }
    if rest.contains(['?', '#', '\\']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("cannot contain a query, a fragment, backslashes or spaces"));
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err(bad("cannot contain credentials (user@host)"));
    }
    let host = host_of(authority).ok_or_else(|| bad("has no valid host"))?;
    if scheme == "http" && !keyless && !is_loopback(&host) {
        return Err(bad("must use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and [::1])"));
    }
    let path = path.trim_end_matches('/');
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err(bad("cannot contain \".\" or \"..\" path segments"));
    }
    Ok(format!("{scheme}://{}{path}", authority.to_ascii_lowercase()))
}

/// The host of `host[:port]` or `[v6][:port]`, lower-cased; `None` if malformed.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok());
    let host_ok = !host.is_empty() && (host.starts_with('[') || host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
    (port_ok && host_ok).then(|| host.to_ascii_lowercase())
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4 && parts[0] == "127" && parts.iter().all(|p| p.parse::<u8>().is_ok())
}
