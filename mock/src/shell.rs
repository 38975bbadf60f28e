//! The HTTP shell around the engine: axum on tokio, loopback only, CORS for pages on other
//! origins, optional static files (the demo) and the OpenAPI document.

use crate::engine::checks::query_decode;
use crate::engine::http::Request as EngineRequest;
use crate::engine::Mock;
use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Shared server state.
#[derive(Clone)]
pub struct Shell {
    pub mock: Arc<Mutex<Mock>>,
    pub static_dir: Option<PathBuf>,
    pub openapi: Option<Bytes>,
}

const MAX_BODY: usize = 8 * 1024 * 1024;

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Every answer, TMR's and Outlign's alike: any origin may read it (no cookies are involved;
/// credentials travel in `Authorization`). `location` is exposed for Outlign's authorise redirect.
fn cors(headers: &mut HeaderMap) {
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert("access-control-expose-headers", HeaderValue::from_static("retry-after, location"));
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
    if parts.method == Method::OPTIONS {
        let mut r = plain(StatusCode::NO_CONTENT, "text/plain", Body::empty());
        let h = r.headers_mut();
        h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"));
        h.insert("access-control-allow-headers", HeaderValue::from_static("authorization, content-type, x-mock-fault"));
        h.insert("access-control-max-age", HeaderValue::from_static("600"));
        return r;
    }
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
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "application/json",
            r#"{"success":false,"error":{"code":"PAYLOAD_TOO_LARGE","message":"Request body is too large"}}"#,
        );
    };
    let query = parts
        .uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_decode(k), query_decode(v))
        })
        .collect();
    let request = EngineRequest {
        method: parts.method.as_str().to_owned(),
        path,
        query,
        authorization: header_str(&parts.headers, header::AUTHORIZATION),
        content_type: header_str(&parts.headers, header::CONTENT_TYPE),
        fault: parts.headers.get("x-mock-fault").and_then(|v| v.to_str().ok()).map(str::to_owned),
        body: body.to_vec(),
    };
    let answer = match shell.mock.lock() {
        Ok(mut mock) => mock.handle(&request, now_ms()),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "mock state poisoned"),
    };
    if answer.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(answer.delay_ms)).await;
    }
    if answer.drop {
        // A body that fails at once: hyper aborts the connection, the client sees no valid answer.
        let failing = futures_util::stream::once(async { Err::<Bytes, std::io::Error>(std::io::Error::other("dropped (x-mock-fault)")) });
        return Response::new(Body::from_stream(failing));
    }
    let mut r = Response::new(Body::from(answer.body));
    *r.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in answer.headers {
        if let Ok(v) = HeaderValue::from_str(&v) {
            r.headers_mut().insert(k, v);
        }
    }
    cors(r.headers_mut());
    r
}
