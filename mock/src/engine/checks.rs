//! Routing and the order of checks (WORKING-RULES.md): auth (401) → rate (429) → path (400) →
//! membership (403) → role (403) → scope (403 INSUFFICIENT_PERMISSIONS) → cancelled plan (402).
//! Body validation, lookups and business rules follow in the handlers.

use super::http::{err, ApiError, Request, CANCELLED, FORBIDDEN, NOT_FOUND, TOO_MANY};
use super::ratelimit::RateLimits;
use super::world::World;
use tmr_client::core::avatar::MAX_AVATAR_BYTES;
use tmr_client::core::policy::{scope_allows, Role};
use tmr_client::core::{validate, Endpoint, ErrorCode, ENDPOINTS};

/// Largest JSON body accepted (the docs give only the avatar's limit; 1 MB is ours).
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Everything a handler needs to know about the caller and the route.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub endpoint: &'static Endpoint,
    pub token_label: String,
    pub user_id: String,
    /// Path parameters, percent-decoded, in template order.
    pub params: Vec<String>,
    /// Index of the team in the world, for team-scoped endpoints.
    pub team: Option<usize>,
    pub role: Option<Role>,
    pub now_ms: u64,
}

/// How a request line matched the endpoint table.
pub enum Route {
    Found(&'static Endpoint, Vec<String>),
    /// The path exists, but not with this method: 405 with these methods in `Allow`.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

/// Match the path against every template (literal segments beat parameters), then the method.
pub fn route(method: &str, path: &str) -> Route {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let mut best: Vec<(&'static Endpoint, Vec<String>)> = Vec::new();
    let mut best_literals = 0;
    for e in &ENDPOINTS {
        let template: Vec<&str> = e.path.split('/').skip(1).collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let matched = template.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') {
                percent_decode(s).map(|p| params.push(p)).is_some()
            } else {
                t == s
            }
        });
        if !matched {
            continue;
        }
        let literals = template.iter().filter(|t| !t.starts_with('{')).count();
        if literals > best_literals {
            best.clear();
            best_literals = literals;
        }
        if literals == best_literals {
            best.push((e, params));
        }
    }
    if best.is_empty() {
        return Route::NotFound;
    }
    let methods = best.iter().map(|(e, _)| e.method.as_str()).collect();
    match best.into_iter().find(|(e, _)| e.method.as_str() == method) {
        Some((e, params)) => Route::Found(e, params),
        None => Route::WrongMethod(methods),
    }
}

/// Strict percent-decoding of a path segment: `None` for a bad escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    decode_bytes(s, false).and_then(|b| String::from_utf8(b).ok())
}

/// Lenient decoding of a query component (`+` is a space; a bad escape stays as written).
pub fn query_decode(s: &str) -> String {
    decode_bytes(s, true).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_else(|| s.to_owned())
}

fn decode_bytes(s: &str, query: bool) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%')
            .then(|| b.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (_, Some(v)) => {
                out.push(v);
                i += 3;
                continue;
            }
            (b'%', None) if !query => return None,
            (b'+', None) if query => out.push(b' '),
            (c, None) => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

/// Run every check up to (not including) body validation.
pub fn authorize(world: &World, limits: &mut RateLimits, req: &Request, now_ms: u64) -> Result<Ctx, ApiError> {
    let (endpoint, params) = match route(&req.method, &req.path) {
        Route::Found(e, p) => (e, p),
        Route::WrongMethod(allowed) => {
            return Err(ApiError { allow: Some(allowed.join(", ")), ..err(ErrorCode::UnknownApiError, "Method not allowed") })
        }
        Route::NotFound => return Err(err(ErrorCode::NotFound, NOT_FOUND)),
    };
    let token = req
        .authorization
        .as_deref()
        .and_then(|h| h.strip_prefix("Bearer "))
        .and_then(|t| world.token(t.trim()))
        .ok_or_else(|| err(ErrorCode::Unauthorized, "Authentication required"))?;
    let max = if endpoint.name == "users.uploadAvatar" { MAX_AVATAR_BYTES + 64 * 1024 } else { MAX_JSON_BYTES };
    if req.body.len() > max {
        return Err(err(ErrorCode::PayloadTooLarge, "Request body is too large"));
    }
    if let Err(wait_s) = limits.admit(&token.token, endpoint.bucket, now_ms) {
        return Err(super::http::ApiError { retry_after_s: Some(wait_s), ..err(ErrorCode::TooManyRequests, TOO_MANY) });
    }
    for (name, value) in endpoint.path_params().zip(&params) {
        match name {
            "connectorId" if !world.connectors.contains_key(value) => {
                return Err(err(ErrorCode::BadRequest, format!("Invalid connector ID: \"{value}\"")));
            }
            "connectorId" | "accountId" => {}
            _ if validate::uuid(name, value).is_err() => {
                return Err(err(ErrorCode::BadRequest, format!("Invalid UUID: \"{value}\"")));
            }
            _ => {}
        }
    }
    let mut ctx = Ctx {
        endpoint,
        token_label: token.persona.clone().unwrap_or_else(|| format!("{}…", token.token.chars().take(14).collect::<String>())),
        user_id: token.user_id.clone(),
        params,
        team: None,
        role: None,
        now_ms,
    };
    let scopes = token.scopes.as_deref();
    if endpoint.role.is_some() {
        // A team that does not exist is also 403, so team ids cannot be probed.
        let idx = world.team_index(&ctx.params[0]).ok_or_else(|| err(ErrorCode::Forbidden, FORBIDDEN))?;
        let role = world.teams[idx].role_of(&ctx.user_id);
        if !endpoint.can_call(role, None) {
            return Err(err(ErrorCode::Forbidden, FORBIDDEN));
        }
        ctx.team = Some(idx);
        ctx.role = role;
    }
    if !endpoint.scope.is_none_or(|s| scope_allows(scopes, s)) {
        let scope = endpoint.scope_form();
        return Err(err(
            ErrorCode::InsufficientPermissions,
            format!("This API key is missing the `{scope}` permission required for this action"),
        ));
    }
    if endpoint.is_team_write() && ctx.team.is_some_and(|i| world.teams[i].plan_cancelled()) {
        return Err(err(ErrorCode::PaymentRequired, CANCELLED));
    }
    Ok(ctx)
}
