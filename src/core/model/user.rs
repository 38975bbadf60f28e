//! The caller's user profile and preferences (§6.1).

use super::Extra;
use serde::{Deserialize, Serialize};

/// The token's own user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    /// Nullability is not stated by the docs; `null` is accepted.
    #[serde(default = "super::absent")]
    pub name: Option<String>,
    pub email: String,
    #[serde(default = "super::absent")]
    pub avatar_url: Option<String>,
    pub preferences: Preferences,
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// User preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    /// `auto`, `light` or `dark`.
    pub appearance: String,
    pub notifications: Notifications,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Notification channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notifications {
    pub email: EmailNotifications,
    #[serde(flatten)]
    pub extra: Extra,
}

/// E-mail notification switches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailNotifications {
    pub billing: bool,
    pub product_updates: bool,
    pub promotional: bool,
    #[serde(flatten)]
    pub extra: Extra,
}
