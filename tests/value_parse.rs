//! The scanner's JSON reader (what the `.wasm` uses instead of serde_json's) gives the same
//! `Value` as serde_json on every example answer and on the edge cases of the grammar.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use tmr_client::core::scan::parse;

fn same(text: &str) {
    let ours = parse(text).map_err(|f| format!("{f:?}"));
    let theirs = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text}");
            assert_eq!(a.to_string(), b.to_string(), "order and numbers: {text}");
        }
        (Err(_), Err(_)) => {}
        _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn every_fixture_reads_the_same() {
    let fixtures: serde_json::Map<String, Value> = serde_json::from_str(include_str!("fixtures/responses.json")).unwrap();
    for (name, data) in &fixtures {
        let text = serde_json::to_string_pretty(data).unwrap();
        same(&text);
        assert!(parse(&text).is_ok(), "{name}");
    }
}

#[test]
fn grammar_edges_read_the_same() {
    let cases = [
        r#"{"b":1,"a":2,"b":3}"#,
        r#""tab\there \"q\" \\ \/ \b\f\n\r \u00e9 \ud83d\ude00""#,
        r#""\ud83d""#,
        r#""\ude00x""#,
        r#""\u12""#,
        r#""raw	tab""#,
        "0",
        "-0",
        "7",
        "-7",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1.5",
        "-1.5e3",
        "1E+2",
        "1e-7",
        "0.1",
        "123456789.123456789",
        "1e308",
        "1e309",
        "-1e400",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "[]",
        "[1,]",
        "[,1]",
        "{}",
        r#"{"a":}"#,
        r#"{"a" 1}"#,
        "{1:2}",
        "[1 2]",
        " [ 1 , { \"x\" : [ null , true , false ] } ] ",
        "true",
        "tru",
        "nul",
        "null x",
        "",
        "   ",
    ];
    for text in cases {
        same(text);
    }
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    same(&deep);
    assert!(parse(&format!("{}{}", "[".repeat(200), "]".repeat(200))).is_err(), "nesting is bounded");
}
