//! The read cache: TTL, and invalidation by every write (virtual time).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use tmr_client::core::cache::{stale_patterns, Cache, INVALIDATES};
use tmr_client::core::endpoint::{InputKind, Method};
use tmr_client::core::ENDPOINTS;

const B: &str = "https://api.twominutereports.com/v1";

#[test]
fn every_write_says_what_it_makes_stale() {
    for e in ENDPOINTS.iter().filter(|e| e.method != Method::Get && e.input != InputKind::Query) {
        assert!(INVALIDATES.iter().any(|(n, t)| *n == e.name && !t.is_empty()), "{} has no invalidation row", e.name);
    }
    for (name, _) in INVALIDATES {
        assert!(ENDPOINTS.iter().any(|e| e.name == *name && e.method != Method::Get), "{name} is not a write");
    }
}

#[test]
fn entries_expire_after_the_ttl() {
    let mut c = Cache::new(1_000);
    c.put(&format!("{B}/teams"), "[]", 0);
    assert_eq!(c.get(&format!("{B}/teams"), 999).as_deref(), Some("[]"));
    assert_eq!(c.get(&format!("{B}/teams"), 1_000), None);
    assert!(c.is_empty());
}

#[test]
fn writes_drop_exactly_what_they_change() {
    let other = "0190f8b0-0000-7000-8000-000000000000";
    let urls = [
        format!("{B}/teams"),
        format!("{B}/teams/{TEAM}"),
        format!("{B}/teams/{TEAM}/members"),
        format!("{B}/teams/{TEAM}/invites"),
        format!("{B}/teams/{TEAM}/clients"),
        format!("{B}/teams/{TEAM}/clients/{CLIENT}/accounts"),
        format!("{B}/teams/{TEAM}/clients/{CLIENT}/accounts/gadw"),
        format!("{B}/teams/{TEAM}/connectors/accounts?status=enabled"),
        format!("{B}/teams/{other}/members"),
        format!("{B}/users/me"),
        format!("{B}/tmr/plans"),
    ];
    let left_after = |write: &str, params: &[&str]| {
        let mut c = Cache::new(60_000);
        for u in &urls {
            c.put(u, "{}", 0);
        }
        c.invalidate(B, endpoint(write), params);
        urls.iter().filter(|u| c.get(u, 1).is_some()).count()
    };
    assert_eq!(left_after("clients.linkAccount", &[TEAM, CLIENT, "gadw", "1"]), urls.len() - 2, "that client's accounts");
    assert_eq!(left_after("members.updateRole", &[TEAM, USER]), urls.len() - 2, "members and the team's usage");
    assert_eq!(left_after("invites.create", &[TEAM]), urls.len() - 2, "invites and usage");
    assert_eq!(left_after("connectors.enableAccount", &[TEAM, "gadw", "1"]), urls.len() - 5, "accounts everywhere and usage");
    assert_eq!(left_after("users.updateName", &[]), urls.len() - 1);
    assert_eq!(left_after("connections.delete", &[TEAM, CONN]), 4, "everything of the team");
    assert_eq!(
        stale_patterns(B, endpoint("teams.rename"), &[TEAM]),
        vec![(format!("{B}/teams"), false), (format!("{B}/teams/{TEAM}"), false)]
    );
}
