//! Any bytes as any endpoint's answer, with any status and Retry-After: never a panic, an error
//! always carries the HTTP status it came with, and the shape checker agrees with the serde
//! models on every `data` (see tests/shape_parity.rs for the one wanted difference).
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
    let decoded = response::decode(endpoint, &res);
    parity(endpoint, &res, decoded.as_ref().map(String::as_str).map_err(ToString::to_string));
    match decoded {
        // Valid JSON syntax (a number beyond f64, such as 12e0111111, is valid JSON; JS reads it as Infinity).
        Ok(json) => assert!(serde_json::from_str::<serde::de::IgnoredAny>(&json).is_ok(), "data is JSON"),
        Err(e) => assert_eq!(e.status(), Some(status)),
    }
});

/// When the answer is a success envelope around `data`, both descriptions of the model agree.
fn parity(endpoint: &tmr_client::core::Endpoint, res: &HttpResponse, sdk: Result<&str, String>) {
    use tmr_client::core::endpoint::OutputKind;
    let Ok(text) = std::str::from_utf8(&res.body) else { return };
    // Out of scope: serde decodes escaped surrogates only where it reads a string; the SDK never
    // decodes them. Nesting near serde's recursion limit is counted differently.
    if !(200..300).contains(&res.status) || matches!(endpoint.output, OutputKind::Flag(_)) || text.contains("\\u") {
        return;
    }
    // `data` exactly as sent (re-serialising would merge duplicate keys), in a plain envelope.
    type Raw = Box<serde_json::value::RawValue>;
    let Ok(env) = serde_json::from_str::<std::collections::BTreeMap<String, Raw>>(text) else { return };
    let plain = env.len() == 2 && text.matches("\"data\"").count() == 1 && text.matches("\"success\"").count() == 1;
    let (Some(success), Some(data)) = (env.get("success"), env.get("data")) else { return };
    if !plain || success.get() != "true" || data.get() == "null" {
        return;
    }
    let data = data.get();
    if data.len() > 4000 || data.matches(['[', '{']).count() > 60 {
        return;
    }
    let serde = tmr_client::core::model::typed_check(endpoint.output, data);
    match (&sdk, &serde) {
        (Ok(_), Ok(())) | (Err(_), Err(_)) => {}
        (Err(e), Ok(())) if e.contains("expected an object, got an array") => {}
        _ => panic!("SDK {sdk:?} but serde {serde:?} for {} data {data}", endpoint.name),
    }
}
