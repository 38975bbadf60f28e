//! Cross-site writes refused. A page on another site can make a browser send a POST to the proxy
//! (a form, or `fetch` in `no-cors` mode, which needs no preflight), with the visitor's cookies:
//! the proxy would forward it with the key. So a request that may change something (any method
//! but GET) is forwarded only when the browser says it comes from the proxy's own origin (or one
//! the app lists); requests that carry neither `Sec-Fetch-Site` nor `Origin` do not come from a
//! browser page (a server, curl) and pass.

use super::refusal::Refusal;

/// What a request says about where it comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Provenance<'a> {
    pub method: &'a str,
    /// The `Sec-Fetch-Site` header (`same-origin`, `same-site`, `cross-site`, `none`).
    pub fetch_site: Option<&'a str>,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The origin of the request's own URL (`https://dashboard.example`).
    pub own_origin: &'a str,
}

/// Refuse a write that a browser sent from another origin than the proxy's own or `allowed`.
///
/// # Errors
/// 403 `FORBIDDEN` saying why.
pub fn check_origin(p: Provenance<'_>, allowed: &[String]) -> Result<(), Refusal> {
    if p.method == "GET" {
        return Ok(());
    }
    let listed = p.origin.is_some_and(|o| allowed.iter().any(|a| a.eq_ignore_ascii_case(o)));
    let same = match (p.fetch_site, p.origin) {
        (Some(site), _) => matches!(site, "same-origin" | "none") || listed,
        (None, Some(origin)) => origin.eq_ignore_ascii_case(p.own_origin) || listed,
        (None, None) => true,
    };
    if same {
        Ok(())
    } else {
        Err(Refusal::cross_site(p.origin.unwrap_or("another site")))
    }
}
