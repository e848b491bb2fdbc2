//! Checks every request passes before it reaches the dispatcher: DNS-rebinding protection
//! (`Host`, `Origin`), `Accept` and `Content-Type`.

use http::header::{ACCEPT, CONTENT_TYPE, HOST, ORIGIN};
use http::{HeaderMap, StatusCode};

use super::config::HttpConfig;

/// A refused request: its status and the reason for the JSON-RPC error body.
pub(crate) type Refusal = (StatusCode, String);

/// `Host` and `Origin` must name an allowed host (when the config restricts them).
///
/// Every `Host` and `Origin` line is checked, not only the first. A value that is not UTF-8, or
/// whose port is not a number (`localhost:1@evil.example`, `[::1]evil`), is refused whatever the
/// allow-list. `Origin: null` (sent by sandboxed iframes and `file:` pages, so by any web page
/// that wants it) is refused unless every host is allowed ([`HttpConfig::allow_any_host`]) or
/// `null` is allowed explicitly (`allow_host("null")`).
pub(crate) fn check_origin(headers: &HeaderMap, config: &HttpConfig) -> Result<(), Refusal> {
    for host in headers.get_all(HOST) {
        let host = host.to_str().unwrap_or_default();
        if !(config.allows_host(host) && numeric_port(host)) {
            return Err((
                StatusCode::FORBIDDEN,
                format!("the Host `{host}` is not allowed (DNS rebinding protection)"),
            ));
        }
    }
    for origin in headers.get_all(ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let authority = origin
            .split_once("://")
            .map_or(origin, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        if !(config.allows_host(authority) && numeric_port(authority)) {
            return Err((
                StatusCode::FORBIDDEN,
                format!("the Origin `{origin}` is not allowed (DNS rebinding protection)"),
            ));
        }
    }
    Ok(())
}

/// Whether what follows the host of `authority` (`host`, `host:port`, `[v6]:port`) is empty or
/// a numeric port, so that the host compared against the allow-list is the whole host.
fn numeric_port(authority: &str) -> bool {
    let authority = authority.trim();
    let port = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            None | Some((_, "")) => "",
            Some((_, rest)) => match rest.strip_prefix(':') {
                Some(port) => port,
                None => return false,
            },
        },
        None => authority.rsplit_once(':').map_or("", |(_, port)| port),
    };
    port.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the `Accept` header lines admit `mime` (absent: anything). Media ranges compare
/// case-insensitively (RFC 9110 §8.3.1); a list may be split over several lines.
fn accepts(headers: &HeaderMap, mime: &str) -> bool {
    let mut lines = headers.get_all(ACCEPT).iter().peekable();
    if lines.peek().is_none() {
        return true;
    }
    let (kind, _) = mime.split_once('/').unwrap_or((mime, ""));
    lines
        .filter_map(|line| line.to_str().ok())
        .flat_map(|line| line.split(','))
        .any(|range| {
            let range = range.split(';').next().unwrap_or_default().trim();
            range.eq_ignore_ascii_case(mime)
                || range == "*/*"
                || range
                    .strip_suffix("/*")
                    .is_some_and(|k| k.eq_ignore_ascii_case(kind))
        })
}

/// A POST accepts both JSON and SSE responses and carries JSON.
pub(crate) fn check_post(headers: &HeaderMap) -> Result<(), Refusal> {
    if !(accepts(headers, "application/json") && accepts(headers, "text/event-stream")) {
        return Err((
            StatusCode::NOT_ACCEPTABLE,
            "the Accept header must list application/json and text/event-stream".to_owned(),
        ));
    }
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the Content-Type must be application/json".to_owned(),
        ));
    }
    Ok(())
}

/// A GET accepts an SSE stream.
pub(crate) fn check_get(headers: &HeaderMap) -> Result<(), Refusal> {
    if accepts(headers, "text/event-stream") {
        Ok(())
    } else {
        Err((
            StatusCode::NOT_ACCEPTABLE,
            "the Accept header must list text/event-stream".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_accept(lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(ACCEPT, http::HeaderValue::from_str(line).unwrap());
        }
        headers
    }

    #[test]
    fn accept_ranges_match_case_insensitively_across_lines() {
        let json = "application/json";
        assert!(accepts(&HeaderMap::new(), json));
        assert!(accepts(
            &with_accept(&["application/json, text/event-stream"]),
            json
        ));
        assert!(accepts(&with_accept(&["Application/JSON;q=0.9"]), json));
        assert!(accepts(
            &with_accept(&["text/event-stream", "application/json"]),
            json
        ));
        assert!(accepts(&with_accept(&["application/*"]), json));
        assert!(accepts(&with_accept(&["*/*"]), json));
        assert!(!accepts(&with_accept(&["text/event-stream"]), json));
        assert!(!accepts(
            &with_accept(&["text/*", "application/jsonl"]),
            json
        ));
    }
}
