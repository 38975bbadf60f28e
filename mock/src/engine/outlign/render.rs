//! The two stored versions of Outlign's client object (CONTRACT.md §8.2), chosen per mock:
//! A carries `company_id` everywhere and whole-second timestamps; B carries `company {id, title}`
//! in lists, neither field in single answers, and microsecond timestamps.

use super::super::time::ymd;
use super::state::Company;
use tmr_client::core::outlign::model::{CompanyRef, OutlignClientRecord, OutlignCompany};

/// Which version of the objects the mock answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObjectVersion {
    #[default]
    A,
    B,
}

impl ObjectVersion {
    /// `a` or `b`, as the CLI flag takes it.
    pub fn parse(s: &str) -> Option<ObjectVersion> {
        match s {
            "a" | "A" => Some(ObjectVersion::A),
            "b" | "B" => Some(ObjectVersion::B),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectVersion::A => "a",
            ObjectVersion::B => "b",
        }
    }
}

/// Where a client appears: lists and single answers differ in version B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    List,
    Single,
}

/// `now_ms` as stored: microseconds, the finest form either version shows.
pub fn stamp(now_ms: u64) -> String {
    let secs = now_ms / 1000;
    let rem = secs % 86_400;
    let day = i64::try_from(secs / 86_400).unwrap_or(i64::MAX);
    format!("{}T{:02}:{:02}:{:02}.{:06}Z", ymd(day), rem / 3600, rem % 3600 / 60, rem % 60, now_ms % 1000 * 1000)
}

/// A stored timestamp as `version` writes it.
pub fn timestamp(stored: &str, version: ObjectVersion) -> String {
    match (version, stored.split_once('.')) {
        (ObjectVersion::A, Some((whole_seconds, _))) => format!("{whole_seconds}Z"),
        _ => stored.to_owned(),
    }
}

/// A stored client as `version` shows it in `context`; `owner` is its company.
pub fn client(stored: &OutlignClientRecord, owner: Option<&Company>, version: ObjectVersion, context: Context) -> OutlignClientRecord {
    let (company_id, company) = match (version, context) {
        (ObjectVersion::A, _) => (stored.company_id, None),
        (ObjectVersion::B, Context::List) => {
            (None, owner.map(|c| CompanyRef { id: c.company.id, title: c.company.title.clone(), extra: Default::default() }))
        }
        (ObjectVersion::B, Context::Single) => (None, None),
    };
    OutlignClientRecord {
        id: stored.id,
        title: stored.title.clone(),
        company_id,
        company,
        created_at: timestamp(&stored.created_at, version),
        updated_at: timestamp(&stored.updated_at, version),
        extra: Default::default(),
    }
}

/// A stored company as `version` shows it (only its timestamps differ).
pub fn company(stored: &OutlignCompany, version: ObjectVersion) -> OutlignCompany {
    OutlignCompany {
        created_at: timestamp(&stored.created_at, version),
        updated_at: timestamp(&stored.updated_at, version),
        ..stored.clone()
    }
}
