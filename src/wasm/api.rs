//! One method per endpoint of the table (names checked against it when the crate builds), each
//! returning the endpoint's model. Arguments are checked by the core before anything is sent.

use super::client::{Clients, Connections, Connectors, Data, Invites, Members, Platform, Teams, Users};
use crate::core::model::{
    Account, Client, Connection, Connector, Fields, Invite, Member, Plan, Preferences, Renamed, Row, Team, TeamSummary, User,
};
use crate::core::policy::Role;
use crate::core::Error;
use crate::endpoint;
use crate::wasm::RowStream;
use serde_json::{json, Map, Value};

/// A write's acknowledgement, e.g. `{ "deleted": true }`.
pub type Ack = Map<String, Value>;

type Result<T> = std::result::Result<T, Error>;

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

impl Users<'_> {
    pub async fn me(self) -> Result<User> {
        self.0.run(endpoint!("users.me"), &[], None).await
    }
    pub async fn update_name(self, name: &str) -> Result<User> {
        self.0.run(endpoint!("users.updateName"), &[s(name)], None).await
    }
    /// Upload an image (≤ 5 MB); `content_type` defaults to what the bytes say.
    pub async fn upload_avatar(self, image: &[u8], content_type: Option<&str>) -> Result<User> {
        let options = content_type.map_or(Value::Null, |t| json!({ "contentType": t }));
        self.0.run(endpoint!("users.uploadAvatar"), &[options], Some(image)).await
    }
    pub async fn delete_avatar(self) -> Result<User> {
        self.0.run(endpoint!("users.deleteAvatar"), &[], None).await
    }
    pub async fn preferences(self) -> Result<Preferences> {
        self.0.run(endpoint!("users.preferences"), &[], None).await
    }
    /// A partial update, e.g. `json!({ "timezone": "Europe/Paris" })`.
    pub async fn update_preferences(self, patch: &Value) -> Result<Preferences> {
        self.0.run(endpoint!("users.updatePreferences"), std::slice::from_ref(patch), None).await
    }
}

impl Teams<'_> {
    pub async fn list(self) -> Result<Vec<TeamSummary>> {
        self.0.run(endpoint!("teams.list"), &[], None).await
    }
    pub async fn get(self, team_id: &str) -> Result<Team> {
        self.0.run(endpoint!("teams.get"), &[s(team_id)], None).await
    }
    pub async fn rename(self, team_id: &str, name: &str) -> Result<Renamed> {
        self.0.run(endpoint!("teams.rename"), &[s(team_id), s(name)], None).await
    }
}

impl Members<'_> {
    pub async fn list(self, team_id: &str) -> Result<Vec<Member>> {
        self.0.run(endpoint!("members.list"), &[s(team_id)], None).await
    }
    pub async fn update_role(self, team_id: &str, user_id: &str, role: Role) -> Result<Ack> {
        self.0.run(endpoint!("members.updateRole"), &[s(team_id), s(user_id), s(role.as_str())], None).await
    }
    pub async fn remove(self, team_id: &str, user_id: &str) -> Result<Ack> {
        self.0.run(endpoint!("members.remove"), &[s(team_id), s(user_id)], None).await
    }
}

impl Invites<'_> {
    pub async fn list(self, team_id: &str) -> Result<Vec<Invite>> {
        self.0.run(endpoint!("invites.list"), &[s(team_id)], None).await
    }
    /// Invite `email` (role `viewer` unless given). Never repeated once sent: a lost answer is
    /// `AMBIGUOUS_WRITE`.
    pub async fn create(self, team_id: &str, email: &str, role: Option<Role>) -> Result<Ack> {
        let mut input = json!({ "email": email });
        if let Some(role) = role {
            input["role"] = s(role.as_str());
        }
        self.0.run(endpoint!("invites.create"), &[s(team_id), input], None).await
    }
}

impl Connections<'_> {
    pub async fn list(self, team_id: &str) -> Result<Vec<Connection>> {
        self.0.run(endpoint!("connections.list"), &[s(team_id)], None).await
    }
    pub async fn get(self, team_id: &str, connection_id: &str) -> Result<Connection> {
        self.0.run(endpoint!("connections.get"), &[s(team_id), s(connection_id)], None).await
    }
    pub async fn accounts(self, team_id: &str, connection_id: &str) -> Result<Vec<Account>> {
        self.0.run(endpoint!("connections.accounts"), &[s(team_id), s(connection_id)], None).await
    }
    pub async fn delete(self, team_id: &str, connection_id: &str) -> Result<Ack> {
        self.0.run(endpoint!("connections.delete"), &[s(team_id), s(connection_id)], None).await
    }
}

impl Clients<'_> {
    pub async fn list(self, team_id: &str) -> Result<Vec<Client>> {
        self.0.run(endpoint!("clients.list"), &[s(team_id)], None).await
    }
    pub async fn get(self, team_id: &str, client_id: &str) -> Result<Client> {
        self.0.run(endpoint!("clients.get"), &[s(team_id), s(client_id)], None).await
    }
    pub async fn accounts(self, team_id: &str, client_id: &str) -> Result<Vec<Account>> {
        self.0.run(endpoint!("clients.accounts"), &[s(team_id), s(client_id)], None).await
    }
    pub async fn accounts_by_connector(self, team_id: &str, client_id: &str, connector_id: &str) -> Result<Vec<Account>> {
        self.0.run(endpoint!("clients.accountsByConnector"), &[s(team_id), s(client_id), s(connector_id)], None).await
    }
    pub async fn link_account(self, team_id: &str, client_id: &str, connector_id: &str, account_id: &str) -> Result<Ack> {
        let args = [s(team_id), s(client_id), s(connector_id), s(account_id)];
        self.0.run(endpoint!("clients.linkAccount"), &args, None).await
    }
    pub async fn unlink_account(self, team_id: &str, client_id: &str, connector_id: &str, account_id: &str) -> Result<Ack> {
        let args = [s(team_id), s(client_id), s(connector_id), s(account_id)];
        self.0.run(endpoint!("clients.unlinkAccount"), &args, None).await
    }
}

/// `{ status }` for the account lists: `"enabled"`, `"disabled"` or `"all"` (`None`: the API's default).
fn status(filter: Option<&str>) -> Value {
    filter.map_or(Value::Null, |f| json!({ "status": f }))
}

impl Connectors<'_> {
    pub async fn list(self, team_id: &str) -> Result<Vec<Connector>> {
        self.0.run(endpoint!("connectors.list"), &[s(team_id)], None).await
    }
    pub async fn all_accounts(self, team_id: &str, status_filter: Option<&str>) -> Result<Vec<Account>> {
        self.0.run(endpoint!("connectors.allAccounts"), &[s(team_id), status(status_filter)], None).await
    }
    pub async fn accounts(self, team_id: &str, connector_id: &str, status_filter: Option<&str>) -> Result<Vec<Account>> {
        self.0.run(endpoint!("connectors.accounts"), &[s(team_id), s(connector_id), status(status_filter)], None).await
    }
    /// Fields of a connector; `account_ids` in the `<connectorId>_<accountId>` form.
    pub async fn fields(self, team_id: &str, connector_id: &str, account_ids: &[&str]) -> Result<Fields> {
        let input = if account_ids.is_empty() { Value::Null } else { json!({ "accountIds": account_ids }) };
        self.0.run(endpoint!("connectors.fields"), &[s(team_id), s(connector_id), input], None).await
    }
    pub async fn enable_account(self, team_id: &str, connector_id: &str, account_id: &str) -> Result<Ack> {
        self.0.run(endpoint!("connectors.enableAccount"), &[s(team_id), s(connector_id), s(account_id)], None).await
    }
    pub async fn disable_account(self, team_id: &str, connector_id: &str, account_id: &str) -> Result<Ack> {
        self.0.run(endpoint!("connectors.disableAccount"), &[s(team_id), s(connector_id), s(account_id)], None).await
    }
}

impl Data<'_> {
    /// Run a query (`accounts`, `metrics`, `dimensions`, `dateRange`, … as the API documents).
    pub async fn run_query(self, team_id: &str, query: &Value) -> Result<Vec<Row>> {
        self.0.run(endpoint!("data.runQuery"), &[s(team_id), query.clone()], None).await
    }
    /// The same query's rows in batches of `batch_size` (1 to 100,000) as the answer arrives:
    /// memory holds one batch, whatever the answer's size. Arguments are checked before anything
    /// is sent (a refusal is the stream's only item); the request is sent at the first poll.
    /// Dropping the stream early cancels the rest of the answer.
    pub fn query_rows(self, team_id: &str, query: &Value, batch_size: usize) -> RowStream {
        RowStream::new(self.0.batches(endpoint!("data.runQuery"), &[s(team_id), query.clone()], batch_size))
    }
}

impl Platform<'_> {
    pub async fn plans(self) -> Result<Vec<Plan>> {
        self.0.run(endpoint!("platform.plans"), &[], None).await
    }
}
