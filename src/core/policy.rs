//! Roles, scopes and team rules: one policy, used by the SDK's helpers and by the mock server.

use super::error::{Error, Result};
use super::validate::quote;
use serde::Serialize;

/// Team roles, least privileged first, so `Ord` is "at least as privileged as".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Editor,
    Owner,
}

impl Role {
    /// Every role, least privileged first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Owner];

    /// The role as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Owner => "owner",
        }
    }

    /// Parse a role, naming `param` in the error.
    pub fn parse(param: &str, value: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == value)
            .ok_or_else(|| Error::invalid(format!("{param} must be one of \"viewer\", \"editor\", \"owner\"; got {}", quote(value))))
    }

    /// Whether this role meets a minimum.
    pub fn satisfies(self, required: Role) -> bool {
        self >= required
    }
}

impl std::str::FromStr for Role {
    type Err = Error;

    /// `"viewer"`, `"editor"` or `"owner"`, as the API spells them (and `Member::role` holds).
    fn from_str(s: &str) -> Result<Role> {
        Role::parse("role", s)
    }
}

/// Resources named in API-key scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Account,
    Teams,
    Connections,
    Connectors,
    Clients,
    Data,
    Platform,
}

/// Actions named in API-key scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
    Delete,
}

/// A scope an endpoint needs, e.g. `clients:delete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub resource: Resource,
    pub action: Action,
}

const RESOURCES: [Resource; 7] = [
    Resource::Account,
    Resource::Teams,
    Resource::Connections,
    Resource::Connectors,
    Resource::Clients,
    Resource::Data,
    Resource::Platform,
];

impl Resource {
    fn as_str(self) -> &'static str {
        match self {
            Resource::Account => "account",
            Resource::Teams => "teams",
            Resource::Connections => "connections",
            Resource::Connectors => "connectors",
            Resource::Clients => "clients",
            Resource::Data => "data",
            Resource::Platform => "platform",
        }
    }
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Write => "write",
            Action::Delete => "delete",
        }
    }
}

impl Scope {
    /// `resource:action`.
    pub fn to_string_form(self) -> String {
        format!("{}:{}", self.resource.as_str(), self.action.as_str())
    }

    /// Parse a concrete scope such as `clients:read` (no wildcards).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming `param`.
    pub fn parse(param: &str, value: &str) -> Result<Scope> {
        let parsed = value.split_once(':').and_then(|(r, a)| {
            let resource = RESOURCES.iter().copied().find(|x| x.as_str() == r)?;
            let action = [Action::Read, Action::Write, Action::Delete].into_iter().find(|x| x.as_str() == a)?;
            Some(Scope { resource, action })
        });
        parsed.ok_or_else(|| {
            Error::invalid(format!("{param} must be a scope \"<resource>:<action>\" such as \"clients:read\"; got {}", quote(value)))
        })
    }

    /// Whether one granted pattern (`clients:read`, `clients:*`, `*:read`, `*:*`) covers this scope.
    pub fn granted_by(self, pattern: &str) -> bool {
        let Some((res, act)) = pattern.split_once(':') else { return false };
        (res == "*" || res == self.resource.as_str()) && (act == "*" || act == self.action.as_str())
    }
}

/// Whether a key's scopes allow `scope`. `None` is an unrestricted key, which has every scope.
pub fn scope_allows(granted: Option<&[String]>, scope: Scope) -> bool {
    granted.is_none_or(|g| g.iter().any(|p| scope.granted_by(p)))
}

/// Check a scope pattern's form, so a typo is an error rather than a silent "denied".
pub fn validate_scope_pattern(param: &str, pattern: &str) -> Result<()> {
    let ok = pattern.split_once(':').is_some_and(|(r, a)| {
        let res_ok = r == "*" || RESOURCES.iter().any(|x| x.as_str() == r);
        let act_ok = a == "*" || [Action::Read, Action::Write, Action::Delete].iter().any(|x| x.as_str() == a);
        res_ok && act_ok
    });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{param} must hold scopes of the form \"<resource>:<action>\" (wildcards \"*\" allowed); got {}",
            quote(pattern)
        )))
    }
}

/// A member as far as the last-owner rule needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRole {
    pub id: String,
    pub role: Role,
}

/// Whether changing `user_id` to `new_role` (`None` = removing them) would leave the team with no
/// owner: the API refuses that with 400 (CONTRACT.md T5, T6).
pub fn would_leave_no_owner(members: &[MemberRole], user_id: &str, new_role: Option<Role>) -> bool {
    let target_is_owner = members.iter().any(|m| m.id == user_id && m.role == Role::Owner);
    if !target_is_owner || new_role == Some(Role::Owner) {
        return false;
    }
    let other_owners = members.iter().filter(|m| m.role == Role::Owner && m.id != user_id).count();
    other_owners == 0
}
