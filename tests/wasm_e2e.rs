//! The SDK over real HTTP against tmr-mock, in Node and in headless Chromium (cross-origin, so
//! CORS is exercised): the exported `TmrClient` on the global fetch (a gloo-net `Request`), or on
//! a caller's fetch of either form, `(url, init)` or `(input, init) => fetch(new Request(…))`.
//! Built with `TMR_MOCK_URL` and `TMR_TOKEN_*` from scripts/with-mock.sh; each test resets the
//! mock first, and the suite is run with one test thread.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{obj, sleep, within, Client};

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const URL: Option<&str> = option_env!("TMR_MOCK_URL");

fn token(persona: &str) -> &'static str {
    match persona {
        "owner" => option_env!("TMR_TOKEN_OWNER"),
        "editor" => option_env!("TMR_TOKEN_EDITOR"),
        "viewer" => option_env!("TMR_TOKEN_VIEWER"),
        "outsider" => option_env!("TMR_TOKEN_OUTSIDER"),
        "readonly" => option_env!("TMR_TOKEN_READONLY"),
        "cancelled" => option_env!("TMR_TOKEN_CANCELLED"),
        _ => None,
    }
    .unwrap_or("tmrc_live_unknown")
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn s(v: &JsValue, k: &str) -> String {
    get(v, k).as_string().unwrap_or_default()
}

/// A caller's fetch of the `(url, init)` form that adds the fault header to `init.headers`.
const URL_INIT_FETCH: &str = "return (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-mock-fault': fault } })";

/// A caller's fetch written for Requests: it makes one from `(input, init)`, adds the fault header
/// to it (if any), and gives it to the global fetch.
const REQUEST_FETCH: &str = "return (input, init) => {
  const r = new Request(input, init);
  if (fault) r.headers.set('x-mock-fault', fault);
  return fetch(r);
}";

fn client(persona: &str, fault: Option<&str>) -> Client {
    client_with(persona, fault.map(|f| (URL_INIT_FETCH, f)), true)
}

fn request_client(persona: &str, fault: Option<&str>) -> Client {
    client_with(persona, Some((REQUEST_FETCH, fault.unwrap_or(""))), true)
}

/// A client of `persona`; with `fetch = (make, fault)`, its fetch is `make(fault)`; `paced: false`
/// turns the client's pacing off (a 429 drawn by an earlier test then makes no call wait).
fn client_with(persona: &str, fetch: Option<(&str, &str)>, paced: bool) -> Client {
    let o = Object::new();
    Reflect::set(&o, &"apiKey".into(), &token(persona).into()).unwrap();
    Reflect::set(&o, &"baseUrl".into(), &URL.unwrap_or("http://127.0.0.1:9").into()).unwrap();
    Reflect::set(&o, &"maxRetries".into(), &0.into()).unwrap();
    if !paced {
        Reflect::set(&o, &"rateLimit".into(), &JsValue::FALSE).unwrap();
    }
    if let Some((make, fault)) = fetch {
        let make = Function::new_with_args("fault", make);
        Reflect::set(&o, &"fetch".into(), &make.call1(&JsValue::NULL, &fault.into()).unwrap()).unwrap();
    }
    Client::new(o.into()).unwrap_or_else(|e| panic!("{:?}", e))
}

async fn call(c: &Client, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    c.call(name, args, JsValue::UNDEFINED).await
}

async fn ok(c: &Client, name: &str, args: &[JsValue]) -> JsValue {
    call(c, name, args).await.unwrap_or_else(|e| panic!("{name}: {}", s(&e, "message")))
}

async fn refused(c: &Client, name: &str, args: &[JsValue], code: &str, status: u16, message: &str) {
    let e = call(c, name, args).await.expect_err(name);
    assert_eq!(s(&e, "code"), code, "{name}: {}", s(&e, "message"));
    assert_eq!(get(&e, "status").as_f64(), Some(f64::from(status)), "{name}");
    assert!(s(&e, "message").starts_with(message), "{name}: {}", s(&e, "message"));
}

async fn reset() {
    let url = format!("{}/__mock/reset", URL.expect("built through scripts/with-mock.sh"));
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &"POST".into()).unwrap();
    let fetch: Function = get(&js_sys::global(), "fetch").unchecked_into();
    let res = JsFuture::from(js_sys::Promise::from(fetch.call2(&JsValue::NULL, &url.into(), &init).unwrap())).await.unwrap();
    assert_eq!(get(&res, "status").as_f64(), Some(200.0));
}

async fn team_id(name: &str) -> String {
    let teams = Array::from(&ok(&client("owner", None), "teams.list", &[]).await);
    teams.iter().find(|t| s(t, "name") == name).map(|t| s(&t, "id")).expect(name)
}

const DENIED: &str = "You do not have permission to perform this action";

#[wasm_bindgen_test]
async fn reads_as_allowed_personas_and_refusals_for_others() {
    reset().await;
    let acme = team_id("Acme Marketing").await;
    let (owner, viewer) = (client("owner", None), client("viewer", None));
    assert_eq!(s(&ok(&owner, "users.me", &[]).await, "email"), "ada@acme.example");
    assert_eq!(s(&ok(&viewer, "teams.get", &[acme.clone().into()]).await, "name"), "Acme Marketing");
    assert_eq!(Array::from(&ok(&viewer, "members.list", &[acme.clone().into()]).await).length(), 4);
    assert_eq!(Array::from(&ok(&viewer, "clients.list", &[acme.clone().into()]).await).length(), 3);
    assert_eq!(Array::from(&ok(&viewer, "platform.plans", &[]).await).length(), 4);
    refused(&client("outsider", None), "teams.get", &[acme.clone().into()], "FORBIDDEN", 403, DENIED).await;
    refused(&client("nobody", None), "users.me", &[], "UNAUTHORIZED", 401, "Authentication required").await;
    refused(&viewer, "invites.list", &[acme.clone().into()], "FORBIDDEN", 403, DENIED).await;
    refused(
        &client("readonly", None),
        "teams.rename",
        &[acme.clone().into(), "x".into()],
        "INSUFFICIENT_PERMISSIONS",
        403,
        "This API key is missing the `teams:write` permission",
    )
    .await;
    refused(&owner, "clients.get", &[acme.clone().into(), acme.into()], "NOT_FOUND", 404, "Client not found").await;
}

#[wasm_bindgen_test]
async fn writes_change_state_and_rules_refuse() {
    reset().await;
    let acme = team_id("Acme Marketing").await;
    let owner = client("owner", None);
    let invite = Object::new();
    Reflect::set(&invite, &"email".into(), &"wasm@example.com".into()).unwrap();
    assert_eq!(get(&ok(&owner, "invites.create", &[acme.clone().into(), invite.clone().into()]).await, "invited"), JsValue::TRUE);
    let invites = Array::from(&ok(&owner, "invites.list", &[acme.clone().into()]).await);
    assert_eq!(s(&invites.get(0), "email"), "wasm@example.com");
    refused(&owner, "invites.create", &[acme.clone().into(), invite.into()], "CONFLICT", 409, "Invite already pending for this email")
        .await;
    let members = Array::from(&ok(&owner, "members.list", &[acme.clone().into()]).await);
    let ada = s(&members.get(0), "id");
    refused(
        &owner,
        "members.updateRole",
        &[acme.clone().into(), ada.into(), "viewer".into()],
        "BAD_REQUEST",
        400,
        "Cannot demote the last owner.",
    )
    .await;
    let globex = team_id("Globex (cancelled)").await;
    refused(
        &client("cancelled", None),
        "teams.rename",
        &[globex.into(), "x".into()],
        "PAYMENT_REQUIRED",
        402,
        "Your team's plan has been cancelled",
    )
    .await;
    assert_eq!(s(&ok(&owner, "teams.rename", &[acme.clone().into(), "Acme via wasm".into()]).await, "name"), "Acme via wasm");
    assert_eq!(s(&ok(&client("viewer", None), "teams.get", &[acme.into()]).await, "name"), "Acme via wasm");
}

#[wasm_bindgen_test]
async fn faults_from_the_control_surface() {
    reset().await;
    refused(&client("owner", Some("status=500")), "teams.list", &[], "INTERNAL_SERVER_ERROR", 500, "").await;
    let e = call(&client("owner", Some("malformed")), "teams.list", &[]).await.unwrap_err();
    assert_eq!(s(&e, "code"), "INVALID_RESPONSE");
    let e = call(&client("owner", Some("truncate")), "teams.list", &[]).await.unwrap_err();
    assert_eq!(s(&e, "code"), "INVALID_RESPONSE");
    let e = call(&client("owner", Some("drop")), "teams.list", &[]).await.unwrap_err();
    assert_eq!(s(&e, "code"), "NETWORK_ERROR");
    let e = call(&client("owner", Some("status=429; retry-after=3")), "teams.list", &[]).await.unwrap_err();
    assert_eq!((s(&e, "code"), get(&e, "retryAfterMs").as_f64()), ("TOO_MANY_REQUESTS".to_owned(), Some(3000.0)));
}

#[wasm_bindgen_test]
async fn a_burst_past_the_bucket_gets_429() {
    reset().await;
    // Pacing off, to see the server's own 429s.
    let o = Object::new();
    Reflect::set(&o, &"apiKey".into(), &token("viewer").into()).unwrap();
    Reflect::set(&o, &"baseUrl".into(), &URL.unwrap_or("http://127.0.0.1:9").into()).unwrap();
    Reflect::set(&o, &"maxRetries".into(), &0.into()).unwrap();
    Reflect::set(&o, &"rateLimit".into(), &JsValue::FALSE).unwrap();
    let unpaced = Client::new(o.into()).unwrap();
    // JsFuture::from attaches handlers at once, so no rejection is ever unhandled.
    let pending: Vec<JsFuture> = (0..125)
        .map(|_| {
            // Its own signal keeps each call on its own request (identical GETs are otherwise shared).
            let opts = Object::new();
            Reflect::set(&opts, &"signal".into(), &web_sys::AbortController::new().unwrap().signal()).unwrap();
            JsFuture::from(unpaced.start("users.me", &[], opts.into()))
        })
        .collect();
    let mut refused = 0;
    for p in pending {
        if let Err(e) = p.await {
            assert_eq!(s(&e, "code"), "TOO_MANY_REQUESTS");
            refused += 1;
        }
    }
    assert_eq!(refused, 5);
}

#[wasm_bindgen_test]
async fn a_fetch_written_for_requests_reads_writes_and_sees_faults() {
    reset().await;
    let acme = team_id("Acme Marketing").await;
    let owner = request_client("owner", None);
    assert_eq!(s(&ok(&owner, "users.me", &[]).await, "email"), "ada@acme.example");
    assert_eq!(s(&ok(&owner, "teams.rename", &[acme.clone().into(), "Acme via Request".into()]).await, "name"), "Acme via Request");
    assert_eq!(s(&ok(&client("viewer", None), "teams.get", &[acme.clone().into()]).await, "name"), "Acme via Request");
    refused(&request_client("viewer", None), "invites.list", &[acme.into()], "FORBIDDEN", 403, DENIED).await;
    refused(&request_client("owner", Some("status=500")), "teams.list", &[], "INTERNAL_SERVER_ERROR", 500, "").await;
    let e = call(&request_client("owner", Some("drop")), "teams.list", &[]).await.unwrap_err();
    assert_eq!(s(&e, "code"), "NETWORK_ERROR");
}

#[wasm_bindgen_test]
async fn a_string_abort_reason_and_the_deadline_end_a_slow_answer() {
    reset().await;
    // Unpaced: the request is on the wire when the abort comes (not waiting for a pacing slot).
    for make in [URL_INIT_FETCH, REQUEST_FETCH] {
        let slow = client_with("owner", Some((make, "latency=3000")), false);
        let ctrl = web_sys::AbortController::new().unwrap();
        let pending = slow.start("users.me", &[], obj(&[("signal", ctrl.signal().into())]));
        sleep(50).await;
        ctrl.abort_with_reason(&"why".into());
        let e = within(2000, "abort", pending).await.unwrap_err();
        assert_eq!(s(&e, "code"), "ABORTED", "{}", s(&e, "message"));
        assert!(e.is_instance_of::<js_sys::Error>());
        let e = within(2000, "deadline", slow.start("users.me", &[], obj(&[("timeoutMs", 100.into())]))).await.unwrap_err();
        assert_eq!(s(&e, "code"), "TIMEOUT", "{}", s(&e, "message"));
    }
}
