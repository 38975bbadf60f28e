//! Invite: a pending invitation to a team (§6.4).

use crate::core::shape::{Shape, STR, U64};
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

/// [`Invite`] as a [`Shape`].
pub const INVITE: Shape = Shape::Object(&[("id", U64), ("email", STR), ("role", STR), ("status", STR), ("createdAt", STR)]);
