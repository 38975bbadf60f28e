//! The HTTP shell around the engine: axum on tokio, loopback only, CORS for pages on other
//! origins, optional static files (the demo) and the OpenAPI document. A streamed answer
//! (run-query's rows) is made chunk by chunk as hyper asks for the next, after the mock's lock
//! is let go, and sent chunked.

use crate::engine::http::{Request as EngineRequest, Response as EngineResponse};
use crate::engine::stream::{End, Pull, Stream};
use crate::engine::{wire, Mock};
use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long an answer stalled by `stall=N` stays open if its client never leaves.
pub const STALL_LIMIT: Duration = Duration::from_secs(600);

/// Shared server state.
#[derive(Clone)]
pub struct Shell {
    pub mock: Arc<Mutex<Mock>>,
    pub static_dir: Option<PathBuf>,
    pub openapi: Option<Bytes>,
    /// How long a stalled answer waits for its client to leave before failing ([`STALL_LIMIT`]).
    pub stall_limit: Duration,
    /// Stalled answers still open (a stall must not outlive its client: tests read it).
    pub stalled: Arc<AtomicUsize>,
}

impl Shell {
    /// A shell over `mock`, with no static files, no OpenAPI document and the usual stall limit.
    pub fn new(mock: Mock) -> Shell {
        Shell { mock: Arc::new(Mutex::new(mock)), static_dir: None, openapi: None, stall_limit: STALL_LIMIT, stalled: Arc::default() }
    }
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Static files and the OpenAPI document carry the same CORS headers as the API's answers.
fn cors(headers: &mut HeaderMap) {
    for (k, v) in wire::CORS {
        headers.insert(k, HeaderValue::from_static(v));
    }
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn static_file(dir: &Path, url_path: &str) -> Option<(PathBuf, &'static str)> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut path = dir.join(rel);
    if path.is_dir() {
        path = path.join("index.html");
    }
    let ct = match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript",
        Some("css") => "text/css",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    path.is_file().then_some((path, ct))
}

/// A body pulled from the engine's stream one chunk per poll (no content-length: chunked). A
/// cut body yields an I/O error, so hyper aborts the connection; a stalled one waits until the
/// client leaves (hyper drops the body) or the stall limit passes.
fn streamed(shell: &Shell, stream: Stream) -> Body {
    let (limit, stalled) = (shell.stall_limit, shell.stalled.clone());
    let chunks = futures_util::stream::unfold(Some(stream), move |state| {
        let stalled = stalled.clone();
        async move {
            let mut stream = state?;
            let why = match stream.pull() {
                Pull::Chunk(c) => return Some((Ok(Bytes::from(c)), Some(stream))),
                Pull::End(End::Whole) => return None,
                Pull::End(End::Cut) => "cut (x-mock-fault)",
                Pull::End(End::Stall) => {
                    drop(stream);
                    let _open = Open::count(stalled);
                    tokio::time::sleep(limit).await;
                    "stalled past the limit (x-mock-fault)"
                }
            };
            // One poll that is not ready first: hyper flushes what it holds before it aborts, so
            // the client gets every byte before the failure.
            tokio::task::yield_now().await;
            Some((Err(std::io::Error::other(why)), None))
        }
    });
    Body::from_stream(chunks)
}

/// One in a count for as long as it lives.
struct Open(Arc<AtomicUsize>);

impl Open {
    fn count(counter: Arc<AtomicUsize>) -> Open {
        counter.fetch_add(1, Ordering::SeqCst);
        Open(counter)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn plain(status: StatusCode, ct: &'static str, body: impl Into<Body>) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    cors(r.headers_mut());
    r
}

/// Serve one request.
pub async fn serve(shell: Shell, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    if parts.method == Method::GET {
        if let (Some(doc), "/openapi.json") = (&shell.openapi, path.as_str()) {
            return plain(StatusCode::OK, "application/json", doc.clone());
        }
        if let Some((file, ct)) = shell.static_dir.as_deref().and_then(|d| static_file(d, &path)) {
            return match tokio::fs::read(&file).await {
                Ok(bytes) => plain(StatusCode::OK, ct, bytes),
                Err(_) => plain(StatusCode::NOT_FOUND, "text/plain", "not found"),
            };
        }
    }
    let Ok(body) = to_bytes(body, wire::MAX_BODY).await else {
        return answer(&shell, wire::too_large());
    };
    let request = EngineRequest {
        method: parts.method.as_str().to_owned(),
        path,
        query: wire::query(parts.uri.query().unwrap_or_default()),
        authorization: header_str(&parts.headers, header::AUTHORIZATION),
        content_type: header_str(&parts.headers, header::CONTENT_TYPE),
        fault: parts.headers.get("x-mock-fault").and_then(|v| v.to_str().ok()).map(str::to_owned),
        body: body.to_vec(),
    };
    let response = match shell.mock.lock() {
        Ok(mut mock) => wire::serve(&mut mock, request, now_ms()),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "mock state poisoned"),
    };
    if response.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(response.delay_ms)).await;
    }
    if response.drop {
        // A body that fails at once: hyper aborts the connection, the client sees no valid answer.
        let failing = futures_util::stream::once(async { Err::<Bytes, std::io::Error>(std::io::Error::other("dropped (x-mock-fault)")) });
        return Response::new(Body::from_stream(failing));
    }
    answer(&shell, response)
}

/// The engine's answer (its CORS headers included) as axum's.
fn answer(shell: &Shell, mut a: EngineResponse) -> Response<Body> {
    let body = match a.stream.take() {
        Some(stream) => streamed(shell, stream),
        None => Body::from(a.body),
    };
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in a.headers {
        if let Ok(v) = HeaderValue::from_str(&v) {
            r.headers_mut().insert(k, v);
        }
    }
    r
}
