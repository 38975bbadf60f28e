//! The mock's state: users, tokens, teams and everything in them. Serde types, so a world can be
//! loaded from a JSON fixtures file (`--fixtures`) as well as built in (`builtin.rs`).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use tmr_client::core::model::{Client, Connection, Invite, Plan, ScheduleUsage, TeamPlan, User};
use tmr_client::core::policy::Role;

/// Everything the mock knows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct World {
    pub users: Vec<User>,
    pub tokens: Vec<Token>,
    pub teams: Vec<TeamState>,
    pub plans: Vec<Plan>,
    /// Known connector id → display name; other ids are 400 `Invalid connector ID`.
    pub connectors: IndexMap<String, String>,
    pub next_invite_id: u64,
}

/// An API key: whose it is and what it may do (`None` = unrestricted).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub token: String,
    pub user_id: String,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// A label printed at start-up (owner, editor, …).
    #[serde(default)]
    pub persona: Option<String>,
}

/// A team and everything it holds. Usage is computed from this on each read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamState {
    pub id: String,
    pub name: Option<String>,
    pub created_at: String,
    pub updated_at: Option<String>,
    pub plan: Option<TeamPlan>,
    pub schedules: ScheduleUsage,
    pub members: Vec<MemberState>,
    pub invites: Vec<Invite>,
    pub clients: Vec<ClientState>,
    pub connections: Vec<ConnectionState>,
    /// Accounts the team has enabled.
    pub enabled: Vec<Link>,
}

/// Membership of a user in a team.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberState {
    pub user_id: String,
    pub role: Role,
    pub joined_at: String,
}

/// A client and the accounts linked to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientState {
    pub client: Client,
    pub links: Vec<Link>,
}

/// A connection and the provider accounts it reaches.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConnectionState {
    pub connection: Connection,
    pub accounts: Vec<AccountState>,
}

/// A provider account under a connection (its status comes from the team's `enabled` list).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountState {
    pub id: String,
    pub name: String,
    pub display_id: String,
    pub description: Option<String>,
    pub accessible: bool,
}

/// `(connectorId, accountId)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub connector_id: String,
    pub account_id: String,
}

impl World {
    pub fn token(&self, token: &str) -> Option<&Token> {
        self.tokens.iter().find(|t| t.token == token)
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.id == id)
    }

    pub fn team_index(&self, id: &str) -> Option<usize> {
        self.teams.iter().position(|t| t.id.eq_ignore_ascii_case(id))
    }
}

impl TeamState {
    pub fn role_of(&self, user_id: &str) -> Option<Role> {
        self.members.iter().find(|m| m.user_id == user_id).map(|m| m.role)
    }

    pub fn is_enabled(&self, connector_id: &str, account_id: &str) -> bool {
        self.enabled.iter().any(|l| l.connector_id == connector_id && l.account_id == account_id)
    }

    /// Every account of the team's connections for one connector, with its connection's id.
    pub fn accounts_of(&self, connector_id: &str) -> Vec<&AccountState> {
        let mut out: Vec<&AccountState> = Vec::new();
        for c in self.connections.iter().filter(|c| c.connection.connector_id.as_deref() == Some(connector_id)) {
            for a in &c.accounts {
                if !out.iter().any(|x| x.id == a.id) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// Connector ids in use, in first-seen order.
    pub fn connector_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for c in &self.connections {
            if let Some(id) = &c.connection.connector_id {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    pub fn plan_cancelled(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| p.status == "cancelled")
    }
}
