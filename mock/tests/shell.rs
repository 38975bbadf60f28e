//! The HTTP shell over a real socket: CORS, static files, /openapi.json, drop.

use tmr_mock::engine::{builtin, Mock};
use tmr_mock::shell::{serve, Shell};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start(static_dir: Option<std::path::PathBuf>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shell = Shell { static_dir, openapi: Some(b"{\"openapi\":\"3.1.0\"}".to_vec().into()), ..Shell::new(Mock::new(builtin::world())) };
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

/// One exchange with a body (`Content-Length` set).
async fn exchange_body(addr: std::net::SocketAddr, head: &str, body: &str) -> String {
    exchange(addr, &format!("{head}\r\nContent-Length: {}\r\n\r\n{body}", body.len())).await
}

/// The part after the header block.
fn body_of(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

#[tokio::test]
async fn outlign_cors_for_a_page_on_another_loopback_origin() {
    let addr = start(None).await;
    let r = exchange(
        addr,
        "OPTIONS /api/v1/clients/123 HTTP/1.1\r\nOrigin: http://127.0.0.1:5173\r\nAccess-Control-Request-Method: DELETE\r\nAccess-Control-Request-Headers: authorization, content-type",
    )
    .await;
    assert!(r.starts_with("HTTP/1.1 204") && r.contains("access-control-allow-origin: *"), "{r}");
    assert!(r.contains("access-control-allow-headers: authorization, content-type") && r.contains("PUT, PATCH, DELETE"), "{r}");
    let r = exchange(
        addr,
        "GET /api/v1/clients?title=acme+corp HTTP/1.1\r\nOrigin: http://localhost:5173\r\nAuthorization: Bearer outlign-alice",
    )
    .await;
    assert!(r.starts_with("HTTP/1.1 200") && r.contains("access-control-allow-origin: *"), "{r}");
    assert!(body_of(&r).starts_with("[{\"id\":123,\"title\":\"Acme Corporation\""), "the shell decodes the query: {r}");
    let r = exchange(addr, "GET /api/v1/companies HTTP/1.1").await;
    assert!(
        r.starts_with("HTTP/1.1 401")
            && r.contains("access-control-allow-origin: *")
            && body_of(&r) == "{\"message\":\"Unauthenticated.\"}",
        "{r}"
    );
}

#[tokio::test]
async fn outlign_writes_over_http() {
    let addr = start(None).await;
    let json = "Authorization: Bearer outlign-alice\r\nContent-Type: application/json";
    let r = exchange_body(addr, &format!("POST /api/v1/clients HTTP/1.1\r\n{json}"), r#"{"title":"Omega","company_id":456}"#).await;
    assert!(r.starts_with("HTTP/1.1 201") && body_of(&r).contains("\"id\":128"), "{r}");
    let r = exchange_body(addr, &format!("PUT /api/v1/clients/128 HTTP/1.1\r\n{json}"), r#"{"title":"Omega 2"}"#).await;
    assert!(r.starts_with("HTTP/1.1 200") && body_of(&r).contains("\"title\":\"Omega 2\""), "{r}");
    let r = exchange(addr, "DELETE /api/v1/clients/128 HTTP/1.1\r\nAuthorization: Bearer outlign-alice").await;
    assert!(r.starts_with("HTTP/1.1 204") && r.contains("access-control-allow-origin: *"), "{r}");
    assert!(r.ends_with("\r\n\r\n") && !r.to_ascii_lowercase().contains("content-type"), "a 204 has no body: {r:?}");
}

#[tokio::test]
async fn outlign_oauth_over_http() {
    let addr = start(None).await;
    let form = "grant_type=authorization_code&client_id=outlign-demo&client_secret=outlign-demo-secret&code=outlign-code-alice&redirect_uri=http%3A%2F%2F127.0.0.1%3A5173%2Fcb";
    let r = exchange_body(addr, "POST /oauth/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded", form).await;
    assert!(r.starts_with("HTTP/1.1 200") && body_of(&r).contains("\"access_token\":\"olt-1-alice\""), "{r}");
    let r = exchange(addr, "GET /api/v1/companies HTTP/1.1\r\nAuthorization: Bearer olt-1-alice").await;
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let r = exchange(addr, "GET /oauth/authorize?client_id=outlign-demo&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcb&response_type=code&scope=outlign%3Aall&state=s+1 HTTP/1.1").await;
    assert!(r.starts_with("HTTP/1.1 302") && r.contains("location: http://localhost:5173/cb?code=olc-2-alice&state=s%201"), "{r}");
    assert!(r.contains("access-control-expose-headers: retry-after, location"), "{r}");
}
