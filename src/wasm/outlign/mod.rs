//! The Rust API of the Outlign Clients API: [`OutlignClient`] (clients and companies, on the same
//! session and driver as `TmrClient`, with an OAuth token that can be refreshed after a 401) and
//! [`OutlignOAuth`] (the authorisation-code flow for server-side code).
//!
//! ```no_run
//! # async fn demo() -> Result<(), tmr_client::Error> {
//! use tmr_client::outlign::{ClientQuery, OutlignClient, OutlignOptions};
//! let outlign = OutlignClient::new(OutlignOptions::new("eyJ…").base_url("http://127.0.0.1:4010"))?;
//! let acme = outlign.clients().list(&ClientQuery { title: Some("acme".into()), ..ClientQuery::default() }).await?;
//! let created = outlign.clients().create("New Client Corp", 456).await?;
//! outlign.clients().delete(created.id).await?;
//! # Ok(()) }
//! ```

mod client;
mod oauth;

pub use crate::core::outlign::model::{CompanyRef, OutlignClientRecord, OutlignCompany, OutlignToken};
#[cfg(feature = "js")]
pub(crate) use client::api_settings;
pub use client::{ClientQuery, ClientUpdate, OutlignCalls, OutlignClient, OutlignClients, OutlignCompanies, OutlignOptions};
#[cfg(feature = "js")]
pub(crate) use oauth::request_token;
pub use oauth::OutlignOAuth;
