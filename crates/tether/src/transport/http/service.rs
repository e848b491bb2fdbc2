//! The `tower::Service` that serves one MCP endpoint for both eras.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use tether_mcp_types::error_codes::PARSE_ERROR;
use tether_mcp_types::{
    ErrorObject, JSONRPCErrorResponse, JSONRPCMessage, JsonValue, ProtocolMeta,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::body::HttpBody;
use super::config::HttpConfig;
use super::guard::{check_origin, check_post};
use super::headers::{self, SESSION_ID};
use super::param_headers::ParamCache;
use super::sessions::Sessions;
use super::{legacy, modern, reply};
use crate::dispatch::{SeenMeta, is_modern};
use crate::route::Route;
use crate::server::{ServerHandler, ServerInner};
use crate::session::SessionState;

/// What every request of the service shares.
pub(crate) struct Shared<H> {
    pub(crate) server: Arc<ServerInner<H>>,
    pub(crate) config: HttpConfig,
    /// The session of 2026-07-28 requests: no legacy state, no server-to-client requests.
    pub(crate) stateless: Arc<SessionState>,
    pub(crate) sessions: Sessions,
    /// The `x-mcp-header` annotations of the tools called so far.
    pub(crate) param_cache: ParamCache,
    /// The `clientCapabilities` and `clientInfo` of the last 2026-07-28 POST, decoded: clients
    /// send the same ones with every request. Locked only while a POST's `_meta` is read.
    pub(crate) seen_meta: std::sync::Mutex<SeenMeta>,
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    /// Open 2026-07-28 `subscriptions/listen` streams, counted apart from request slots: a
    /// stream lives as long as its client wants, and must not hold a slot calls need.
    listens: Arc<Semaphore>,
}

impl<H> Shared<H> {
    /// A running slot for a 2026-07-28 request: at once, or after waiting in the bounded queue;
    /// `None` when the queue is full.
    pub(crate) async fn admit(&self) -> Option<OwnedSemaphorePermit> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Some(permit);
        }
        let max_waiting = self.server.limits.max_queued_requests;
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        let permit = self.slots.clone().acquire_owned().await.ok();
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        permit
    }

    /// A place for a 2026-07-28 `subscriptions/listen` stream, or `None` when
    /// [`HttpConfig::max_listens`] are open.
    pub(crate) fn admit_listen(&self) -> Option<OwnedSemaphorePermit> {
        self.listens.clone().try_acquire_owned().ok()
    }
}

/// The Streamable HTTP endpoint of a [`Server`](crate::Server), as a `tower::Service` over
/// `http` types: mount it in axum (`Router::new().route_service("/mcp", service)`), wrap it in
/// tower-http layers, or run it with [`serve`](fn@super::serve).
///
/// One endpoint serves both eras, telling them apart per request: an `Mcp-Session-Id` or an
/// `initialize` selects a legacy session; an `MCP-Protocol-Version: 2026-07-28` POST is served
/// statelessly.
pub struct StreamableHttp<H> {
    shared: Arc<Shared<H>>,
}

impl<H> Clone for StreamableHttp<H> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
        }
    }
}

impl<H> std::fmt::Debug for StreamableHttp<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamableHttp")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl<H: ServerHandler> StreamableHttp<H> {
    pub(crate) fn new(server: Arc<ServerInner<H>>, config: HttpConfig) -> Self {
        // Nothing is ever sent on the stateless session's own route.
        let (route, _) = Route::channel(1);
        let stateless = Arc::new(SessionState::new(route, server.limits.clone()));
        stateless.mark_modern();
        let slots = Arc::new(Semaphore::new(server.limits.max_concurrent_requests.max(1)));
        let listens = Arc::new(Semaphore::new(config.max_listens));
        let param_cache = ParamCache::new(server.events.subscribe());
        Self {
            shared: Arc::new(Shared {
                server,
                config,
                stateless,
                sessions: Sessions::default(),
                param_cache,
                seen_meta: std::sync::Mutex::default(),
                slots,
                waiting: AtomicUsize::new(0),
                listens,
            }),
        }
    }

    /// The settings this endpoint was built with.
    pub fn config(&self) -> &HttpConfig {
        &self.shared.config
    }

    /// Ends the long-lived streams: the server's `subscriptions/listen` streams (each with its
    /// closing result) and the legacy GET streams. Requests in flight go on.
    pub fn end_streams(&self) {
        self.shared.server.shutdown.cancel();
    }

    /// Ends every legacy session now (their handlers are cancelled) and the long-lived streams.
    pub fn shut_down(&self) {
        self.end_streams();
        self.shared.sessions.end_all();
    }
}

/// `tower::Service<http::Request<B>>` for an endpoint type (with a `shared` field) whose
/// requests `$handle(shared, request)` serves.
macro_rules! endpoint_service {
    ($endpoint:ident, $handle:path) => {
        impl<H, B> tower_service::Service<http::Request<B>> for $endpoint<H>
        where
            H: $crate::server::ServerHandler,
            B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
            B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        {
            type Response = http::Response<$crate::transport::http::HttpBody>;
            type Error = std::convert::Infallible;
            type Future = std::pin::Pin<
                Box<dyn std::future::Future<Output = Result<Self::Response, Self::Error>> + Send>,
            >;

            fn poll_ready(
                &mut self,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Result<(), Self::Error>> {
                std::task::Poll::Ready(Ok(()))
            }

            fn call(&mut self, request: http::Request<B>) -> Self::Future {
                let shared = self.shared.clone();
                Box::pin(async move { Ok($handle(shared, request).await) })
            }
        }
    };
}
#[cfg(feature = "http-sse")]
pub(crate) use endpoint_service;

endpoint_service!(StreamableHttp, handle);

/// Whether a request's headers select the 2026-07-28 era.
fn modern_header(headers: &http::HeaderMap) -> bool {
    headers::version(headers).is_some_and(|v| !v.has_initialize())
}

async fn handle<H, B>(shared: Arc<Shared<H>>, request: Request<B>) -> Response<HttpBody>
where
    H: ServerHandler,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (parts, body) = request.into_parts();
    if let Err((status, why)) = check_origin(&parts.headers, &shared.config) {
        return reply::refused(status, why);
    }
    let modern_headers = modern_header(&parts.headers);
    match parts.method {
        Method::POST => {}
        Method::GET | Method::DELETE if modern_headers => {
            let mut response = reply::empty(StatusCode::METHOD_NOT_ALLOWED);
            response
                .headers_mut()
                .insert(http::header::ALLOW, http::HeaderValue::from_static("POST"));
            return response;
        }
        Method::GET => return legacy::get(&shared, &parts.headers),
        Method::DELETE => return legacy::delete(&shared, &parts.headers),
        _ => return legacy::method_not_allowed(),
    }
    if let Err((status, why)) = check_post(&parts.headers) {
        return reply::refused(status, why);
    }
    let max = shared.server.limits.max_message_bytes;
    let bytes = match Limited::new(body, max).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            let too_large = error.is::<http_body_util::LengthLimitError>();
            return if too_large {
                reply::refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the body exceeds the {max}-byte limit"),
                )
            } else {
                reply::refused(StatusCode::BAD_REQUEST, format!("unreadable body: {error}"))
            };
        }
    };
    // As on stdio (`dispatch::line_input`): a leading UTF-8 byte order mark is ignored (RFC 8259
    // §8.1 lets a parser do so), and a body that is not UTF-8 is a parse error saying so, where
    // serde_json would say "invalid unicode code point" or "expected value".
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let message = format!(
            "Parse error: the body is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        );
        return reply::error(
            StatusCode::BAD_REQUEST,
            None,
            ErrorObject::new(PARSE_ERROR, message),
        );
    }
    let has_session = parts.headers.contains_key(SESSION_ID);
    let BodyMessages {
        messages: mut parsed,
        invalid,
        batch,
        protocol,
    } = match parse_body(bytes, !has_session) {
        Ok(parsed) => parsed,
        Err(refusal) => return *refusal,
    };
    let modern_body = !batch
        && matches!(&parsed[..], [JSONRPCMessage::Request(r)] if is_modern(&r.method, &protocol));
    if !has_session && (modern_headers || modern_body) {
        if batch {
            return reply::refused(
                StatusCode::BAD_REQUEST,
                "2026-07-28 has no JSON-RPC batches: one message per POST",
            );
        }
        return match parsed.pop() {
            Some(message) => {
                let headers = &parts.headers;
                modern::post(shared, headers, parts.extensions, message, protocol).await
            }
            None => reply::refused(StatusCode::BAD_REQUEST, "an empty body"),
        };
    }
    // The session's dispatcher reads the request as it was sent.
    if let [JSONRPCMessage::Request(request)] = &mut parsed[..] {
        protocol.restore_into(&mut request.params);
    }
    legacy::post(shared, &parts.headers, parsed, invalid, batch).await
}

/// The messages of a POST body.
struct BodyMessages {
    /// The messages, in order.
    messages: Vec<JSONRPCMessage>,
    /// The errors answering the batch members that are no message.
    invalid: Vec<JSONRPCErrorResponse>,
    /// Whether the body was a batch.
    batch: bool,
    /// The protocol `_meta` keys taken out of a single request of a POST without a session (a
    /// batch's, and a session's, stay in place for the session's dispatcher).
    protocol: ProtocolMeta,
}

/// A POST body's messages: one, or a batch's members (a member that is no message gets its own
/// error in the reply and the rest is served, JSON-RPC 2.0 §6, as on stdio); `Err` is the
/// response refusing the whole body. A single message is read in one pass
/// ([`JSONRPCMessage::parse_slice`]) with the same errors as the batch path; a single request
/// gives its protocol `_meta` keys up as text when `take_protocol` (a POST without a session,
/// which may be a 2026-07-28 one).
fn parse_body(bytes: &[u8], take_protocol: bool) -> Result<BodyMessages, Box<Response<HttpBody>>> {
    let refuse = |response: JSONRPCErrorResponse| {
        let body = serde_json::to_string(&response).unwrap_or_default();
        Box::new(reply::json(StatusCode::BAD_REQUEST, body))
    };
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let parsed = if take_protocol {
            JSONRPCMessage::parse_slice_taking_protocol_meta(bytes)
        } else {
            JSONRPCMessage::parse_slice(bytes).map(|message| (message, ProtocolMeta::default()))
        };
        return match parsed {
            Ok((message, protocol)) => Ok(BodyMessages {
                messages: vec![message],
                invalid: Vec::new(),
                batch: false,
                protocol,
            }),
            Err(error) => Err(refuse(error.to_response())),
        };
    }
    let value: JsonValue = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => {
            let response = JSONRPCMessage::parse_slice(bytes).err().map_or_else(
                || {
                    JSONRPCErrorResponse::new(
                        None,
                        ErrorObject::new(PARSE_ERROR, format!("Parse error: {error}")),
                    )
                },
                |e| e.to_response(),
            );
            return Err(refuse(response));
        }
    };
    let (messages, batch) = match value {
        JsonValue::Array(items) if items.is_empty() => {
            return Err(Box::new(reply::refused(
                StatusCode::BAD_REQUEST,
                "an empty JSON-RPC batch",
            )));
        }
        JsonValue::Array(items) => (items, true),
        single => (vec![single], false),
    };
    let mut parsed = Vec::with_capacity(messages.len());
    // A batch member that is no message gets its own error in the reply and the rest is served
    // (JSON-RPC 2.0 §6, as on stdio); a single message that is none is refused whole.
    let mut invalid = Vec::new();
    for message in messages {
        match JSONRPCMessage::from_value(message) {
            Ok(message) => parsed.push(message),
            Err(error) if batch => invalid.push(error.to_response()),
            Err(error) => return Err(refuse(error.to_response())),
        }
    }
    let protocol = match &mut parsed[..] {
        [JSONRPCMessage::Request(request)] if take_protocol && !batch => {
            ProtocolMeta::take_from(&mut request.params)
        }
        _ => ProtocolMeta::default(),
    };
    Ok(BodyMessages {
        messages: parsed,
        invalid,
        batch,
        protocol,
    })
}
