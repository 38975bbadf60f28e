//! The Outlign Clients API in the mock engine: every endpoint in both object versions, the
//! validation rules and the company-membership rules.

mod outlign_support;

use outlign_support::{invalid, message, Body, ALICE, BOB, NOW_A, NOW_B, O};
use serde_json::{json, Value};
use tmr_mock::engine::OutlignObjects::{A, B};

const PER_PAGE: &str = "The per page must be between 1 and 1000.";
const TITLE_REQUIRED: &str = "The title field is required.";
const TITLE_LONG: &str = "The title may not be greater than 255 characters.";
const COMPANY_INVALID: &str = "The selected company id is invalid.";
const NOT_OBJECT: &str = "The request body must be a JSON object.";

#[test]
fn list_in_version_a() {
    let mut t = O::version(A);
    let (status, v) = t.get(ALICE, "/api/v1/clients");
    assert_eq!(status, 200);
    assert_eq!(
        v[0],
        json!({"id": 123, "title": "Acme Corporation", "company_id": 456, "created_at": "2023-01-01T12:00:00Z", "updated_at": "2023-01-01T12:00:00Z"})
    );
    assert_eq!(
        v[2],
        json!({"id": 125, "title": "Gamma Logistics", "company_id": 457, "created_at": "2023-01-03T12:00:00Z", "updated_at": "2023-01-03T12:00:00Z"})
    );
    assert_eq!(t.ids(ALICE, "/api/v1/clients"), [123, 124, 125, 126], "alice's two companies, by id");
    assert_eq!(t.ids(BOB, "/api/v1/clients"), [125, 126, 127], "bob's two companies, by id");
}

#[test]
fn list_in_version_b() {
    let mut t = O::version(B);
    let (status, v) = t.get(BOB, "/api/v1/clients");
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!([
            {"id": 125, "title": "Gamma Logistics", "company": {"id": 457, "title": "Northwind Studio"},
             "created_at": "2023-01-03T12:00:00.000000Z", "updated_at": "2023-01-03T12:00:00.000000Z"},
            {"id": 126, "title": "Delta Foods", "company": {"id": 457, "title": "Northwind Studio"},
             "created_at": "2023-01-04T12:00:00.000000Z", "updated_at": "2023-01-04T12:00:00.000000Z"},
            {"id": 127, "title": "Bakery Wholesale", "company": {"id": 458, "title": "Bob's Bakery"},
             "created_at": "2023-01-05T12:00:00.000000Z", "updated_at": "2023-01-05T12:00:00.000000Z"},
        ])
    );
}

#[test]
fn list_filters_and_per_page() {
    let mut t = O::new();
    assert_eq!(t.ids(ALICE, "/api/v1/clients?title=corp"), [123], "partial");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?title=ACME"), [123], "case-insensitive");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?title=acme+corp"), [123], "'+' is a space in a query");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?title=%20delta%20"), [126], "trimmed");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?title=bakery"), Vec::<u64>::new(), "bob's client stays hidden");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?title="), [123, 124, 125, 126]);
    assert_eq!(t.ids(ALICE, "/api/v1/clients?company_id=457"), [125, 126]);
    assert_eq!(t.ids(ALICE, "/api/v1/clients?company_id=457&title=gamma"), [125]);
    assert_eq!(t.ids(ALICE, "/api/v1/clients?company_id=458"), Vec::<u64>::new(), "a company alice is not in");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?company_id=999"), Vec::<u64>::new());
    assert_eq!(t.ids(BOB, "/api/v1/clients?company_id=458"), [127]);
    assert_eq!(t.ids(ALICE, "/api/v1/clients?per_page=2"), [123, 124], "the first page only");
    assert_eq!(t.ids(ALICE, "/api/v1/clients?per_page=1"), [123]);
    assert_eq!(t.ids(ALICE, "/api/v1/clients?per_page=1000"), [123, 124, 125, 126]);
    for bad in ["0", "1001", "-1", "abc", "1.5", "", "99999999999999999999999"] {
        assert_eq!(t.get(ALICE, &format!("/api/v1/clients?per_page={bad}")), (422, invalid("per_page", PER_PAGE)), "per_page={bad}");
    }
    let int = "The company id must be an integer.";
    assert_eq!(t.get(ALICE, "/api/v1/clients?company_id=abc"), (422, invalid("company_id", int)));
    assert_eq!(t.get(ALICE, "/api/v1/clients?company_id=4.5"), (422, invalid("company_id", int)));
    let (status, v) = t.get(ALICE, "/api/v1/clients?company_id=x&per_page=0");
    assert_eq!(status, 422);
    assert_eq!(v, json!({"message": format!("{int} (and 1 more error)"), "errors": {"company_id": [int], "per_page": [PER_PAGE]}}));
}

#[test]
fn per_page_defaults_to_100() {
    let mut t = O::new();
    for i in 0..105 {
        let (status, _) = t.call(Some(ALICE), "POST", "/api/v1/clients", Body::Json(json!({"title": format!("c{i}"), "company_id": 456})));
        assert_eq!(status, 201);
    }
    assert_eq!(t.ids(ALICE, "/api/v1/clients").len(), 100);
    assert_eq!(t.ids(ALICE, "/api/v1/clients?per_page=1000").len(), 109);
}

#[test]
fn get_one_in_both_versions() {
    let mut t = O::version(A);
    let a = json!({"id": 124, "title": "Beta Industries", "company_id": 456, "created_at": "2023-01-02T12:00:00Z", "updated_at": "2023-01-02T12:00:00Z"});
    assert_eq!(t.get(ALICE, "/api/v1/clients/124"), (200, a));
    t.mock.set_outlign_objects(B);
    let b = json!({"id": 124, "title": "Beta Industries", "created_at": "2023-01-02T12:00:00.000000Z", "updated_at": "2023-01-02T12:00:00.000000Z"});
    assert_eq!(t.get(ALICE, "/api/v1/clients/124"), (200, b), "single answers in B carry neither company field");
    assert_eq!(t.get(BOB, "/api/v1/clients/127").0, 200);
    let not_found = (404, message("Client not found."));
    assert_eq!(t.get(ALICE, "/api/v1/clients/127"), not_found, "bob's client with alice's token");
    assert_eq!(t.get(BOB, "/api/v1/clients/123"), not_found);
    assert_eq!(t.get(ALICE, "/api/v1/clients/999"), not_found);
    assert_eq!(t.get(ALICE, "/api/v1/clients/abc"), not_found, "a non-integer id");
    assert_eq!(t.get(ALICE, "/api/v1/clients/-123"), not_found);
    assert_eq!(t.get(ALICE, "/api/v1/clients/123/"), (200, t.get(ALICE, "/api/v1/clients/123").1), "a trailing slash");
}

fn create(t: &mut O, token: &str, body: Value) -> (u16, Value) {
    t.call(Some(token), "POST", "/api/v1/clients", Body::Json(body))
}

#[test]
fn create_in_both_versions() {
    let mut t = O::version(A);
    let (status, v) = create(&mut t, ALICE, json!({"title": "  Epsilon Ltd  ", "company_id": 457}));
    assert_eq!(status, 201);
    assert_eq!(v, json!({"id": 128, "title": "Epsilon Ltd", "company_id": 457, "created_at": NOW_A, "updated_at": NOW_A}));
    assert_eq!(t.ids(BOB, "/api/v1/clients?company_id=457"), [125, 126, 128], "a shared company's members all see it");
    t.mock.set_outlign_objects(B);
    let (status, v) = create(&mut t, BOB, json!({"title": "Zeta", "company_id": 458}));
    assert_eq!((status, v), (201, json!({"id": 129, "title": "Zeta", "created_at": NOW_B, "updated_at": NOW_B})));
    assert_eq!(t.get(BOB, "/api/v1/clients?title=zeta").1[0]["company"], json!({"id": 458, "title": "Bob's Bakery"}));
    let title = "é".repeat(255);
    assert_eq!(create(&mut t, ALICE, json!({"title": title, "company_id": 456})).0, 201, "255 characters, not bytes");
    assert_eq!(create(&mut t, ALICE, json!({"title": "Duplicate", "company_id": 456})).0, 201);
    assert_eq!(create(&mut t, ALICE, json!({"title": "Duplicate", "company_id": 456})).0, 201, "titles need not be unique");
}

#[test]
fn create_validation() {
    let mut t = O::new();
    let required = invalid("title", TITLE_REQUIRED);
    assert_eq!(create(&mut t, ALICE, json!({"company_id": 456})), (422, required.clone()));
    assert_eq!(create(&mut t, ALICE, json!({"title": "", "company_id": 456})), (422, required.clone()));
    assert_eq!(create(&mut t, ALICE, json!({"title": "   ", "company_id": 456})), (422, required.clone()));
    assert_eq!(create(&mut t, ALICE, json!({"title": null, "company_id": 456})), (422, required));
    assert_eq!(create(&mut t, ALICE, json!({"title": "x".repeat(256), "company_id": 456})), (422, invalid("title", TITLE_LONG)));
    assert_eq!(create(&mut t, ALICE, json!({"title": 7, "company_id": 456})), (422, invalid("title", "The title must be a string.")));
    assert_eq!(create(&mut t, ALICE, json!({"title": "x"})), (422, invalid("company_id", "The company id field is required.")));
    assert_eq!(
        create(&mut t, ALICE, json!({"title": "x", "company_id": 458})),
        (422, invalid("company_id", COMPANY_INVALID)),
        "bob's company"
    );
    assert_eq!(create(&mut t, BOB, json!({"title": "x", "company_id": 456})), (422, invalid("company_id", COMPANY_INVALID)));
    assert_eq!(create(&mut t, ALICE, json!({"title": "x", "company_id": 999})), (422, invalid("company_id", COMPANY_INVALID)));
    assert_eq!(create(&mut t, ALICE, json!({"title": "x", "company_id": -1})), (422, invalid("company_id", COMPANY_INVALID)));
    let int = "The company id must be an integer.";
    assert_eq!(create(&mut t, ALICE, json!({"title": "x", "company_id": "456"})), (422, invalid("company_id", int)));
    assert_eq!(create(&mut t, ALICE, json!({"title": "x", "company_id": 456.5})), (422, invalid("company_id", int)));
    let (status, v) = create(&mut t, ALICE, json!({}));
    assert_eq!(status, 422);
    assert_eq!(v["message"], format!("{TITLE_REQUIRED} (and 1 more error)"));
    assert_eq!(v["errors"], json!({"title": [TITLE_REQUIRED], "company_id": ["The company id field is required."]}));
    for raw in [&b"not json"[..], b"[1,2]", b"\"title\"", b"", b"{\"title\": "] {
        assert_eq!(t.call(Some(ALICE), "POST", "/api/v1/clients", Body::Raw(raw)), (400, message(NOT_OBJECT)), "{raw:?}");
    }
    assert_eq!(t.ids(ALICE, "/api/v1/clients"), [123, 124, 125, 126], "nothing was created");
}

fn update(t: &mut O, token: &str, id: &str, body: Body) -> (u16, Value) {
    t.call(Some(token), "PUT", &format!("/api/v1/clients/{id}"), body)
}

#[test]
fn update_in_both_versions() {
    let mut t = O::version(A);
    let (status, v) = update(&mut t, ALICE, "123", Body::Json(json!({"title": " Acme Corp. "})));
    assert_eq!(status, 200);
    assert_eq!(v, json!({"id": 123, "title": "Acme Corp.", "company_id": 456, "created_at": "2023-01-01T12:00:00Z", "updated_at": NOW_A}));
    t.mock.set_outlign_objects(B);
    t.now += 1;
    let (status, v) = update(&mut t, BOB, "127", Body::Json(json!({"title": "Wholesale"})));
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!({"id": 127, "title": "Wholesale", "created_at": "2023-01-05T12:00:00.000000Z", "updated_at": "2026-11-18T11:06:40.124000Z"})
    );
    assert_eq!(t.get(BOB, "/api/v1/clients/127").1["title"], "Wholesale");
    let (status, v) = update(&mut t, ALICE, "124", Body::Json(json!({})));
    assert_eq!(
        (status, &v["title"], &v["updated_at"]),
        (200, &json!("Beta Industries"), &json!("2023-01-02T12:00:00.000000Z")),
        "no title: unchanged"
    );
}

#[test]
fn update_errors() {
    let mut t = O::new();
    let not_found = (404, message("Client not found."));
    assert_eq!(update(&mut t, ALICE, "127", Body::Json(json!({"title": "Mine now"}))), not_found, "bob's client");
    assert_eq!(update(&mut t, ALICE, "999", Body::Json(json!({"title": "x"}))), not_found);
    assert_eq!(update(&mut t, ALICE, "x1", Body::Json(json!({"title": "x"}))), not_found);
    assert_eq!(update(&mut t, ALICE, "123", Body::Json(json!({"title": ""}))), (422, invalid("title", TITLE_REQUIRED)));
    assert_eq!(update(&mut t, ALICE, "123", Body::Json(json!({"title": " \t "}))), (422, invalid("title", TITLE_REQUIRED)));
    assert_eq!(update(&mut t, ALICE, "123", Body::Json(json!({"title": "y".repeat(256)}))), (422, invalid("title", TITLE_LONG)));
    assert_eq!(update(&mut t, ALICE, "123", Body::Raw(b"title=x")), (400, message(NOT_OBJECT)));
    assert_eq!(t.get(ALICE, "/api/v1/clients/123").1["title"], "Acme Corporation", "nothing was applied");
    assert_eq!(t.get(BOB, "/api/v1/clients/127").1["title"], "Bakery Wholesale");
}

#[test]
fn delete_answers_204_with_no_body() {
    let mut t = O::new();
    let r = t.send(Some(ALICE), "DELETE", "/api/v1/clients/124", Body::None, None);
    assert_eq!((r.status, r.body.len()), (204, 0));
    assert!(r.headers.is_empty(), "no content type on a 204: {:?}", r.headers);
    assert_eq!(t.get(ALICE, "/api/v1/clients/124").0, 404);
    assert_eq!(t.ids(ALICE, "/api/v1/clients"), [123, 125, 126]);
    let not_found = (404, message("Client not found."));
    assert_eq!(t.call(Some(ALICE), "DELETE", "/api/v1/clients/124", Body::None), not_found, "already gone");
    assert_eq!(t.call(Some(ALICE), "DELETE", "/api/v1/clients/127", Body::None), not_found, "bob's client");
    assert_eq!(t.call(Some(ALICE), "DELETE", "/api/v1/clients/abc", Body::None), not_found);
    assert_eq!(t.ids(BOB, "/api/v1/clients"), [125, 126, 127], "bob's client is still there");
}

#[test]
fn companies_in_both_versions() {
    let mut t = O::version(A);
    let (status, v) = t.get(ALICE, "/api/v1/companies");
    assert_eq!(status, 200);
    assert_eq!(
        v,
        json!([
            {"id": 456, "title": "Acme Agency", "created_at": "2023-01-01T12:00:00Z", "updated_at": "2023-01-01T12:00:00Z"},
            {"id": 457, "title": "Northwind Studio", "created_at": "2023-01-02T12:00:00Z", "updated_at": "2023-01-02T12:00:00Z"},
        ])
    );
    t.mock.set_outlign_objects(B);
    let (_, v) = t.get(BOB, "/api/v1/companies");
    assert_eq!(v.as_array().unwrap().iter().map(|c| c["id"].as_u64().unwrap()).collect::<Vec<_>>(), [457, 458]);
    assert_eq!(
        v[1],
        json!({"id": 458, "title": "Bob's Bakery", "created_at": "2023-01-03T12:00:00.000000Z", "updated_at": "2023-01-03T12:00:00.000000Z"})
    );
}

#[test]
fn routing_404_405_and_tmr_untouched() {
    let mut t = O::new();
    let not_found = (404, message("Not found."));
    assert_eq!(t.get(ALICE, "/api/v1/projects"), not_found);
    assert_eq!(t.get(ALICE, "/api/v1/clients/123/projects"), not_found);
    assert_eq!(t.call(None, "GET", "/api/v1/nope", Body::None), not_found, "routing comes before auth");
    assert_eq!(t.call(None, "GET", "/oauth/nope", Body::None), not_found);
    let r = t.send(Some(ALICE), "PATCH", "/api/v1/clients/123", Body::Json(json!({})), None);
    assert_eq!((r.status, serde_json::from_slice::<Value>(&r.body).unwrap()), (405, message("Method not allowed.")));
    assert!(r.headers.contains(&("allow", "GET, PUT, DELETE".into())), "{:?}", r.headers);
    assert_eq!(t.call(Some(ALICE), "POST", "/api/v1/companies", Body::Json(json!({}))), (405, message("Method not allowed.")));
    assert_eq!(t.call(Some(ALICE), "DELETE", "/api/v1/clients", Body::None).0, 405);
    assert_eq!(t.call(None, "GET", "/oauth/token", Body::None).0, 405);
    assert_eq!(t.call(None, "POST", "/oauth/authorize", Body::None).0, 405);
    // TMR keeps its root paths and its envelope; an Outlign token means nothing there.
    let (status, v) = t.get(ALICE, "/teams");
    assert_eq!((status, &v["error"]["code"]), (401, &json!("UNAUTHORIZED")));
    let owner = tmr_mock::engine::builtin::token("owner");
    let (status, v) = t.get(&owner, "/teams");
    assert_eq!((status, v["success"].as_bool()), (200, Some(true)));
    assert_eq!(t.get(&owner, "/api/v1").1["error"]["code"], "NOT_FOUND", "not under /api/v1/: TMR's 404");
    assert_eq!(t.get(&owner, "/api/v1/clients"), (401, message("Unauthenticated.")), "a TMR key is not an Outlign token");
}
