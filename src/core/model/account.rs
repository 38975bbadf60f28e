//! Account: one shape across connection, connector and client-linked accounts (§6.7).

use serde::{Deserialize, Serialize};

/// A provider account under a connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Provider's id, unprefixed; the path `accountId` for link/enable.
    pub id: String,
    pub name: String,
    pub display_id: String,
    #[serde(default = "super::absent")]
    pub description: Option<String>,
    pub accessible: bool,
    /// `enabled` or `disabled`.
    pub status: String,
    pub connector_id: String,
}
