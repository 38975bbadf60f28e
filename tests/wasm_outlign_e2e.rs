//! The Outlign client over real HTTP against tmr-mock, in Node and in headless Chromium
//! (cross-origin, so CORS is exercised): the Rust API (`tmr_client::outlign`) and the exported JS
//! class, every endpoint, errors with the server's messages, one refresh for concurrent 401s, and
//! the OAuth code exchange. Built with `TMR_MOCK_URL` from scripts/with-mock.sh; each test resets
//! the mock first (the suite runs with one test thread).
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{assert_tmr_error, get, obj, OutlignCaller};

use js_sys::{Array, Promise};
use std::cell::Cell;
use std::rc::Rc;
use tmr_client::outlign::{ClientQuery, ClientUpdate, OutlignClient, OutlignOAuth, OutlignOptions};
use tmr_client::{Error, ErrorCode};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::wasm_bindgen_test;

const URL: Option<&str> = option_env!("TMR_MOCK_URL");
const APP: (&str, &str) = ("outlign-demo", "outlign-demo-secret");
const REDIRECT: &str = "http://127.0.0.1:9/callback";

fn url() -> &'static str {
    URL.expect("built by scripts/with-mock.sh (TMR_MOCK_URL)")
}

async fn reset() {
    let init = obj(&[("method", "POST".into())]);
    let window = js_sys::global();
    let fetch: js_sys::Function = js_sys::Reflect::get(&window, &"fetch".into()).unwrap().into();
    let done = fetch.call2(&window, &format!("{}/__mock/reset", url()).into(), &init).unwrap();
    JsFuture::from(Promise::from(done)).await.unwrap();
}

fn rust(token: &str) -> OutlignClient {
    OutlignClient::new(OutlignOptions::new(token).base_url(url()).max_retries(0)).unwrap()
}

fn code_of(e: &Error) -> (ErrorCode, Option<u16>, String) {
    (e.code(), e.status(), e.to_string())
}

#[wasm_bindgen_test]
async fn rust_api_every_endpoint() {
    reset().await;
    let alice = rust("outlign-alice");
    let companies = alice.companies().list().await.unwrap();
    assert_eq!(companies.iter().map(|c| (c.id, c.title.as_str())).collect::<Vec<_>>(), [(456, "Acme Agency"), (457, "Northwind Studio")]);
    let all = alice.clients().list(&ClientQuery::default()).await.unwrap();
    assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), [123, 124, 125, 126]);
    assert_eq!(all[0].owner_company_id(), Some(456));
    let q = ClientQuery { company_id: Some(457), title: Some("delta".into()), per_page: Some(10) };
    assert_eq!(alice.clients().list(&q).await.unwrap().iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Delta Foods"]);
    let made = alice.clients().create("  Rust Made  ", 457).await.unwrap();
    assert_eq!((made.title.as_str(), made.company_id), ("Rust Made", Some(457)));
    let update = ClientUpdate { title: Some("Rust Renamed".into()) };
    assert_eq!(alice.clients().update(made.id, &update).await.unwrap().title, "Rust Renamed");
    assert_eq!(alice.clients().get(made.id).await.unwrap().title, "Rust Renamed");
    alice.clients().delete(made.id).await.unwrap();
    let gone = alice.clients().get(made.id).await.unwrap_err();
    assert_eq!(code_of(&gone), (ErrorCode::NotFound, Some(404), "Client not found.".to_owned()));
    let theirs = alice.clients().create("Theirs", 458).await.unwrap_err();
    assert_eq!(code_of(&theirs), (ErrorCode::ValidationError, Some(422), "The selected company id is invalid.".to_owned()));
    let expired = rust("outlign-expired").companies().list().await.unwrap_err();
    assert_eq!(code_of(&expired), (ErrorCode::Unauthorized, Some(401), "Unauthenticated.".to_owned()));
    let bad = alice.clients().list(&ClientQuery { per_page: Some(0), ..ClientQuery::default() }).await.unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidArgument);
}

#[wasm_bindgen_test]
async fn rust_api_refreshes_once_for_concurrent_401s() {
    reset().await;
    let refreshes = Rc::new(Cell::new(0));
    let counter = refreshes.clone();
    let options = OutlignOptions::new("outlign-expired").base_url(url()).on_unauthorized(move || {
        counter.set(counter.get() + 1);
        async move {
            let token = OutlignOAuth::new(APP.0, APP.1).base_url(url()).refresh("outlign-refresh-alice").await?;
            Ok(token.access_token)
        }
    });
    let client = OutlignClient::new(options).unwrap();
    let calls: Array = (0..4)
        .map(|i| {
            let c = client.clone();
            JsValue::from(future_to_promise(async move {
                let query = ClientQuery { company_id: Some(if i % 2 == 0 { 456 } else { 457 }), ..Default::default() };
                c.clients().list(&query).await.map(|l| JsValue::from(l.len() as u32)).map_err(|e| JsValue::from_str(&e.to_string()))
            }))
        })
        .collect();
    let lengths = JsFuture::from(Promise::all(&calls)).await.unwrap();
    assert_eq!(Array::from(&lengths).iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>(), [2.0, 2.0, 2.0, 2.0]);
    assert_eq!(refreshes.get(), 1, "one refresh for four 401s");
    client.companies().list().await.unwrap();
    assert_eq!(refreshes.get(), 1, "the new token is kept");
}

#[wasm_bindgen_test]
async fn rust_oauth_code_exchange_and_secret_kept_out_of_errors() {
    reset().await;
    let app = OutlignOAuth::new(APP.0, APP.1).base_url(url());
    assert_eq!(
        app.authorize_url(REDIRECT, Some("s1")).unwrap(),
        format!("{}/oauth/authorize?client_id=outlign-demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback&response_type=code&scope=outlign%3Aall&state=s1", url())
    );
    let token = app.exchange_code("outlign-code-alice", REDIRECT).await.unwrap();
    assert_eq!((token.token_type.as_str(), token.expires_in), ("Bearer", Some(3600)));
    assert_eq!(rust(&token.access_token).clients().get(124).await.unwrap().title, "Beta Industries");
    let wrong = OutlignOAuth::new(APP.0, "a-wrong-secret").base_url(url()).exchange_code("outlign-code-alice", REDIRECT).await.unwrap_err();
    assert_eq!((wrong.code(), wrong.status()), (ErrorCode::Unauthorized, Some(401)));
    assert!(!format!("{wrong} {wrong:?}").contains("a-wrong-secret"));
}

#[wasm_bindgen_test]
async fn js_class_every_endpoint_and_errors() {
    reset().await;
    let options = obj(&[("accessToken", "outlign-alice".into()), ("baseUrl", url().into()), ("maxRetries", 0.into())]);
    let alice = OutlignCaller::new(options).unwrap();
    let companies = alice.call("companies.list", &[], JsValue::UNDEFINED).await.unwrap();
    assert_eq!(Array::from(&companies).length(), 2);
    let query = obj(&[("companyId", 456.into()), ("title", "acme".into())]);
    let found = Array::from(&alice.call("clients.list", &[query], JsValue::UNDEFINED).await.unwrap());
    assert_eq!(found.length(), 1);
    assert_eq!(get(&found.get(0), "company_id").as_f64(), Some(456.0), "snake_case, as sent");
    let made =
        alice.call("clients.create", &[obj(&[("title", "From JS".into()), ("companyId", 456.into())])], JsValue::UNDEFINED).await.unwrap();
    let id = get(&made, "id");
    let renamed =
        alice.call("clients.update", &[id.clone(), obj(&[("title", "From JS, renamed".into())])], JsValue::UNDEFINED).await.unwrap();
    assert_eq!(get(&renamed, "title").as_string().as_deref(), Some("From JS, renamed"));
    assert!(alice.call("clients.delete", std::slice::from_ref(&id), JsValue::UNDEFINED).await.unwrap().is_undefined());
    let e = alice.call("clients.get", &[id], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "NOT_FOUND", Some(404.0), Some("outlign.clients.get"));
    let e = alice.call("clients.get", &["7".into()], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "INVALID_ARGUMENT", None, Some("outlign.clients.get"));
}

#[wasm_bindgen_test]
async fn js_class_refreshes_once_for_concurrent_401s() {
    reset().await;
    let refresh = js_sys::Function::new_with_args(
        "base",
        "let n = 0;
         const f = async () => {
           n += 1;
           const r = await fetch(base + '/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
             body: 'grant_type=refresh_token&client_id=outlign-demo&client_secret=outlign-demo-secret&refresh_token=outlign-refresh-alice' });
           return (await r.json()).access_token;
         };
         f.count = () => n;
         return f;",
    )
    .call1(&JsValue::NULL, &url().into())
    .unwrap();
    let options = obj(&[("accessToken", "outlign-expired".into()), ("baseUrl", url().into()), ("onUnauthorized", refresh.clone())]);
    let client = OutlignCaller::new(options).unwrap();
    let calls: Array = [("clients.list", vec![]), ("companies.list", vec![]), ("clients.get", vec![JsValue::from(125)])]
        .iter()
        .map(|(name, args)| JsValue::from(client.start(name, args, JsValue::UNDEFINED)))
        .collect();
    let answers = Array::from(&JsFuture::from(Promise::all(&calls)).await.unwrap());
    assert_eq!(get(&answers.get(2), "title").as_string().as_deref(), Some("Gamma Logistics"));
    let count: js_sys::Function = get(&refresh, "count").into();
    assert_eq!(count.call0(&JsValue::NULL).unwrap().as_f64(), Some(1.0), "one refresh for three 401s");
}

#[wasm_bindgen_test]
async fn js_oauth_helpers_authorize_exchange_refresh() {
    use tmr_client::wasm::js::oauth::{authorize_url, exchange_code, refresh_token};
    reset().await;
    let (id, secret) = (JsValue::from(APP.0), JsValue::from(APP.1));
    let url_of = authorize_url(obj(&[("clientId", id.clone()), ("redirectUri", REDIRECT.into()), ("baseUrl", url().into())])).unwrap();
    assert!(url_of.starts_with(&format!("{}/oauth/authorize?client_id=outlign-demo&", url())), "{url_of}");
    let exchange = obj(&[
        ("clientId", id.clone()),
        ("clientSecret", secret.clone()),
        ("code", "outlign-code-alice".into()),
        ("redirectUri", REDIRECT.into()),
        ("baseUrl", url().into()),
    ]);
    let token = JsFuture::from(exchange_code(exchange)).await.unwrap();
    assert_eq!(get(&token, "token_type").as_string().as_deref(), Some("Bearer"));
    let refresh =
        obj(&[("clientId", id), ("clientSecret", secret), ("refreshToken", get(&token, "refresh_token")), ("baseUrl", url().into())]);
    let fresh = JsFuture::from(refresh_token(refresh)).await.unwrap();
    let access = get(&fresh, "access_token").as_string().unwrap();
    assert_ne!(Some(access.clone()), get(&token, "access_token").as_string());
    assert_eq!(rust(&access).clients().get(126).await.unwrap().title, "Delta Foods");
    let spent = obj(&[
        ("clientId", APP.0.into()),
        ("clientSecret", "wrong-secret".into()),
        ("refreshToken", "x".into()),
        ("baseUrl", url().into()),
    ]);
    let e = JsFuture::from(refresh_token(spent)).await.unwrap_err();
    assert_tmr_error(&e, "UNAUTHORIZED", Some(401.0), Some("outlign.oauth.token"));
    assert_eq!(get(&e, "apiCode").as_string().as_deref(), Some("invalid_client"));
}
