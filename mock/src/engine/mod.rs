//! The IO-free mock engine: the world's state plus `handle(request, now) -> response`. It reads
//! the SDK core's endpoint table and policy, so the mock and the SDK cannot disagree on a rule.
//! The axum shell (`shell.rs`) only moves bytes; the same engine can run in-process anywhere.

pub mod builtin;
pub mod checks;
mod data;
mod extract;
mod fault;
pub mod http;
mod ratelimit;
mod resources;
mod router;
mod teams;
mod time;
mod users;
mod views;
pub mod world;

use fault::Fault;
use http::{err, ApiError, Request, Response};
use indexmap::IndexMap;
use ratelimit::RateLimits;
use serde_json::{json, Value};
use tmr_client::core::endpoint::Method;
use tmr_client::core::ErrorCode;
use world::World;

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
}

impl Mock {
    pub fn new(world: World) -> Mock {
        Mock { initial: world.clone(), world, limits: RateLimits::default(), requests: IndexMap::new(), writes: IndexMap::new() }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// Back to the world as loaded; counters and rate windows cleared.
    pub fn reset(&mut self) {
        let (enabled, scale) = (self.limits.enabled, self.limits.scale);
        *self = Mock::new(self.initial.clone());
        self.limits.enabled = enabled;
        self.limits.scale = scale;
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
            _ => {}
        }
        let fault = match req.fault.as_deref().map(Fault::parse).transpose() {
            Ok(f) => f.unwrap_or_default(),
            Err(msg) => return err(ErrorCode::BadRequest, msg).response(),
        };
        let mut res = self.answer(req, &fault, now_ms);
        res.delay_ms = fault.latency_ms;
        if fault.truncate && !fault.replaces_answer() {
            res.body.truncate(res.body.len() / 2);
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
        *self.requests.entry(name.into()).or_default().entry(label.clone()).or_default() += 1;
        if fault.replaces_answer() && !fault.after_write {
            return fault_response(fault);
        }
        let result = router::dispatch(&mut self.world, &ctx, req);
        if result.is_ok() && ctx.endpoint.method != Method::Get && name != "data.runQuery" {
            *self.writes.entry(name.into()).or_default().entry(label).or_default() += 1;
        }
        if fault.replaces_answer() {
            return fault_response(fault);
        }
        match result {
            Ok((data, status)) => Response::ok(data, status),
            Err(e) => e.response(),
        }
    }
}

fn fault_response(f: &Fault) -> Response {
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
