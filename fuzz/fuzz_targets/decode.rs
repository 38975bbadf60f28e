//! Any bytes as any endpoint's answer, with any status and Retry-After: never a panic, and an
//! error always carries the HTTP status it came with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmr_client::core::{response, HttpResponse, ENDPOINTS};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let endpoint = &ENDPOINTS[usize::from(selector) % ENDPOINTS.len()];
    let status = [200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 502][usize::from(selector) % 11];
    let (header, body) = rest.split_at(rest.len().min(usize::from(selector) % 8));
    let res = HttpResponse {
        status,
        retry_after: std::str::from_utf8(header).ok().map(str::to_owned),
        body: body.to_vec(),
        received_ms: 1_795_000_000_000,
    };
    match response::decode(endpoint, &res) {
        // Valid JSON syntax (a number beyond f64, such as 12e0111111, is valid JSON; JS reads it as Infinity).
        Ok(json) => assert!(serde_json::from_str::<serde::de::IgnoredAny>(&json).is_ok(), "data is JSON"),
        Err(e) => assert_eq!(e.status(), Some(status)),
    }
});
