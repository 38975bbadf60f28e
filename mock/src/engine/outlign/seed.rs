//! The built-in Outlign world: two users, three companies (one each, one shared), five clients,
//! the demo OAuth app and fixed credentials that never change between runs.

use super::super::time::days;
use super::render::stamp;
use super::state::{AccessToken, App, Code, Company, Expiry, RefreshToken, State, User};
use tmr_client::core::outlign::model::{OutlignClientRecord, OutlignCompany};

pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CLIENT_ID: &str = "outlign-demo";
pub const CLIENT_SECRET: &str = "outlign-demo-secret";
/// Exchangeable any number of times, with any loopback redirect URI.
pub const FIXED_CODE: &str = "outlign-code-alice";

/// 2023-01-01T12:00:00Z plus `day` days, as stored.
fn day(n: i64) -> String {
    let ms = (days(2023, 1, 1) + n) * 86_400_000 + 12 * 3_600_000;
    stamp(u64::try_from(ms).unwrap_or_default())
}

fn company(id: u64, title: &str, n: i64, members: &[u64]) -> Company {
    Company {
        company: OutlignCompany { id, title: title.to_owned(), created_at: day(n), updated_at: day(n), extra: Default::default() },
        members: members.to_vec(),
    }
}

fn client(id: u64, title: &str, company: u64) -> OutlignClientRecord {
    let n = i64::try_from(id - 123).unwrap_or_default();
    OutlignClientRecord {
        id,
        title: title.to_owned(),
        company_id: Some(company),
        company: None,
        created_at: day(n),
        updated_at: day(n),
        extra: Default::default(),
    }
}

fn token(token: &str, user_id: u64, expiry: Expiry, persona: &'static str) -> AccessToken {
    AccessToken { token: token.to_owned(), user_id, expiry, persona: Some(persona) }
}

fn refresh(token: &str, user_id: u64, persona: &'static str) -> RefreshToken {
    RefreshToken { token: token.to_owned(), user_id, persona: Some(persona) }
}

pub fn state() -> State {
    State {
        users: vec![User { id: ALICE, login: "alice", name: "Alice Agency" }, User { id: BOB, login: "bob", name: "Bob Baker" }],
        companies: vec![
            company(456, "Acme Agency", 0, &[ALICE]),
            company(457, "Northwind Studio", 1, &[ALICE, BOB]),
            company(458, "Bob's Bakery", 2, &[BOB]),
        ],
        clients: vec![
            client(123, "Acme Corporation", 456),
            client(124, "Beta Industries", 456),
            client(125, "Gamma Logistics", 457),
            client(126, "Delta Foods", 457),
            client(127, "Bakery Wholesale", 458),
        ],
        tokens: vec![
            token("outlign-alice", ALICE, Expiry::Never, "alice"),
            token("outlign-bob", BOB, Expiry::Never, "bob"),
            token("outlign-expired", ALICE, Expiry::Always, "expired"),
        ],
        refresh_tokens: vec![refresh("outlign-refresh-alice", ALICE, "alice"), refresh("outlign-refresh-bob", BOB, "bob")],
        codes: vec![Code { code: FIXED_CODE.to_owned(), user_id: ALICE, redirect_uri: None, reusable: true }],
        app: App { client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
        next_client_id: 128,
        next_serial: 0,
    }
}
