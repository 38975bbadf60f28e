//! The HTTP shell over a real socket: CORS, static files, /openapi.json, drop.

use std::sync::{Arc, Mutex};
use tmr_mock::engine::{builtin, Mock};
use tmr_mock::shell::{serve, Shell};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start(static_dir: Option<std::path::PathBuf>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shell = Shell {
        mock: Arc::new(Mutex::new(Mock::new(builtin::world()))),
        static_dir,
        openapi: Some(b"{\"openapi\":\"3.1.0\"}".to_vec().into()),
    };
    let app = axum::Router::new().fallback(move |req| serve(shell.clone(), req));
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// One raw HTTP/1.1 exchange; returns everything the server wrote before closing.
async fn exchange(addr: std::net::SocketAddr, head: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("{head}\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let addr = start(None).await;
    let r = exchange(addr, "OPTIONS /teams HTTP/1.1\r\nOrigin: http://page.example\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization").await;
    assert!(r.starts_with("HTTP/1.1 204"), "{r}");
    assert!(r.contains("access-control-allow-origin: *"));
    assert!(r.contains("access-control-allow-headers: authorization, content-type, x-mock-fault"));
    let r = exchange(addr, "GET /teams HTTP/1.1").await;
    assert!(r.starts_with("HTTP/1.1 401") && r.contains("access-control-allow-origin: *") && r.contains("Authentication required"), "{r}");
}

#[tokio::test]
async fn static_files_openapi_and_no_traversal() {
    let dir = std::env::temp_dir().join(format!("tmr-mock-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>demo</h1>").unwrap();
    let addr = start(Some(dir.clone())).await;
    let r = exchange(addr, "GET / HTTP/1.1").await;
    assert!(r.starts_with("HTTP/1.1 200") && r.contains("text/html") && r.ends_with("<h1>demo</h1>"), "{r}");
    let r = exchange(addr, "GET /../Cargo.toml HTTP/1.1").await;
    assert!(!r.contains("[package]"), "{r}");
    let r = exchange(addr, "GET /openapi.json HTTP/1.1").await;
    assert!(r.ends_with("{\"openapi\":\"3.1.0\"}"), "{r}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn drop_fault_never_completes_an_answer() {
    let addr = start(None).await;
    let token = builtin::token("owner");
    let r = exchange(addr, &format!("GET /teams HTTP/1.1\r\nAuthorization: Bearer {token}\r\nx-mock-fault: drop")).await;
    assert!(!r.contains("\"success\""), "{r}");
    let r = exchange(addr, &format!("GET /teams HTTP/1.1\r\nAuthorization: Bearer {token}")).await;
    assert!(r.contains("\"success\":true"), "the server still answers afterwards: {r}");
}
