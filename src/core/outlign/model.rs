//! Outlign's objects (CONTRACT.md §8.2, §8.4, §8.1): serde types for the Rust API and the mock,
//! each beside its `Shape`, which the SDK checks answers against. Field names are the API's
//! own snake_case; both stored versions of the client object are accepted (A: `company_id`;
//! B: `company {id, title}` in lists, neither in single answers); unknown fields are kept.

use crate::core::shape::{Shape, STR, U64};
use serde::{Deserialize, Serialize};

/// Fields this SDK does not know yet, kept in the API's order.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A client: an organisation or person projects are made for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlignClientRecord {
    pub id: u64,
    pub title: String,
    /// Version A of the object: the owning company's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<u64>,
    /// Version B, in list answers: the owning company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<CompanyRef>,
    /// ISO 8601, with or without microseconds (`2023-01-01T12:00:00Z`, `…00.000000Z`).
    pub created_at: String,
    pub updated_at: String,
    /// Fields this SDK does not know yet, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl OutlignClientRecord {
    /// The owning company's id, whichever version of the object carried it.
    pub fn owner_company_id(&self) -> Option<u64> {
        self.company_id.or(self.company.as_ref().map(|c| c.id))
    }
}

/// The `company` reference inside a version-B client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyRef {
    pub id: u64,
    pub title: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A company the token's user can access.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlignCompany {
    pub id: u64,
    pub title: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /oauth/token`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlignToken {
    pub access_token: String,
    /// Present when the server issues one (the authorisation-code grant does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// `"Bearer"`.
    pub token_type: String,
    /// Seconds the access token lasts (3600 documented; RFC 6749 only recommends sending it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

// Hand-written so tokens never reach a log line through `{:?}`.
impl std::fmt::Debug for OutlignToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutlignToken")
            .field("access_token", &"[redacted]")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]"))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// [`CompanyRef`] as a [`Shape`].
pub const COMPANY_REF: Shape = Shape::Object(&[("id", U64), ("title", STR)]);

/// [`OutlignClientRecord`] as a [`Shape`]: `company_id` and `company` each optional (absent stays
/// absent; `null` is tolerated, though no stored version of the page shows it).
pub const OUTLIGN_CLIENT: Shape = Shape::Object(&[
    ("id", U64),
    ("title", STR),
    ("company_id", Shape::Optional(&Shape::Nullable(&U64))),
    ("company", Shape::Optional(&Shape::Nullable(&COMPANY_REF))),
    ("created_at", STR),
    ("updated_at", STR),
]);

/// [`OutlignCompany`] as a [`Shape`].
pub const OUTLIGN_COMPANY: Shape = Shape::Object(&[("id", U64), ("title", STR), ("created_at", STR), ("updated_at", STR)]);

/// [`OutlignToken`] as a [`Shape`].
pub const OUTLIGN_TOKEN: Shape = Shape::Object(&[
    ("access_token", STR),
    ("refresh_token", Shape::Optional(&Shape::Nullable(&STR))),
    ("token_type", STR),
    ("expires_in", Shape::Optional(&Shape::Nullable(&U64))),
]);
