//! The shape tables (what the SDK checks answers with) and the serde models (what the mock keeps
//! its state in) describe the same API: every documented example and thousands of mutations of
//! them are accepted by both or refused by both, and a missing nullable field is `null` in both.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use serde_json::{json, Value};
use tmr_client::core::endpoint::OutputKind;
use tmr_client::core::model::typed_check;
use tmr_client::core::response::{decode, shape_of};
use tmr_client::core::shape::Shape;
use tmr_client::core::{HttpResponse, ENDPOINTS};

fn fixtures() -> serde_json::Map<String, Value> {
    serde_json::from_str(include_str!("fixtures/responses.json")).expect("fixtures parse")
}

/// The SDK's verdict on `data` as the answer of `name`.
fn sdk_verdict(name: &str, data: &str) -> Result<(), String> {
    let body = format!(r#"{{"success":true,"data":{data}}}"#);
    let res = HttpResponse { status: 200, retry_after: None, body: body.into_bytes(), received_ms: 0 };
    decode(endpoint(name), &res).map(drop).map_err(|e| e.to_string())
}

/// Whether the SDK and serde agree. One known, wanted difference: serde's derived structs also
/// accept an array of the fields in order (`"schedules": [8, null]`); the API documents objects,
/// so the SDK refuses that.
fn agree(name: &str, data: &str) -> bool {
    match (sdk_verdict(name, data), typed_check(endpoint(name).output, data)) {
        (Ok(()), Ok(())) | (Err(_), Err(_)) => true,
        (Err(sdk), Ok(())) => sdk.contains("expected an object, got an array"),
        (Ok(()), Err(_)) => false,
    }
}

/// Every value that can stand where `v` stands, each changed in one way: a key dropped, a value
/// replaced by one of each JSON type (and the edges of `u64`).
fn mutations(v: &Value) -> Vec<Value> {
    let replacements = [json!(null), json!("s"), json!(7), json!(-1), json!(1.5), json!(true), json!({}), json!([]), json!(u64::MAX)];
    let mut out: Vec<Value> = replacements.to_vec();
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let mut dropped = map.clone();
                dropped.shift_remove(k);
                out.push(Value::Object(dropped));
                for m in mutations(child) {
                    let mut changed = map.clone();
                    changed.insert(k.clone(), m);
                    out.push(Value::Object(changed));
                }
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                out.push(Value::Array(vec![]));
                for m in mutations(first) {
                    let mut changed = items.clone();
                    changed[0] = m;
                    out.push(Value::Array(changed));
                }
            }
        }
        _ => {}
    }
    out
}

#[test]
fn shape_and_serde_models_agree_on_examples_and_their_mutations() {
    let fx = fixtures();
    let mut checked = 0;
    for e in ENDPOINTS.iter().filter(|e| !matches!(e.output, OutputKind::Flag(_))) {
        let example = &fx[e.name];
        for data in std::iter::once(example.clone()).chain(mutations(example)) {
            let text = data.to_string();
            assert!(
                agree(e.name, &text),
                "{}: SDK {:?}, serde {:?} for {text}",
                e.name,
                sdk_verdict(e.name, &text),
                typed_check(e.output, &text)
            );
            checked += 1;
        }
    }
    assert!(checked > 2500, "only {checked} cases");
}

#[test]
fn text_level_edge_cases_agree() {
    let team = fixtures()["teams.list"].to_string();
    let cases = [
        // A duplicate documented field is refused by both; a duplicate unknown one by neither.
        team.replacen(r#""createdAt":"#, r#""createdAt":"x","createdAt":"#, 1),
        team.replacen(r#""createdAt":"#, r#""zz":1,"zz":2,"createdAt":"#, 1),
        // An escaped key is the same key.
        team.replacen(r#""createdAt":"#, r#""cre\u0061tedAt":"#, 1),
        team.replacen(r#""createdAt":"#, r#""createdAt"  :  "#, 1),
        // Numbers at the edges of u64 and of the grammar.
        fixtures()["invites.list"].to_string().replacen(r#""id":"#, r#""id":18446744073709551615,"x":"#, 1),
        fixtures()["invites.list"].to_string().replacen(r#""id":"#, r#""id":18446744073709551616,"x":"#, 1),
        fixtures()["invites.list"].to_string().replacen(r#""id":"#, r#""id":-0,"x":"#, 1),
        fixtures()["invites.list"].to_string().replacen(r#""id":"#, r#""id":1e2,"x":"#, 1),
        fixtures()["invites.list"].to_string().replacen(r#""id":"#, r#""id":01,"x":"#, 1),
    ];
    for (i, text) in cases.iter().enumerate() {
        let name = if i < 4 { "teams.list" } else { "invites.list" };
        assert!(
            agree(name, text),
            "case {i}: SDK {:?}, serde {:?} for {text}",
            sdk_verdict(name, text),
            typed_check(endpoint(name).output, text)
        );
    }
}

#[test]
fn missing_nullable_fields_become_null_like_the_models_say() {
    let fx = fixtures();
    for e in ENDPOINTS.iter().filter(|e| !matches!(e.output, OutputKind::Flag(_))) {
        let example = &fx[e.name];
        let full = decode_ok(e.name, example);
        // Drop every null field of the example: the SDK must put each back as null.
        let stripped = strip_nulls(example);
        // (serde_json's map equality ignores key order: filled-in nulls come after the API's keys.)
        assert_eq!(decode_ok(e.name, &stripped), full, "{}", e.name);
    }
}

fn decode_ok(name: &str, data: &Value) -> Value {
    let body = json!({"success": true, "data": data}).to_string();
    let text = decode(endpoint(name), &HttpResponse { status: 200, retry_after: None, body: body.into_bytes(), received_ms: 0 })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), strip_nulls(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

#[test]
fn shape_tables_are_well_formed() {
    fn walk(s: &Shape, path: &str) {
        match s {
            Shape::Object(fields) => {
                assert!(fields.len() <= 64, "{path}: at most 64 fields (a bit set tracks them)");
                for (i, (name, f)) in fields.iter().enumerate() {
                    assert!(fields[..i].iter().all(|(n, _)| n != name), "{path}.{name} twice");
                    walk(f, &format!("{path}.{name}"));
                }
            }
            Shape::Nullable(inner) | Shape::List(inner) | Shape::Map(inner) => walk(inner, path),
            _ => {}
        }
    }
    for e in &ENDPOINTS {
        match shape_of(e.output) {
            Some(s) => walk(s, e.name),
            None => assert!(matches!(e.output, OutputKind::Flag(_)), "{} has no shape", e.name),
        }
    }
}

#[test]
fn data_before_success_is_checked_too_and_errors_say_where() {
    let team = fixtures()["teams.list"].to_string();
    let answer = |body: String| HttpResponse { status: 200, retry_after: None, body: body.into_bytes(), received_ms: 0 };
    let ok = decode(endpoint("teams.list"), &answer(format!(r#"{{"data":{team},"success":true}}"#))).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&ok).unwrap(), fixtures()["teams.list"]);
    let bad = team.replacen(r#""createdAt":"#, r#""createdAt":5,"x":"#, 1);
    for body in [format!(r#"{{"data":{bad},"success":true}}"#), format!(r#"{{"success":true,"data":{bad}}}"#)] {
        let e = decode(endpoint("teams.list"), &answer(body)).unwrap_err().to_string();
        assert!(e.contains("does not match the documented shape: expected a string, got a number at data[0].createdAt"), "{e}");
    }
    // A shape error never hides a syntax error later in the envelope.
    let e = decode(endpoint("teams.list"), &answer(format!(r#"{{"success":true,"data":{bad},}}"#))).unwrap_err().to_string();
    assert!(e.contains("not a JSON envelope"), "{e}");
}
