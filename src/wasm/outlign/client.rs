//! [`OutlignClient`]: six endpoints, typed, on the shared session and driver.

use crate::core::outlign::model::{OutlignClientRecord, OutlignCompany};
use crate::core::{Config, Endpoint, Error};
use crate::outlign_endpoint;
use crate::wasm::auth::{Auth, Refresher, Renewal};
use crate::wasm::driver::CallOptions;
use crate::wasm::session::Session;
use crate::wasm::settings::Settings;
use crate::wasm::Failure;
use js_sys::Function;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use std::future::Future;
use std::rc::Rc;

type Result<T> = std::result::Result<T, Error>;

/// Options of [`OutlignClient::new`]: the access token, then builder methods for the rest.
pub struct OutlignOptions {
    access_token: String,
    base_url: Option<String>,
    timeout_ms: Option<u64>,
    max_retries: Option<u32>,
    fetch: Option<Function>,
    on_unauthorized: Option<Rc<dyn Refresher>>,
}

impl OutlignOptions {
    pub fn new(access_token: impl Into<String>) -> OutlignOptions {
        OutlignOptions {
            access_token: access_token.into(),
            base_url: None,
            timeout_ms: None,
            max_retries: None,
            fetch: None,
            on_unauthorized: None,
        }
    }
    /// The origin, default `https://go.outlign.co` (`http://` only for loopback).
    pub fn base_url(mut self, url: impl Into<String>) -> OutlignOptions {
        self.base_url = Some(url.into());
        self
    }
    /// Deadline of each call over all its attempts (default 60 s).
    pub fn timeout_ms(mut self, ms: u64) -> OutlignOptions {
        self.timeout_ms = Some(ms);
        self
    }
    /// Retries after a failure where repeating is safe (default 2, at most 10).
    pub fn max_retries(mut self, n: u32) -> OutlignOptions {
        self.max_retries = Some(n);
        self
    }
    /// A JS function with the global fetch's signature, called as `fetch(url, init)`.
    pub fn fetch(mut self, fetch: Function) -> OutlignOptions {
        self.fetch = Some(fetch);
        self
    }
    /// Called once after a 401 for a fresh access token (concurrent 401s share one call); the
    /// refused request is then sent once more with it.
    pub fn on_unauthorized<F, Fut>(mut self, refresh: F) -> OutlignOptions
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<String>> + 'static,
    {
        self.on_unauthorized = Some(Rc::new(FnRefresher(refresh)));
        self
    }

    fn into_settings(self) -> Result<Settings> {
        let timeout = self.timeout_ms.map(|t| t as f64);
        let config = Config::outlign(&self.access_token, self.base_url.as_deref(), timeout, self.max_retries.map(f64::from))?;
        Ok(api_settings(config, self.fetch, self.on_unauthorized))
    }
}

/// The settings of an Outlign API client: no pacing (no limits are documented), no cache, and
/// the config's token held where a refresh or `set_access_token` can replace it.
pub(crate) fn api_settings(config: Config, fetch: Option<Function>, refresher: Option<Rc<dyn Refresher>>) -> Settings {
    let auth = Auth::new(config.api_key().to_owned(), refresher);
    Settings { auth: Some(auth), ..token_free_settings(config, fetch) }
}

/// The settings of a session for Outlign's OAuth endpoints, which take no bearer token.
pub(crate) fn token_free_settings(config: Config, fetch: Option<Function>) -> Settings {
    Settings {
        config,
        pacing: None,
        max_retry_delay_ms: crate::core::retry::MAX_RETRY_AFTER_MS,
        cache: None,
        fetch,
        observer: None,
        auth: None,
    }
}

struct FnRefresher<F>(F);

impl<F, Fut> Refresher for FnRefresher<F>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<String>> + 'static,
{
    fn refresh(&self) -> Renewal {
        let fut = (self.0)();
        Box::pin(async move { fut.await.map_err(Failure::from) })
    }
}

/// A client of the Outlign Clients API. Cheap to clone (clones share the token).
#[derive(Clone)]
pub struct OutlignClient {
    session: Rc<Session>,
}

impl std::fmt::Debug for OutlignClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutlignClient").field("base_url", &self.base_url()).finish_non_exhaustive()
    }
}

impl OutlignClient {
    /// A client; no I/O.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option.
    pub fn new(options: OutlignOptions) -> Result<OutlignClient> {
        Ok(OutlignClient { session: Rc::new(Session::new(options.into_settings()?)) })
    }

    /// The origin in use (never the token).
    pub fn base_url(&self) -> &str {
        self.session.settings.config.base_url()
    }

    /// Send `token` from now on (after refreshing it yourself).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` when it cannot be a bearer token.
    pub fn set_access_token(&self, token: impl Into<String>) -> Result<()> {
        match &self.session.settings.auth {
            Some(auth) => auth.set("accessToken", token.into()),
            None => Err(Error::Internal { message: "an Outlign client without a token".into() }),
        }
    }

    /// The same groups with per-call options (an `AbortSignal`, a timeout, a retry budget).
    pub fn with(&self, options: CallOptions) -> OutlignCalls<'_> {
        OutlignCalls { session: &self.session, options }
    }

    pub fn clients(&self) -> OutlignClients<'_> {
        OutlignClients(self.with(CallOptions::default()))
    }

    pub fn companies(&self) -> OutlignCompanies<'_> {
        OutlignCompanies(self.with(CallOptions::default()))
    }
}

/// The groups of an Outlign client, with the options their calls use.
#[derive(Clone)]
pub struct OutlignCalls<'a> {
    session: &'a Session,
    options: CallOptions,
}

impl<'a> OutlignCalls<'a> {
    pub fn clients(&self) -> OutlignClients<'a> {
        OutlignClients(self.clone())
    }

    pub fn companies(&self) -> OutlignCompanies<'a> {
        OutlignCompanies(self.clone())
    }

    async fn run<T: DeserializeOwned>(&self, endpoint: &'static Endpoint, args: &[Value]) -> Result<T> {
        let answer = self.session.call(endpoint, args, None, self.options.clone()).await.map_err(|f| f.error)?;
        serde_json::from_str(answer.data_text()).map_err(|e| Error::InvalidResponse { status: answer.status, message: e.to_string() })
    }
}

/// `GET /api/v1/clients` filters; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientQuery {
    pub company_id: Option<u64>,
    /// Part of a title, matched without regard to case.
    pub title: Option<String>,
    /// 1–1000.
    pub per_page: Option<u32>,
}

/// What `PUT /api/v1/clients/{id}` changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientUpdate {
    pub title: Option<String>,
}

/// `outlign.clients()`: each method takes the group by value, so its future borrows only the client.
#[derive(Clone)]
pub struct OutlignClients<'a>(OutlignCalls<'a>);

/// `outlign.companies()`.
#[derive(Clone)]
pub struct OutlignCompanies<'a>(OutlignCalls<'a>);

impl OutlignClients<'_> {
    /// Clients across the token's companies.
    pub async fn list(self, query: &ClientQuery) -> Result<Vec<OutlignClientRecord>> {
        let mut q = Map::new();
        if let Some(id) = query.company_id {
            q.insert("companyId".into(), id.into());
        }
        if let Some(title) = &query.title {
            q.insert("title".into(), title.clone().into());
        }
        if let Some(n) = query.per_page {
            q.insert("perPage".into(), n.into());
        }
        self.0.run(outlign_endpoint!("outlign.clients.list"), &[Value::Object(q)]).await
    }
    pub async fn get(self, id: u64) -> Result<OutlignClientRecord> {
        self.0.run(outlign_endpoint!("outlign.clients.get"), &[id.into()]).await
    }
    /// Create a client in `company_id` (see [`OutlignCompanies::list`]).
    pub async fn create(self, title: &str, company_id: u64) -> Result<OutlignClientRecord> {
        self.0.run(outlign_endpoint!("outlign.clients.create"), &[json!({ "title": title, "companyId": company_id })]).await
    }
    pub async fn update(self, id: u64, update: &ClientUpdate) -> Result<OutlignClientRecord> {
        let input = update.title.as_ref().map_or_else(|| json!({}), |t| json!({ "title": t }));
        self.0.run(outlign_endpoint!("outlign.clients.update"), &[id.into(), input]).await
    }
    /// Delete a client for good (its projects may be affected).
    pub async fn delete(self, id: u64) -> Result<()> {
        let endpoint = outlign_endpoint!("outlign.clients.delete");
        self.0.session.call(endpoint, &[id.into()], None, self.0.options.clone()).await.map(drop).map_err(|f| f.error)
    }
}

impl OutlignCompanies<'_> {
    /// The companies the token's user can access.
    pub async fn list(self) -> Result<Vec<OutlignCompany>> {
        self.0.run(outlign_endpoint!("outlign.companies.list"), &[]).await
    }
}
