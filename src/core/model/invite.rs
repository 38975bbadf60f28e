//! Invite: a pending invitation to a team (§6.4).

use serde::{Deserialize, Serialize};

/// A pending invite. Its id is a number, not a UUID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invite {
    pub id: u64,
    pub email: String,
    pub role: String,
    pub status: String,
    pub created_at: String,
}
