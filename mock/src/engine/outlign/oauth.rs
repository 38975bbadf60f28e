//! `POST /oauth/token` (code exchange and refresh) and `GET /oauth/authorize` (automatic consent
//! as alice: a demo convenience). Error texts are those of league/oauth2-server, which Laravel
//! Passport uses. No answer ever contains the client secret, a code or a token that was sent.

use super::super::checks::query_decode;
use super::super::http::{Request, Response};
use super::reply;
use super::seed::ALICE;
use super::state::{AccessToken, Code, Expiry, RefreshToken, State};
use tmr_client::core::outlign::model::OutlignToken;
use tmr_client::core::validate::encode_segment;

const INVALID_REQUEST: &str = "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.";
const INVALID_GRANT: &str = "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
const UNSUPPORTED_GRANT: &str = "The authorization grant type is not supported by the authorization server.";
const UNSUPPORTED_RESPONSE: &str = "The authorization server does not support obtaining an authorization code using this method.";
const INVALID_CLIENT: &str = "Client authentication failed";

fn invalid_request(param: &str) -> Response {
    reply::oauth(400, "invalid_request", &format!("{INVALID_REQUEST} Check the `{param}` parameter"))
}

fn invalid_grant() -> Response {
    reply::oauth(400, "invalid_grant", INVALID_GRANT)
}

/// An `application/x-www-form-urlencoded` body: percent-decoding, `+` as a space.
fn form(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_decode(k), query_decode(v))
        })
        .collect()
}

/// The first non-empty value of `key`.
fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// An `http://127.0.0.1[:port]…` or `http://localhost[:port]…` URL without a fragment: the
/// redirect URIs the demo app is registered with.
pub fn is_loopback(uri: &str) -> bool {
    let Some(rest) = ["http://127.0.0.1", "http://localhost"].iter().find_map(|p| uri.strip_prefix(p)) else { return false };
    let after_port = match rest.strip_prefix(':') {
        Some(r) => {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=5).contains(&digits) {
                return false;
            }
            &r[digits..]
        }
        None => rest,
    };
    (after_port.is_empty() || after_port.starts_with(['/', '?']))
        && !uri.contains('#')
        && !uri.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `POST /oauth/token`.
pub fn token(state: &mut State, ttl_s: u64, req: &Request, now_ms: u64) -> Response {
    let pairs = form(&req.body);
    let Some(grant) = param(&pairs, "grant_type") else { return invalid_request("grant_type") };
    if !matches!(grant, "authorization_code" | "refresh_token") {
        return reply::oauth(400, "unsupported_grant_type", UNSUPPORTED_GRANT);
    }
    let Some(client_id) = param(&pairs, "client_id") else { return invalid_request("client_id") };
    let Some(secret) = param(&pairs, "client_secret") else { return invalid_request("client_secret") };
    if client_id != state.app.client_id || secret != state.app.client_secret {
        return reply::oauth(401, "invalid_client", INVALID_CLIENT);
    }
    let user = if grant == "authorization_code" {
        let Some(code) = param(&pairs, "code") else { return invalid_request("code") };
        let Some(redirect_uri) = param(&pairs, "redirect_uri") else { return invalid_request("redirect_uri") };
        let Some(i) = state.codes.iter().position(|c| c.code == code) else { return invalid_grant() };
        let fits = match &state.codes[i].redirect_uri {
            Some(issued_for) => issued_for == redirect_uri,
            None => is_loopback(redirect_uri),
        };
        if !fits {
            return invalid_grant();
        }
        if state.codes[i].reusable {
            state.codes[i].user_id
        } else {
            state.codes.remove(i).user_id
        }
    } else {
        let Some(refresh) = param(&pairs, "refresh_token") else { return invalid_request("refresh_token") };
        match state.refresh_tokens.iter().position(|t| t.token == refresh) {
            // Issued refresh tokens are spent by their use, as Laravel Passport's are (the answer
            // carries the next one); the personas' stay valid so tests can refresh repeatedly.
            Some(i) if state.refresh_tokens[i].persona.is_none() => state.refresh_tokens.remove(i).user_id,
            Some(i) => state.refresh_tokens[i].user_id,
            None => return invalid_grant(),
        }
    };
    let answer = issue(state, user, ttl_s, now_ms);
    let mut r = reply::json(200, &answer);
    r.headers.push(("cache-control", "no-store".to_owned()));
    r
}

/// A new access token lasting `ttl_s` and a new refresh token, both for `user`.
fn issue(state: &mut State, user: u64, ttl_s: u64, now_ms: u64) -> OutlignToken {
    let n = state.serial();
    let login = state.user(user).map_or("user", |u| u.login);
    let (access, refresh) = (format!("olt-{n}-{login}"), format!("olr-{n}-{login}"));
    let end = now_ms.saturating_add(ttl_s.saturating_mul(1000));
    state.tokens.push(AccessToken { token: access.clone(), user_id: user, expiry: Expiry::At(end), persona: None });
    state.refresh_tokens.push(RefreshToken { token: refresh.clone(), user_id: user, persona: None });
    OutlignToken {
        access_token: access,
        refresh_token: Some(refresh),
        token_type: "Bearer".to_owned(),
        expires_in: Some(ttl_s),
        extra: Default::default(),
    }
}

/// `GET /oauth/authorize?client_id&redirect_uri&response_type=code&scope&state`: consents as
/// alice at once and redirects with a single-use code bound to that redirect URI.
pub fn authorize(state: &mut State, req: &Request) -> Response {
    let query = &req.query;
    let Some(client_id) = param(query, "client_id") else { return invalid_request("client_id") };
    if client_id != state.app.client_id {
        return reply::oauth(400, "invalid_client", INVALID_CLIENT);
    }
    let Some(redirect_uri) = param(query, "redirect_uri").filter(|u| is_loopback(u)) else { return invalid_request("redirect_uri") };
    match param(query, "response_type") {
        None => return invalid_request("response_type"),
        Some("code") => {}
        Some(_) => return reply::oauth(400, "unsupported_response_type", UNSUPPORTED_RESPONSE),
    }
    let code = format!("olc-{}-alice", state.serial());
    state.codes.push(Code { code: code.clone(), user_id: ALICE, redirect_uri: Some(redirect_uri.to_owned()), reusable: false });
    let mut location = format!("{redirect_uri}{}code={code}", if redirect_uri.contains('?') { '&' } else { '?' });
    if let Some(s) = query.iter().find(|(k, _)| k == "state").map(|(_, v)| v) {
        location.push_str("&state=");
        location.push_str(&encode_segment(s));
    }
    reply::redirect(location)
}
