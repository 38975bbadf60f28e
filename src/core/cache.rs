//! The opt-in read cache (`cache: { ttlMs }`): successful GET answers by URL for a time, dropped
//! by the writes that change them. Pure: time is injected and entries hold normalised JSON text
//! (each hit is parsed afresh, so callers never share mutable objects).

use super::endpoint::{Endpoint, Method};
use super::validate::encode_segment;
use std::collections::HashMap;

/// What each write makes stale: path templates (a trailing `*` means "and everything below").
/// Filled with the write's own path parameters; a test checks every write has a row.
pub const INVALIDATES: &[(&str, &[&str])] = &[
    ("users.updateName", &["/users/me*"]),
    ("users.uploadAvatar", &["/users/me*"]),
    ("users.deleteAvatar", &["/users/me*"]),
    ("users.updatePreferences", &["/users/me*"]),
    ("teams.rename", &["/teams", "/teams/{teamId}"]),
    ("members.updateRole", &["/teams/{teamId}", "/teams/{teamId}/members"]),
    ("members.remove", &["/teams/{teamId}", "/teams/{teamId}/members", "/teams", "/teams/{teamId}/invites"]),
    ("invites.create", &["/teams/{teamId}", "/teams/{teamId}/invites"]),
    ("connections.delete", &["/teams/{teamId}*"]),
    ("clients.linkAccount", &["/teams/{teamId}/clients/{clientId}/accounts*"]),
    ("clients.unlinkAccount", &["/teams/{teamId}/clients/{clientId}/accounts*"]),
    (
        "connectors.enableAccount",
        &["/teams/{teamId}", "/teams/{teamId}/connectors*", "/teams/{teamId}/connections*", "/teams/{teamId}/clients*"],
    ),
    (
        "connectors.disableAccount",
        &["/teams/{teamId}", "/teams/{teamId}/connectors*", "/teams/{teamId}/connections*", "/teams/{teamId}/clients*"],
    ),
];

/// Cached answers of one client.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    ttl_ms: u64,
    entries: HashMap<String, (String, u64)>,
}

impl Cache {
    pub fn new(ttl_ms: u64) -> Cache {
        Cache { ttl_ms, entries: HashMap::new() }
    }

    /// The cached JSON text for `url`, if still fresh.
    pub fn get(&mut self, url: &str, now_ms: u64) -> Option<String> {
        match self.entries.get(url) {
            Some((json, expires)) if *expires > now_ms => Some(json.clone()),
            Some(_) => {
                self.entries.remove(url);
                None
            }
            None => None,
        }
    }

    /// Keep a GET answer.
    pub fn put(&mut self, url: &str, json: &str, now_ms: u64) {
        // Drop expired entries now and then, so a long-lived client does not grow without bound.
        if self.entries.len() >= 1024 {
            self.entries.retain(|_, (_, expires)| *expires > now_ms);
        }
        self.entries.insert(url.to_owned(), (json.to_owned(), now_ms + self.ttl_ms));
    }

    /// After a successful `write` with these path parameters, drop what it made stale.
    pub fn invalidate(&mut self, base_url: &str, write: &Endpoint, params: &[&str]) {
        if write.method == Method::Get {
            return;
        }
        let stale = stale_patterns(base_url, write, params);
        self.entries.retain(|url, _| {
            let path = url.split('?').next().unwrap_or(url);
            !stale.iter().any(|(p, prefix)| if *prefix { path.starts_with(p.as_str()) } else { path == p })
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The invalidation patterns of `write`, filled in: `(url, is_prefix)`.
pub fn stale_patterns(base_url: &str, write: &Endpoint, params: &[&str]) -> Vec<(String, bool)> {
    let names: Vec<&str> = write.path_params().collect();
    let templates = INVALIDATES.iter().find(|(n, _)| *n == write.name).map_or(&[][..], |(_, t)| *t);
    templates
        .iter()
        .map(|t| {
            let (t, prefix) = t.strip_suffix('*').map_or((*t, false), |t| (t, true));
            let mut url = base_url.to_owned();
            url.push_str(t);
            for (name, value) in names.iter().zip(params) {
                url = url.replace(&format!("{{{name}}}"), &encode_segment(value));
            }
            (url, prefix)
        })
        .collect()
}
