//! Response models, one file per resource (CONTRACT.md §6): each serde type beside its
//! [`Shape`](crate::core::shape::Shape), the same model as data. The SDK checks answers against
//! the shapes (small code, one pass); the mock keeps its state in the serde types; native tests
//! (`typed_check`) prove the two agree. Unknown fields reach callers untouched, because callers
//! get the API's own text; documented-nullable fields are `Option`, a missing one becomes `null`.

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

pub use account::{Account, ACCOUNT};
pub use ack::{Renamed, RENAMED};
pub use client::{Client, CLIENT};
pub use connection::{Connection, CONNECTION};
pub use connector::{Connector, Field, FieldGroup, Fields, CONNECTOR, FIELD, FIELDS, FIELD_GROUP};
pub use invite::{Invite, INVITE};
pub use member::{Member, MEMBER};
pub use plan::{Plan, PlanLimits, Price, PLAN, PLAN_LIMITS, PRICE};
pub use team::{
    Destinations, Limit, PlanLimitsOfTeam, ScheduleLimit, ScheduleUsage, Team, TeamPlan, TeamSummary, Usage, UsageCount, LIMIT, TEAM,
    TEAM_PLAN, TEAM_SUMMARY, USAGE, USAGE_COUNT,
};
pub use user::{EmailNotifications, Notifications, Preferences, User, PREFERENCES, USER};

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

/// The serde models' verdict on `data` for `kind`: the reference the shape checker is tested
/// against (native only; the `.wasm` carries no per-model deserializers).
#[cfg(not(target_arch = "wasm32"))]
pub fn typed_check(kind: crate::core::endpoint::OutputKind, data: &str) -> Result<(), String> {
    use crate::core::endpoint::OutputKind as K;
    fn de<T: serde::de::DeserializeOwned>(data: &str) -> Result<(), String> {
        serde_json::from_str::<T>(data).map(drop).map_err(|e| e.to_string())
    }
    match kind {
        K::User => de::<User>(data),
        K::Preferences => de::<Preferences>(data),
        K::TeamSummaries => de::<Vec<TeamSummary>>(data),
        K::Team => de::<Team>(data),
        K::Renamed => de::<Renamed>(data),
        K::Members => de::<Vec<Member>>(data),
        K::Invites => de::<Vec<Invite>>(data),
        K::Connections => de::<Vec<Connection>>(data),
        K::Connection => de::<Connection>(data),
        K::Accounts => de::<Vec<Account>>(data),
        K::Clients => de::<Vec<Client>>(data),
        K::Client => de::<Client>(data),
        K::Connectors => de::<Vec<Connector>>(data),
        K::Fields => de::<Fields>(data),
        K::Rows => de::<Vec<AnyObject>>(data),
        K::Plans => de::<Vec<Plan>>(data),
        K::Flag(_) => de::<Extra>(data),
        K::OutlignClients => de::<Vec<crate::core::outlign::model::OutlignClientRecord>>(data),
        K::OutlignClient => de::<crate::core::outlign::model::OutlignClientRecord>(data),
        K::OutlignCompanies => de::<Vec<crate::core::outlign::model::OutlignCompany>>(data),
        K::OutlignToken => de::<crate::core::outlign::model::OutlignToken>(data),
        K::Nothing => Ok(()),
    }
}
