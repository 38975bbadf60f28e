//! The policy table: every endpoint × role × scope pattern, and the team rules.
#![cfg(not(target_arch = "wasm32"))]

use tmr_client::core::headroom::plan_headroom;
use tmr_client::core::policy::{scope_allows, would_leave_no_owner, MemberRole, Role, Scope};
use tmr_client::core::{query_account_id, Endpoint, ENDPOINTS};

/// CONTRACT.md §2: (name, minimum role, scope), written out again so the table is checked
/// against the contract rather than against itself.
const EXPECTED: [(&str, Option<&str>, &str); 32] = [
    ("users.me", None, "account:read"),
    ("users.updateName", None, "account:write"),
    ("users.uploadAvatar", None, "account:write"),
    ("users.deleteAvatar", None, "account:delete"),
    ("users.preferences", None, "account:read"),
    ("users.updatePreferences", None, "account:write"),
    ("teams.list", None, "teams:read"),
    ("teams.get", Some("viewer"), "teams:read"),
    ("teams.rename", Some("owner"), "teams:write"),
    ("members.list", Some("viewer"), "teams:read"),
    ("members.updateRole", Some("owner"), "teams:write"),
    ("members.remove", Some("owner"), "teams:delete"),
    ("invites.list", Some("owner"), "teams:read"),
    ("invites.create", Some("owner"), "teams:write"),
    ("connections.list", Some("viewer"), "connections:read"),
    ("connections.get", Some("viewer"), "connections:read"),
    ("connections.accounts", Some("viewer"), "connections:read"),
    ("connections.delete", Some("editor"), "connections:delete"),
    ("clients.list", Some("viewer"), "clients:read"),
    ("clients.get", Some("viewer"), "clients:read"),
    ("clients.accounts", Some("viewer"), "clients:read"),
    ("clients.accountsByConnector", Some("viewer"), "clients:read"),
    ("clients.linkAccount", Some("editor"), "clients:write"),
    ("clients.unlinkAccount", Some("editor"), "clients:delete"),
    ("connectors.list", Some("viewer"), "connectors:read"),
    ("connectors.allAccounts", Some("viewer"), "connectors:read"),
    ("connectors.accounts", Some("viewer"), "connectors:read"),
    ("connectors.fields", Some("viewer"), "connectors:read"),
    ("connectors.enableAccount", Some("editor"), "connectors:write"),
    ("connectors.disableAccount", Some("editor"), "connectors:write"),
    ("data.runQuery", Some("editor"), "data:read"),
    ("platform.plans", None, "platform:read"),
];

#[test]
fn table_matches_the_contract() {
    for (e, (name, role, scope)) in ENDPOINTS.iter().zip(EXPECTED) {
        assert_eq!(e.name, name);
        assert_eq!(e.role.map(Role::as_str), role, "{name}");
        assert_eq!(e.scope_form(), scope, "{name}");
    }
}

#[test]
fn every_endpoint_role_and_scope_pattern() {
    let roles = [None, Some(Role::Viewer), Some(Role::Editor), Some(Role::Owner)];
    for e in &ENDPOINTS {
        let scope = e.scope_form();
        let (res, act) = scope.split_once(':').unwrap();
        let allowing = [scope.clone(), format!("{res}:*"), format!("*:{act}"), "*:*".into()];
        let other_act = if act == "read" { "write" } else { "read" };
        let denying = [format!("{res}:{other_act}"), format!("*:{other_act}"), "platform:delete".into()];
        for role in roles {
            let role_ok = e.role.is_none_or(|min| role.is_some_and(|r| r >= min));
            assert_eq!(e.can_call(role, None), role_ok, "{} as {role:?} with an unrestricted key", e.name);
            for p in &allowing {
                assert_eq!(e.can_call(role, Some(std::slice::from_ref(p))), role_ok, "{} {role:?} {p}", e.name);
            }
            for p in &denying {
                if p != &scope {
                    assert!(!e.can_call(role, Some(std::slice::from_ref(p))), "{} {role:?} must be denied by {p}", e.name);
                }
            }
            assert!(!e.can_call(role, Some(&[])), "an empty scope list allows nothing");
        }
    }
}

#[test]
fn scopes_parse_and_match() {
    let s = Scope::parse("scope", "clients:delete").unwrap();
    assert!(scope_allows(Some(&["teams:read".into(), "clients:*".into()]), s));
    assert!(!scope_allows(Some(&["clients:read".into()]), s));
    assert!(Scope::parse("scope", "clients:*").is_err());
    assert!(Scope::parse("scope", "client:read").is_err());
    assert!(!Scope::parse("scope", "data:read").unwrap().granted_by("data"));
}

fn m(id: &str, role: Role) -> MemberRole {
    MemberRole { id: id.into(), role }
}

#[test]
fn last_owner_rule() {
    let one_owner = [m("a", Role::Owner), m("b", Role::Editor)];
    assert!(would_leave_no_owner(&one_owner, "a", Some(Role::Editor)));
    assert!(would_leave_no_owner(&one_owner, "a", None));
    assert!(!would_leave_no_owner(&one_owner, "a", Some(Role::Owner)), "same role is allowed");
    assert!(!would_leave_no_owner(&one_owner, "b", None));
    assert!(!would_leave_no_owner(&one_owner, "zzz", None), "not a member");
    let two = [m("a", Role::Owner), m("b", Role::Owner)];
    assert!(!would_leave_no_owner(&two, "a", Some(Role::Viewer)));
}

#[test]
fn headroom_from_the_documented_team() {
    let fx: serde_json::Value = serde_json::from_str(include_str!("fixtures/responses.json")).unwrap();
    let team = fx["teams.get"].clone();
    let h = serde_json::to_value(plan_headroom(&team).unwrap()).unwrap();
    assert_eq!(h["members"], serde_json::json!({"count": 6, "limit": 8, "remaining": 2, "status": "ok"}));
    assert_eq!(h["accountsPerConnector"]["fb"], serde_json::json!({"count": 15, "limit": 15, "remaining": 0, "status": "reached"}));
    assert_eq!(h["schedules"], serde_json::json!({"count": 42, "limit": 100, "remaining": 58, "status": "ok"}));
    let mut over = team.clone();
    over["usage"]["members"]["count"] = 9.into();
    assert_eq!(plan_headroom(&over).unwrap().members.unwrap().status, "exceeded");
    let mut no_plan = team;
    no_plan["plan"] = serde_json::Value::Null;
    let h = plan_headroom(&no_plan).unwrap();
    assert_eq!(h.members.as_ref().map(|m| (m.limit, m.remaining)), Some((None, None)));
    no_plan["usage"] = serde_json::Value::Null;
    assert!(plan_headroom(&no_plan).unwrap().members.is_none());
}

#[test]
fn headroom_refuses_what_is_not_a_team() {
    let fx: serde_json::Value = serde_json::from_str(include_str!("fixtures/responses.json")).unwrap();
    let mut team = fx["teams.get"].clone();
    team["usage"]["members"]["count"] = "six".into();
    let e = plan_headroom(&team).unwrap_err();
    assert_eq!(e.code().as_str(), "INVALID_ARGUMENT");
    assert!(e.to_string().contains("expected a non-negative integer, got a string at team.usage.members.count"), "{e}");
    let e = plan_headroom(&serde_json::json!([1])).unwrap_err();
    assert!(e.to_string().contains("team must be a Team"), "{e}");
}

#[test]
fn query_account_ids() {
    assert_eq!(query_account_id("gadw", "1234567890"), "gadw_1234567890");
    assert_eq!(query_account_id("fads", "act_98"), "fads_act_98");
    assert_eq!(query_account_id("fads", "fads_act_98"), "fads_act_98");
}

#[test]
fn endpoint_lookup_names_the_parameter() {
    let e = Endpoint::named("endpoint", "members.update").unwrap_err().to_string();
    assert!(e.contains("endpoint") && e.contains("\"members.update\""), "{e}");
    assert_eq!(ENDPOINTS.iter().filter(|e| e.is_team_write()).count(), 9);
}
