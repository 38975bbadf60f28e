//! The run-query answer read as it arrives (`core::rows`): fed every fixture split at every byte
//! (and a byte at a time), it yields the rows and reaches the verdict that the one-pass check of
//! the whole answer (`response::decode`, what `runQuery` uses) reaches.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use tmr_client::core::rows::{Next, RowReader};
use tmr_client::core::{response::decode, Error, HttpResponse};
use tmr_client::endpoint;

fn head(status: u16) -> HttpResponse {
    HttpResponse { status, retry_after: Some("7".into()), body: Vec::new(), received_ms: 0 }
}

/// The whole answer checked at once: the rows, or the error.
fn at_once(body: &[u8]) -> Result<Vec<Value>, Error> {
    let res = HttpResponse { body: body.to_vec(), ..head(200) };
    let text = decode(endpoint!("data.runQuery"), &res)?;
    Ok(serde_json::from_str::<Vec<Value>>(&text).expect("rows are JSON"))
}

/// The answer fed in `chunks`: the rows handed out, and how it ended.
fn streamed<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> (Vec<Value>, Result<(), Error>) {
    let mut reader = RowReader::new(head(200));
    let mut rows = Vec::new();
    let drain = |reader: &mut RowReader, rows: &mut Vec<Value>| -> Result<bool, Error> {
        loop {
            match reader.next_row()? {
                Next::Row(text) => rows.push(serde_json::from_str(text).expect("a row is JSON")),
                Next::More => return Ok(false),
                Next::End => return Ok(true),
            }
        }
    };
    for chunk in chunks {
        if let Err(e) = reader.push(chunk).and_then(|()| drain(&mut reader, &mut rows).map(drop)) {
            return (rows, Err(e));
        }
    }
    reader.close();
    let end = drain(&mut reader, &mut rows).map(|ended| assert!(ended, "a closed answer ends"));
    (rows, end)
}

fn same_verdict(name: &str, body: &[u8], chunks: Vec<&[u8]>, how: &str) {
    let expected = at_once(body);
    let (rows, end) = streamed(chunks);
    match (&expected, end) {
        (Ok(all), Ok(())) => assert_eq!(&rows, all, "{name} {how}: rows"),
        (Err(want), Err(got)) => assert_eq!(&got, want, "{name} {how}: error"),
        (want, got) => panic!("{name} {how}: at once {want:?}, streamed {got:?} after {} rows", rows.len()),
    }
}

/// Answers a server could send: valid ones in several layouts, and one fault each.
fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let text = [
        ("plain", r#"{"success":true,"data":[{"date":"2026-01-01","clicks":3},{"date":"2026-01-02","clicks":4.5e1}]}"#),
        ("spaced", " \r\n{ \"success\" : true ,\n \"data\" : [ {\"a\" : [1, {\"b\":null}]} ,\t{ } ] , \"error\" : null } \n"),
        ("strings", r#"{"success":true,"data":[{"n":"caf\u00e9 é ☃ 🎉","q":"\"}]\\","k\"ey":"]"},{"e":""}]}"#),
        ("empty", r#"{"success":true,"data":[]}"#),
        ("extra members", r#"{"meta":{"x":[1,2,{"y":"}"}]},"success":true,"note":"[{","data":[{"a":1}],"more":[[]]}"#),
        ("data first", r#"{"data":[{"a":1},{"b":2}],"success":true}"#),
        ("data first, failure", r#"{"data":[{"a":1}],"success":false,"error":{"code":"FORBIDDEN","message":"no"}}"#),
        ("api error", r#"{"success":false,"data":null,"error":{"code":"RATE_LIMITED","message":"Too many"}}"#),
        ("failure without error", r#"{"success":false,"data":null}"#),
        ("missing data", r#"{"success":true}"#),
        ("null data", r#"{"success":true,"data":null}"#),
        ("missing success", r#"{"data":[{"a":1}]}"#),
        ("data not a list", r#"{"success":true,"data":{"a":[1]}}"#),
        ("a row not an object", r#"{"success":true,"data":[{"a":1},"x",{"b":2}]}"#),
        ("a row not an object, data first", r#"{"data":[{"a":1},7],"success":true}"#),
        ("shape then syntax", r#"{"success":true,"data":[3,{"a":tru}]}"#),
        ("success not boolean", r#"{"success":"yes","data":[]}"#),
        ("duplicate success", r#"{"success":true,"success":true,"data":[]}"#),
        ("duplicate data", r#"{"success":true,"data":[],"data":[]}"#),
        ("trailing garbage", r#"{"success":true,"data":[{"a":1}]}x"#),
        ("two envelopes", r#"{"success":true,"data":[]} {}"#),
        ("not an object", r#"[{"a":1}]"#),
        ("whitespace only", "  \n "),
        ("missing comma", r#"{"success":true,"data":[{"a":1}{"b":2}]}"#),
        ("trailing comma", r#"{"success":true,"data":[{"a":1},]}"#),
        ("wrong bracket", r#"{"success":true,"data":[{"a":[1}]}"#),
        ("missing colon", r#"{"success" true,"data":[]}"#),
        ("key not a string", r#"{"success":true,"data":[{a:1}]}"#),
        ("bad number", r#"{"success":true,"data":[{"a":01}]}"#),
        ("bad escape", r#"{"success":true,"data":[{"a":"\x"}]}"#),
        ("control character", "{\"success\":true,\"data\":[{\"a\":\"line\nbreak\"}]}"),
        ("bad literal", r#"{"success":true,"data":[{"a":nul}]}"#),
        ("error not an object", r#"{"success":false,"error":"boom"}"#),
        ("unclosed envelope", r#"{"success":true,"data":[{"a":1}]"#),
        ("lone surrogate in a key", r#"{"success":true,"a\ud800":1,"data":[]}"#),
        ("lone surrogate in a key, no colon", r#"{"success":true,"a\ud800" 1}"#),
        ("escaped keys", r#"{"succ\u0065ss":true,"d\u0061ta":[{"k\u00e9y":1}]}"#),
    ];
    let mut all: Vec<(&str, Vec<u8>)> = text.iter().map(|(n, t)| (*n, t.as_bytes().to_vec())).collect();
    let deep = format!(r#"{{"success":true,"data":[{{"a":{}1{}}}]}}"#, "[".repeat(130), "]".repeat(130));
    all.push(("nested too deeply", deep.into_bytes()));
    let mut bad_utf8 = br#"{"success":true,"data":[{"a":"x"#.to_vec();
    bad_utf8.extend_from_slice(&[0xff, b'"', b'}', b']', b'}']);
    all.push(("invalid UTF-8", bad_utf8));
    let mut cut_utf8 = br#"{"success":true,"data":[{"a":"x"#.to_vec();
    cut_utf8.extend_from_slice(&[0xe2, 0x98]);
    all.push(("UTF-8 cut at the end", cut_utf8));
    all.push(("empty body", Vec::new()));
    all
}

#[test]
fn every_fixture_split_at_every_byte_reaches_the_same_verdict() {
    for (name, body) in fixtures() {
        same_verdict(name, &body, vec![&body], "whole");
        same_verdict(name, &body, body.chunks(1).collect(), "byte by byte");
        for k in 0..=body.len() {
            let (a, b) = body.split_at(k);
            same_verdict(name, &body, vec![a, b], &format!("split at {k}"));
        }
    }
}

#[test]
fn every_truncation_reaches_the_same_verdict() {
    // Each prefix of each answer is an answer cut short, read whole and byte by byte.
    for (name, body) in fixtures() {
        for k in 0..body.len() {
            let cut = &body[..k];
            same_verdict(name, cut, vec![cut], &format!("cut at {k}"));
            same_verdict(name, cut, cut.chunks(1).collect(), &format!("cut at {k}, byte by byte"));
        }
    }
}

#[test]
fn rows_come_as_soon_as_each_is_whole() {
    let body = br#"{"success":true,"data":[{"a":1},{"b":"x"}]}"#;
    let mut reader = RowReader::new(head(200));
    let first_row_end = body.iter().position(|&c| c == b'}').unwrap() + 1;
    reader.push(&body[..first_row_end]).unwrap();
    assert_eq!(reader.next_row().unwrap(), Next::Row(r#"{"a":1}"#));
    assert_eq!(reader.next_row().unwrap(), Next::More);
    reader.push(&body[first_row_end..]).unwrap();
    assert_eq!(reader.next_row().unwrap(), Next::Row(r#"{"b":"x"}"#));
    assert_eq!(reader.next_row().unwrap(), Next::More, "the envelope is not closed until the answer is");
    reader.close();
    assert_eq!(reader.next_row().unwrap(), Next::End);
}

#[test]
fn memory_holds_one_unfinished_row() {
    // A large answer fed in chunks: the reader's buffer never holds more than a chunk and a row.
    let row = r#"{"date":"2026-01-01","campaign":"Spring sale","clicks":123,"cost":45.67}"#;
    let mut body = String::from(r#"{"success":true,"data":["#);
    for i in 0..20_000 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(row);
    }
    body.push_str("]}");
    let mut reader = RowReader::new(head(200));
    let (mut rows, mut peak) = (0, 0);
    for chunk in body.as_bytes().chunks(4096) {
        reader.push(chunk).unwrap();
        peak = peak.max(reader.buffered());
        while let Next::Row(_) = reader.next_row().unwrap() {
            rows += 1;
        }
    }
    reader.close();
    assert_eq!(reader.next_row().unwrap(), Next::End);
    assert_eq!(rows, 20_000);
    assert!(peak <= 4096 + row.len(), "buffered at most a chunk and a row, got {peak}");
}
