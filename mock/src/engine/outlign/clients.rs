//! The clients and companies endpoints (CONTRACT.md §8.3, §8.4), for the user the bearer token
//! stands for. What the docs leave open (ordering, 404 vs 403, error texts) follows the Laravel
//! conventions the API shows elsewhere; WORKING-RULES.md (Outlign) and the brief fix the rest.

use super::super::http::Response;
use super::render::{self, Context, ObjectVersion};
use super::reply;
use super::state::State;
use serde_json::{Map, Value};
use tmr_client::core::outlign::model::OutlignClientRecord;
use tmr_client::core::outlign::{PER_PAGE_MAX, TITLE_MAX_CHARS};

/// `per_page` when the query has none.
pub const DEFAULT_PER_PAGE: u64 = 100;
const CLIENT_NOT_FOUND: &str = "Client not found.";
const NOT_AN_OBJECT: &str = "The request body must be a JSON object.";
const TITLE_REQUIRED: &str = "The title field is required.";

/// Who is asking, in which object version, when.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub user: u64,
    pub objects: ObjectVersion,
    pub now_ms: u64,
}

fn per_page_message() -> String {
    format!("The per page must be between 1 and {PER_PAGE_MAX}.")
}

/// A query or path integer, as Laravel's `integer` rule reads one (an optional minus, digits).
fn integer(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// A path id: digits only; anything else names no client.
fn path_id(s: &str) -> Option<u64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn shown(state: &State, stored: &OutlignClientRecord, ctx: &Ctx, context: Context) -> OutlignClientRecord {
    render::client(stored, stored.company_id.and_then(|id| state.company(id)), ctx.objects, context)
}

/// `GET /api/v1/clients?company_id=&title=&per_page=`.
pub fn list(state: &State, ctx: &Ctx, query: &[(String, String)]) -> Response {
    let param = |k: &str| query.iter().find(|(q, _)| q == k).map(|(_, v)| v.trim());
    let mut errors = Vec::new();
    let company = param("company_id").and_then(|v| {
        let id = integer(v);
        if id.is_none() {
            errors.push(("company_id", "The company id must be an integer.".to_owned()));
        }
        id
    });
    let per_page = match param("per_page") {
        None => DEFAULT_PER_PAGE,
        Some(v) => match integer(v).and_then(|n| u64::try_from(n).ok()).filter(|n| (1..=PER_PAGE_MAX).contains(n)) {
            Some(n) => n,
            None => {
                errors.push(("per_page", per_page_message()));
                0
            }
        },
    };
    if !errors.is_empty() {
        return reply::invalid(&errors);
    }
    let needle = param("title").unwrap_or_default().to_lowercase();
    let clients: Vec<OutlignClientRecord> = state
        .clients_of(ctx.user)
        .into_iter()
        .filter(|c| company.is_none_or(|id| c.company_id.and_then(|own| i64::try_from(own).ok()) == Some(id)))
        .filter(|c| c.title.to_lowercase().contains(&needle))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .map(|c| shown(state, c, ctx, Context::List))
        .collect();
    reply::json(200, &clients)
}

/// `GET /api/v1/clients/{id}`.
pub fn get(state: &State, ctx: &Ctx, id: &str) -> Response {
    match path_id(id).and_then(|id| state.client_index(ctx.user, id)) {
        Some(i) => reply::json(200, &shown(state, &state.clients[i], ctx, Context::Single)),
        None => reply::message(404, CLIENT_NOT_FOUND),
    }
}

fn json_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// A present `title`: trimmed, 1 to `TITLE_MAX_CHARS` characters.
fn title(v: &Value) -> Result<String, String> {
    match v {
        Value::Null => Err(TITLE_REQUIRED.to_owned()),
        Value::String(s) if s.trim().is_empty() => Err(TITLE_REQUIRED.to_owned()),
        Value::String(s) if s.trim().chars().count() > TITLE_MAX_CHARS => {
            Err(format!("The title may not be greater than {TITLE_MAX_CHARS} characters."))
        }
        Value::String(s) => Ok(s.trim().to_owned()),
        _ => Err("The title must be a string.".to_owned()),
    }
}

/// `POST /api/v1/clients` with `{title, company_id}`.
pub fn create(state: &mut State, ctx: &Ctx, body: &[u8]) -> Response {
    let Some(input) = json_object(body) else { return reply::message(400, NOT_AN_OBJECT) };
    let mut errors = Vec::new();
    let title = match title(input.get("title").unwrap_or(&Value::Null)) {
        Ok(t) => t,
        Err(e) => {
            errors.push(("title", e));
            String::new()
        }
    };
    let company = match input.get("company_id").unwrap_or(&Value::Null) {
        Value::Null => Err("The company id field is required."),
        v if v.is_i64() || v.is_u64() => {
            v.as_u64().filter(|id| state.is_member(ctx.user, *id)).ok_or("The selected company id is invalid.")
        }
        _ => Err("The company id must be an integer."),
    };
    let company = company.unwrap_or_else(|e| {
        errors.push(("company_id", e.to_owned()));
        0
    });
    if !errors.is_empty() {
        return reply::invalid(&errors);
    }
    let now = render::stamp(ctx.now_ms);
    let record = OutlignClientRecord {
        id: state.next_client_id,
        title,
        company_id: Some(company),
        company: None,
        created_at: now.clone(),
        updated_at: now,
        extra: Default::default(),
    };
    state.next_client_id += 1;
    let answer = shown(state, &record, ctx, Context::Single);
    state.clients.push(record);
    reply::json(201, &answer)
}

/// `PUT /api/v1/clients/{id}` with `{title?}`.
pub fn update(state: &mut State, ctx: &Ctx, id: &str, body: &[u8]) -> Response {
    let Some(i) = path_id(id).and_then(|id| state.client_index(ctx.user, id)) else { return reply::message(404, CLIENT_NOT_FOUND) };
    let Some(input) = json_object(body) else { return reply::message(400, NOT_AN_OBJECT) };
    if let Some(v) = input.get("title") {
        match title(v) {
            Ok(t) => {
                state.clients[i].title = t;
                state.clients[i].updated_at = render::stamp(ctx.now_ms);
            }
            Err(e) => return reply::invalid(&[("title", e)]),
        }
    }
    reply::json(200, &shown(state, &state.clients[i], ctx, Context::Single))
}

/// `DELETE /api/v1/clients/{id}`: 204 with no body.
pub fn delete(state: &mut State, ctx: &Ctx, id: &str) -> Response {
    match path_id(id).and_then(|id| state.client_index(ctx.user, id)) {
        Some(i) => {
            state.clients.remove(i);
            reply::no_content()
        }
        None => reply::message(404, CLIENT_NOT_FOUND),
    }
}

/// `GET /api/v1/companies`.
pub fn companies(state: &State, ctx: &Ctx) -> Response {
    let list: Vec<_> = state.companies_of(ctx.user).into_iter().map(|c| render::company(&c.company, ctx.objects)).collect();
    reply::json(200, &list)
}
