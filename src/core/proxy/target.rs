//! The parts of a page request's URL the proxy reads, taken from the absolute URL a `Request`
//! carries: its origin, its path (still percent-encoded) and its query. The query and fragment are
//! cut first, so nothing after `?` can pass for the path.

/// The parts of an absolute URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// `scheme://host[:port]`.
    pub origin: &'a str,
    /// From the first `/` after the authority (`/` when there is none).
    pub path: &'a str,
    /// After `?`, without it (`""` when there is none).
    pub query: &'a str,
}

impl<'a> Target<'a> {
    pub fn of(url: &'a str) -> Target<'a> {
        let url = &url[..url.find('#').unwrap_or(url.len())];
        let (before_query, query) = url.split_once('?').unwrap_or((url, ""));
        let scheme_end = before_query.find("://").map_or(0, |i| i + 3);
        let path_start = before_query[scheme_end..].find('/').map_or(before_query.len(), |i| scheme_end + i);
        let path = if path_start == before_query.len() { "/" } else { &before_query[path_start..] };
        Target { origin: &before_query[..path_start], path, query }
    }
}
