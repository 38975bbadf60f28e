//! The exported `OutlignClient` in a JS engine (Node via `wasm-pack test --node`, Chromium via
//! `--headless --chrome`) on a stubbed fetch, through its real JS methods: options, the requests
//! of the six methods, answers and errors by status; the token refresh after a 401
//! (wasm_outlign/refresh.rs); the Rust API and the OAuth helpers (wasm_outlign/rust_api.rs).
#![cfg(target_arch = "wasm32")]

#[path = "wasm_outlign/refresh.rs"]
mod refresh;
#[path = "wasm_outlign/rust_api.rs"]
mod rust_api;
mod wasm_support;

use js_sys::{Array, Function, Object, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_support::{assert_tmr_error, get, message, obj, within, OutlignCaller};

const BASE: &str = "http://127.0.0.1:4010";
const TOKEN: &str = "tok_old";
/// Headers of a request without a body, and of one with a JSON body.
const H: &str = r#"{"Authorization":"Bearer tok_old","Accept":"application/json"}"#;
const HB: &str = r#"{"Authorization":"Bearer tok_old","Accept":"application/json","Content-Type":"application/json"}"#;
/// Version A of the client object (`company_id`), with a field this SDK does not know.
const A: &str = r#"{"id":7,"title":"New Client Corp","company_id":456,"created_at":"2023-01-01T12:00:00Z","updated_at":"2023-01-01T12:00:00Z","color":"red"}"#;
/// Version B in a list (`company {id, title}`, microseconds), and single (neither).
const B_LIST: &str = r#"[{"id":8,"title":"Acme","company":{"id":456,"title":"Acme Group","logo":null},"created_at":"2023-01-01T12:00:00.000000Z","updated_at":"2023-01-02T12:00:00.000000Z"},{"id":9,"title":"Acme Two","company_id":null,"created_at":"2023-01-01T12:00:00Z","updated_at":"2023-01-01T12:00:00Z"}]"#;
const B_ONE: &str = r#"{"id":8,"title":"Acme","created_at":"2023-01-01T12:00:00.000000Z","updated_at":"2023-01-02T12:00:00.000000Z"}"#;
const COMPANIES: &str =
    r#"[{"id":456,"title":"Acme Group","created_at":"2023-01-01T12:00:00Z","updated_at":"2023-01-01T12:00:00Z","plan":"pro"}]"#;
const UNAUTHENTICATED: &str = r#"return json({message: "Unauthenticated."}, 401);"#;

/// A fetch stub `async (url, init) => { body }` that records each request as one line, `METHOD
/// url headers[ body]` (headers as JSON, in the order sent; the body decoded). In `body`: `n`
/// counts the calls, `ctl` is the test's object (shared with `js_fn`s made on it), `bearer` is
/// the token sent, and `json(value, status = 200)` answers JSON.
fn fake(ctl: &JsValue, body: &str) -> (Function, Array) {
    let calls = Array::new();
    let make = Function::new_with_args(
        "calls, ctl",
        &format!(
            "let n = 0;
             const json = (v, status = 200) => new Response(JSON.stringify(v), {{status, headers: {{'content-type': 'application/json'}}}});
             return async (url, init) => {{
               const sent = init.body === undefined ? '' : ' ' + new TextDecoder().decode(init.body);
               calls.push(`${{init.method}} ${{url}} ${{JSON.stringify(init.headers)}}${{sent}}`);
               n++;
               const bearer = (init.headers.Authorization || '').slice(7);
               {body}
             }};"
        ),
    );
    (make.call2(&JsValue::NULL, &calls, ctl).unwrap().unchecked_into(), calls)
}

/// A JS value from the expression `src`, which may use `ctl`.
fn js_fn(ctl: &JsValue, src: &str) -> JsValue {
    Function::new_with_args("ctl", &format!("return {src};")).call1(&JsValue::NULL, ctl).unwrap()
}

/// A new `ctl` object for `fake` and `js_fn`.
fn ctl() -> JsValue {
    Object::new().into()
}

/// The lines `fake` recorded.
fn lines(calls: &Array) -> Vec<String> {
    calls.iter().map(|l| l.as_string().unwrap()).collect()
}

/// A client with `tok_old` on `BASE` and `fetch`, plus `extra` options.
fn outlign(fetch: &Function, extra: &[(&str, JsValue)]) -> OutlignCaller {
    let mut pairs = vec![("accessToken", JsValue::from_str(TOKEN)), ("baseUrl", BASE.into()), ("fetch", fetch.into())];
    pairs.extend_from_slice(extra);
    OutlignCaller::new(obj(&pairs)).unwrap_or_else(|e| panic!("client: {}", message(&e)))
}

/// Call `name` on `c`, failing the test if it has not settled within 5 s.
async fn call(c: &OutlignCaller, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    within(5000, name, c.start(name, args, JsValue::UNDEFINED)).await
}

/// `JSON.stringify(v)`.
fn text(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

/// JS data from JSON text.
fn parse(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

/// `e` is a `TmrError` with this code, status, endpoint and exact message.
fn assert_error(e: &JsValue, code: &str, status: Option<f64>, endpoint: Option<&str>, msg: &str) {
    assert_tmr_error(e, code, status, endpoint);
    assert_eq!(message(e), msg);
}

// ---- 1. Options --------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn every_option_is_checked_at_once() {
    let f = Function::new_no_args("");
    let tok = || ("accessToken", JsValue::from_str(TOKEN));
    let cases = [
        (JsValue::UNDEFINED, "options are required: new OutlignClient({ accessToken })"),
        (obj(&[]), "accessToken is required: pass the OAuth access token from exchangeOutlignCode() or refreshOutlignToken()"),
        (
            obj(&[("accessToken", "".into())]),
            "accessToken is required: pass the OAuth access token from exchangeOutlignCode() or refreshOutlignToken()",
        ),
        (obj(&[("accessToken", 5.into())]), "accessToken must be a string; got a number"),
        (
            obj(&[("accessToken", "eyJ secret".into())]),
            "accessToken must be exactly as issued: visible ASCII characters, no spaces or line breaks (value not shown)",
        ),
        (
            obj(&[tok(), ("baseUrl", "http://go.outlign.co".into())]),
            r#"baseUrl must use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and [::1]); got "http://go.outlign.co""#,
        ),
        (
            obj(&[tok(), ("apiKey", "k".into())]),
            r#"options has an unknown option "apiKey"; allowed: accessToken, baseUrl, onUnauthorized, timeoutMs, maxRetries, fetch"#,
        ),
        (
            obj(&[tok(), ("onUnauthorized", "refresh".into())]),
            "onUnauthorized must be a function returning (a promise of) a new access token; got a string",
        ),
        (obj(&[tok(), ("fetch", 5.into())]), "fetch must be a function with the signature of the global fetch; got a number"),
        (obj(&[tok(), ("timeoutMs", 0.into())]), "timeoutMs must be a number of milliseconds from 1 to 2147483647; got 0"),
        (obj(&[tok(), ("maxRetries", 11.into())]), "maxRetries must be an integer from 0 to 10; got 11"),
    ];
    for (opts, msg) in cases {
        let e = OutlignCaller::new(opts).err().unwrap_or_else(|| panic!("refused: {msg}"));
        assert_error(&e, "INVALID_ARGUMENT", None, None, msg);
    }
    // What a client shows: its origin, never the token.
    let c = OutlignCaller::new(obj(&[tok(), ("fetch", f.clone().into())])).unwrap();
    assert_eq!(get(c.js(), "baseUrl").as_string().as_deref(), Some("https://go.outlign.co"));
    assert_eq!(text(c.js()), r#"{"baseUrl":"https://go.outlign.co"}"#);
    let c = OutlignCaller::new(obj(&[tok(), ("baseUrl", "http://LOCALHOST:4010/".into()), ("fetch", f.into())])).unwrap();
    assert_eq!(text(c.js()), r#"{"baseUrl":"http://localhost:4010"}"#);
    let groups = (get(c.js(), "clients"), get(c.js(), "companies"));
    assert!(Object::is_frozen(groups.0.unchecked_ref::<Object>()) && Object::is_frozen(groups.1.unchecked_ref::<Object>()));
    // The methods, with their declared length (the positional arguments, then the options).
    let methods = |g: &JsValue| {
        let keys = Object::keys(g.unchecked_ref::<Object>()).into_iter().map(|k| k.as_string().unwrap());
        keys.filter(|k| !k.starts_with("__wbg")).map(|k| (get(g, &k).unchecked_into::<Function>().length(), k)).collect::<Vec<_>>()
    };
    let named = |pairs: &[(u32, &str)]| pairs.iter().map(|(n, k)| (*n, (*k).to_owned())).collect::<Vec<_>>();
    assert_eq!(methods(&groups.0), named(&[(2, "list"), (2, "get"), (2, "create"), (3, "update"), (2, "delete")]));
    assert_eq!(methods(&groups.1), named(&[(1, "list")]));
}

// ---- 2. Requests -------------------------------------------------------------------------------

/// Answers each of the six methods with a valid body.
fn answers() -> String {
    format!(
        r#"if (init.method === "DELETE") return new Response(null, {{status: 204}});
           if (url.endsWith("/companies")) return json({COMPANIES});
           if (init.method === "GET" && !/\/\d+$/.test(url)) return json({B_LIST});
           if (url.endsWith("/8")) return json({B_ONE});
           return json({A}, init.method === "POST" ? 201 : 200);"#
    )
}

#[wasm_bindgen_test]
async fn the_six_methods_send_their_exact_requests() {
    let (f, calls) = fake(&ctl(), &answers());
    let c = outlign(&f, &[]);
    let query = obj(&[("companyId", 456.into()), ("title", "  acme co ".into()), ("perPage", 50.into())]);
    for (name, args) in [
        ("clients.list", vec![query]),
        ("clients.list", vec![]),
        ("clients.get", vec![7.into()]),
        ("clients.create", vec![obj(&[("title", " New Client Corp ".into()), ("companyId", 456.into())])]),
        ("clients.update", vec![7.into(), obj(&[("title", "Renamed & Co".into())])]),
        ("clients.update", vec![7.into(), obj(&[])]),
        ("clients.delete", vec![7.into()]),
        ("companies.list", vec![]),
    ] {
        call(&c, name, &args).await.unwrap_or_else(|e| panic!("{name}: {}", message(&e)));
    }
    let api = format!("{BASE}/api/v1");
    assert_eq!(
        lines(&calls),
        [
            format!("GET {api}/clients?company_id=456&title=acme%20co&per_page=50 {H}"),
            format!("GET {api}/clients {H}"),
            format!("GET {api}/clients/7 {H}"),
            format!(r#"POST {api}/clients {HB} {{"title":"New Client Corp","company_id":456}}"#),
            format!(r#"PUT {api}/clients/7 {HB} {{"title":"Renamed & Co"}}"#),
            format!("PUT {api}/clients/7 {HB} {{}}"),
            format!("DELETE {api}/clients/7 {H}"),
            format!("GET {api}/companies {H}"),
        ]
    );
}

#[wasm_bindgen_test]
async fn bad_inputs_are_refused_before_any_fetch() {
    let (f, calls) = fake(&ctl(), &answers());
    let c = outlign(&f, &[]);
    let id = |got: &str| format!("id must be a positive integer (an Outlign id); got {got}");
    let per_page = |got: &str| format!("query.perPage must be an integer from 1 to 1000; got {got}");
    let title = |t: &str| obj(&[("title", t.into())]);
    let cases: Vec<(&str, Vec<JsValue>, String)> = vec![
        ("clients.get", vec![1.5.into()], id("1.5")),
        ("clients.get", vec![(-1).into()], id("-1")),
        ("clients.get", vec!["7".into()], id(r#""7""#)),
        ("clients.get", vec![], id("nothing (undefined or null)")),
        ("clients.delete", vec![0.into()], id("0")),
        ("clients.update", vec![9007199254740992.0.into(), title("x")], id("9007199254740992")),
        ("clients.list", vec![obj(&[("perPage", 0.into())])], per_page("0")),
        ("clients.list", vec![obj(&[("perPage", 1001.into())])], per_page("1001")),
        (
            "clients.list",
            vec![obj(&[("companyId", "456".into())])],
            r#"query.companyId must be a positive integer (an Outlign id); got "456""#.into(),
        ),
        ("clients.list", vec![obj(&[("page", 2.into())])], r#"query has an unknown key "page"; allowed: companyId, title, perPage"#.into()),
        (
            "clients.create",
            vec![obj(&[("companyId", 456.into())])],
            "input.title is required: the client's name (1 to 255 characters)".into(),
        ),
        (
            "clients.create",
            vec![title("New")],
            "input.companyId is required: the id of the Outlign company the client belongs to (companies.list())".into(),
        ),
        (
            "clients.create",
            vec![obj(&[("title", "New".into()), ("company_id", 456.into())])],
            r#"input has an unknown key "company_id"; allowed: title, companyId"#.into(),
        ),
        ("clients.update", vec![7.into(), title("   ")], r#"input.title must be 1 to 255 characters after trimming; got "   ""#.into()),
    ];
    for (name, args, msg) in cases {
        let e = call(&c, name, &args).await.expect_err(&msg);
        assert_error(&e, "INVALID_ARGUMENT", None, Some(&format!("outlign.{name}")), &msg);
    }
    let e = within(5000, "opts", c.start("clients.list", &[], obj(&[("timeout", 5.into())]))).await.unwrap_err();
    assert_error(
        &e,
        "INVALID_ARGUMENT",
        None,
        Some("outlign.clients.list"),
        r#"options has an unknown option "timeout"; allowed: signal, timeoutMs, maxRetries"#,
    );
    assert_eq!(lines(&calls), Vec::<String>::new(), "fetch was never called");
}

// ---- 3. Answers --------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn both_object_versions_come_back_as_sent() {
    let (f, calls) = fake(&ctl(), &answers());
    let c = outlign(&f, &[]);
    let ok = |r: Result<JsValue, JsValue>| r.unwrap_or_else(|e| panic!("{}", message(&e)));
    assert_eq!(text(&ok(call(&c, "clients.list", &[]).await)), B_LIST);
    assert_eq!(text(&ok(call(&c, "clients.get", &[8.into()]).await)), B_ONE);
    assert_eq!(text(&ok(call(&c, "clients.get", &[7.into()]).await)), A);
    let create = obj(&[("title", "New Client Corp".into()), ("companyId", 456.into())]);
    assert_eq!(text(&ok(call(&c, "clients.create", &[create]).await)), A, "a 201");
    assert_eq!(text(&ok(call(&c, "clients.update", &[7.into(), obj(&[])]).await)), A);
    assert_eq!(text(&ok(call(&c, "companies.list", &[]).await)), COMPANIES);
    let deleted = ok(call(&c, "clients.delete", &[7.into()]).await);
    assert!(deleted.is_undefined(), "a 204 resolves undefined: {deleted:?}");
    assert_eq!(calls.length(), 7);
}

#[wasm_bindgen_test]
async fn errors_carry_code_status_endpoint_and_message() {
    let server_error = r#"{"message":"Server Error"}"#;
    let cases = [
        (401, r#"{"message":"Unauthenticated."}"#, "UNAUTHORIZED", "Unauthenticated.", 1),
        (403, r#"{"message":"This action is unauthorized."}"#, "FORBIDDEN", "This action is unauthorized.", 1),
        (
            404,
            r#"{"message":"No query results for model [App\\Models\\Client] 7"}"#,
            "NOT_FOUND",
            r"No query results for model [App\Models\Client] 7",
            1,
        ),
        (
            422,
            r#"{"message":"The title field must not be greater than 255 characters.","errors":{"title":["The title field must not be greater than 255 characters."]}}"#,
            "VALIDATION_ERROR",
            "The title field must not be greater than 255 characters.",
            1,
        ),
        (500, server_error, "INTERNAL_SERVER_ERROR", "Server Error", 3),
        (400, "Bad Request: title is malformed", "BAD_REQUEST", "Bad Request: title is malformed", 1),
        (404, "", "NOT_FOUND", "HTTP 404 with an empty body", 1),
        (418, "<html>teapot</html>", "UNKNOWN_API_ERROR", "<html>teapot</html>", 1),
    ];
    for (status, body, code, msg, attempts) in cases {
        let ctl = ctl();
        let (f, calls) = fake(&ctl, &format!("return new Response(ctl.body, {{status: {status}}});"));
        js_sys::Reflect::set(&ctl, &"body".into(), &body.into()).unwrap();
        let c = outlign(&f, &[]);
        let e = call(&c, "clients.update", &[7.into(), obj(&[("title", "x".into())])]).await.expect_err(msg);
        assert_error(&e, code, Some(f64::from(status)), Some("outlign.clients.update"), msg);
        assert_eq!(calls.length(), attempts, "{status}: a 5xx is retried twice (maxRetries 2), nothing else");
    }
    // A status without a code of its own keeps it as apiCode.
    let (f, _) = fake(&ctl(), "return new Response('x', {status: 418});");
    let e = call(&outlign(&f, &[]), "clients.get", &[7.into()]).await.unwrap_err();
    assert_eq!(get(&e, "apiCode").as_string().as_deref(), Some("HTTP_418"));
}

#[wasm_bindgen_test]
async fn answers_off_the_documented_shape_are_invalid_response() {
    for (body, msg) in [
        (
            r#"{"id":"7","title":"x","created_at":"t","updated_at":"t"}"#,
            "HTTP 200: the body was not a valid API response (the answer does not match the documented shape:",
        ),
        (r#"{"success":true,"data":{"id":7}}"#, "HTTP 200: the body was not a valid API response (the answer does not match"),
        ("<html>ok</html>", "HTTP 200: the body was not a valid API response (not JSON:"),
    ] {
        let ctl = ctl();
        js_sys::Reflect::set(&ctl, &"body".into(), &body.into()).unwrap();
        let (f, calls) = fake(&ctl, "return new Response(ctl.body);");
        let e = call(&outlign(&f, &[]), "clients.get", &[7.into()]).await.unwrap_err();
        assert_tmr_error(&e, "INVALID_RESPONSE", Some(200.0), Some("outlign.clients.get"));
        assert!(message(&e).starts_with(msg), "{body}: {}", message(&e));
        assert_eq!(calls.length(), 1, "{body}");
    }
}
