//! Matching a request line against the core's Outlign table (`OUTLIGN_ENDPOINTS`), plus
//! `/oauth/authorize`, which the table leaves out: browsers open it, the SDK never calls it.

use tmr_client::core::endpoint::Endpoint;
use tmr_client::core::outlign::OUTLIGN_ENDPOINTS;

pub const AUTHORIZE_PATH: &str = "/oauth/authorize";

/// How a request line matched.
#[derive(Debug)]
pub enum Route {
    /// A table row and its path parameters, as written (ids are checked by the handlers).
    Api(&'static Endpoint, Vec<String>),
    Authorize,
    /// The path exists, but not with this method: 405 with these methods in `Allow`.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

pub fn route(method: &str, path: &str) -> Route {
    let path = path.trim_end_matches('/');
    if path == AUTHORIZE_PATH {
        return if method == "GET" { Route::Authorize } else { Route::WrongMethod(vec!["GET"]) };
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut matched: Vec<(&'static Endpoint, Vec<String>)> = Vec::new();
    for e in &OUTLIGN_ENDPOINTS {
        let template: Vec<&str> = e.path.split('/').skip(1).collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let fits = template.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') {
                params.push((*s).to_owned());
                !s.is_empty()
            } else {
                t == s
            }
        });
        if fits {
            matched.push((e, params));
        }
    }
    if matched.is_empty() {
        return Route::NotFound;
    }
    let methods = matched.iter().map(|(e, _)| e.method.as_str()).collect();
    match matched.into_iter().find(|(e, _)| e.method.as_str() == method) {
        Some((e, params)) => Route::Api(e, params),
        None => Route::WrongMethod(methods),
    }
}
