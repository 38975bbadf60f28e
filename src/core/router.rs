//! The router: a request line (method and path) → the endpoint of the table it names and its
//! path parameters, percent-decoded. tmr-mock routes with it and so does the proxy
//! (`tmr-client/proxy`), so both read the same table the same way.

use super::endpoint::{Endpoint, ENDPOINTS};

/// How a request line matched the endpoint table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Found(&'static Endpoint, Vec<String>),
    /// The path exists, but not with this method: 405 with these methods in `Allow`.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

/// Match the path against every template (literal segments beat parameters), then the method.
pub fn route(method: &str, path: &str) -> Route {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let mut best: Vec<(&'static Endpoint, Vec<String>)> = Vec::new();
    let mut best_literals = 0;
    for e in &ENDPOINTS {
        let template: Vec<&str> = e.path.split('/').skip(1).collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let matched = template.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') {
                percent_decode(s).map(|p| params.push(p)).is_some()
            } else {
                t == s
            }
        });
        if !matched {
            continue;
        }
        let literals = template.iter().filter(|t| !t.starts_with('{')).count();
        if literals > best_literals {
            best.clear();
            best_literals = literals;
        }
        if literals == best_literals {
            best.push((e, params));
        }
    }
    if best.is_empty() {
        return Route::NotFound;
    }
    let methods = best.iter().map(|(e, _)| e.method.as_str()).collect();
    match best.into_iter().find(|(e, _)| e.method.as_str() == method) {
        Some((e, params)) => Route::Found(e, params),
        None => Route::WrongMethod(methods),
    }
}

/// Strict percent-decoding of a path segment: `None` for a bad escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    decode_bytes(s, false).and_then(|b| String::from_utf8(b).ok())
}

/// Lenient decoding of a query component (`+` is a space; a bad escape stays as written).
pub fn query_decode(s: &str) -> String {
    decode_bytes(s, true).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_else(|| s.to_owned())
}

fn decode_bytes(s: &str, query: bool) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%')
            .then(|| b.get(i + 1..i + 3))
            .flatten()
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (_, Some(v)) => {
                out.push(v);
                i += 3;
                continue;
            }
            (b'%', None) if !query => return None,
            (b'+', None) if query => out.push(b' '),
            (c, None) => out.push(c),
        }
        i += 1;
    }
    Some(out)
}
