//! Any JSON arguments to any endpoint: never a panic, and a built URL never escapes the base
//! (no `/../`, no fragment, the path stays under the base URL).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmr_client::core::{request, Config, ENDPOINTS};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let endpoint = &ENDPOINTS[usize::from(selector) % ENDPOINTS.len()];
    let Ok(args) = serde_json::from_slice::<Vec<serde_json::Value>>(rest) else { return };
    let Ok(config) = Config::new("tmrc_live_fuzz", Some("https://api.example.com/v1"), None, None) else { return };
    let file = (selector % 2 == 0).then_some(rest);
    if let Ok(req) = request::build(&config, endpoint, &args, file) {
        let path = req.url.strip_prefix("https://api.example.com/v1/").expect("under the base URL");
        assert!(!path.contains('#') && !path.split(['/', '?']).any(|s| s == ".." || s == "."), "{}", req.url);
        assert_eq!(path.split('?').next().map(|p| p.split('/').count()), Some(endpoint.path.split('/').count() - 1));
    }
});
