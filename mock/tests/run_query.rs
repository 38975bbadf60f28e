//! Run-query answers made while they are sent: the same bytes as the buffered answer the mock
//! sent before (run_query_support), in chunks of about 64 KiB; the row cap as a setting and as
//! the server's flag; the faults that end a streamed body (`truncate`, `cut=N`, `stall=N`).

mod run_query_support;

use run_query_support::{buffered_body, days, ymd};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use tmr_mock::engine::builtin::{token, uuid};
use tmr_mock::engine::http::{Request, Response};
use tmr_mock::engine::stream::{End, Pull, Stream, CHUNK};
use tmr_mock::engine::{builtin, Mock, DEFAULT_MAX_QUERY_ROWS};

const NOW: u64 = 1_795_000_000_000; // 2026-11-18
const PREFIX: &[u8] = br#"{"success":true,"data":["#;

fn send(mock: &mut Mock, method: &str, path: &str, body: Option<&Value>, fault: Option<&str>) -> Response {
    let req = Request {
        method: method.into(),
        path: path.into(),
        authorization: Some(format!("Bearer {}", token("editor"))),
        content_type: body.map(|_| "application/json".into()),
        fault: fault.map(str::to_owned),
        body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        ..Request::default()
    };
    mock.handle(&req, NOW)
}

fn query_path() -> String {
    format!("/teams/{}/data/run-query", uuid(2, 1))
}

/// An account of Acme's, as run-query names it.
fn account(mock: &mut Mock) -> String {
    let r = send(mock, "GET", &format!("/teams/{}/connectors/gadw/accounts", uuid(2, 1)), None, None);
    let list: Value = serde_json::from_slice(&r.body).unwrap();
    format!("gadw_{}", list["data"][0]["id"].as_str().unwrap())
}

fn run(mock: &mut Mock, q: &Value, fault: Option<&str>) -> Response {
    send(mock, "POST", &query_path(), Some(q), fault)
}

/// Every chunk of a streamed answer, and how it ended.
fn chunks(r: &mut Response) -> (Vec<Vec<u8>>, End) {
    assert!(r.body.is_empty(), "a streamed answer has no buffered body");
    let mut stream = r.stream.take().expect("a streamed answer");
    let mut out = Vec::new();
    loop {
        match stream.pull() {
            Pull::Chunk(c) => out.push(c),
            Pull::End(end) => return (out, end),
        }
    }
}

fn range(from: &str, to: &str) -> Value {
    json!({"startDate": from, "endDate": to})
}

#[test]
fn streamed_bytes_are_the_buffered_answer_in_chunks_of_about_64_kib() {
    let mut mock = Mock::new(builtin::world());
    let acc = account(&mut mock);
    let a = acc.as_str();
    let today = (NOW / 86_400_000) as i64;
    let ten = (days("2026-01-01"), days("2026-01-10"));
    let long = (days("2025-01-01"), days("2026-02-04"));
    let f = |field: &str, op: &str, value: &str| json!({"fieldId": field, "operator": op, "value": value});
    let s = |field: &str, dir: &str| json!({"fieldId": field, "direction": dir});
    // (dimensions, metrics, date range as sent, as day numbers, filters, sort)
    type Case<'a> = (Vec<&'a str>, Vec<&'a str>, Value, (i64, i64), Vec<Value>, Vec<Value>);
    let cases: Vec<Case> = vec![
        (vec!["date", "campaign_name"], vec!["cost", "clicks"], range("2026-01-01", "2026-01-10"), ten, vec![], vec![s("date", "desc")]),
        (
            vec!["segments.date", "campaign.name", "ad_group.name"],
            vec!["metrics.impressions", "metrics.clicks", "metrics.cost_micros"],
            range("2025-01-01", "2026-02-04"),
            long,
            vec![],
            vec![],
        ),
        (
            vec!["date", "campaign_name"],
            vec!["impressions", "clicks", "cost"],
            range("2025-01-01", "2026-02-04"),
            long,
            vec![f("clicks", "greaterThan", "200"), f("campaign_name", "notEquals", "name 2"), f("date", "contains", "-0")],
            vec![],
        ),
        (
            vec!["day", "campaign_name"],
            vec!["cost", "clicks"],
            range("2025-01-01", "2026-02-04"),
            long,
            vec![f("cost", "lesserThan", "80"), f("campaign_name", "notContains", "3")],
            vec![s("campaign_name", "asc"), s("cost", "desc")],
        ),
        (vec!["date"], vec!["clicks"], range("2026-01-01", "2026-01-10"), ten, vec![f("date", "equals", "nothing")], vec![]),
        (vec![], vec!["cost", "impressions"], Value::Null, (today - 7, today - 1), vec![], vec![]),
        (vec![], vec![], json!("last_30_days"), (today - 30, today - 1), vec![], vec![]),
        // A repeated dimension multiplies the rows and keeps its first place; a metric named as a
        // dimension takes the dimension's place; filters and sort on fields no row has.
        (
            vec!["date", "campaign_name", "date"],
            vec!["campaign_name", "clicks", "clicks"],
            range("2026-01-01", "2026-01-03"),
            (days("2026-01-01"), days("2026-01-03")),
            vec![f("nowhere", "equals", "x")],
            vec![],
        ),
        (
            vec!["date", "campaign_name"],
            vec!["clicks"],
            range("2026-01-01", "2026-01-03"),
            ten_days_of(3),
            vec![],
            vec![s("nowhere", "asc")],
        ),
        // Names JSON must escape, and text past ASCII.
        (vec!["we\"ird/é_x\\y", "a.b"], vec!["co\"st", "clicks\n"], range("2026-01-01", "2026-01-02"), ten_days_of(2), vec![], vec![]),
    ];
    for (i, (dims, metrics, date_range, span, filters, sort)) in cases.into_iter().enumerate() {
        let mut q = json!({"accounts": [a, a], "dimensions": dims, "metrics": metrics, "filters": filters, "sort": sort});
        if !date_range.is_null() {
            q["dateRange"] = date_range;
        }
        let mut r = run(&mut mock, &q, None);
        assert_eq!(r.status, 200, "case {i}: {:?}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.headers, [("content-type", "application/json".to_owned())], "case {i}");
        let (parts, end) = chunks(&mut r);
        assert_eq!(end, End::Whole, "case {i}");
        assert!(parts[0].starts_with(PREFIX), "case {i}");
        for p in &parts[..parts.len() - 1] {
            assert!((CHUNK..CHUNK + 1024).contains(&p.len()), "case {i}: a chunk of {} bytes", p.len());
        }
        let streamed = parts.concat();
        let want = buffered_body(&[a, a], &dims, &metrics, span, &filters, &sort);
        let at = streamed.iter().zip(&want).position(|(x, y)| x != y);
        assert!(streamed == want, "case {i}: differs at byte {at:?} (lengths {} and {})", streamed.len(), want.len());
        if i == 1 {
            assert!(parts.len() > 3, "a large answer comes in several chunks: {}", parts.len());
        }
    }
}

fn ten_days_of(n: i64) -> (i64, i64) {
    (days("2026-01-01"), days("2026-01-01") + n - 1)
}

#[test]
fn the_row_cap_is_a_setting_counted_before_filters_and_kept_across_reset() {
    let mut mock = Mock::new(builtin::world());
    let acc = account(&mut mock);
    // One date dimension of `n` days times three campaigns.
    let q = |n: i64| json!({"accounts": [acc], "dimensions": ["date", "campaign_name"], "dateRange": range("1900-01-01", &ymd(days("1900-01-01") + n - 1))});
    let message = |r: Response| serde_json::from_slice::<Value>(&r.into_body()).unwrap()["error"]["message"].as_str().unwrap().to_owned();
    assert_eq!(DEFAULT_MAX_QUERY_ROWS, 200_000);
    assert_eq!(run(&mut mock, &q(66_666), None).status, 200, "199,998 rows");
    let r = run(&mut mock, &q(66_667), None);
    assert_eq!(r.status, 400);
    assert_eq!(message(r), "The query would return more than 200000 rows; narrow the date range or dimensions");
    mock.set_max_query_rows(30).unwrap();
    assert_eq!(run(&mut mock, &q(10), None).into_body().iter().filter(|b| **b == b'{').count(), 31, "30 rows fit a cap of 30");
    let mut none = q(11);
    none["filters"] = json!([{"fieldId": "date", "operator": "equals", "value": "never"}]);
    assert_eq!(message(run(&mut mock, &none, None)), "The query would return more than 30 rows; narrow the date range or dimensions");
    mock.reset();
    assert_eq!(run(&mut mock, &q(11), None).status, 400, "a setting: kept across reset");
    assert_eq!(mock.set_max_query_rows(0), Err("the row cap must be a whole number from 1 to 100000000 (got 0)".into()));
    assert!(mock.set_max_query_rows(100_000_001).is_err());
    mock.set_max_query_rows(100_000_000).unwrap();
    let wide: Vec<String> = (0..16).map(|i| format!("d{i}")).collect();
    let r = run(&mut mock, &json!({"accounts": [acc], "dimensions": wide}), None);
    assert_eq!(r.status, 200, "3^16 = 43,046,721 rows allowed, none made yet");
}

#[test]
fn the_server_flag_sets_the_cap_and_refuses_values_out_of_range() {
    let bin = env!("CARGO_BIN_EXE_tmr-mock");
    for bad in ["0", "100000001", "many", "-3"] {
        let out = Command::new(bin).args(["--port", "0", "--max-query-rows", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("--max-query-rows takes a whole number from 1 to 100000000\nusage:"), "{bad}: {err}");
        assert!(err.contains("[--max-query-rows N]"), "in the usage line: {err}");
    }
    let mut child = Command::new(bin).args(["--port", "0", "--max-query-rows", "5"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first.strip_prefix("listening on http://").unwrap().to_owned();
    let mut mock = Mock::new(builtin::world());
    let body = json!({"accounts": [account(&mut mock)], "dimensions": ["campaign_name", "ad_group.name"]}).to_string();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        query_path(),
        token("editor"),
        body.len()
    );
    s.write_all(format!("{head}{body}").as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 400") && answer.contains("more than 5 rows"), "{answer}");
}

#[test]
fn faults_end_a_streamed_body_early() {
    let mut mock = Mock::new(builtin::world());
    mock.set_rate_limits(false);
    let acc = account(&mut mock);
    let q = json!({"accounts": [acc], "dimensions": ["date", "campaign_name", "ad_group.name"], "metrics": ["clicks"], "dateRange": range("2025-01-01", "2025-12-31")});
    let (parts, _) = chunks(&mut run(&mut mock, &q, None));
    let whole = parts.concat();
    assert!(parts.len() > 2 && whole.len() > 100_000);
    let drained = |mut r: Response| r.stream.take().expect("a streamed answer").drain();
    assert_eq!(drained(run(&mut mock, &q, Some("truncate"))), (whole[..parts[0].len() / 2].to_vec(), End::Cut), "half the first chunk");
    assert_eq!(drained(run(&mut mock, &q, Some("cut=100"))), (whole[..100].to_vec(), End::Cut));
    assert_eq!(drained(run(&mut mock, &q, Some("cut=70000"))), (whole[..70_000].to_vec(), End::Cut), "across chunks");
    assert_eq!(drained(run(&mut mock, &q, Some("stall=5; latency=20"))), (whole[..5].to_vec(), End::Stall));
    assert_eq!(drained(run(&mut mock, &q, Some("stall=0"))), (vec![], End::Stall));
    assert_eq!(drained(run(&mut mock, &q, Some("cut=99999999"))), (whole.clone(), End::Cut), "the fault happens even past the end");
    assert_eq!(run(&mut mock, &q, Some("latency=20")).delay_ms, 20);
    // On buffered answers: `truncate` halves as before; `cut` and `stall` make them streams too.
    let teams = send(&mut mock, "GET", "/teams", None, None).body;
    assert_eq!(send(&mut mock, "GET", "/teams", None, Some("truncate")).body, teams[..teams.len() / 2]);
    let cut = send(&mut mock, "GET", "/teams", None, Some("cut=10"));
    assert!(cut.body.is_empty());
    assert_eq!(drained(cut), (teams[..10].to_vec(), End::Cut));
    let failed = send(&mut mock, "GET", "/teams", None, Some("status=503; stall=12"));
    assert_eq!(failed.status, 503);
    assert_eq!(drained(failed), (br#"{"success":false"#[..12].to_vec(), End::Stall), "the error body a status fault made");
    let dropped = send(&mut mock, "GET", "/teams", None, Some("drop; cut=3"));
    assert!(dropped.drop && dropped.stream.is_none(), "drop sends no answer to cut");
    for (fault, message) in [
        ("cut", "x-mock-fault: `cut` needs a number"),
        ("stall=-1", "x-mock-fault: `stall=-1` needs a number"),
        ("cut=1; stall=2", "x-mock-fault: `truncate`, `cut` and `stall` exclude each other"),
        ("truncate; cut=3", "x-mock-fault: `truncate`, `cut` and `stall` exclude each other"),
    ] {
        let r = run(&mut mock, &q, Some(fault));
        assert_eq!(r.status, 400, "{fault}");
        assert_eq!(serde_json::from_slice::<Value>(&r.body).unwrap()["error"]["message"], message);
    }
    assert_eq!(drained(run(&mut mock, &q, Some("cut=4; cut=6"))).0.len(), 6, "the same directive twice: the last one");
}

#[test]
fn a_stream_limits_and_ends_once() {
    let three = || Stream::new([b"abc".to_vec(), Vec::new(), b"defg".to_vec(), b"hi".to_vec()].into_iter());
    assert_eq!(three().drain(), (b"abcdefghi".to_vec(), End::Whole), "empty chunks are skipped");
    let mut s = three();
    s.limit(5, End::Cut);
    assert_eq!(s.pull(), Pull::Chunk(b"abc".to_vec()));
    assert_eq!(s.pull(), Pull::Chunk(b"de".to_vec()));
    assert_eq!(s.pull(), Pull::End(End::Cut));
    assert_eq!(s.pull(), Pull::End(End::Cut), "and every pull after");
    let mut s = three();
    s.truncate();
    assert_eq!(s.drain(), (b"a".to_vec(), End::Cut), "half of the first chunk (3 / 2)");
    let mut s = Stream::of_bytes(b"xyz".to_vec());
    s.limit(3, End::Stall);
    assert_eq!(s.drain(), (b"xyz".to_vec(), End::Stall));
    let mut empty = Stream::new(std::iter::empty());
    empty.truncate();
    assert_eq!(empty.drain(), (vec![], End::Cut));
}
