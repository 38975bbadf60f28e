//! Response models, one file per resource (CONTRACT.md §6). Shared by the SDK's decoder and the
//! mock server. Every object keeps unknown fields in `extra`, so nothing the API adds is dropped;
//! documented-nullable fields are `Option`, so a missing one becomes `null`.

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
