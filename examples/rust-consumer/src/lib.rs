//! A tiny Rust wasm app on tmr-client's Rust API: every team of the key's user with its members.
//!
//! Rust callers use [`team_roster`]; JS callers get the same as JSON text from `roster(apiKey, baseUrl?)`.

use serde::Serialize;
use tmr_client::{Options, TmrClient};
use wasm_bindgen::prelude::*;

/// One team and who is in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamRoster {
    pub team_id: String,
    /// `None`: the team has no name.
    pub team_name: Option<String>,
    pub members: Vec<RosterEntry>,
}

/// A member of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
    /// `None`: the user has not set a name.
    pub name: Option<String>,
    pub email: String,
    /// `owner`, `editor` or `viewer`.
    pub role: String,
}

/// Every team the client's key can see, in the API's order, each with its members.
///
/// # Errors
/// The first failed call's error (`UNAUTHORIZED` for a bad key, say).
pub async fn team_roster(client: &TmrClient) -> Result<Vec<TeamRoster>, tmr_client::Error> {
    let mut roster = Vec::new();
    for team in client.teams().list().await? {
        let members = client.members().list(&team.id).await?;
        let members = members.into_iter().map(|m| RosterEntry { name: m.name, email: m.email, role: m.role }).collect();
        roster.push(TeamRoster { team_id: team.id, team_name: team.name, members });
    }
    Ok(roster)
}

/// JS: `roster(apiKey, baseUrl?) → Promise<string>`, the roster as JSON text. Rejects with an
/// `Error` whose message starts with the error code, e.g. `UNAUTHORIZED: Authentication required`.
#[wasm_bindgen]
pub async fn roster(api_key: String, base_url: Option<String>) -> Result<String, JsError> {
    let fail = |e: tmr_client::Error| JsError::new(&format!("{}: {e}", e.code()));
    let mut options = Options::new(api_key);
    if let Some(url) = base_url {
        options = options.base_url(url);
    }
    let client = TmrClient::new(options).map_err(fail)?;
    let roster = team_roster(&client).await.map_err(fail)?;
    serde_json::to_string(&roster).map_err(|e| JsError::new(&e.to_string()))
}
