//! Legacy Streamable HTTP (2025-03-26 … 2025-11-25): `initialize` opens a session; each POST's
//! requests are answered on that POST (JSON, or SSE from the first notification or nested
//! request on); GET opens the session's standalone stream (notifications only); DELETE ends the
//! session. A client disconnecting is not a cancellation: the request goes on, and a nested
//! request whose stream is gone fails with `StreamClosed` (never re-routed to the GET stream).

use std::sync::Arc;

use http::{HeaderMap, Response, StatusCode};
use tether_mcp_types::error_codes::{INVALID_REQUEST, METHOD_NOT_FOUND};
use tether_mcp_types::{ErrorObject, JSONRPCErrorResponse, JSONRPCMessage};

use super::body::{Cut, EventIds, HttpBody, OnDrop};
use super::guard::check_get;
use super::headers::{self, LAST_EVENT_ID, SESSION_ID, header};
use super::reply;
use super::service::Shared;
use super::sessions::LegacySession;
use crate::dispatch::Incoming;
use crate::route::Route;
use crate::server::ServerHandler;

fn unknown_session(id: &str) -> Response<HttpBody> {
    reply::refused(
        StatusCode::NOT_FOUND,
        format!("unknown or ended session `{id}`: initialize a new one without Mcp-Session-Id"),
    )
}

/// The session a request names, or the response refusing it (400 without the header, 404 for
/// an unknown session).
#[allow(clippy::result_large_err)] // the refusal is the response itself, built once
fn session_of<H>(
    shared: &Shared<H>,
    request_headers: &HeaderMap,
) -> Result<Arc<LegacySession>, Response<HttpBody>> {
    match header(request_headers, SESSION_ID) {
        Ok(Some(id)) => shared
            .sessions
            .get(id, shared.config.session_idle_timeout)
            .ok_or_else(|| unknown_session(id)),
        _ => Err(reply::refused(
            StatusCode::BAD_REQUEST,
            "the Mcp-Session-Id header is missing: send initialize first",
        )),
    }
}

fn is_initialize(messages: &[JSONRPCMessage]) -> bool {
    matches!(messages, [JSONRPCMessage::Request(r)] if r.method == "initialize")
}

/// Serves a legacy POST of one message (`batch` false) or a batch; `invalid` answers the
/// members of a batch that are no message (they go in the batch's reply).
pub(crate) async fn post<H: ServerHandler>(
    shared: Arc<Shared<H>>,
    request_headers: &HeaderMap,
    messages: Vec<JSONRPCMessage>,
    invalid: Vec<JSONRPCErrorResponse>,
    batch: bool,
) -> Response<HttpBody> {
    if header(request_headers, SESSION_ID).ok().flatten().is_none() {
        if !batch && is_initialize(&messages) {
            return initialize(shared, messages).await;
        }
        return reply::refused(
            StatusCode::BAD_REQUEST,
            "the Mcp-Session-Id header is missing: send initialize first (or the 2026-07-28 \
             MCP-Protocol-Version header and per-request _meta)",
        );
    }
    let session = match session_of(&shared, request_headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    let negotiated = session.state.negotiated().map(|n| n.version.clone());
    if let (Some(sent), Some(negotiated)) = (headers::version(request_headers), &negotiated)
        && &sent != negotiated
    {
        return reply::refused(
            StatusCode::BAD_REQUEST,
            format!("MCP-Protocol-Version {sent} is not this session's version {negotiated}"),
        );
    }
    if batch && !negotiated.as_ref().is_some_and(|v| v.has_batches()) {
        return reply::refused(
            StatusCode::BAD_REQUEST,
            "JSON-RPC batches exist only in 2025-03-26",
        );
    }
    let requests = messages
        .iter()
        .filter(|m| matches!(m, JSONRPCMessage::Request(_)))
        .count()
        + invalid.len();
    let (route, mut rx) = Route::channel(shared.server.limits.outbound_capacity);
    if !invalid.is_empty() {
        // On their own task: the stream that drains the route is read only once this returns.
        let errors = route.clone();
        tokio::spawn(async move {
            for error in invalid {
                if errors.send(&error).await.is_err() {
                    return;
                }
            }
        });
    }
    for message in messages {
        if !session
            .push(Incoming::Message(message, route.clone()))
            .await
        {
            return unknown_session(&session.id);
        }
    }
    drop(route);
    if requests == 0 {
        return reply::empty(StatusCode::ACCEPTED);
    }
    // 2025-11-25 streams carry event ids; one cut before its end is kept for resumption.
    let resumable = negotiated
        .as_ref()
        .is_some_and(|v| *v >= tether_mcp_types::ProtocolVersion::V_2025_11_25);
    let (ids, on_drop) = if resumable {
        let owner = session.clone();
        let park: OnDrop = Box::new(move |cut: Cut| {
            if !cut.finished {
                owner.park(cut);
            }
        });
        (Some(EventIds::new(session.stream_name())), Some(park))
    } else {
        (None, None)
    };
    let first = rx.recv().await;
    reply::lazy(
        first,
        rx,
        requests == 1 && !batch,
        shared.config.keep_alive,
        on_drop,
        |_| StatusCode::OK,
        &[],
        ids,
    )
}

/// `initialize` without a session: a new session answers it, its id in `Mcp-Session-Id`.
async fn initialize<H: ServerHandler>(
    shared: Arc<Shared<H>>,
    messages: Vec<JSONRPCMessage>,
) -> Response<HttpBody> {
    let config = &shared.config;
    let Some(session) = shared.sessions.create(
        &shared.server,
        config.max_sessions,
        config.session_idle_timeout,
    ) else {
        return reply::refused(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "too many sessions: this server allows {}",
                config.max_sessions
            ),
        );
    };
    let (route, mut rx) = Route::channel(4);
    for message in messages {
        session
            .push(Incoming::Message(message, route.clone()))
            .await;
    }
    drop(route);
    let first = rx.recv().await;
    let response = reply::lazy(
        first,
        rx,
        true,
        config.keep_alive,
        None,
        |_| StatusCode::OK,
        &[(SESSION_ID, session.id.clone())],
        None,
    );
    if session.state.negotiated().is_none() {
        // initialize failed: no session to keep.
        shared.sessions.remove(&session.id);
        let mut response = response;
        response.headers_mut().remove(SESSION_ID);
        return response;
    }
    response
}

/// GET: the session's standalone SSE stream (one at a time).
pub(crate) fn get<H>(shared: &Shared<H>, request_headers: &HeaderMap) -> Response<HttpBody> {
    if let Err((status, why)) = check_get(request_headers) {
        return reply::refused(status, why);
    }
    let session = match session_of(shared, request_headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    if let Some(resumed) = resume(shared, &session, request_headers) {
        return resumed;
    }
    let Some(rx) = session.take_outbound() else {
        return reply::refused(
            StatusCode::CONFLICT,
            "this session already has a GET stream open",
        );
    };
    let owner = session.clone();
    let on_drop: OnDrop = Box::new(move |cut: Cut| owner.return_outbound(cut.rx));
    let mut response = Response::new(HttpBody::events(
        None,
        rx,
        shared.config.keep_alive,
        Some(on_drop),
        vec![
            shared.server.shutdown.clone(),
            session.state.closed().clone(),
        ],
    ));
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-cache"),
    );
    response
}

/// GET with `Last-Event-ID` naming a POST stream that was cut (2025-11-25): the events after
/// that id again, then the rest of the stream. `None` when the header is absent or names no
/// parked stream (the GET opens the standalone stream instead).
fn resume<H>(
    shared: &Shared<H>,
    session: &Arc<LegacySession>,
    request_headers: &HeaderMap,
) -> Option<Response<HttpBody>> {
    let last = header(request_headers, LAST_EVENT_ID).ok().flatten()?;
    let (stream, n) = last.rsplit_once('-')?;
    let n: u64 = n.parse().ok()?;
    let cut = session.unpark(stream)?;
    let ids = cut.ids.map(|ids| ids.resume(n));
    let owner = session.clone();
    let park: OnDrop = Box::new(move |cut: Cut| {
        if !cut.finished {
            owner.park(cut);
        }
    });
    let body = HttpBody::resumable(
        None,
        cut.rx,
        shared.config.keep_alive,
        Some(park),
        vec![session.state.closed().clone()],
        ids,
    );
    let mut response = Response::new(body);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/event-stream"),
    );
    Some(response)
}

/// DELETE: ends the session and cancels what it runs.
pub(crate) fn delete<H>(shared: &Shared<H>, request_headers: &HeaderMap) -> Response<HttpBody> {
    match header(request_headers, SESSION_ID) {
        Ok(Some(id)) if shared.sessions.remove(id) => reply::empty(StatusCode::OK),
        Ok(Some(id)) => unknown_session(id),
        _ => reply::error(
            StatusCode::BAD_REQUEST,
            None,
            ErrorObject::new(INVALID_REQUEST, "the Mcp-Session-Id header is missing"),
        ),
    }
}

/// A method this transport does not serve.
pub(crate) fn method_not_allowed() -> Response<HttpBody> {
    let mut response = reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        ErrorObject::new(
            METHOD_NOT_FOUND,
            "the MCP endpoint serves POST, GET and DELETE",
        ),
    );
    response.headers_mut().insert(
        http::header::ALLOW,
        http::HeaderValue::from_static("POST, GET, DELETE"),
    );
    response
}
