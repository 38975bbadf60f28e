//! Response models, one file per resource (CONTRACT.md §6). Shared by the SDK's decoder (which
//! checks answers against them) and the mock server (which keeps its state in them). Unknown
//! fields are skipped here and reach callers untouched, because callers get the API's own text;
//! documented-nullable fields are `Option`, and a missing one is filled with `null`.

mod account;
mod ack;
mod client;
mod connection;
mod connector;
mod invite;
mod member;
mod plan;
mod team;
mod user;

pub use account::Account;
pub use ack::Renamed;
pub use client::Client;
pub use connection::Connection;
pub use connector::{Connector, Field, FieldGroup, Fields};
pub use invite::Invite;
pub use member::Member;
pub use plan::{Plan, PlanLimits, Price};
pub use team::{Destinations, Limit, PlanLimitsOfTeam, ScheduleLimit, ScheduleUsage, Team, TeamPlan, TeamSummary, Usage, UsageCount};
pub use user::{EmailNotifications, Notifications, Preferences, User};

thread_local! {
    static ABSENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Default of every nullable field: `None`, noting that a field was missing, so the decoder
/// knows the API's text needs normalising (`null` filled in) before it reaches the caller.
pub fn absent<T>() -> Option<T> {
    ABSENT.with(|a| a.set(true));
    None
}

/// Run `f` and say whether it met a missing nullable field.
pub fn noting_absent<R>(f: impl FnOnce() -> R) -> (R, bool) {
    ABSENT.with(|a| a.set(false));
    let r = f();
    (r, ABSENT.with(std::cell::Cell::get))
}

/// Fields the SDK does not know yet, kept in the API's order.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// One run-query row: field id → value (CONTRACT.md §5.4; WORKING-RULES.md).
pub type Row = serde_json::Map<String, serde_json::Value>;

/// A JSON object checked for shape only: read without building anything, so validating 100,000
/// rows allocates nothing (the JS engine builds the caller's objects from the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnyObject;

impl<'de> serde::Deserialize<'de> for AnyObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = AnyObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<AnyObject, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(AnyObject)
            }
        }
        d.deserialize_map(Visit)
    }
}

impl serde::Serialize for AnyObject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}
