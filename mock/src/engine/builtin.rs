//! The built-in deterministic world: every plan status, a null plan, a cancelled team, a team at
//! its member limit, one at a connector-account limit, every role, linked and unlinked clients,
//! active and revoked connections, unicode and null names.

use super::world::{AccountState, ClientState, ConnectionState, Link, MemberState, TeamState, Token, World};
use serde_json::{json, Map, Value};
use tmr_client::core::model::{Client, Connection, Plan, ScheduleUsage, TeamPlan, User};
use tmr_client::core::policy::Role;

/// A UUID v7-shaped id, stable per `(kind, n)`.
pub fn uuid(kind: u16, n: u32) -> String {
    format!("0190f8b0-{kind:04x}-7{:03x}-8{:03x}-{:012x}", n % 0x1000, kind % 0x1000, u64::from(n) * 7919 + u64::from(kind))
}

/// A persona's token: `tmrc_live_` + 32 characters.
pub fn token(name: &str) -> String {
    format!("tmrc_live_{name:0<32}")
}

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    // The literals below are written to match the models; a mismatch is a bug in this file,
    // caught by the mock's tests at the first start.
    serde_json::from_value(v).unwrap_or_else(|e| panic!("built-in world: {e}"))
}

fn user(n: u32, name: Option<&str>, email: &str) -> User {
    from(json!({
        "id": uuid(1, n), "name": name, "email": email,
        "avatarUrl": name.map(|_| format!("https://assets.gox.ai/tmr/avatars/{}.png", &uuid(1, n)[..8])),
        "preferences": {"appearance": "light", "notifications": {"email": {"billing": true, "productUpdates": true, "promotional": false}}},
        "createdAt": format!("2026-01-{:02}T08:15:00.000Z", 10 + n)
    }))
}

fn plan(name: &str, status: &str, users: u64, per_connector: u64) -> Option<TeamPlan> {
    Some(from(json!({
        "name": name, "status": status, "endsOn": if status == "active" { Value::Null } else { json!("2026-12-31") },
        "currencyCode": "USD", "frequency": "month",
        "destinations": {"core": "google_sheets", "additional": ["looker_studio"]},
        "limits": {
            "users": {"base": users.saturating_sub(1).max(1), "addons": users - users.saturating_sub(1).max(1), "total": users},
            "accountsPerConnector": {"base": per_connector, "addons": 0, "total": per_connector},
            "schedules": {"total": 100, "allowedFrequencies": ["Daily", "Weekly", "Monthly"]}
        }
    })))
}

fn schedules(count: u64) -> ScheduleUsage {
    from(json!({"count": count, "byFrequency": {"Hourly": 0, "Daily": count / 2, "Weekly": count - count / 2, "Monthly": 0},
        "status": "ok", "hasRestrictedFrequency": false}))
}

fn member(user: u32, role: Role, day: u32) -> MemberState {
    MemberState { user_id: uuid(1, user), role, joined_at: format!("2026-02-{day:02}T09:00:00.000Z") }
}

fn account(prefix: &str, n: u32, name: Option<&str>) -> AccountState {
    let id = format!("{prefix}{}", 1_000_000_000u64 + u64::from(n) * 7_654_321);
    AccountState {
        name: name.map_or_else(|| id.clone(), str::to_owned),
        display_id: if prefix.is_empty() { format!("{}-{}-{}", &id[0..3], &id[3..6], &id[6..]) } else { id.clone() },
        description: n.is_multiple_of(3).then(|| "Manager account".to_owned()),
        accessible: n % 5 != 4,
        id,
    }
}

fn connection(team: u32, n: u32, connector: &str, name: Option<&str>, status: &str, accounts: Vec<AccountState>) -> ConnectionState {
    let connection: Connection = from(json!({
        "id": uuid(3, team * 100 + n), "connectorId": connector, "name": name, "status": status,
        "accountCount": accounts.len(), "config": {},
        "createdAt": format!("2026-03-{:02}T10:00:00.000Z", n + 1), "updatedAt": null, "createdBy": uuid(1, 1)
    }));
    ConnectionState { connection, accounts }
}

fn client(team: u32, n: u32, name: &str, domain: Option<&str>, color: Option<&str>, links: Vec<Link>) -> ClientState {
    let mut metadata = Map::new();
    // Logos as data: URLs, so a dashboard on the mock shows them with no network at all.
    let initial = name.chars().next().unwrap_or('?');
    let fill = color.unwrap_or("#5f6b7a").replace('#', "%23");
    let logo = |_: &str| {
        format!("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='{fill}'/%3E%3Ctext x='16' y='22' font-size='18' text-anchor='middle' fill='white' font-family='sans-serif'%3E{initial}%3C/text%3E%3C/svg%3E")
    };
    metadata.insert("logoUrl".into(), domain.map_or(Value::Null, |d| json!(logo(d))));
    metadata.insert("brandColor".into(), color.map_or(Value::Null, |c| json!(c)));
    let id = uuid(4, team * 100 + n);
    let client: Client = from(json!({
        "id": id, "name": name, "domain": domain, "status": "active", "metadata": metadata,
        "link": format!("https://hub.twominutereports.com/clients/{id}"),
        "createdAt": format!("2026-04-{:02}T12:00:00.000Z", n + 1), "updatedAt": null, "createdBy": uuid(1, 1)
    }));
    ClientState { client, links }
}

fn link(connector: &str, account: &AccountState) -> Link {
    Link { connector_id: connector.into(), account_id: account.id.clone() }
}

#[allow(clippy::too_many_arguments)]
fn team(
    n: u32,
    name: Option<&str>,
    created: &str,
    plan: Option<TeamPlan>,
    members: Vec<MemberState>,
    clients: Vec<ClientState>,
    connections: Vec<ConnectionState>,
    enabled: Vec<Link>,
) -> TeamState {
    TeamState {
        id: uuid(2, n),
        name: name.map(str::to_owned),
        created_at: created.into(),
        updated_at: None,
        plan,
        schedules: schedules(u64::from(n) * 3),
        members,
        invites: vec![],
        clients,
        connections,
        enabled,
    }
}

fn platform_plans() -> Vec<Plan> {
    let money = |m: u64, y: u64| json!({"monthly": m, "yearly": y});
    [("Lite", "lite", 1, 2, 1500), ("Basic", "basic", 3, 5, 3900), ("Pro", "pro", 8, 15, 9900), ("Business", "business", 20, 50, 19900)]
        .into_iter()
        .map(|(name, key, users, apc, usd)| from(json!({
            "name": name, "key": key, "limits": {"users": users, "accountsPerConnector": apc},
            "features": [format!("{users} Users"), format!("{apc} Accounts per connector"), "Daily, Weekly, Monthly Schedule frequency"],
            "pricing": {"usd": money(usd, usd * 72 / 10), "inr": money(usd * 84, usd * 84 * 72 / 10), "eur": money(usd * 92 / 100, usd * 92 / 100 * 72 / 10)},
            "addons": {"users": {"usd": money(500, 3600)}, "connections": {"usd": money(1000, 7200)},
                       "destinations": {"gs": {"usd": money(900, 6480)}, "gds": {"usd": money(900, 6480)}}}
        })))
        .collect()
}

/// The world the mock starts with.
pub fn world() -> World {
    let users = vec![
        user(1, Some("Ada Lovelace"), "ada@acme.example"),
        user(2, Some("Grace Hopper"), "grace@acme.example"),
        user(3, Some("Linus Viewer"), "linus@acme.example"),
        user(4, Some("Olive Outsider"), "olive@elsewhere.example"),
        user(5, Some("Barbara Liskov"), "barbara@globex.example"),
        user(6, None, "nameless@acme.example"),
    ];
    let tok = |name: &str, user: u32, scopes: Option<Vec<&str>>| Token {
        token: token(name),
        user_id: uuid(1, user),
        persona: Some(name.to_owned()),
        scopes: scopes.map(|s| s.into_iter().map(str::to_owned).collect()),
    };
    let tokens = vec![
        tok("owner", 1, None),
        tok("editor", 2, None),
        tok("viewer", 3, None),
        tok("outsider", 4, None),
        tok("readonly", 1, Some(vec!["*:read"])),
        tok("cancelled", 5, None),
    ];

    let gadw: Vec<AccountState> = (0..8)
        .map(|i| {
            account(
                "",
                i,
                [
                    Some("Acme — US Search"),
                    Some("Acme — EU Search"),
                    None,
                    Some("Brand Shield"),
                    Some("Ünïcode Ads"),
                    Some("Display"),
                    Some("Shopping"),
                    Some("Video"),
                ][i as usize],
            )
        })
        .collect();
    let fads: Vec<AccountState> = (0..5)
        .map(|i| account("act_", i + 20, [Some("Acme FB"), Some("Acme IG"), None, Some("Retargeting"), Some("Leads")][i as usize]))
        .collect();
    let ga4: Vec<AccountState> = (0..2).map(|i| account("", i + 40, Some(["acme.example", "shop.acme.example"][i as usize]))).collect();
    let acme = team(
        1,
        Some("Acme Marketing"),
        "2026-01-12T08:15:00.000Z",
        plan("Growth", "active", 8, 15),
        vec![member(1, Role::Owner, 1), member(2, Role::Editor, 2), member(3, Role::Viewer, 3), member(6, Role::Viewer, 4)],
        vec![
            client(
                1,
                1,
                "Acme Corp",
                Some("acme.example"),
                Some("#0A66C2"),
                vec![link("gadw", &gadw[0]), link("gadw", &gadw[1]), link("fads", &fads[0])],
            ),
            client(1, 2, "Beta Brands", Some("beta.example"), None, vec![]),
            client(1, 3, "Café Ünïcode", None, Some("#C0FFEE"), vec![link("ga4", &ga4[0])]),
        ],
        vec![
            connection(1, 1, "gadw", Some("Acme Google Ads"), "active", gadw.clone()),
            connection(1, 2, "fads", Some("Acme Meta"), "active", fads.clone()),
            connection(1, 3, "ga4", None, "revoked", ga4.clone()),
        ],
        [&gadw[0], &gadw[1], &gadw[3]].iter().map(|a| link("gadw", a)).chain([link("fads", &fads[0]), link("ga4", &ga4[0])]).collect(),
    );
    let limit_accounts: Vec<AccountState> = (0..5).map(|i| account("", i + 60, None)).collect();
    let teams = vec![
        acme,
        team(
            2,
            Some("Trial Team"),
            "2026-02-01T08:00:00.000Z",
            plan("Pro", "in_trial", 8, 15),
            vec![member(1, Role::Owner, 5), member(2, Role::Viewer, 6)],
            vec![],
            vec![],
            vec![],
        ),
        team(
            3,
            None,
            "2026-02-15T08:00:00.000Z",
            plan("Basic", "non_renewing", 3, 5),
            vec![member(1, Role::Owner, 7)],
            vec![],
            vec![],
            vec![],
        ),
        team(
            4,
            Some("No Plan Team"),
            "2026-03-01T08:00:00.000Z",
            None,
            vec![member(1, Role::Owner, 8), member(3, Role::Editor, 9)],
            vec![],
            vec![],
            vec![],
        ),
        team(
            5,
            Some("Globex (cancelled)"),
            "2026-03-10T08:00:00.000Z",
            plan("Basic", "cancelled", 3, 5),
            vec![member(5, Role::Owner, 10), member(1, Role::Viewer, 11)],
            vec![client(5, 1, "Globex Client", Some("globex.example"), None, vec![])],
            vec![connection(5, 1, "gadw", Some("Globex Ads"), "active", vec![account("", 80, None)])],
            vec![],
        ),
        team(
            6,
            Some("Full House"),
            "2026-04-01T08:00:00.000Z",
            plan("Basic", "active", 3, 5),
            vec![member(1, Role::Owner, 12), member(2, Role::Editor, 13), member(3, Role::Viewer, 14)],
            vec![],
            vec![],
            vec![],
        ),
        team(
            7,
            Some("Limit Labs"),
            "2026-05-01T08:00:00.000Z",
            plan("Lite", "active", 3, 2),
            vec![member(1, Role::Owner, 15), member(2, Role::Editor, 16)],
            vec![client(7, 1, "Lab Client", None, None, vec![])],
            vec![connection(7, 1, "gadw", Some("Lab Ads"), "active", limit_accounts.clone())],
            limit_accounts[..2].iter().map(|a| link("gadw", a)).collect(),
        ),
    ];
    let connectors = [
        ("gadw", "Google Ads"),
        ("fads", "Facebook Ads"),
        ("fb", "Facebook Ads"),
        ("ga", "Google Analytics"),
        ("ga4", "Google Analytics 4"),
        ("gsc", "Google Search Console"),
        ("li", "LinkedIn Ads"),
        ("tt", "TikTok Ads"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let mut world = World { users, tokens, teams, plans: platform_plans(), connectors, next_invite_id: 4821 };
    world.teams[0].invites.push(from(json!({"id": 4820, "email": "new.person@acme.example", "role": "viewer", "status": "pending", "createdAt": "2026-06-10T09:00:00.000Z"})));
    world
}
