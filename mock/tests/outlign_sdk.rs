//! The SDK core against the mock, without HTTP: requests built by the core's Outlign request
//! builder, answered by the engine, decoded by the core's Outlign decoder. One table, both ends.

mod outlign_support;

use outlign_support::{ALICE, BOB, CLIENT_ID, CODE, NOW, REDIRECT, SECRET};
use serde_json::{json, Value};
use tmr_client::core::outlign::oauth::Grant;
use tmr_client::core::outlign::{request, response, OUTLIGN_ENDPOINTS};
use tmr_client::core::response::Decoded;
use tmr_client::core::{Config, Error, HttpResponse};
use tmr_mock::engine::checks::query_decode;
use tmr_mock::engine::http::Request;
use tmr_mock::engine::{builtin, Mock, OutlignObjects};

const BASE: &str = "http://127.0.0.1:4010";

fn endpoint(name: &str) -> &'static tmr_client::core::Endpoint {
    OUTLIGN_ENDPOINTS.iter().find(|e| e.name == name).unwrap()
}

/// Build with the core, answer with the mock, decode with the core.
fn sdk(mock: &mut Mock, token: &str, name: &str, args: &[Value]) -> Result<Value, Error> {
    let cfg = if token.is_empty() {
        Config::outlign_without_token(Some(BASE), None, None)
    } else {
        Config::outlign(token, Some(BASE), None, None)
    }
    .unwrap();
    let e = endpoint(name);
    let built = request::build(&cfg, e, args).unwrap();
    let rest = built.url.strip_prefix(BASE).unwrap();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let header = |n: &str| built.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.clone());
    let req = Request {
        method: built.method.as_str().into(),
        path: path.into(),
        query: query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (query_decode(k), query_decode(v))
            })
            .collect(),
        authorization: header("Authorization"),
        content_type: header("Content-Type"),
        fault: None,
        body: built.body.unwrap_or_default(),
    };
    let r = mock.handle(&req, NOW);
    let retry_after = r.headers.iter().find(|(k, _)| *k == "retry-after").map(|(_, v)| v.clone());
    let res = HttpResponse { status: r.status, retry_after, body: r.body.clone(), received_ms: NOW };
    Ok(match response::decode(e, &res)? {
        Decoded::AsSent { start, end } if start == end => Value::Null,
        Decoded::AsSent { start, end } => serde_json::from_slice(&r.body[start..end]).unwrap(),
        Decoded::Normalised(text) => serde_json::from_str(&text).unwrap(),
    })
}

fn api_error(e: Error) -> (u16, String, String) {
    match e {
        Error::Api { status, message, api_code, .. } => (status, api_code, message),
        other => panic!("not an API error: {other:?}"),
    }
}

#[test]
fn every_endpoint_round_trips_in_both_versions() {
    for version in [OutlignObjects::A, OutlignObjects::B] {
        let mut mock = Mock::new(builtin::world());
        mock.set_outlign_objects(version);
        let list = sdk(&mut mock, ALICE, "outlign.clients.list", &[json!({"companyId": 457, "title": " GAM ", "perPage": 5})]).unwrap();
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{version:?}: {list}");
        assert_eq!(list[0]["id"], 125);
        assert_eq!(sdk(&mut mock, ALICE, "outlign.clients.list", &[Value::Null]).unwrap().as_array().map(Vec::len), Some(4));
        assert_eq!(sdk(&mut mock, BOB, "outlign.clients.get", &[json!(127)]).unwrap()["title"], "Bakery Wholesale");
        let created = sdk(&mut mock, ALICE, "outlign.clients.create", &[json!({"title": " Omega ", "companyId": 456})]).unwrap();
        assert_eq!((&created["id"], &created["title"]), (&json!(128), &json!("Omega")));
        let updated = sdk(&mut mock, ALICE, "outlign.clients.update", &[json!(128), json!({"title": "Omega 2"})]).unwrap();
        assert_eq!(updated["title"], "Omega 2");
        assert_eq!(sdk(&mut mock, ALICE, "outlign.clients.update", &[json!(128), json!({})]).unwrap()["title"], "Omega 2");
        assert_eq!(sdk(&mut mock, ALICE, "outlign.clients.delete", &[json!(128)]).unwrap(), Value::Null);
        let companies = sdk(&mut mock, BOB, "outlign.companies.list", &[]).unwrap();
        assert_eq!(companies.as_array().map(Vec::len), Some(2));
        let code = Grant::AuthorizationCode {
            client_id: CLIENT_ID.into(),
            client_secret: SECRET.into(),
            code: CODE.into(),
            redirect_uri: REDIRECT.into(),
        };
        let token = sdk(&mut mock, "", "outlign.oauth.token", &[code.to_input()]).unwrap();
        assert_eq!((&token["token_type"], &token["expires_in"]), (&json!("Bearer"), &json!(3600)));
        let access = token["access_token"].as_str().unwrap().to_owned();
        assert_eq!(sdk(&mut mock, &access, "outlign.companies.list", &[]).unwrap()[0]["id"], 456);
        let refresh = Grant::RefreshToken {
            client_id: CLIENT_ID.into(),
            client_secret: SECRET.into(),
            refresh_token: token["refresh_token"].as_str().unwrap().into(),
        };
        assert!(sdk(&mut mock, "", "outlign.oauth.token", &[refresh.to_input()]).unwrap()["access_token"].is_string());
    }
}

#[test]
fn errors_reach_the_sdk_with_their_status_and_message() {
    let mut mock = Mock::new(builtin::world());
    let e = sdk(&mut mock, ALICE, "outlign.clients.get", &[json!(127)]).unwrap_err();
    assert_eq!(api_error(e), (404, "HTTP_404".into(), "Client not found.".into()));
    let e = sdk(&mut mock, "outlign-expired", "outlign.companies.list", &[]).unwrap_err();
    assert_eq!(api_error(e), (401, "HTTP_401".into(), "Unauthenticated.".into()));
    let e = sdk(&mut mock, ALICE, "outlign.clients.create", &[json!({"title": "x", "companyId": 458})]).unwrap_err();
    assert_eq!(api_error(e), (422, "HTTP_422".into(), "The selected company id is invalid.".into()));
    let wrong =
        Grant::RefreshToken { client_id: CLIENT_ID.into(), client_secret: "wrong".into(), refresh_token: "outlign-refresh-bob".into() };
    let e = sdk(&mut mock, "", "outlign.oauth.token", &[wrong.to_input()]).unwrap_err();
    assert_eq!(api_error(e), (401, "invalid_client".into(), "Client authentication failed".into()));
    let stale = Grant::RefreshToken { client_id: CLIENT_ID.into(), client_secret: SECRET.into(), refresh_token: "olr-9-alice".into() };
    let (status, code, _) = api_error(sdk(&mut mock, "", "outlign.oauth.token", &[stale.to_input()]).unwrap_err());
    assert_eq!((status, code.as_str()), (400, "invalid_grant"));
}
