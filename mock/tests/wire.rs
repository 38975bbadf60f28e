//! `engine::wire` (what both transports put around the engine) and persona tokens set by hand
//! (`createMockFetch({ personas })`), without HTTP.

use serde_json::Value;
use tmr_mock::engine::http::{Request, Response};
use tmr_mock::engine::{builtin, wire, Mock};

const NOW: u64 = 1_795_000_000_000;

fn get(mock: &mut Mock, path: &str, token: Option<&str>) -> Response {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let req = Request {
        method: "GET".into(),
        path: path.into(),
        query: wire::query(query),
        authorization: token.map(|t| format!("Bearer {t}")),
        ..Request::default()
    };
    wire::serve(mock, req, NOW)
}

fn json(r: &Response) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
}

#[test]
fn every_answer_carries_cors_and_the_v1_base_path_is_the_root() {
    let mut mock = Mock::new(builtin::world());
    let owner = builtin::token("owner");
    let root = get(&mut mock, "/teams", Some(&owner));
    assert_eq!(root.status, 200);
    assert_eq!(header(&root, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(&root, "access-control-expose-headers"), Some("retry-after, location"));
    assert_eq!(get(&mut mock, "/v1/teams", Some(&owner)).body, root.body);
    assert_eq!(get(&mut mock, "/v1", Some(&owner)).status, 404);
    assert_eq!(get(&mut mock, "/v1teams", Some(&owner)).status, 404, "only a whole /v1 segment");
    assert_eq!(header(&get(&mut mock, "/teams", None), "access-control-allow-origin"), Some("*"), "errors too");
}

#[test]
fn preflight_and_body_limit() {
    let mut mock = Mock::new(builtin::world());
    let pre = wire::serve(&mut mock, Request { method: "OPTIONS".into(), path: "/anything".into(), ..Request::default() }, NOW);
    assert_eq!(pre.status, 204);
    assert!(pre.body.is_empty());
    assert_eq!(header(&pre, "access-control-allow-headers"), Some("authorization, content-type, x-mock-fault"));
    let big = Request { method: "PUT".into(), path: "/users/me/name".into(), body: vec![b' '; wire::MAX_BODY + 1], ..Request::default() };
    let r = wire::serve(&mut mock, big, NOW);
    assert_eq!(r.status, 413);
    assert_eq!(json(&r)["error"]["code"], "PAYLOAD_TOO_LARGE");
}

#[test]
fn query_is_decoded_in_order() {
    assert_eq!(
        wire::query("a=1&b=x+y&&c=%C3%A9&d"),
        vec![("a".into(), "1".into()), ("b".into(), "x y".into()), ("c".into(), "é".into()), ("d".into(), String::new())]
    );
}

#[test]
fn persona_tokens_are_replaced_and_kept_across_reset() {
    let mut mock = Mock::new(builtin::world());
    let old = builtin::token("owner");
    mock.set_persona_token("owner", "app-key").unwrap();
    mock.set_persona_token("outlign_bob", "bob-key").unwrap();
    for _ in 0..2 {
        assert_eq!(get(&mut mock, "/users/me", Some("app-key")).status, 200);
        assert_eq!(get(&mut mock, "/users/me", Some(&old)).status, 401);
        assert_eq!(get(&mut mock, "/api/v1/companies", Some("bob-key")).status, 200);
        assert_eq!(get(&mut mock, "/api/v1/companies", Some("outlign-bob")).status, 401);
        let personas = json(&get(&mut mock, "/__mock/personas", None));
        assert_eq!(personas[0]["token"], "app-key");
        assert_eq!(json(&get(&mut mock, "/__mock/personas/outlign", None))["tokens"][1]["token"], "bob-key");
        mock.reset();
    }
    mock.set_persona_token("owner", "app-key").expect("its own token again is fine");
    let taken = mock.set_persona_token("editor", "app-key").unwrap_err();
    assert!(taken.contains("already another persona's"), "{taken}");
    assert!(mock.set_persona_token("owner", "outlign-alice").is_err());
    assert!(mock.set_persona_token("owner", "").is_err());
    assert!(mock.set_persona_token("owner", "two words").is_err());
    let unknown = mock.set_persona_token("outlign_carol", "x").unwrap_err();
    assert!(
        unknown.contains("known: owner, editor, viewer, outsider, readonly, cancelled, outlign_alice, outlign_bob, outlign_expired"),
        "{unknown}"
    );
}

#[test]
fn a_token_without_a_persona_is_labelled_by_whole_characters() {
    let mut world = builtin::world();
    let mut t = world.tokens[0].clone();
    t.token = "ééééééééééééééééé".into();
    t.persona = None;
    world.tokens.push(t);
    let mut mock = Mock::new(world);
    assert_eq!(get(&mut mock, "/teams", Some("ééééééééééééééééé")).status, 200);
    let stats = json(&get(&mut mock, "/__mock/stats", None));
    assert_eq!(stats["requests"]["teams.list"]["éééééééééééééé…"], 1);
}
