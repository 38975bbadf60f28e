//! A run-query answer of a million rows keeps the mock's memory flat: its rows are made while it
//! is sent, so what stays alive while draining it is the generator's own state and one chunk,
//! not the answer. Measured with a counting allocator, which is why this test has a binary of its
//! own (and one test only: another running beside it would count too).

use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use tmr_mock::engine::builtin::{token, uuid};
use tmr_mock::engine::http::Request;
use tmr_mock::engine::stream::{End, Pull};
use tmr_mock::engine::{builtin, Mock};

/// The system allocator, counting the bytes alive and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call goes to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const NOW: u64 = 1_795_000_000_000;

fn request(path: String, body: Option<Value>) -> Request {
    Request {
        method: if body.is_some() { "POST" } else { "GET" }.into(),
        path,
        authorization: Some(format!("Bearer {}", token("editor"))),
        content_type: body.as_ref().map(|_| "application/json".into()),
        body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        ..Request::default()
    }
}

#[test]
fn a_million_row_answer_drains_in_flat_memory() {
    let mut mock = Mock::new(builtin::world());
    mock.set_max_query_rows(2_000_000).unwrap();
    let team = uuid(2, 1);
    let accounts = mock.handle(&request(format!("/teams/{team}/connectors/gadw/accounts"), None), NOW).body;
    let id = serde_json::from_slice::<Value>(&accounts).unwrap()["data"][0]["id"].as_str().unwrap().to_owned();
    // 111,112 days (1800-01-01 to 2104-03-19) × 3 campaigns × 3 ad groups = 1,000,008 rows.
    let query = json!({"accounts": [format!("gadw_{id}")], "dimensions": ["date", "campaign_name", "ad_group.name"],
        "metrics": ["impressions", "clicks", "cost"], "dateRange": {"startDate": "1800-01-01", "endDate": "2104-03-19"}});
    let req = request(format!("/teams/{team}/data/run-query"), Some(query));

    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let mut answer = mock.handle(&req, NOW);
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let mut stream = answer.stream.take().expect("a streamed answer");
    let (mut bytes, mut rows, mut chunks) = (0usize, 0usize, 0usize);
    let mut tail = Vec::new();
    let end = loop {
        match stream.pull() {
            Pull::Chunk(c) => {
                // Each row ends with `}` (no value holds one), and so does the envelope.
                rows += c.iter().filter(|b| **b == b'}').count();
                bytes += c.len();
                chunks += 1;
                tail = c[c.len().saturating_sub(200)..].to_vec();
            }
            Pull::End(end) => break end,
        }
    };
    let peak = PEAK.load(Ordering::SeqCst) - base;
    drop(stream);
    assert_eq!(end, End::Whole);
    assert_eq!(rows - 1, 1_000_008);
    assert!(tail.ends_with(b"}]}"), "{}", String::from_utf8_lossy(&tail));
    assert!(bytes > 80_000_000, "the answer is large: {bytes} bytes in {chunks} chunks");
    assert!(peak < 8 * 1024 * 1024, "peak live bytes while draining {bytes} bytes of rows: {peak}");
    eprintln!("1,000,008 rows, {bytes} bytes in {chunks} chunks; peak live bytes while draining: {peak}");
}
