//! The proxy's policy (`tmr-client/proxy`), sans IO: which page requests a server holding the key
//! forwards, and what exactly goes upstream. A page request is routed by the endpoint table (the
//! mock's router), checked against the allow list, then re-built by the client's own validators,
//! so the request forwarded is one `TmrClient` could have sent, never the page's bytes.

mod allow;
mod origin;
mod path;
mod rebuild;
mod refusal;
mod target;

pub use allow::AllowList;
pub use origin::{check_origin, Provenance};
pub use path::{route, Routed};
pub use rebuild::{is_json, rebuild, takes_body};
pub use refusal::{envelope, Refusal};
pub use target::Target;

use super::error::{Error, Result};
use super::validate::quote;

/// Check a proxy's `basePath`: `""` or `/segment…` of visible ASCII, no trailing slash, nothing a
/// path could be confused by (a non-ASCII prefix could never match a percent-encoded path).
///
/// # Errors
/// `INVALID_ARGUMENT` quoting the value.
pub fn check_base_path(path: &str) -> Result<()> {
    let ok = path.is_empty()
        || (path.starts_with('/')
            && !path.ends_with('/')
            && path[1..].split('/').all(|s| !s.is_empty() && s != "." && s != "..")
            && path.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'%' | b'\\')));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "basePath must be \"\" or a path such as \"/api/tmr\" (ASCII, no trailing \"/\", query or %-escapes); got {}",
            quote(path)
        )))
    }
}

/// Check the `allowedOrigins` option: each an origin `scheme://host[:port]`, no path.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the entry.
pub fn check_origins(origins: &[String]) -> Result<()> {
    for (i, origin) in origins.iter().enumerate() {
        let ok = origin.split_once("://").is_some_and(|(scheme, rest)| {
            matches!(scheme, "http" | "https")
                && !rest.is_empty()
                && rest.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b'?' | b'#' | b'@'))
        });
        if !ok {
            return Err(Error::invalid(format!(
                "allowedOrigins[{i}] must be an origin such as \"https://dashboard.example\" (no path); got {}",
                quote(origin)
            )));
        }
    }
    Ok(())
}

/// Largest request body the proxy reads by default (the API's own limit for JSON bodies is not
/// documented; the mock's is the same 1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// Default longest wait for a rate-limit slot: a page should hear 429 with `Retry-After` rather
/// than hold its request open for minutes (a client's default is 300 s).
pub const DEFAULT_MAX_WAIT_MS: u64 = 10_000;
