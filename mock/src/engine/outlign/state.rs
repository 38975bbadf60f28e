//! Outlign's state: users, companies, clients, the OAuth app and every credential issued so far.
//! Companies and clients are the core's serde types, so the mock stores what the SDK decodes.

use tmr_client::core::outlign::model::{OutlignClientRecord, OutlignCompany};

/// A person who signs in; their companies decide what they see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub login: &'static str,
    pub name: &'static str,
}

/// A company and the ids of its members.
#[derive(Debug, Clone)]
pub struct Company {
    pub company: OutlignCompany,
    pub members: Vec<u64>,
}

/// When a bearer token stops working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    Never,
    /// A persona whose token is already past its end (the SDK's 401-then-refresh path).
    Always,
    /// Engine time in ms from which the token is refused.
    At(u64),
}

/// A bearer token for `/api/v1/*`.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub token: String,
    pub user_id: u64,
    pub expiry: Expiry,
    /// Set on the built-in tokens, which `/__mock/personas/outlign` lists.
    pub persona: Option<&'static str>,
}

/// A refresh token. An issued one is spent by its use; a persona's stays valid (tests refresh
/// repeatedly with it).
#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub token: String,
    pub user_id: u64,
    pub persona: Option<&'static str>,
}

/// An authorisation code.
#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub user_id: u64,
    /// The redirect URI it was issued for; `None`: any loopback URL (the built-in code).
    pub redirect_uri: Option<String>,
    pub reusable: bool,
}

/// The one registered OAuth app.
#[derive(Debug, Clone)]
pub struct App {
    pub client_id: &'static str,
    pub client_secret: &'static str,
}

/// Everything the Outlign side of the mock knows.
#[derive(Debug, Clone)]
pub struct State {
    pub users: Vec<User>,
    pub companies: Vec<Company>,
    /// Kept in version A's form (`company_id` set) with microsecond timestamps; answers are
    /// rendered from these in the version the mock is set to.
    pub clients: Vec<OutlignClientRecord>,
    pub tokens: Vec<AccessToken>,
    pub refresh_tokens: Vec<RefreshToken>,
    pub codes: Vec<Code>,
    pub app: App,
    pub next_client_id: u64,
    /// Number inside the next issued token or code, so each is distinct and readable.
    pub next_serial: u64,
}

impl State {
    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The user a bearer token stands for at `now_ms`, if it is known and not expired.
    pub fn bearer(&self, token: &str, now_ms: u64) -> Option<&User> {
        let t = self.tokens.iter().find(|t| t.token == token)?;
        let live = match t.expiry {
            Expiry::Never => true,
            Expiry::Always => false,
            Expiry::At(end) => now_ms < end,
        };
        live.then(|| self.user(t.user_id)).flatten()
    }

    pub fn company(&self, id: u64) -> Option<&Company> {
        self.companies.iter().find(|c| c.company.id == id)
    }

    pub fn is_member(&self, user: u64, company: u64) -> bool {
        self.company(company).is_some_and(|c| c.members.contains(&user))
    }

    /// The user's companies, ordered by id.
    pub fn companies_of(&self, user: u64) -> Vec<&Company> {
        let mut out: Vec<&Company> = self.companies.iter().filter(|c| c.members.contains(&user)).collect();
        out.sort_by_key(|c| c.company.id);
        out
    }

    /// The clients in the user's companies, ordered by id.
    pub fn clients_of(&self, user: u64) -> Vec<&OutlignClientRecord> {
        let mut out: Vec<&OutlignClientRecord> =
            self.clients.iter().filter(|c| c.company_id.is_some_and(|co| self.is_member(user, co))).collect();
        out.sort_by_key(|c| c.id);
        out
    }

    /// Where a client the user may see sits in `clients` (an unknown id and someone else's
    /// client look the same, so ids cannot be probed).
    pub fn client_index(&self, user: u64, id: u64) -> Option<usize> {
        self.clients.iter().position(|c| c.id == id && c.company_id.is_some_and(|co| self.is_member(user, co)))
    }

    /// The next serial for an issued credential.
    pub fn serial(&mut self) -> u64 {
        self.next_serial += 1;
        self.next_serial
    }
}
