//! Shared by the Outlign test files: a mock at a fixed time and requests as the shell builds them
//! (query components percent-decoded, `+` as a space).
#![allow(dead_code)] // each test file uses a different part

use serde_json::Value;
use tmr_client::core::validate::encode_segment;
use tmr_mock::engine::checks::query_decode;
use tmr_mock::engine::http::{Request, Response};
use tmr_mock::engine::{builtin, Mock, OutlignObjects};

/// 2026-11-18T11:06:40.123Z: the milliseconds show in version B's microseconds.
pub const NOW: u64 = 1_795_000_000_123;
pub const NOW_A: &str = "2026-11-18T11:06:40Z";
pub const NOW_B: &str = "2026-11-18T11:06:40.123000Z";
pub const ALICE: &str = "outlign-alice";
pub const BOB: &str = "outlign-bob";
pub const EXPIRED: &str = "outlign-expired";
pub const CLIENT_ID: &str = "outlign-demo";
pub const SECRET: &str = "outlign-demo-secret";
pub const CODE: &str = "outlign-code-alice";
pub const REDIRECT: &str = "http://127.0.0.1:5173/callback";

pub enum Body<'a> {
    None,
    Json(Value),
    Raw(&'a [u8]),
    Form(String),
}

pub struct O {
    pub mock: Mock,
    pub now: u64,
}

impl O {
    pub fn new() -> O {
        O { mock: Mock::new(builtin::world()), now: NOW }
    }

    pub fn version(v: OutlignObjects) -> O {
        let mut o = O::new();
        o.mock.set_outlign_objects(v);
        o
    }

    pub fn send(&mut self, token: Option<&str>, method: &str, path: &str, body: Body, fault: Option<&str>) -> Response {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let (content_type, body) = match body {
            Body::None => (None, Vec::new()),
            Body::Json(v) => (Some("application/json"), v.to_string().into_bytes()),
            Body::Raw(b) => (Some("application/json"), b.to_vec()),
            Body::Form(f) => (Some("application/x-www-form-urlencoded"), f.into_bytes()),
        };
        let req = Request {
            method: method.into(),
            path: path.into(),
            query: query
                .split('&')
                .filter(|q| !q.is_empty())
                .map(|q| {
                    let (k, v) = q.split_once('=').unwrap_or((q, ""));
                    (query_decode(k), query_decode(v))
                })
                .collect(),
            authorization: token.map(|t| format!("Bearer {t}")),
            content_type: content_type.map(str::to_owned),
            fault: fault.map(str::to_owned),
            body,
        };
        self.mock.handle(&req, self.now)
    }

    pub fn call(&mut self, token: Option<&str>, method: &str, path: &str, body: Body) -> (u16, Value) {
        let r = self.send(token, method, path, body, None);
        (r.status, serde_json::from_slice(&r.body).unwrap_or(Value::Null))
    }

    pub fn get(&mut self, token: &str, path: &str) -> (u16, Value) {
        self.call(Some(token), "GET", path, Body::None)
    }

    /// The ids of a list answer, asserting it is a 200.
    pub fn ids(&mut self, token: &str, path: &str) -> Vec<u64> {
        let (status, v) = self.get(token, path);
        assert_eq!(status, 200, "{path}: {v}");
        v.as_array().unwrap().iter().map(|c| c["id"].as_u64().unwrap()).collect()
    }

    /// `POST /oauth/token` with these form fields.
    pub fn token(&mut self, fields: &[(&str, &str)]) -> (u16, Value) {
        self.call(None, "POST", "/oauth/token", Body::Form(form(fields)))
    }

    pub fn control(&mut self, method: &str, path: &str) -> Value {
        let r = self.mock.handle(&Request { method: method.into(), path: path.into(), ..Request::default() }, self.now);
        serde_json::from_slice(&r.body).unwrap()
    }
}

/// A form body, each value percent-encoded.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{k}={}", encode_segment(v))).collect::<Vec<_>>().join("&")
}

/// The `{"message"}` body of a plain error.
pub fn message(text: &str) -> Value {
    serde_json::json!({ "message": text })
}

/// The body of a 422 with one failed rule.
pub fn invalid(field: &str, text: &str) -> Value {
    serde_json::json!({ "message": text, "errors": { field: [text] } })
}
