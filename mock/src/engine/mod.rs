//! The IO-free mock engine: the world's state plus `handle(request, now) -> response`. It reads
//! the SDK core's endpoint table and policy, so the mock and the SDK cannot disagree on a rule.
//! The axum shell (`shell.rs`) only moves bytes; the same engine can run in-process anywhere.

pub mod builtin;
pub mod checks;
mod data;
mod extract;
mod fault;
pub mod http;
mod outlign;
mod ratelimit;
mod resources;
mod router;
mod rows;
pub mod stream;
mod teams;
mod time;
mod users;
mod views;
pub mod wire;
pub mod world;

use fault::Fault;
use http::{err, ApiError, Request, Response};
use indexmap::IndexMap;
use ratelimit::RateLimits;
use serde_json::{json, Value};
use stream::Stream;
use tmr_client::core::endpoint::Method;
use tmr_client::core::ErrorCode;
use world::World;

pub use data::{DEFAULT_MAX_QUERY_ROWS, MAX_QUERY_ROWS_RANGE};
pub use outlign::ObjectVersion as OutlignObjects;
pub use outlign::DEFAULT_TOKEN_TTL_S as OUTLIGN_DEFAULT_TOKEN_TTL_S;

/// The mock: state, rate windows and counters.
#[derive(Debug, Clone)]
pub struct Mock {
    world: World,
    initial: World,
    limits: RateLimits,
    /// endpoint → token label → requests
    requests: IndexMap<String, IndexMap<String, u64>>,
    /// endpoint → token label → applied writes
    writes: IndexMap<String, IndexMap<String, u64>>,
    /// The Outlign Clients API served beside TMR's (`/api/v1/…`, `/oauth/…`).
    outlign: outlign::Outlign,
    /// Most rows one run-query answer may have (a setting: kept across resets).
    max_query_rows: usize,
}

impl Mock {
    pub fn new(world: World) -> Mock {
        Mock {
            initial: world.clone(),
            world,
            limits: RateLimits::default(),
            requests: IndexMap::new(),
            writes: IndexMap::new(),
            outlign: outlign::Outlign::default(),
            max_query_rows: DEFAULT_MAX_QUERY_ROWS,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// Back to the world as loaded (Outlign's too); counters and rate windows cleared. Settings
    /// (rate limiting, the row cap, Outlign's token lifetime and object version) are kept.
    pub fn reset(&mut self) {
        let (enabled, scale, max_query_rows) = (self.limits.enabled, self.limits.scale, self.max_query_rows);
        let mut outlign = std::mem::take(&mut self.outlign);
        outlign.reset();
        *self = Mock::new(self.initial.clone());
        self.limits.enabled = enabled;
        self.limits.scale = scale;
        self.max_query_rows = max_query_rows;
        self.outlign = outlign;
    }

    /// Most rows one run-query answer may have (default [`DEFAULT_MAX_QUERY_ROWS`]); a query
    /// over it is a 400. Only values in [`MAX_QUERY_ROWS_RANGE`] are taken: rows are made while
    /// they are sent, so a large cap costs no memory (unless the query sorts them).
    pub fn set_max_query_rows(&mut self, rows: usize) -> Result<(), String> {
        if !MAX_QUERY_ROWS_RANGE.contains(&rows) {
            let (lo, hi) = (MAX_QUERY_ROWS_RANGE.start(), MAX_QUERY_ROWS_RANGE.end());
            return Err(format!("the row cap must be a whole number from {lo} to {hi} (got {rows})"));
        }
        self.max_query_rows = rows;
        Ok(())
    }

    /// Lifetime of the access tokens Outlign's `/oauth/token` issues, measured on `now_ms`.
    pub fn set_outlign_token_ttl(&mut self, seconds: u64) {
        self.outlign.set_token_ttl(seconds);
    }

    /// Which stored version of Outlign's client object the mock answers with (CONTRACT.md §8.2).
    pub fn set_outlign_objects(&mut self, version: OutlignObjects) {
        self.outlign.set_objects(version);
    }

    /// Outlign's fixed tokens, OAuth app and code (what `GET /__mock/personas/outlign` answers).
    pub fn outlign_personas(&self) -> Value {
        self.outlign.personas()
    }

    /// Make a persona answer to another bearer token (`createMockFetch({ personas })`): TMR's by
    /// the world's persona names, Outlign's as `outlign_<name>`. Kept across resets.
    pub fn set_persona_token(&mut self, persona: &str, token: &str) -> Result<(), String> {
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(format!("personas.{persona}: a token is one or more visible ASCII characters"));
        }
        let tmr_owner = self.world.token(token).map(|t| t.persona.as_deref());
        let outlign_owner = self.outlign.token_persona(token).map(|p| p.map(|n| format!("outlign_{n}")));
        let owner = tmr_owner.map(|p| p.map(str::to_owned)).or(outlign_owner);
        if owner.as_ref().is_some_and(|o| o.as_deref() != Some(persona)) {
            return Err(format!("personas.{persona}: the token `{token}` is already another persona's"));
        }
        if self.world.tokens.iter().any(|t| t.persona.as_deref() == Some(persona)) {
            for w in [&mut self.world, &mut self.initial] {
                if let Some(t) = w.tokens.iter_mut().find(|t| t.persona.as_deref() == Some(persona)) {
                    t.token = token.to_owned();
                }
            }
            return Ok(());
        }
        if persona.strip_prefix("outlign_").is_some_and(|name| self.outlign.set_persona_token(name, token)) {
            return Ok(());
        }
        let mut known: Vec<String> = self.world.tokens.iter().filter_map(|t| t.persona.clone()).collect();
        known.extend(self.outlign.persona_names().iter().map(|n| format!("outlign_{n}")));
        Err(format!("personas: no persona `{persona}` (known: {})", known.join(", ")))
    }

    /// Scale every rate window (tests of pacing across many windows).
    pub fn set_rate_window_scale(&mut self, scale: f64) {
        self.limits.scale = scale;
    }

    /// Turn rate limiting on or off (off: requests are still counted, never refused).
    pub fn set_rate_limits(&mut self, enabled: bool) {
        self.limits.enabled = enabled;
    }

    /// The tokens of the loaded world, for the demo's persona switcher (the mock is loopback-only).
    fn personas(&self) -> Value {
        json!(self.world.tokens.iter().map(|t| json!({"persona": t.persona, "token": t.token, "scopes": t.scopes})).collect::<Vec<_>>())
    }

    fn stats(&self) -> Value {
        json!({ "requests": self.requests, "writes": self.writes, "maxAdmittedPerWindow": self.limits.max_admitted })
    }

    /// Answer one request at time `now_ms` (ms since the Unix epoch).
    pub fn handle(&mut self, req: &Request, now_ms: u64) -> Response {
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", "/__mock/reset") => {
                self.reset();
                return Response::json(200, &json!({"reset": true}));
            }
            ("GET", "/__mock/stats") => return Response::json(200, &self.stats()),
            ("GET", "/__mock/personas") => return Response::json(200, &self.personas()),
            // A path of its own: the TMR list above stays the array the demo reads.
            ("GET", "/__mock/personas/outlign") => return Response::json(200, &self.outlign.personas()),
            _ => {}
        }
        let is_outlign = outlign::owns(&req.path);
        let fault = match req.fault.as_deref().map(Fault::parse).transpose() {
            Ok(f) => f.unwrap_or_default(),
            Err(msg) if is_outlign => return outlign::error(400, &msg),
            Err(msg) => return err(ErrorCode::BadRequest, msg).response(),
        };
        let mut res = if is_outlign { self.outlign_answer(req, &fault, now_ms) } else { self.answer(req, &fault, now_ms) };
        res.delay_ms = fault.latency_ms;
        if fault.truncate && !fault.replaces_answer() {
            match &mut res.stream {
                Some(stream) => stream.truncate(),
                None => res.body.truncate(res.body.len() / 2),
            }
        }
        if let (Some((n, end)), false) = (fault.ends_after, res.drop) {
            let body = std::mem::take(&mut res.body);
            res.stream.get_or_insert_with(|| Stream::of_bytes(body)).limit(n, end);
        }
        res
    }

    fn answer(&mut self, req: &Request, fault: &Fault, now_ms: u64) -> Response {
        let ctx = match checks::authorize(&self.world, &mut self.limits, req, now_ms) {
            Ok(ctx) => ctx,
            Err(e) => return e.response(),
        };
        let label = ctx.token_label.clone();
        let name = ctx.endpoint.name;
        count(&mut self.requests, name, &label);
        if fault.replaces_answer() && !fault.after_write {
            return fault_response(fault, false);
        }
        let result = router::dispatch(&mut self.world, &ctx, req, self.max_query_rows);
        if result.is_ok() && ctx.endpoint.method != Method::Get && name != "data.runQuery" {
            count(&mut self.writes, name, &label);
        }
        if fault.replaces_answer() {
            return fault_response(fault, false);
        }
        result.unwrap_or_else(|e| e.response())
    }

    /// Outlign's request: the same stats and faults as TMR's, after its own routing and auth.
    fn outlign_answer(&mut self, req: &Request, fault: &Fault, now_ms: u64) -> Response {
        let call = match self.outlign.admit(req, now_ms) {
            Ok(call) => call,
            Err(refused) => return refused,
        };
        count(&mut self.requests, call.name, &call.label);
        if fault.replaces_answer() && !fault.after_write {
            return fault_response(fault, true);
        }
        let res = self.outlign.run(&call, req, now_ms);
        if call.write && (200..300).contains(&res.status) {
            count(&mut self.writes, call.name, &call.label);
        }
        if fault.replaces_answer() {
            return fault_response(fault, true);
        }
        res
    }
}

fn count(map: &mut IndexMap<String, IndexMap<String, u64>>, name: &str, label: &str) {
    *map.entry(name.into()).or_default().entry(label.into()).or_default() += 1;
}

/// The answer a fault puts in place of the real one, in TMR's envelope or Outlign's shape.
fn fault_response(f: &Fault, outlign: bool) -> Response {
    if f.drop {
        return Response { drop: true, ..Response::default() };
    }
    if f.malformed {
        return Response {
            status: 200,
            headers: vec![("content-type", "text/html".into())],
            body: b"<html><body>502 Bad Gateway (injected)".to_vec(),
            ..Response::default()
        };
    }
    let status = f.status.unwrap_or(500);
    if outlign {
        return outlign::injected(status, f.retry_after_s);
    }
    let code = Fault::code(status);
    let mut e = err(code, http::default_message(code));
    if status == 429 {
        e.retry_after_s = f.retry_after_s;
    }
    let mut r = e.response();
    r.status = status;
    r
}

/// What a handler returns: `data` and the success status, or the API's error.
pub(crate) type Handled = Result<(Value, u16), ApiError>;
