//! [`OutlignOAuth`]: the authorisation-code flow for server-side Rust (the secret stays on the
//! server: never put it in a page's code).

use super::client::token_free_settings;
use crate::core::outlign::model::OutlignToken;
use crate::core::outlign::oauth::{self, Grant};
use crate::core::{Config, Error};
use crate::outlign_endpoint;
use crate::wasm::driver::CallOptions;
use crate::wasm::session::Session;
use crate::wasm::Failure;
use js_sys::Function;
use serde_json::Value;

type Result<T> = std::result::Result<T, Error>;

/// An Outlign OAuth app: its client id and secret, and where to reach the server.
#[derive(Clone)]
pub struct OutlignOAuth {
    client_id: String,
    client_secret: String,
    base_url: Option<String>,
    fetch: Option<Function>,
    options: CallOptions,
}

impl std::fmt::Debug for OutlignOAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutlignOAuth").field("client_id", &self.client_id).field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

impl OutlignOAuth {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> OutlignOAuth {
        OutlignOAuth {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            base_url: None,
            fetch: None,
            options: CallOptions::default(),
        }
    }
    /// The origin, default `https://go.outlign.co`.
    pub fn base_url(mut self, url: impl Into<String>) -> OutlignOAuth {
        self.base_url = Some(url.into());
        self
    }
    pub fn fetch(mut self, fetch: Function) -> OutlignOAuth {
        self.fetch = Some(fetch);
        self
    }
    /// A signal and timeout for the token requests.
    pub fn call_options(mut self, options: CallOptions) -> OutlignOAuth {
        self.options = options;
        self
    }

    /// Where to send the user to sign in; they come back to `redirect_uri?code=…&state=…`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for an unusable client id, redirect URI or base URL.
    pub fn authorize_url(&self, redirect_uri: &str, state: Option<&str>) -> Result<String> {
        let config = Config::outlign_without_token(self.base_url.as_deref(), None, None)?;
        let state = state.map_or(Value::Null, |s| Value::String(s.to_owned()));
        oauth::authorize_url(config.base_url(), &Value::String(self.client_id.clone()), &Value::String(redirect_uri.to_owned()), &state)
    }

    /// Exchange the `code` the redirect brought back for tokens.
    pub async fn exchange_code(&self, code: &str, redirect_uri: &str) -> Result<OutlignToken> {
        self.token(Grant::AuthorizationCode {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            code: code.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
        })
        .await
    }

    /// A fresh access token for `refresh_token`.
    pub async fn refresh(&self, refresh_token: &str) -> Result<OutlignToken> {
        self.token(Grant::RefreshToken {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            refresh_token: refresh_token.to_owned(),
        })
        .await
    }

    async fn token(&self, grant: Grant) -> Result<OutlignToken> {
        let input = grant.to_input();
        let answer =
            request_token(&input, self.base_url.as_deref(), self.fetch.clone(), self.options.clone()).await.map_err(|f| f.error)?;
        serde_json::from_str(&answer).map_err(|e| Error::InvalidResponse { status: 200, message: e.to_string() })
    }
}

/// `POST /oauth/token` for a grant (the core's input: `Grant::to_input`, or the JS helpers'
/// options): the answer's JSON text. Errors never carry the grant's credentials.
///
/// # Errors
/// `INVALID_ARGUMENT` before sending, or the token endpoint's error.
pub(crate) async fn request_token(
    grant: &Value,
    base_url: Option<&str>,
    fetch: Option<Function>,
    options: CallOptions,
) -> std::result::Result<String, Failure> {
    let config = Config::outlign_without_token(base_url, None, None)?;
    let session = Session::new(token_free_settings(config, fetch));
    match session.call(outlign_endpoint!("outlign.oauth.token"), std::slice::from_ref(grant), None, options).await {
        Ok(answer) => Ok(answer.data_text().to_owned()),
        Err(Failure { error, cause, .. }) => {
            let error = oauth::credentials(grant).iter().fold(error, |e, secret| oauth::redact(e, secret));
            Err(Failure::caused(error, cause))
        }
    }
}
