//! The caller's user profile and preferences (§6.1).

use crate::core::shape::{Shape, BOOL, NULL_STR, STR};
use serde::{Deserialize, Serialize};

/// The token's own user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    /// Nullability is not stated by the docs; `null` is accepted.
    pub name: Option<String>,
    pub email: String,
    pub avatar_url: Option<String>,
    pub preferences: Preferences,
    pub created_at: String,
}

/// User preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    /// `auto`, `light` or `dark`.
    pub appearance: String,
    pub notifications: Notifications,
}

/// Notification channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notifications {
    pub email: EmailNotifications,
}

/// E-mail notification switches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailNotifications {
    pub billing: bool,
    pub product_updates: bool,
    pub promotional: bool,
}

/// [`Preferences`] as a [`Shape`].
pub const PREFERENCES: Shape = Shape::Object(&[
    ("appearance", STR),
    ("notifications", Shape::Object(&[("email", Shape::Object(&[("billing", BOOL), ("productUpdates", BOOL), ("promotional", BOOL)]))])),
]);

/// [`User`] as a [`Shape`].
pub const USER: Shape = Shape::Object(&[
    ("id", STR),
    ("name", NULL_STR),
    ("email", STR),
    ("avatarUrl", NULL_STR),
    ("preferences", PREFERENCES),
    ("createdAt", STR),
]);
