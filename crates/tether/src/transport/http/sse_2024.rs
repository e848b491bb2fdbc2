//! The deprecated HTTP+SSE transport of 2024-11-05 (feature `http-sse`): a GET opens the
//! session's one SSE stream, whose first event, `endpoint`, names the URI to POST messages to;
//! every message of the server, responses included, arrives as a `message` event on that stream.
//! The sessions are the legacy dispatcher's, as on Streamable HTTP.

use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use tether_mcp_types::JSONRPCMessage;

use super::body::{Cut, HttpBody, OnDrop};
use super::config::HttpConfig;
use super::guard::{check_get, check_origin};
use super::reply;
use super::sessions::Sessions;
use crate::dispatch::Incoming;
use crate::server::{ServerHandler, ServerInner};

/// The 2024-11-05 HTTP+SSE endpoints of a [`Server`](crate::Server) (feature `http-sse`), as a
/// `tower::Service`: `GET` on any path opens a session's stream; `POST` to
/// `<that path>?sessionId=<id>` delivers a message (answered `202 Accepted`; the reply comes on
/// the stream). Mount it beside the Streamable HTTP endpoint (for example at `/sse`) for clients
/// that only speak the old transport.
pub struct HttpSse<H> {
    shared: Arc<SseShared<H>>,
}

struct SseShared<H> {
    server: Arc<ServerInner<H>>,
    config: HttpConfig,
    sessions: Sessions,
}

impl<H> Clone for HttpSse<H> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
        }
    }
}

impl<H> std::fmt::Debug for HttpSse<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSse").finish_non_exhaustive()
    }
}

impl<H: ServerHandler> HttpSse<H> {
    pub(crate) fn new(server: Arc<ServerInner<H>>, config: HttpConfig) -> Self {
        Self {
            shared: Arc::new(SseShared {
                server,
                config,
                sessions: Sessions::default(),
            }),
        }
    }
}

super::service::endpoint_service!(HttpSse, handle);

fn session_id(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("sessionId="))
}

async fn handle<H, B>(shared: Arc<SseShared<H>>, request: Request<B>) -> Response<HttpBody>
where
    H: ServerHandler,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (parts, body) = request.into_parts();
    if let Err((status, why)) = check_origin(&parts.headers, &shared.config) {
        return reply::refused(status, why);
    }
    match parts.method {
        Method::GET => open(&shared, parts.uri.path(), &parts.headers),
        Method::POST => {
            let Some(id) = session_id(parts.uri.query()) else {
                return reply::refused(
                    StatusCode::BAD_REQUEST,
                    "POST to the URI of the stream's `endpoint` event (with its sessionId)",
                );
            };
            let Some(session) = shared.sessions.get(id, shared.config.session_idle_timeout) else {
                return reply::refused(StatusCode::NOT_FOUND, format!("unknown session `{id}`"));
            };
            let max = shared.server.limits.max_message_bytes;
            let bytes = match Limited::new(body, max).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(_) => {
                    return reply::refused(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("the body exceeds the {max}-byte limit"),
                    );
                }
            };
            let message = match JSONRPCMessage::parse_slice(&bytes) {
                Ok(message) => message,
                Err(error) => {
                    let body = serde_json::to_string(&error.to_response()).unwrap_or_default();
                    return reply::json(StatusCode::BAD_REQUEST, body);
                }
            };
            let route = session.state.route().clone();
            if session.push(Incoming::Message(message, route)).await {
                reply::empty(StatusCode::ACCEPTED)
            } else {
                reply::refused(StatusCode::NOT_FOUND, format!("ended session `{id}`"))
            }
        }
        _ => reply::empty(StatusCode::METHOD_NOT_ALLOWED),
    }
}

/// GET: a new session and its stream, opened by the `endpoint` event. The session ends with
/// its stream.
fn open<H: ServerHandler>(
    shared: &Arc<SseShared<H>>,
    path: &str,
    headers: &http::HeaderMap,
) -> Response<HttpBody> {
    if let Err((status, why)) = check_get(headers) {
        return reply::refused(status, why);
    }
    let config = &shared.config;
    let Some(session) = shared.sessions.create(
        &shared.server,
        config.max_sessions,
        config.session_idle_timeout,
    ) else {
        return reply::refused(StatusCode::SERVICE_UNAVAILABLE, "too many sessions");
    };
    let Some(rx) = session.take_outbound() else {
        return reply::refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "a new session has no stream",
        );
    };
    let endpoint = format!("event: endpoint\ndata: {path}?sessionId={}\n\n", session.id);
    let owner = shared.clone();
    let id = session.id.clone();
    let on_drop: OnDrop = Box::new(move |_: Cut| {
        owner.sessions.remove(&id);
    });
    let mut response = Response::new(HttpBody::events_after(
        Bytes::from(endpoint),
        rx,
        config.keep_alive,
        Some(on_drop),
        vec![
            shared.server.shutdown.clone(),
            session.state.closed().clone(),
        ],
    ));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/event-stream"),
    );
    response
}
