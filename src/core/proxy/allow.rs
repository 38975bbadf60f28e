//! The proxy's allow list: endpoint names of the table, or `group.*`. Nothing is allowed unless
//! listed.

use crate::core::endpoint::{Endpoint, InputKind, ENDPOINTS};
use crate::core::error::{Error, Result};
use crate::core::validate::quote;

/// Which endpoints of [`ENDPOINTS`] the proxy forwards (by index in the table).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    allowed: [bool; ENDPOINTS.len()],
}

impl AllowList {
    /// Parse the `allow` option; entry `i` is named `allow[i]` in errors.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a name the table lacks, a group with no endpoint, or an endpoint the
    /// proxy cannot forward (an avatar upload: its multipart body is not checked here).
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<AllowList> {
        let mut list = AllowList::default();
        for (i, entry) in entries.iter().enumerate() {
            let entry = entry.as_ref();
            let param = format!("allow[{i}]");
            if let Some(group) = entry.strip_suffix(".*") {
                let mut any = false;
                for (slot, e) in list.allowed.iter_mut().zip(&ENDPOINTS) {
                    if e.group_and_method().0 == group {
                        any = true;
                        *slot |= proxyable(e);
                    }
                }
                if !any {
                    return Err(Error::invalid(format!(
                        "{param} names no group of endpoints; got {} (groups: {})",
                        quote(entry),
                        groups()
                    )));
                }
                continue;
            }
            let index = ENDPOINTS.iter().position(|e| e.name == entry).ok_or_else(|| {
                Error::invalid(format!(
                    "{param} must be an endpoint name \"group.method\" (such as \"members.list\") or \"group.*\"; got {}",
                    quote(entry)
                ))
            })?;
            if !proxyable(&ENDPOINTS[index]) {
                return Err(Error::invalid(format!(
                    "{param}: {} cannot go through the proxy (its multipart body is not checked)",
                    quote(entry)
                )));
            }
            list.allowed[index] = true;
        }
        Ok(list)
    }

    pub fn allows(&self, endpoint: &Endpoint) -> bool {
        ENDPOINTS.iter().position(|e| std::ptr::eq(e, endpoint)).is_some_and(|i| self.allowed[i])
    }

    /// The names allowed, in the table's order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        ENDPOINTS.iter().zip(self.allowed).filter(|(_, a)| *a).map(|(e, _)| e.name)
    }
}

fn proxyable(e: &Endpoint) -> bool {
    e.input != InputKind::Avatar
}

fn groups() -> String {
    let mut names: Vec<&str> = ENDPOINTS.iter().map(|e| e.group_and_method().0).collect();
    names.dedup();
    names.join(", ")
}
