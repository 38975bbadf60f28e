//! Outlign's endpoints, one row each (CONTRACT.md §8.3, companies and OAuth from §8.1/§8.4). The
//! rows use the same `Endpoint` as TMR's table, so the state machine, retries and the driver
//! need nothing Outlign-specific; `api: Outlign` selects this module's request and answer rules.

use crate::core::endpoint::{index_in, Api, Bucket, Endpoint, InputKind as I, Method, OutputKind as O, RetryClass, TimeoutClass};

const fn row(id: &'static str, name: &'static str, method: Method, path: &'static str, input: I, output: O) -> Endpoint {
    Endpoint {
        api: Api::Outlign,
        id,
        name,
        method,
        path,
        role: None,
        scope: None,
        // No rate limits are documented: the bucket is unused (Outlign clients do not pace).
        bucket: Bucket::Default,
        // A create is the one write that is not idempotent: `row_once` below.
        retry: RetryClass::Idempotent,
        timeout: TimeoutClass::Standard,
        input,
        output,
        streamed_as: None,
    }
}

/// A write that must not be repeated once it may have been applied: retried only on 429.
const fn row_once(e: Endpoint) -> Endpoint {
    Endpoint { retry: RetryClass::OnlyIfRefused, ..e }
}

use Method::{Delete, Get, Post, Put};

const TABLE: [Endpoint; 7] = [
    row("O1", "outlign.clients.list", Get, "/api/v1/clients", I::OutlignListQuery, O::OutlignClients),
    row("O2", "outlign.clients.get", Get, "/api/v1/clients/{id}", I::None, O::OutlignClient),
    row_once(row("O3", "outlign.clients.create", Post, "/api/v1/clients", I::OutlignCreate, O::OutlignClient)),
    row("O4", "outlign.clients.update", Put, "/api/v1/clients/{id}", I::OutlignUpdate, O::OutlignClient),
    row("O5", "outlign.clients.delete", Delete, "/api/v1/clients/{id}", I::None, O::Nothing),
    row("O6", "outlign.companies.list", Get, "/api/v1/companies", I::None, O::OutlignCompanies),
    // A code or refresh token is spent by the exchange: never sent twice.
    row_once(row("O7", "outlign.oauth.token", Post, "/oauth/token", I::TokenGrant, O::OutlignToken)),
];

/// Every Outlign endpoint, in the contract's order.
pub static OUTLIGN_ENDPOINTS: [Endpoint; 7] = TABLE;

/// The index of the Outlign endpoint named `name`, at compile time.
pub const fn outlign_index_of(name: &str) -> usize {
    index_in(&TABLE, name)
}

/// The Outlign endpoint named by a literal, resolved at compile time.
#[macro_export]
macro_rules! outlign_endpoint {
    ($name:literal) => {
        &$crate::core::outlign::endpoint::OUTLIGN_ENDPOINTS[const { $crate::core::outlign::endpoint::outlign_index_of($name) }]
    };
}
