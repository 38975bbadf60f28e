//! What HTTP adds around the engine, shared by both transports (the axum shell and the wasm
//! `createMockFetch` of `tmr-client/mock`), so they answer byte for byte alike: CORS, the
//! preflight, the body limit, the production base path, query decoding.

use super::checks::query_decode;
use super::http::{Request, Response};
use super::Mock;

/// Largest request body read (the engine's own per-endpoint limits are lower).
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// On every answer: any origin may read it (no cookies are involved; credentials travel in
/// `Authorization`). `location` is exposed for Outlign's authorise redirect.
pub const CORS: [(&str, &str); 2] = [("access-control-allow-origin", "*"), ("access-control-expose-headers", "retry-after, location")];

/// The answer to any `OPTIONS` request (a browser's CORS preflight).
pub fn preflight() -> Response {
    let mut r = Response { status: 204, headers: vec![("content-type", "text/plain".into())], ..Response::default() };
    r.headers.push(("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS".into()));
    r.headers.push(("access-control-allow-headers", "authorization, content-type, x-mock-fault".into()));
    r.headers.push(("access-control-max-age", "600".into()));
    with_cors(r)
}

/// The answer to a body over [`MAX_BODY`].
pub fn too_large() -> Response {
    let body = r#"{"success":false,"error":{"code":"PAYLOAD_TOO_LARGE","message":"Request body is too large"}}"#;
    with_cors(Response {
        status: 413,
        headers: vec![("content-type", "application/json".into())],
        body: body.into(),
        ..Response::default()
    })
}

/// A raw query string (no `?`) as the engine's decoded pairs, in order.
pub fn query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_decode(k), query_decode(v))
        })
        .collect()
}

/// Answer one request as the server does. The production base path `/v1` is served like the
/// root, so a client left on its default `baseUrl` works against a fetch that ignores the origin.
pub fn serve(mock: &mut Mock, mut req: Request, now_ms: u64) -> Response {
    if req.path == "/v1" || req.path.starts_with("/v1/") {
        req.path.replace_range(..3, "");
        if req.path.is_empty() {
            req.path.push('/');
        }
    }
    if req.method == "OPTIONS" {
        return preflight();
    }
    if req.body.len() > MAX_BODY {
        return too_large();
    }
    with_cors(mock.handle(&req, now_ms))
}

fn with_cors(mut r: Response) -> Response {
    r.headers.extend(CORS.iter().map(|&(k, v)| (k, v.to_owned())));
    r
}
