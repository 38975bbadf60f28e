//! `onUnauthorized` through the JS class: one refresh for concurrent 401s, the refused requests
//! sent again with the new token (a create too), a 401 after the refresh final, the callback's
//! failures, its wait bounded by the deadline and the signal, and `setAccessToken`.

use super::{assert_error, call, ctl, fake, js_fn, lines, obj, outlign, text, within, H, HB, UNAUTHENTICATED};
use crate::wasm_support::{get, message, sleep};
use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// 401 to any token but `tok_new`; to it, the client whose id ends the URL.
pub(crate) const NEW_ONLY: &str = r#"if (bearer !== "tok_new") return json({message: "Unauthenticated."}, 401);
    const id = Number(url.split("/").pop());
    return json({id, title: "C" + id, company_id: 456, created_at: "t", updated_at: "t"});"#;
/// Counts its calls in `ctl.refreshes`; `tok_new` after 30 ms.
pub(crate) const REFRESH: &str =
    r#"() => { ctl.refreshes = (ctl.refreshes || 0) + 1; return new Promise(r => setTimeout(() => r("tok_new"), 30)); }"#;

fn refreshes(ctl: &JsValue) -> f64 {
    get(ctl, "refreshes").as_f64().unwrap_or(0.0)
}

/// The line `fake` records for `GET /api/v1/clients/{id}` with `token`.
fn get_line(id: u32, token: &str) -> String {
    format!("GET http://127.0.0.1:4010/api/v1/clients/{id} {}", H.replace("tok_old", token))
}

fn client_text(id: u32) -> String {
    format!(r#"{{"id":{id},"title":"C{id}","company_id":456,"created_at":"t","updated_at":"t"}}"#)
}

#[wasm_bindgen_test]
async fn concurrent_401s_share_one_refresh_then_every_call_is_resent() {
    let ctl = ctl();
    let (f, calls) = fake(&ctl, NEW_ONLY);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, REFRESH))]);
    let all: Array = (1..=5).map(|id| JsValue::from(c.start("clients.get", &[id.into()], JsValue::UNDEFINED))).collect();
    let got = within(5000, "five calls", Promise::all(&all)).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    let got: Vec<String> = Array::from(&got).iter().map(|v| text(&v)).collect();
    assert_eq!(got, (1..=5).map(client_text).collect::<Vec<_>>());
    assert_eq!(refreshes(&ctl), 1.0, "one onUnauthorized call for five 401s");
    let mut seen = lines(&calls);
    assert_eq!(seen[..5], (1..=5).map(|id| get_line(id, "tok_old")).collect::<Vec<_>>()[..]);
    seen[5..].sort();
    assert_eq!(seen[5..], (1..=5).map(|id| get_line(id, "tok_new")).collect::<Vec<_>>()[..]);
}

#[wasm_bindgen_test]
async fn a_401_to_the_new_token_is_final() {
    let ctl = ctl();
    let (f, calls) = fake(&ctl, UNAUTHENTICATED);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, REFRESH))]);
    let e = call(&c, "clients.get", &[1.into()]).await.unwrap_err();
    assert_error(&e, "UNAUTHORIZED", Some(401.0), Some("outlign.clients.get"), "Unauthenticated.");
    assert_eq!(refreshes(&ctl), 1.0);
    assert_eq!(lines(&calls), [get_line(1, "tok_old"), get_line(1, "tok_new")]);
}

#[wasm_bindgen_test]
async fn a_failing_on_unauthorized_leaves_the_401_with_its_cause() {
    for (refresh, why, cause_is_thrown) in [
        (r#"() => { ctl.thrown = new Error("refresh token revoked"); throw ctl.thrown; }"#, "it threw: refresh token revoked", true),
        (r#"async () => { ctl.thrown = new TypeError("fetch failed"); throw ctl.thrown; }"#, "it threw: fetch failed", true),
        (r#"() => Promise.reject("no refresh token")"#, "it threw", false),
    ] {
        let ctl = ctl();
        let (f, calls) = fake(&ctl, UNAUTHENTICATED);
        let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, refresh))]);
        let e = call(&c, "clients.get", &[1.into()]).await.unwrap_err();
        let msg = format!("Unauthenticated. (onUnauthorized gave no new token: {why})");
        assert_error(&e, "UNAUTHORIZED", Some(401.0), Some("outlign.clients.get"), &msg);
        let cause = get(&e, "cause");
        if cause_is_thrown {
            assert_eq!(cause, get(&ctl, "thrown"), "{refresh}: the thrown value is the cause");
        } else {
            assert_eq!(cause.as_string().as_deref(), Some("no refresh token"));
        }
        assert_eq!(calls.length(), 1, "{refresh}: not resent");
    }
}

#[wasm_bindgen_test]
async fn on_unauthorized_must_give_a_usable_token() {
    for (refresh, msg) in [
        ("() => 42", "onUnauthorized must return (a promise of) the new access token as a string; got a number"),
        ("async () => undefined", "onUnauthorized must return (a promise of) the new access token as a string; got undefined"),
        (
            r#"async () => "tok with spaces""#,
            "onUnauthorized's token must be exactly as issued: visible ASCII characters, no spaces or line breaks (value not shown)",
        ),
    ] {
        let ctl = ctl();
        let (f, calls) = fake(&ctl, UNAUTHENTICATED);
        let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, refresh))]);
        let e = call(&c, "clients.get", &[1.into()]).await.unwrap_err();
        assert_error(&e, "INVALID_ARGUMENT", None, Some("outlign.clients.get"), msg);
        assert!(get(&e, "cause").is_undefined());
        assert_eq!(calls.length(), 1, "{refresh}: not resent");
    }
}

#[wasm_bindgen_test]
async fn a_refresh_that_never_settles_is_bounded_by_the_deadline_and_the_signal() {
    const NEVER: &str = "() => { ctl.refreshes = (ctl.refreshes || 0) + 1; return new Promise(() => {}); }";
    let ctl = ctl();
    let (f, _) = fake(&ctl, UNAUTHENTICATED);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, NEVER)), ("timeoutMs", 80.into())]);
    let e = call(&c, "clients.get", &[1.into()]).await.unwrap_err();
    assert_error(&e, "TIMEOUT", None, Some("outlign.clients.get"), "The call did not finish within 80 ms");

    let ctl = super::ctl();
    let (f, calls) = fake(&ctl, UNAUTHENTICATED);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, NEVER))]);
    let abort = web_sys::AbortController::new().unwrap();
    let pending = c.start("clients.get", &[1.into()], obj(&[("signal", abort.signal().into())]));
    sleep(30).await;
    assert_eq!((refreshes(&ctl), calls.length()), (1.0, 1), "waiting for the refresh");
    abort.abort();
    let e = within(2000, "aborted", pending).await.unwrap_err();
    assert_error(&e, "ABORTED", None, Some("outlign.clients.get"), "The call was aborted by its AbortSignal");
}

#[wasm_bindgen_test]
async fn a_refresh_that_never_settled_does_not_block_the_next_401() {
    // The first refresh never settles; it is given up after the client's timeout, so a later
    // 401 starts a new one (which answers).
    const FIRST_NEVER: &str = r#"() => { ctl.refreshes = (ctl.refreshes || 0) + 1;
        return ctl.refreshes === 1 ? new Promise(() => {}) : Promise.resolve("tok_new"); }"#;
    let ctl = ctl();
    let (f, _) = fake(&ctl, NEW_ONLY);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, FIRST_NEVER)), ("timeoutMs", 80.into())]);
    let e = call(&c, "clients.get", &[1.into()]).await.unwrap_err();
    assert_error(&e, "TIMEOUT", None, Some("outlign.clients.get"), "The call did not finish within 80 ms");
    sleep(40).await;
    let got = call(&c, "clients.get", &[2.into()]).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&got), client_text(2));
    assert_eq!(refreshes(&ctl), 2.0);
}

#[wasm_bindgen_test]
async fn aborting_the_call_that_started_the_refresh_leaves_the_others_waiting_for_it() {
    let ctl = ctl();
    let (f, calls) = fake(&ctl, NEW_ONLY);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, REFRESH))]);
    let abort = web_sys::AbortController::new().unwrap();
    let first = c.start("clients.get", &[1.into()], obj(&[("signal", abort.signal().into())]));
    let second = c.start("clients.get", &[2.into()], JsValue::UNDEFINED);
    sleep(10).await;
    abort.abort();
    let e = within(2000, "aborted", first).await.unwrap_err();
    assert_error(&e, "ABORTED", None, Some("outlign.clients.get"), "The call was aborted by its AbortSignal");
    let second = within(5000, "second", second).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&second), client_text(2));
    assert_eq!(refreshes(&ctl), 1.0);
    assert_eq!(lines(&calls), [get_line(1, "tok_old"), get_line(2, "tok_old"), get_line(2, "tok_new")]);
}

#[wasm_bindgen_test]
async fn a_late_401_to_the_old_token_is_resent_without_a_second_refresh() {
    let ctl = ctl();
    let (f, calls) = fake(
        &ctl,
        &format!(r#"if (bearer === "tok_old" && url.endsWith("/1")) await new Promise(r => {{ ctl.release = r; }}); {NEW_ONLY}"#),
    );
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, REFRESH))]);
    let first = c.start("clients.get", &[1.into()], JsValue::UNDEFINED);
    let second = call(&c, "clients.get", &[2.into()]).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&second), client_text(2));
    let release: Function = get(&ctl, "release").dyn_into().expect("the first request is held");
    release.call0(&JsValue::NULL).unwrap();
    let first = within(5000, "first", first).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&first), client_text(1));
    assert_eq!(refreshes(&ctl), 1.0, "the first call's 401 came after the refresh");
    assert_eq!(lines(&calls), [get_line(1, "tok_old"), get_line(2, "tok_old"), get_line(2, "tok_new"), get_line(1, "tok_new")]);
}

#[wasm_bindgen_test]
async fn set_access_token_is_used_by_the_next_call() {
    let (f, calls) = fake(&ctl(), "return json([]);");
    let c = outlign(&f, &[]);
    call(&c, "companies.list", &[]).await.unwrap();
    assert!(c.set_access_token(&"tok_2".into()).unwrap().is_undefined());
    for (bad, msg) in [
        (JsValue::from("tok 3"), "token must be exactly as issued: visible ASCII characters, no spaces or line breaks (value not shown)"),
        (JsValue::from(5), "token must be a string; got a number"),
        (JsValue::from(""), "token is required: pass the new OAuth access token"),
    ] {
        let e = c.set_access_token(&bad).unwrap_err();
        assert_error(&e, "INVALID_ARGUMENT", None, None, msg);
    }
    call(&c, "companies.list", &[]).await.unwrap();
    let companies = |token: &str| format!("GET http://127.0.0.1:4010/api/v1/companies {}", H.replace("tok_old", token));
    assert_eq!(lines(&calls), [companies("tok_old"), companies("tok_2")]);
}

#[wasm_bindgen_test]
async fn a_create_refused_with_a_401_is_sent_once_more() {
    // A create is never repeated after a 5xx or a lost answer; a 401 means it was not applied.
    let ctl = ctl();
    let (f, calls) = fake(
        &ctl,
        r#"if (bearer !== "tok_new") return json({message: "Unauthenticated."}, 401); return json({id: 9, title: "New", company_id: 456, created_at: "t", updated_at: "t"}, 201);"#,
    );
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, REFRESH)), ("maxRetries", 0.into())]);
    let input = obj(&[("title", "New".into()), ("companyId", 456.into())]);
    let created = call(&c, "clients.create", &[input]).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&created), r#"{"id":9,"title":"New","company_id":456,"created_at":"t","updated_at":"t"}"#);
    let post = |token: &str| {
        format!(r#"POST http://127.0.0.1:4010/api/v1/clients {} {{"title":"New","company_id":456}}"#, HB.replace("tok_old", token))
    };
    assert_eq!(lines(&calls), [post("tok_old"), post("tok_new")]);
    assert_eq!(refreshes(&ctl), 1.0);
}

#[wasm_bindgen_test]
async fn without_on_unauthorized_a_401_is_final() {
    let (f, calls) = fake(&ctl(), UNAUTHENTICATED);
    let c = outlign(&f, &[]);
    let e = call(&c, "clients.delete", &[3.into()]).await.unwrap_err();
    assert_error(&e, "UNAUTHORIZED", Some(401.0), Some("outlign.clients.delete"), "Unauthenticated.");
    assert_eq!(calls.length(), 1);
    let pending = JsFuture::from(c.start("clients.get", &[3.into()], JsValue::UNDEFINED)).await;
    assert_error(&pending.unwrap_err(), "UNAUTHORIZED", Some(401.0), Some("outlign.clients.get"), "Unauthenticated.");
}

#[wasm_bindgen_test]
async fn a_failed_refresh_is_shared_by_the_401s_sent_before_it_failed() {
    // Refused after 30 ms, then a token: three concurrent 401s see the one failure; a call made
    // after it tries again.
    const FAIL_FIRST: &str = r#"() => { ctl.refreshes = (ctl.refreshes || 0) + 1;
        return ctl.refreshes === 1 ? new Promise((_, no) => setTimeout(() => no(new Error("revoked")), 30)) : Promise.resolve("tok_new"); }"#;
    let ctl = ctl();
    let (f, _) = fake(&ctl, NEW_ONLY);
    let c = outlign(&f, &[("onUnauthorized", js_fn(&ctl, FAIL_FIRST))]);
    let all: Array = (1..=3).map(|id| JsValue::from(c.start("clients.get", &[id.into()], JsValue::UNDEFINED))).collect();
    let settled = within(5000, "three calls", Promise::all_settled(&all)).await.unwrap();
    for outcome in Array::from(&settled).iter() {
        assert_eq!(get(&outcome, "status").as_string().as_deref(), Some("rejected"));
        let msg = message(&get(&outcome, "reason"));
        assert_eq!(msg, "Unauthenticated. (onUnauthorized gave no new token: it threw: revoked)");
    }
    assert_eq!(refreshes(&ctl), 1.0, "one refresh, and its failure, for three 401s");
    let got = call(&c, "clients.get", &[4.into()]).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&got), client_text(4));
    assert_eq!(refreshes(&ctl), 2.0, "a later call refreshes again");
}

#[wasm_bindgen_test]
async fn without_on_unauthorized_a_401_to_a_token_replaced_meanwhile_is_resent_with_the_new_one() {
    // The answer takes 40 ms; the token is replaced by hand in between.
    const SLOW_NEW_ONLY: &str = r#"await new Promise(r => setTimeout(r, 40));
        if (bearer !== "tok_new") return json({message: "Unauthenticated."}, 401);
        return json({id: 1, title: "C1", company_id: 456, created_at: "t", updated_at: "t"});"#;
    let ctl = ctl();
    let (f, calls) = fake(&ctl, SLOW_NEW_ONLY);
    let c = outlign(&f, &[]);
    let pending = c.start("clients.get", &[1.into()], JsValue::UNDEFINED);
    sleep(10).await;
    c.set_access_token(&"tok_new".into()).unwrap();
    let got = within(2000, "resent", pending).await.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&got), client_text(1));
    assert_eq!(lines(&calls), [get_line(1, "tok_old"), get_line(1, "tok_new")]);
}
