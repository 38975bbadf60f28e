//! THE endpoint table: every TMR endpoint as one row. Request building, decoding, retries, the
//! policy helpers and the mock server all read it, so a rule lives in exactly one place.

use super::error::{Error, Result};
use super::policy::{scope_allows, Action, Resource, Role, Scope};
use super::validate::quote;

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Rate-limit bucket (CONTRACT.md §1.8). A call counts in its own bucket and in the default one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// 120 requests / 60 s.
    Default,
    /// 30 / 60 s.
    RunQuery,
    /// 15 / 5 min.
    Invite,
    /// 10 / 5 min.
    Avatar,
}

impl Bucket {
    /// `(requests, window in seconds)`.
    pub fn limit(self) -> (u32, u32) {
        match self {
            Bucket::Default => (120, 60),
            Bucket::RunQuery => (30, 60),
            Bucket::Invite => (15, 300),
            Bucket::Avatar => (10, 300),
        }
    }
}

/// What may be retried after a failure (WORKING-RULES.md, Retries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Repeating the request cannot change the outcome: GET/PUT/PATCH/DELETE and the
    /// idempotent POSTs (link, enable, disable).
    Idempotent,
    /// A non-idempotent write (invite): retried only on 429, when the API refused before acting.
    OnlyIfRefused,
    /// A slow read (run-query): never re-run after a 500 or a timeout.
    SlowRead,
}

/// Default timeout class: 60 s, or 6 min for run-query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutClass {
    Standard,
    Long,
}

impl TimeoutClass {
    /// Default timeout in milliseconds.
    pub fn default_ms(self) -> u64 {
        match self {
            TimeoutClass::Standard => 60_000,
            TimeoutClass::Long => 360_000,
        }
    }
}

/// The argument an endpoint takes after its path parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    None,
    /// `{ "name": string }` from a string argument (U2, T3).
    Name,
    /// `{ "role": role }` from a role argument (T5).
    Role,
    /// `{ email, role? }` (T8).
    Invite,
    /// Partial preferences (U6).
    Preferences,
    /// Multipart avatar (U3).
    Avatar,
    /// Optional `{ status? }` query (K2, K3).
    StatusFilter,
    /// Optional `{ accountIds? }` query (K4).
    AccountIds,
    /// Run-query body (D1).
    Query,
    /// Outlign: optional `{ companyId?, title?, perPage? }` → `company_id`, `title`, `per_page`.
    OutlignListQuery,
    /// Outlign: `{ title, companyId }` → `{ "title", "company_id" }`.
    OutlignCreate,
    /// Outlign: `{ title? }`.
    OutlignUpdate,
    /// Outlign OAuth: a token grant, sent form-encoded (`oauth::Grant` as JSON).
    TokenGrant,
}

/// The shape of `data` in a successful answer; each names a model in `model/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    User,
    Preferences,
    TeamSummaries,
    Team,
    /// `{ "name": string }` (rename).
    Renamed,
    Members,
    Invites,
    Connections,
    Connection,
    Accounts,
    Clients,
    Client,
    Connectors,
    Fields,
    Rows,
    Plans,
    /// A one-key `{ "<key>": true }` acknowledgement.
    Flag(&'static str),
    /// Outlign: a bare array of client objects (version A or B).
    OutlignClients,
    /// Outlign: one client object.
    OutlignClient,
    /// Outlign: a bare array of companies.
    OutlignCompanies,
    /// Outlign OAuth: `{ access_token, token_type, expires_in, refresh_token? }`.
    OutlignToken,
    /// No body (Outlign's 204 delete); the call resolves to nothing.
    Nothing,
}

/// Which API an endpoint belongs to: each has its own conventions for requests, answers and
/// errors; the call machinery (pacing, retries, deadlines, transport) is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// Two Minute Reports API v1: the `{ success, data }` envelope, UUIDs, camelCase, API keys.
    Tmr,
    /// Outlign Clients API: bare JSON, integer ids, snake_case, OAuth bearer tokens.
    Outlign,
}

/// One endpoint of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub api: Api,
    /// Id in CONTRACT.md §2 (`"T5"`), or §8 for Outlign (`"O3"`).
    pub id: &'static str,
    /// JS name `group.method` (`"members.updateRole"`; Outlign's carry their API:
    /// `"outlign.clients.update"`), the name errors and hooks report.
    pub name: &'static str,
    pub method: Method,
    /// Path template relative to the base URL; `{param}` segments are filled in order.
    pub path: &'static str,
    /// Minimum team role; `None` for endpoints outside a team.
    pub role: Option<Role>,
    /// The API-key scope it needs; `None` where the API has no scopes (Outlign).
    pub scope: Option<Scope>,
    pub bucket: Bucket,
    pub retry: RetryClass,
    pub timeout: TimeoutClass,
    pub input: InputKind,
    pub output: OutputKind,
    /// The name of a second method that hands the answer out in batches of rows while it
    /// arrives (`data.queryRows` beside `data.runQuery`): same arguments, same request.
    pub streamed_as: Option<&'static str>,
}

impl Endpoint {
    /// The `{param}` names of the path template, in order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }

    /// Positional arguments of the JS method before its per-call options: the path parameters,
    /// then the input (an avatar takes the file and its options).
    pub fn arity(&self) -> usize {
        let input = match self.input {
            InputKind::None => 0,
            InputKind::Avatar => 2,
            _ => 1,
        };
        self.path_params().count() + input
    }

    /// A write on a team's resources: blocked with 402 while the team's plan is cancelled.
    pub fn is_team_write(&self) -> bool {
        self.path.starts_with("/teams/{teamId}") && self.method != Method::Get && self.input != InputKind::Query
    }

    /// Whether a caller with `role` in the team (`None` = not a member) and key scopes `granted`
    /// may call this endpoint, as far as roles and scopes go.
    pub fn can_call(&self, role: Option<Role>, granted: Option<&[String]>) -> bool {
        let role_ok = match self.role {
            None => true,
            Some(required) => role.is_some_and(|r| r.satisfies(required)),
        };
        role_ok && self.scope.is_none_or(|s| scope_allows(granted, s))
    }

    /// The scope as the API writes it (`"teams:write"`); empty where the API has no scopes.
    pub fn scope_form(&self) -> String {
        self.scope.map_or_else(String::new, |s| s.to_string_form())
    }

    /// The group and method names of the JS face (`("members", "updateRole")`,
    /// `("outlign.clients", "update")`).
    pub fn group_and_method(&self) -> (&'static str, &'static str) {
        self.name.rsplit_once('.').unwrap_or(("", self.name))
    }

    /// Look an endpoint up by its JS name.
    pub fn by_name(name: &str) -> Option<&'static Endpoint> {
        ENDPOINTS.iter().find(|e| e.name == name)
    }

    /// Look an endpoint up by its JS name, naming `param` in the error.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` when no endpoint has that name.
    pub fn named(param: &str, name: &str) -> Result<&'static Endpoint> {
        Self::by_name(name).ok_or_else(|| {
            Error::invalid(format!("{param} must be an endpoint name \"group.method\" such as \"members.updateRole\"; got {}", quote(name)))
        })
    }
}

use Action::{Delete as D, Read as R, Write as W};
use InputKind as I;
use Method::{Delete, Get, Patch, Post, Put};
use OutputKind as O;
use Resource::{Account as Acct, Clients, Connections, Connectors, Data, Platform, Teams};
use RetryClass::{Idempotent as Idem, OnlyIfRefused, SlowRead};
use Role::{Editor, Owner, Viewer};

#[allow(clippy::too_many_arguments)] // one row of the table reads best as one positional line
const fn row(
    id: &'static str,
    name: &'static str,
    method: Method,
    path: &'static str,
    role: Option<Role>,
    scope: (Resource, Action),
    input: InputKind,
    output: OutputKind,
) -> Endpoint {
    Endpoint {
        api: Api::Tmr,
        id,
        name,
        method,
        path,
        role,
        scope: Some(Scope { resource: scope.0, action: scope.1 }),
        bucket: Bucket::Default,
        retry: RetryClass::Idempotent,
        timeout: TimeoutClass::Standard,
        input,
        output,
        streamed_as: None,
    }
}

const fn with(e: Endpoint, bucket: Bucket, retry: RetryClass, timeout: TimeoutClass) -> Endpoint {
    Endpoint { bucket, retry, timeout, ..e }
}

/// `e` with a second method, `method`, that hands its rows out in batches as they arrive.
const fn streamed(e: Endpoint, method: &'static str) -> Endpoint {
    Endpoint { streamed_as: Some(method), ..e }
}

const TEAM: &str = "/teams/{teamId}";

/// All 32 endpoints of CONTRACT.md §2 (U2 and K2 per WORKING-RULES.md), in the contract's order.
pub static ENDPOINTS: [Endpoint; 32] = TABLE;

/// The index of the endpoint named `name` in [`ENDPOINTS`], at compile time: a method naming an
/// endpoint the table lacks does not build.
pub const fn index_of(name: &str) -> usize {
    index_in(&TABLE, name)
}

/// The index of the endpoint named `name` in `table`, at compile time.
pub const fn index_in(table: &[Endpoint], name: &str) -> usize {
    let mut i = 0;
    while i < table.len() {
        if same(table[i].name.as_bytes(), name.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("no endpoint of that name in the table"); // ok: const evaluation only, a build error
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The endpoint named by a literal, resolved at compile time (see [`index_of`]).
#[macro_export]
macro_rules! endpoint {
    ($name:literal) => {
        &$crate::core::endpoint::ENDPOINTS[const { $crate::core::endpoint::index_of($name) }]
    };
}

#[rustfmt::skip]
const TABLE: [Endpoint; 32] = [
    row("U1", "users.me", Get, "/users/me", None, (Acct, R), I::None, O::User),
    row("U2", "users.updateName", Put, "/users/me/name", None, (Acct, W), I::Name, O::User),
    with(row("U3", "users.uploadAvatar", Put, "/users/me/avatar", None, (Acct, W), I::Avatar, O::User),
        Bucket::Avatar, Idem, TimeoutClass::Standard),
    row("U4", "users.deleteAvatar", Delete, "/users/me/avatar", None, (Acct, D), I::None, O::User),
    row("U5", "users.preferences", Get, "/users/me/preferences", None, (Acct, R), I::None, O::Preferences),
    row("U6", "users.updatePreferences", Patch, "/users/me/preferences", None, (Acct, W), I::Preferences, O::Preferences),
    row("T1", "teams.list", Get, "/teams", None, (Teams, R), I::None, O::TeamSummaries),
    row("T2", "teams.get", Get, TEAM, Some(Viewer), (Teams, R), I::None, O::Team),
    row("T3", "teams.rename", Put, "/teams/{teamId}/name", Some(Owner), (Teams, W), I::Name, O::Renamed),
    row("T4", "members.list", Get, "/teams/{teamId}/members", Some(Viewer), (Teams, R), I::None, O::Members),
    row("T5", "members.updateRole", Put, "/teams/{teamId}/members/{userId}/role", Some(Owner), (Teams, W), I::Role, O::Flag("updated")),
    row("T6", "members.remove", Delete, "/teams/{teamId}/members/{userId}", Some(Owner), (Teams, D), I::None, O::Flag("removed")),
    row("T7", "invites.list", Get, "/teams/{teamId}/invites", Some(Owner), (Teams, R), I::None, O::Invites),
    with(row("T8", "invites.create", Post, "/teams/{teamId}/members/invite", Some(Owner), (Teams, W), I::Invite, O::Flag("invited")),
        Bucket::Invite, OnlyIfRefused, TimeoutClass::Standard),
    row("N1", "connections.list", Get, "/teams/{teamId}/connections", Some(Viewer), (Connections, R), I::None, O::Connections),
    row("N2", "connections.get", Get, "/teams/{teamId}/connections/{connectionId}", Some(Viewer), (Connections, R), I::None, O::Connection),
    row("N3", "connections.accounts", Get, "/teams/{teamId}/connections/{connectionId}/accounts", Some(Viewer), (Connections, R), I::None, O::Accounts),
    row("N4", "connections.delete", Delete, "/teams/{teamId}/connections/{connectionId}", Some(Editor), (Connections, D), I::None, O::Flag("deleted")),
    row("C1", "clients.list", Get, "/teams/{teamId}/clients", Some(Viewer), (Clients, R), I::None, O::Clients),
    row("C2", "clients.get", Get, "/teams/{teamId}/clients/{clientId}", Some(Viewer), (Clients, R), I::None, O::Client),
    row("C3", "clients.accounts", Get, "/teams/{teamId}/clients/{clientId}/accounts", Some(Viewer), (Clients, R), I::None, O::Accounts),
    row("C4", "clients.accountsByConnector", Get, "/teams/{teamId}/clients/{clientId}/accounts/{connectorId}", Some(Viewer), (Clients, R), I::None, O::Accounts),
    row("C5", "clients.linkAccount", Post, "/teams/{teamId}/clients/{clientId}/accounts/{connectorId}/{accountId}", Some(Editor), (Clients, W), I::None, O::Flag("added")),
    row("C6", "clients.unlinkAccount", Delete, "/teams/{teamId}/clients/{clientId}/accounts/{connectorId}/{accountId}", Some(Editor), (Clients, D), I::None, O::Flag("deleted")),
    row("K1", "connectors.list", Get, "/teams/{teamId}/connectors", Some(Viewer), (Connectors, R), I::None, O::Connectors),
    row("K2", "connectors.allAccounts", Get, "/teams/{teamId}/connectors/accounts", Some(Viewer), (Connectors, R), I::StatusFilter, O::Accounts),
    row("K3", "connectors.accounts", Get, "/teams/{teamId}/connectors/{connectorId}/accounts", Some(Viewer), (Connectors, R), I::StatusFilter, O::Accounts),
    row("K4", "connectors.fields", Get, "/teams/{teamId}/connectors/{connectorId}/fields", Some(Viewer), (Connectors, R), I::AccountIds, O::Fields),
    row("K5", "connectors.enableAccount", Post, "/teams/{teamId}/connectors/{connectorId}/accounts/{accountId}/enable", Some(Editor), (Connectors, W), I::None, O::Flag("enabled")),
    row("K6", "connectors.disableAccount", Post, "/teams/{teamId}/connectors/{connectorId}/accounts/{accountId}/disable", Some(Editor), (Connectors, W), I::None, O::Flag("disabled")),
    streamed(with(row("D1", "data.runQuery", Post, "/teams/{teamId}/data/run-query", Some(Editor), (Data, R), I::Query, O::Rows),
        Bucket::RunQuery, SlowRead, TimeoutClass::Long), "queryRows"),
    row("P1", "platform.plans", Get, "/tmr/plans", None, (Platform, R), I::None, O::Plans),
];
