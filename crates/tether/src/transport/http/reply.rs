//! Building responses: JSON-RPC messages as JSON, errors with the status the specification
//! gives them, and the lazy choice between a JSON body and an SSE stream.

use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, Response, StatusCode};
use tether_mcp_types::error_codes::{
    HEADER_MISMATCH, INVALID_REQUEST, METHOD_NOT_FOUND, MISSING_REQUIRED_CLIENT_CAPABILITY,
    UNSUPPORTED_PROTOCOL_VERSION,
};
use tether_mcp_types::{ErrorObject, JSONRPCErrorResponse, RequestId};
use tokio::sync::mpsc;

use super::body::{EventIds, HttpBody, OnDrop};
use crate::route::{Peeked, peek};

/// A JSON body with `status`.
pub(crate) fn json(status: StatusCode, body: String) -> Response<HttpBody> {
    let mut response = Response::new(HttpBody::full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A JSON-RPC error response with `status`.
pub(crate) fn error(
    status: StatusCode,
    id: Option<RequestId>,
    error: ErrorObject,
) -> Response<HttpBody> {
    let body = serde_json::to_string(&JSONRPCErrorResponse::new(id, error)).unwrap_or_default();
    json(status, body)
}

/// A refused request without a readable id: `status` and an id-less -32600 error naming why.
pub(crate) fn refused(status: StatusCode, why: impl Into<String>) -> Response<HttpBody> {
    error(status, None, ErrorObject::new(INVALID_REQUEST, why))
}

/// A response with no body (`202 Accepted` for notifications, `405`, ...).
pub(crate) fn empty(status: StatusCode) -> Response<HttpBody> {
    let mut response = Response::new(HttpBody::empty());
    *response.status_mut() = status;
    response
}

/// The status a 2026-07-28 JSON-RPC error travels with: 404 for an unknown method, 400 for
/// the header, capability and version errors, 200 otherwise.
pub(crate) fn modern_status(code: i64) -> StatusCode {
    match code {
        METHOD_NOT_FOUND => StatusCode::NOT_FOUND,
        HEADER_MISMATCH | MISSING_REQUIRED_CLIENT_CAPABILITY | UNSUPPORTED_PROTOCOL_VERSION => {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    }
}

/// Streams what a request sends on its route, given its first message (`None`: the route
/// closed without one) and the rest to come on `rx`. If the first message is already the response
/// of a single request, it is answered as plain JSON (with the status `status_of` gives an
/// error code); otherwise as an SSE stream of everything until the route closes (with event
/// ids and a priming event when `ids` is given).
#[allow(clippy::too_many_arguments)] // the first message, the rest, and how to answer
pub(crate) fn lazy(
    first: Option<String>,
    rx: mpsc::Receiver<String>,
    single: bool,
    keep_alive: std::time::Duration,
    on_drop: Option<OnDrop>,
    status_of: fn(i64) -> StatusCode,
    extra_headers: &[(&'static str, String)],
    ids: Option<EventIds>,
) -> Response<HttpBody> {
    let Some(first) = first else {
        // The request ended without a response (cancelled): nothing to say.
        return empty(StatusCode::ACCEPTED);
    };
    let mut response = match peek(&first) {
        Peeked::Response(code) if single => {
            let status = code.map_or(StatusCode::OK, status_of);
            json(status, first)
        }
        _ => {
            let mut response = Response::new(HttpBody::resumable(
                Some(first),
                rx,
                keep_alive,
                on_drop,
                Vec::new(),
                ids,
            ));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
            response
        }
    };
    for (name, value) in extra_headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(*name, value);
        }
    }
    response
}
