//! The Rust API (`tmr_client::TmrClient`, for Rust wasm apps) end to end in a JS engine with a
//! stubbed fetch: typed models back, arguments checked before any request, API errors as
//! `tmr_client::Error`, per-call options (`with(CallOptions { signal, timeout_ms, .. })`), the
//! global fetch when no `fetch` is given, and the observer.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{get, within};

use js_sys::{Array, Function};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use tmr_client::core::model::{Member, Renamed, Team, TeamSummary, User};
use tmr_client::core::policy::Role;
use tmr_client::{CallOptions, Error, ErrorCode, Observer, Options, RateLimit, TmrClient};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;
use wasm_bindgen_test::wasm_bindgen_test;

const TEAM: &str = "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
const USER: &str = "0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f";
const BASE: &str = "http://127.0.0.1:4010";
const FIXTURES: &str = include_str!("fixtures/responses.json");

fn fixture(name: &str) -> Value {
    let all: Value = serde_json::from_str(FIXTURES).unwrap();
    all[name].clone()
}

/// `async (url, init) => { body }`, recording `[url, init]`; `n` counts the calls and `answer(data,
/// status)` makes an enveloped Response.
fn stub(body: &str) -> (Function, Array) {
    let calls = Array::new();
    let make = Function::new_with_args(
        "calls",
        &format!(
            "let n = 0;
             const answer = (data, status = 200) => new Response(JSON.stringify({{success: true, data}}), {{status}});
             return async (url, init) => {{ calls.push([url, init]); n++; {body} }};"
        ),
    );
    (make.call1(&JsValue::NULL, &calls).unwrap().unchecked_into(), calls)
}

/// A stub answering each path (after the base URL) with the data of `routes`.
fn routes(routes: &[(&str, Value)]) -> (Function, Array) {
    let table: serde_json::Map<String, Value> = routes.iter().map(|(path, data)| ((*path).to_owned(), data.clone())).collect();
    let table = serde_json::to_string(&Value::Object(table)).unwrap();
    stub(&format!(
        "const table = {table}; const path = url.slice({});
         if (path in table) return answer(table[path]);
         return new Response('{{\"success\":false,\"error\":{{\"code\":\"NOT_FOUND\",\"message\":\"no route \"}}}}', {{status: 404}});",
        BASE.len()
    ))
}

fn client(fetch: &Function) -> TmrClient {
    TmrClient::new(
        Options::new("tmrc_live_rust")
            .base_url(BASE)
            .fetch(fetch.clone())
            .max_retries(0)
            .rate_limit(RateLimit::Off)
            .dangerously_allow_browser(true),
    )
    .unwrap()
}

/// Run `fut` to its end, failing the test if that takes more than `ms`.
async fn bounded<T: 'static>(ms: u32, what: &str, fut: impl Future<Output = T> + 'static) -> T {
    let slot = Rc::new(RefCell::new(None));
    let filled = slot.clone();
    let promise = future_to_promise(async move {
        *filled.borrow_mut() = Some(fut.await);
        Ok(JsValue::UNDEFINED)
    });
    within(ms, what, promise).await.unwrap();
    let out = slot.borrow_mut().take();
    out.unwrap()
}

fn init_of(calls: &Array, i: u32) -> (String, JsValue) {
    let call = Array::from(&calls.get(i));
    (call.get(0).as_string().unwrap(), call.get(1))
}

#[wasm_bindgen_test]
async fn typed_models_come_back() {
    let (f, calls) = routes(&[
        ("/teams", fixture("teams.list")),
        (&format!("/teams/{TEAM}"), fixture("teams.get")),
        (&format!("/teams/{TEAM}/members"), fixture("members.list")),
        ("/users/me", fixture("users.me")),
    ]);
    let tmr = client(&f);
    assert_eq!(tmr.base_url(), BASE);
    let teams: Vec<TeamSummary> = tmr.teams().list().await.unwrap();
    assert_eq!(teams, serde_json::from_value::<Vec<TeamSummary>>(fixture("teams.list")).unwrap());
    assert!(!teams.is_empty());
    let team: Team = tmr.teams().get(TEAM).await.unwrap();
    assert_eq!(team, serde_json::from_value::<Team>(fixture("teams.get")).unwrap());
    let members: Vec<Member> = tmr.members().list(TEAM).await.unwrap();
    assert_eq!(members, serde_json::from_value::<Vec<Member>>(fixture("members.list")).unwrap());
    let me: User = tmr.users().me().await.unwrap();
    assert_eq!(me.email, "ada@example.com");
    assert_eq!(calls.length(), 4);
    let (url, init) = init_of(&calls, 1);
    assert_eq!(url, format!("{BASE}/teams/{TEAM}"));
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("GET"));
    assert_eq!(get(&get(&init, "headers"), "Authorization").as_string().as_deref(), Some("Bearer tmrc_live_rust"));
    assert!(get(&init, "signal").is_instance_of::<web_sys::AbortSignal>());
}

#[wasm_bindgen_test]
async fn writes_send_their_typed_arguments() {
    let (f, calls) = stub(
        r#"if (url.endsWith("/role")) return answer({updated: true});
           if (url.endsWith("/name")) return answer({name: JSON.parse(new TextDecoder().decode(init.body)).name});
           return answer({invited: true});"#,
    );
    let tmr = client(&f);
    let ack = tmr.members().update_role(TEAM, USER, Role::Editor).await.unwrap();
    assert_eq!(ack.get("updated"), Some(&Value::Bool(true)));
    let renamed: Renamed = tmr.teams().rename(TEAM, "Acme from Rust").await.unwrap();
    assert_eq!(renamed.name, "Acme from Rust");
    tmr.invites().create(TEAM, "new@example.com", Some(Role::Viewer)).await.unwrap();
    let body = |i: u32| {
        let bytes: js_sys::Uint8Array = get(&init_of(&calls, i).1, "body").unchecked_into();
        serde_json::from_slice::<Value>(&bytes.to_vec()).unwrap()
    };
    let (url, init) = init_of(&calls, 0);
    assert_eq!(url, format!("{BASE}/teams/{TEAM}/members/{USER}/role"));
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("PUT"));
    assert_eq!(get(&get(&init, "headers"), "Content-Type").as_string().as_deref(), Some("application/json"));
    assert_eq!(body(0), json!({ "role": "editor" }));
    assert_eq!(body(1), json!({ "name": "Acme from Rust" }));
    assert_eq!(body(2), json!({ "email": "new@example.com", "role": "viewer" }));
}

#[wasm_bindgen_test]
async fn bad_arguments_are_invalid_argument_before_any_request() {
    let (f, calls) = stub("return answer([]);");
    let tmr = client(&f);
    let invalid = |e: Error, needle: &str| {
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{e}");
        assert!(matches!(&e, Error::InvalidArgument { message } if message.contains(needle)), "{e}");
        assert_eq!(e.status(), None);
    };
    invalid(tmr.teams().get("abc").await.unwrap_err(), "teamId");
    invalid(tmr.members().update_role(TEAM, "not-a-uuid", Role::Owner).await.unwrap_err(), "userId");
    invalid(tmr.connections().get(TEAM, "").await.unwrap_err(), "connectionId");
    invalid(tmr.data().run_query(TEAM, &json!("not a query")).await.unwrap_err(), "");
    assert_eq!(calls.length(), 0, "nothing was sent");
    for (options, needle) in [
        (Options::new(""), "apiKey is required"),
        (Options::new("tmrc live"), "visible ASCII"),
        (Options::new("k").base_url("http://example.com"), "https://"),
        (Options::new("k").max_retries(11), "maxRetries"),
    ] {
        invalid(TmrClient::new(options).unwrap_err(), needle);
    }
}

#[wasm_bindgen_test]
async fn api_errors_map_to_their_code_status_and_message() {
    let (f, _) = stub(
        r#"const [code, status, message] = url.endsWith("/members")
             ? ["INSUFFICIENT_PERMISSIONS", 403, "This API key is missing the `teams:read` permission"]
             : url.endsWith("/teams") ? ["SOMETHING_NEW", 418, "A code this SDK does not know"]
             : ["NOT_FOUND", 404, "Team not found"];
           return new Response(JSON.stringify({success: false, error: {code, message}}), {status, headers: {"retry-after": "3"}});"#,
    );
    let tmr = client(&f);
    let e = tmr.teams().get(TEAM).await.unwrap_err();
    assert_eq!((e.code(), e.status(), e.to_string()), (ErrorCode::NotFound, Some(404), "Team not found".to_owned()));
    assert!(matches!(&e, Error::Api { api_code, .. } if api_code == "NOT_FOUND"), "{e:?}");
    let e = tmr.members().list(TEAM).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InsufficientPermissions);
    assert_eq!(e.to_string(), "This API key is missing the `teams:read` permission");
    let e = tmr.teams().list().await.unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::UnknownApiError, Some(418)));
    assert!(
        matches!(&e, Error::Api { api_code, message, .. } if api_code == "SOMETHING_NEW" && message == "A code this SDK does not know")
    );
}

/// A fetch that never answers but honours its signal, like the real one.
const HANGS: &str = r#"return new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));"#;

#[wasm_bindgen_test]
async fn with_call_options_aborts_and_times_out() {
    let (f, calls) = stub(HANGS);
    let tmr = client(&f);
    // Already aborted: nothing is sent.
    let ctrl = web_sys::AbortController::new().unwrap();
    ctrl.abort();
    let e = tmr.with(CallOptions { signal: Some(ctrl.signal()), ..CallOptions::default() }).teams().list().await.unwrap_err();
    assert_eq!(e, Error::Aborted);
    assert_eq!(calls.length(), 0);
    // Aborted in flight, with a string reason.
    let ctrl = web_sys::AbortController::new().unwrap();
    let later = Function::new_with_args("c", "setTimeout(() => c.abort('why'), 10)");
    later.call1(&JsValue::NULL, &ctrl).unwrap();
    let opts = CallOptions { signal: Some(ctrl.signal()), ..CallOptions::default() };
    let t = tmr.clone();
    let e = bounded(5000, "abort", async move { t.with(opts).members().list(TEAM).await }).await.unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Aborted, None));
    assert_eq!(calls.length(), 1);
    // The per-call deadline.
    let t = tmr.clone();
    let opts = CallOptions { timeout_ms: Some(20), ..CallOptions::default() };
    let e = bounded(5000, "timeout", async move { t.with(opts).teams().get(TEAM).await }).await.unwrap_err();
    assert_eq!(e, Error::Timeout { timeout_ms: 20 });
}

#[wasm_bindgen_test]
async fn a_fetch_with_no_response_or_no_error_is_a_network_error() {
    for body in [
        "return 'not a Response';",
        "return null;",
        "throw 'boom';",
        "throw undefined;",
        "return new Response(new ReadableStream({ pull(c) { c.error('boom'); } }));",
    ] {
        let (f, _) = stub(body);
        let t = client(&f);
        let e = bounded(5000, body, async move { t.teams().list().await }).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::NetworkError, "{body}: {e}");
    }
}

#[wasm_bindgen_test]
async fn without_a_fetch_option_the_global_fetch_gets_a_request() {
    let calls = Array::new();
    let install = Function::new_with_args(
        "calls, data",
        "const original = globalThis.fetch;
         globalThis.fetch = async (input, init) => {
           globalThis.fetch = original;
           calls.push(input, init, input.headers.get('authorization'));
           return new Response(JSON.stringify({success: true, data}));
         };
         return () => { globalThis.fetch = original; };",
    );
    let data = js_sys::JSON::parse(&fixture("teams.list").to_string()).unwrap();
    let restore: Function = install.call2(&JsValue::NULL, &calls, &data).unwrap().unchecked_into();
    let tmr =
        TmrClient::new(Options::new("tmrc_live_rust").max_retries(0).rate_limit(RateLimit::Off).dangerously_allow_browser(true)).unwrap();
    let t = tmr.clone();
    let teams = bounded(5000, "global", async move { t.teams().list().await }).await;
    restore.call0(&JsValue::NULL).unwrap();
    assert_eq!(teams.unwrap(), serde_json::from_value::<Vec<TeamSummary>>(fixture("teams.list")).unwrap());
    assert!(calls.get(0).is_instance_of::<web_sys::Request>());
    assert_eq!(get(&calls.get(0), "url").as_string().as_deref(), Some("https://api.twominutereports.com/v1/teams"));
    assert!(calls.get(1).is_undefined());
    assert_eq!(calls.get(2).as_string().as_deref(), Some("Bearer tmrc_live_rust"));
}

#[derive(Default)]
struct Recorder(RefCell<Vec<String>>);

impl Observer for Recorder {
    fn request(&self, endpoint: &tmr_client::core::Endpoint, _url: &str, attempt: u32) {
        self.0.borrow_mut().push(format!("request {} {attempt}", endpoint.name));
    }
    fn response(&self, _endpoint: &tmr_client::core::Endpoint, status: Option<u16>, _ms: f64, attempt: u32) {
        self.0.borrow_mut().push(format!("response {status:?} {attempt}"));
    }
    fn retry(&self, _endpoint: &tmr_client::core::Endpoint, attempt: u32, _delay_ms: u64, error: &Error) {
        self.0.borrow_mut().push(format!("retry {attempt} {}", error.code()));
    }
}

#[wasm_bindgen_test]
async fn the_observer_sees_attempts_and_retries() {
    let (f, calls) = stub(
        r#"if (n === 1) return new Response('{"success":false,"error":{"code":"INTERNAL_SERVER_ERROR","message":"x"}}', {status: 500});
           return answer([]);"#,
    );
    let seen = Rc::new(Recorder::default());
    let options = Options::new("tmrc_live_rust")
        .base_url(BASE)
        .fetch(f)
        .rate_limit(RateLimit::Off)
        .max_retry_delay_ms(1)
        .dangerously_allow_browser(true);
    let tmr = TmrClient::new(options.observer(seen.clone())).unwrap();
    assert!(tmr.teams().list().await.unwrap().is_empty());
    assert_eq!(calls.length(), 2);
    assert_eq!(
        *seen.0.borrow(),
        ["request teams.list 1", "response Some(500) 1", "retry 1 INTERNAL_SERVER_ERROR", "request teams.list 2", "response Some(200) 2"]
    );
}

#[wasm_bindgen_test]
async fn a_dropped_leading_read_releases_the_identical_reads_waiting_on_it() {
    let (f, calls) = stub(HANGS);
    let tmr = client(&f);
    // The first call leads the shared read; poll it once, so its request is in flight.
    let mut leader = Box::pin(tmr.teams().list());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    assert!(leader.as_mut().poll(&mut cx).is_pending());
    let waiter = tmr.clone();
    let waiting = future_to_promise(async move {
        let outcome = waiter.teams().list().await;
        Ok(JsValue::from_str(outcome.err().map_or("resolved", |e| e.code().as_str())))
    });
    sleep_ms(20).await;
    drop(leader);
    let code = within(2000, "the waiter", waiting).await.unwrap();
    assert_eq!(code.as_string().as_deref(), Some("ABORTED"));
    // The dropped request was aborted too, and the next read runs afresh.
    let (ok, _) = routes(&[("/teams", fixture("teams.list"))]);
    let fresh = client(&ok);
    assert!(bounded(2000, "fresh", async move { fresh.teams().list().await }).await.is_ok());
    assert_eq!(calls.length(), 1, "the waiter did not send a request of its own");
}

async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
        set_timeout.call2(&JsValue::NULL, &resolve, &ms.into()).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}
