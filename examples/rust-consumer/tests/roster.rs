//! The app against tmr-mock over HTTP, in Node and in headless Chromium. `TMR_MOCK_URL` and
//! `TMR_TOKEN_OWNER` come in at build time from scripts/with-mock.sh (scripts/test-rust-consumer.sh).
#![cfg(target_arch = "wasm32")]

use rust_consumer::{roster, team_roster, RosterEntry, TeamRoster};
use tmr_client::{ErrorCode, Options, RateLimit, TmrClient};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const URL: Option<&str> = option_env!("TMR_MOCK_URL");
const OWNER: Option<&str> = option_env!("TMR_TOKEN_OWNER");

fn url() -> &'static str {
    URL.expect("build with TMR_MOCK_URL set: run through scripts/with-mock.sh")
}

fn client(key: &str) -> TmrClient {
    let options = Options::new(key).base_url(url()).max_retries(0).rate_limit(RateLimit::Off);
    TmrClient::new(options).expect("valid options")
}

fn owner() -> TmrClient {
    client(OWNER.expect("build with TMR_TOKEN_OWNER set: run through scripts/with-mock.sh"))
}

fn member(name: Option<&str>, email: &str, role: &str) -> RosterEntry {
    RosterEntry { name: name.map(str::to_owned), email: email.to_owned(), role: role.to_owned() }
}

fn team<'a>(roster: &'a [TeamRoster], name: &str) -> &'a TeamRoster {
    roster.iter().find(|t| t.team_name.as_deref() == Some(name)).unwrap_or_else(|| panic!("no team {name:?} in {roster:#?}"))
}

#[wasm_bindgen_test]
async fn lists_every_team_with_its_members() {
    let roster = team_roster(&owner()).await.expect("roster");
    assert_eq!(roster.len(), 7, "the built-in world's owner is in 7 teams");
    assert_eq!(roster.iter().filter(|t| t.team_name.is_none()).count(), 1, "one team has no name");
    assert!(roster.iter().all(|t| !t.members.is_empty() && !t.team_id.is_empty()));

    let acme = team(&roster, "Acme Marketing");
    assert_eq!(
        acme.members,
        [
            member(Some("Ada Lovelace"), "ada@acme.example", "owner"),
            member(Some("Grace Hopper"), "grace@acme.example", "editor"),
            member(Some("Linus Viewer"), "linus@acme.example", "viewer"),
            member(None, "nameless@acme.example", "viewer"),
        ]
    );
    let globex = team(&roster, "Globex (cancelled)");
    assert_eq!(globex.members[0], member(Some("Barbara Liskov"), "barbara@globex.example", "owner"));
    assert_eq!(globex.members[1].role, "viewer");
}

#[wasm_bindgen_test]
async fn a_bad_token_is_unauthorized() {
    let err = team_roster(&client("tmrc_live_not_a_real_key")).await.expect_err("a bad key must fail");
    assert_eq!(err.code(), ErrorCode::Unauthorized, "{err}");
    assert_eq!(err.status(), Some(401));
}

#[wasm_bindgen_test]
async fn the_js_export_resolves_json_and_rejects_with_the_code() {
    let text = roster(OWNER.unwrap_or_default().to_owned(), Some(url().to_owned())).await.expect("roster JSON");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let acme = json.as_array().into_iter().flatten().find(|t| t["teamName"] == "Acme Marketing").expect("Acme in the JSON");
    assert_eq!(acme["members"][0], serde_json::json!({ "name": "Ada Lovelace", "email": "ada@acme.example", "role": "owner" }));

    let err = roster("tmrc_live_not_a_real_key".to_owned(), Some(url().to_owned())).await.expect_err("a bad key must reject");
    let err: js_sys::Error = JsValue::from(err).dyn_into().expect("a real Error");
    let message = String::from(err.message());
    assert!(message.starts_with("UNAUTHORIZED: "), "{message}");
}
