//! Streamed answers over a real socket: run-query's rows sent chunked (no content-length) with
//! the engine's bytes; `cut=N` aborts the connection after N bytes of body; `stall=N` holds it
//! open until the client leaves or the stall limit passes, and never holds the mock's lock.

use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tmr_mock::engine::builtin::{token, uuid};
use tmr_mock::engine::http::Request;
use tmr_mock::engine::{builtin, Mock};
use tmr_mock::shell::{serve, Shell};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(stall_limit: Duration) -> (SocketAddr, Shell) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shell = Shell { stall_limit, ..Shell::new(Mock::new(builtin::world())) };
    let app_shell = shell.clone();
    let app = axum::Router::new().fallback(move |req| serve(app_shell.clone(), req));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, shell)
}

/// A year of days × 3 campaigns × 3 ad groups: about 300 KB, several chunks.
fn query(account: &str) -> Value {
    json!({"accounts": [account], "dimensions": ["date", "campaign_name", "ad_group.name"], "metrics": ["clicks", "cost"],
        "dateRange": {"startDate": "2025-01-01", "endDate": "2025-12-31"}})
}

/// The engine's answer, without HTTP: an account to query, and the body the query gets.
fn expected() -> (String, Vec<u8>) {
    let mut mock = Mock::new(builtin::world());
    let auth = Some(format!("Bearer {}", token("editor")));
    let get = Request {
        method: "GET".into(),
        path: format!("/teams/{}/connectors/gadw/accounts", uuid(2, 1)),
        authorization: auth.clone(),
        ..Request::default()
    };
    let list: Value = serde_json::from_slice(&mock.handle(&get, 0).body).unwrap();
    let account = format!("gadw_{}", list["data"][0]["id"].as_str().unwrap());
    let post = Request {
        method: "POST".into(),
        path: format!("/teams/{}/data/run-query", uuid(2, 1)),
        authorization: auth,
        content_type: Some("application/json".into()),
        body: query(&account).to_string().into_bytes(),
        ..Request::default()
    };
    (account.clone(), mock.handle(&post, 0).into_body())
}

async fn post(addr: SocketAddr, account: &str, fault: &str) -> TcpStream {
    let body = query(account).to_string();
    let fault = if fault.is_empty() { String::new() } else { format!("x-mock-fault: {fault}\r\n") };
    let head = format!(
        "POST /teams/{}/data/run-query HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\n{fault}Content-Length: {}\r\nConnection: close\r\n\r\n",
        uuid(2, 1),
        token("editor"),
        body.len()
    );
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("{head}{body}").as_bytes()).await.unwrap();
    s
}

/// An answer read so far: its head, its body de-chunked, how many chunks, whether the last
/// (empty) chunk came.
struct Read {
    head: String,
    body: Vec<u8>,
    chunks: usize,
    complete: bool,
}

fn parse(raw: &[u8]) -> Read {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |i| i + 4);
    let mut read = Read { head: String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase(), body: Vec::new(), chunks: 0, complete: false };
    let mut rest = &raw[split..];
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let Ok(size) = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap_or("x"), 16) else { break };
        if size == 0 {
            read.complete = true;
            break;
        }
        let Some(data) = rest.get(eol + 2..eol + 2 + size) else {
            read.body.extend_from_slice(&rest[eol + 2..]);
            break;
        };
        read.body.extend_from_slice(data);
        read.chunks += 1;
        rest = rest.get(eol + 4 + size..).unwrap_or_default();
    }
    read
}

/// Read until the connection ends, or until `until` bytes of body came.
async fn read(s: &mut TcpStream, until: Option<usize>) -> Read {
    let mut raw = Vec::new();
    let mut buf = vec![0; 64 * 1024];
    loop {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => return parse(&raw),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
        if until.is_some_and(|n| parse(&raw).body.len() >= n) {
            return parse(&raw);
        }
    }
}

async fn wait_for(what: &str, ok: impl Fn() -> bool) {
    let t0 = Instant::now();
    while !ok() {
        assert!(t0.elapsed() < Duration::from_secs(5), "waited 5 s for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_streamed_answer_is_sent_chunked_with_the_engines_bytes() {
    let (addr, _) = start(Duration::from_secs(600)).await;
    let (account, want) = expected();
    let r = read(&mut post(addr, &account, "").await, None).await;
    assert!(r.head.starts_with("http/1.1 200") && r.head.contains("transfer-encoding: chunked"), "{}", r.head);
    assert!(!r.head.contains("content-length") && r.head.contains("access-control-allow-origin: *"), "{}", r.head);
    assert!(r.complete && r.body == want, "{} of {} bytes", r.body.len(), want.len());
    assert!(r.chunks > 3, "sent as it is made: {} chunks", r.chunks);
}

#[tokio::test]
async fn cut_sends_n_bytes_then_aborts_the_connection() {
    let (addr, _) = start(Duration::from_secs(600)).await;
    let (account, want) = expected();
    for n in [10, 70_000, 200_000] {
        let r = read(&mut post(addr, &account, &format!("cut={n}")).await, None).await;
        assert!(r.head.starts_with("http/1.1 200"), "{}", r.head);
        assert!(!r.complete && r.body == want[..n], "cut={n}: {} bytes, complete {}", r.body.len(), r.complete);
    }
    let r = read(&mut post(addr, &account, "truncate").await, None).await;
    // Half of the first chunk, which is 64 KiB and part of a row.
    assert!(!r.complete && r.body == want[..r.body.len()], "truncate");
    assert!((32 * 1024..33 * 1024).contains(&r.body.len()), "truncate: {} bytes", r.body.len());
}

#[tokio::test]
async fn a_stall_ends_when_its_client_leaves_and_never_holds_the_lock() {
    let (addr, shell) = start(Duration::from_secs(600)).await;
    let (account, want) = expected();
    let mut s = post(addr, &account, "stall=1000").await;
    let r = read(&mut s, Some(1000)).await;
    assert!(r.body == want[..1000] && !r.complete);
    wait_for("the stall to start", || shell.stalled.load(Ordering::SeqCst) == 1).await;
    // The mock answers others meanwhile.
    let mut other = post(addr, &account, "cut=5").await;
    assert_eq!(read(&mut other, None).await.body, want[..5]);
    let mut more = [0; 16];
    let quiet = tokio::time::timeout(Duration::from_millis(200), s.read(&mut more)).await;
    assert!(quiet.is_err(), "nothing more comes: {quiet:?}");
    drop(s);
    wait_for("the stall to end with its client", || shell.stalled.load(Ordering::SeqCst) == 0).await;
}

#[tokio::test]
async fn a_stall_fails_after_the_limit() {
    let (addr, shell) = start(Duration::from_millis(300)).await;
    let (account, want) = expected();
    let t0 = Instant::now();
    let r = read(&mut post(addr, &account, "stall=70000").await, None).await;
    assert!(t0.elapsed() >= Duration::from_millis(300), "{:?}", t0.elapsed());
    assert!(r.body == want[..70_000] && !r.complete, "{} bytes", r.body.len());
    wait_for("the count to drop", || shell.stalled.load(Ordering::SeqCst) == 0).await;
}
