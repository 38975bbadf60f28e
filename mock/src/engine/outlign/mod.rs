//! The Outlign Clients API (CONTRACT.md §8) on the mock's server, under `/api/v1/…` and
//! `/oauth/…`. Routing reads the core's `OUTLIGN_ENDPOINTS`, limits come from its constants and
//! objects are its serde types, so the SDK and the mock share one table. This module imports
//! only the engine's plain helpers (http, time, query decoding); the engine reaches it through
//! the items below and nothing else.

mod clients;
mod oauth;
mod render;
mod reply;
mod route;
mod seed;
mod state;

pub use render::ObjectVersion;

use super::http::{Request, Response};
use route::Route;
use serde_json::{json, Value};
use state::{Expiry, State};
use tmr_client::core::endpoint::{Endpoint, InputKind, Method};
use tmr_client::core::outlign::SCOPE;

/// Access tokens issued by `/oauth/token` last this long unless set otherwise (§8.1: 1 hour).
pub const DEFAULT_TOKEN_TTL_S: u64 = 3600;

/// Whether a path belongs to Outlign rather than TMR.
pub fn owns(path: &str) -> bool {
    path.starts_with("/api/v1/") || path.starts_with("/oauth/")
}

/// Outlign's state and the settings that survive a reset.
#[derive(Debug, Clone)]
pub struct Outlign {
    state: State,
    token_ttl_s: u64,
    objects: ObjectVersion,
    /// Personas given another access token (`createMockFetch({ personas })`), kept across resets.
    renamed: Vec<(&'static str, String)>,
}

impl Default for Outlign {
    fn default() -> Self {
        Outlign { state: seed::state(), token_ttl_s: DEFAULT_TOKEN_TTL_S, objects: ObjectVersion::A, renamed: Vec::new() }
    }
}

/// A request past routing and the bearer check: what it will run, and how stats name it.
#[derive(Debug)]
pub struct Call {
    /// The table's endpoint name (`outlign.clients.list`); `outlign.oauth.authorize` for the
    /// one route outside the table.
    pub name: &'static str,
    /// Who called: the user's login, or `oauth` for the token and authorise endpoints.
    pub label: String,
    /// Whether it may change state (counted under `writes` when it succeeds).
    pub write: bool,
    target: Target,
}

#[derive(Debug)]
enum Target {
    Api { endpoint: &'static Endpoint, params: Vec<String>, user: u64 },
    Token,
    Authorize,
}

impl Outlign {
    /// Clients, companies and every issued token and code back to the built-in world.
    pub fn reset(&mut self) {
        self.state = seed::state();
        for (persona, token) in &self.renamed {
            if let Some(t) = self.state.tokens.iter_mut().find(|t| t.persona == Some(*persona)) {
                t.token.clone_from(token);
            }
        }
    }

    /// Give a persona's access token another value; `false` for a persona Outlign does not have.
    pub fn set_persona_token(&mut self, persona: &str, token: &str) -> bool {
        let Some(t) = self.state.tokens.iter_mut().find(|t| t.persona == Some(persona)) else {
            return false;
        };
        t.token = token.to_owned();
        let Some(name) = t.persona else { return false };
        self.renamed.retain(|(p, _)| *p != name);
        self.renamed.push((name, token.to_owned()));
        true
    }

    /// Whether a bearer token is one of Outlign's (issued or fixed), and whose it is.
    pub fn token_persona(&self, token: &str) -> Option<Option<&'static str>> {
        self.state.tokens.iter().find(|t| t.token == token).map(|t| t.persona)
    }

    /// The personas' names, for an error that lists them.
    pub fn persona_names(&self) -> Vec<&'static str> {
        self.state.tokens.iter().filter_map(|t| t.persona).collect()
    }

    pub fn set_token_ttl(&mut self, seconds: u64) {
        self.token_ttl_s = seconds;
    }

    pub fn set_objects(&mut self, version: ObjectVersion) {
        self.objects = version;
    }

    /// Routing (404, 405) and, for `/api/v1/*`, the bearer token (401).
    pub fn admit(&self, req: &Request, now_ms: u64) -> Result<Call, Response> {
        let (endpoint, params) = match route::route(&req.method, &req.path) {
            Route::NotFound => return Err(reply::message(404, reply::NOT_FOUND)),
            Route::WrongMethod(allowed) => return Err(reply::method_not_allowed(&allowed)),
            Route::Authorize => {
                return Ok(Call { name: "outlign.oauth.authorize", label: "oauth".into(), write: false, target: Target::Authorize })
            }
            Route::Api(e, params) => (e, params),
        };
        if endpoint.input == InputKind::TokenGrant {
            return Ok(Call { name: endpoint.name, label: "oauth".into(), write: true, target: Target::Token });
        }
        let user = req
            .authorization
            .as_deref()
            .and_then(|h| h.split_once(' ').filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer")))
            .and_then(|(_, token)| self.state.bearer(token.trim(), now_ms))
            .ok_or_else(|| reply::message(401, reply::UNAUTHENTICATED))?;
        Ok(Call {
            name: endpoint.name,
            label: user.login.to_owned(),
            write: endpoint.method != Method::Get,
            target: Target::Api { endpoint, params, user: user.id },
        })
    }

    /// Run an admitted call.
    pub fn run(&mut self, call: &Call, req: &Request, now_ms: u64) -> Response {
        let (endpoint, params, user) = match &call.target {
            Target::Authorize => return oauth::authorize(&mut self.state, req),
            Target::Token => return oauth::token(&mut self.state, self.token_ttl_s, req, now_ms),
            Target::Api { endpoint, params, user } => (endpoint, params, *user),
        };
        let ctx = clients::Ctx { user, objects: self.objects, now_ms };
        let id = params.first().map_or("", String::as_str);
        let s = &mut self.state;
        match endpoint.name {
            "outlign.clients.list" => clients::list(s, &ctx, &req.query),
            "outlign.clients.get" => clients::get(s, &ctx, id),
            "outlign.clients.create" => clients::create(s, &ctx, &req.body),
            "outlign.clients.update" => clients::update(s, &ctx, id, &req.body),
            "outlign.clients.delete" => clients::delete(s, &ctx, id),
            "outlign.companies.list" => clients::companies(s, &ctx),
            // A row the core added that the mock does not serve yet.
            _ => reply::message(404, reply::NOT_FOUND),
        }
    }

    /// The fixed credentials, for tests and the demo (`GET /__mock/personas/outlign`).
    pub fn personas(&self) -> Value {
        let s = &self.state;
        let name = |id: u64| s.user(id).map(|u| u.name);
        let tokens: Vec<Value> = s
            .tokens
            .iter()
            .filter_map(|t| {
                let expires = if t.expiry == Expiry::Always { "always" } else { "never" };
                t.persona.map(|p| json!({"persona": p, "token": t.token, "userId": t.user_id, "name": name(t.user_id), "expires": expires}))
            })
            .collect();
        let refresh: Vec<Value> = s
            .refresh_tokens
            .iter()
            .filter_map(|t| t.persona.map(|p| json!({"persona": p, "refreshToken": t.token, "userId": t.user_id})))
            .collect();
        json!({
            "tokens": tokens,
            "refreshTokens": refresh,
            "oauth": {
                "clientId": s.app.client_id,
                "clientSecret": s.app.client_secret,
                "code": seed::FIXED_CODE,
                "codeUserId": seed::ALICE,
                "redirectUris": "http://127.0.0.1[:PORT]/… or http://localhost[:PORT]/…",
                "scope": SCOPE,
            },
            "tokenTtl": self.token_ttl_s,
            "objects": self.objects.as_str(),
        })
    }
}

/// `{"message": text}`, for answers the engine gives on Outlign's paths (a bad fault header).
pub fn error(status: u16, text: &str) -> Response {
    reply::message(status, text)
}

/// An injected `status=` fault in Outlign's error shape.
pub fn injected(status: u16, retry_after_s: Option<u64>) -> Response {
    reply::injected(status, retry_after_s)
}
