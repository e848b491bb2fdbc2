//! A 2026-07-28 POST: one request (or notification) per POST, its `_meta` and mirrored headers
//! checked, served statelessly; the answer is JSON or, once the request sends a notification
//! first, an SSE stream. Dropping the response (the client disconnected) cancels the request.

use std::sync::Arc;

use http::{HeaderMap, Response, StatusCode};
use tether_mcp_types::error_codes::INVALID_REQUEST;
use tether_mcp_types::{ErrorObject, JSONRPCMessage, ProtocolMeta};
use tokio_util::sync::CancellationToken;

use super::body::HttpBody;
use super::first_message::first_message;
use super::headers::{check_mirrored, check_version_mirror};
use super::param_headers::{self, ParamHeader};
use super::reply;
use super::service::Shared;
use crate::dispatch::{ModernMeta, read_meta, serve_stateless, tool_definition};
use crate::route::Route;
use crate::server::ServerHandler;

/// Serves a parsed 2026-07-28 POST body.
pub(crate) async fn post<H: ServerHandler>(
    shared: Arc<Shared<H>>,
    headers: &HeaderMap,
    extensions: http::Extensions,
    message: JSONRPCMessage,
    protocol: ProtocolMeta,
) -> Response<HttpBody> {
    let request = match message {
        JSONRPCMessage::Request(request) => request,
        // No client notification means anything over 2026-07-28 HTTP (cancellation is closing
        // the stream): accepted and ignored.
        JSONRPCMessage::Notification(_) => return reply::empty(StatusCode::ACCEPTED),
        JSONRPCMessage::Response(_) | JSONRPCMessage::Error(_) => {
            return reply::refused(
                StatusCode::BAD_REQUEST,
                "a 2026-07-28 client sends no responses: the server sends it no requests",
            );
        }
    };
    let id = request.id.clone();
    let server = &shared.server;
    if let Err(error) = check_version_mirror(headers, protocol.protocol_version().as_deref()) {
        return reply::error(StatusCode::BAD_REQUEST, Some(id), error);
    }
    let read = {
        let mut seen = shared
            .seen_meta
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read_meta(&protocol, &server.identity.versions, &mut seen)
    };
    let mut meta = match read {
        Ok(meta) => meta,
        Err(error) => return reply::error(StatusCode::BAD_REQUEST, Some(id), error),
    };
    if let Err(error) = check_mirrored(
        headers,
        &meta.version,
        &request.method,
        request.params.as_ref(),
    ) {
        return reply::error(StatusCode::BAD_REQUEST, Some(id), error);
    }
    if request.method == "tools/call"
        && let Err(error) =
            check_param_headers(&shared, headers, &meta, request.params.as_ref()).await
    {
        return reply::error(StatusCode::BAD_REQUEST, Some(id), error);
    }
    meta.extensions = Some(Arc::new(extensions));
    let permit = if request.method == "subscriptions/listen" {
        shared.admit_listen().ok_or_else(|| {
            format!(
                "too many subscriptions/listen streams: this endpoint allows {} \
                 (HttpConfig::max_listens)",
                shared.config.max_listens
            )
        })
    } else {
        shared.admit().await.ok_or_else(|| {
            format!(
                "server busy: every request slot is taken and the queue is full \
                 (Limits::max_concurrent_requests {}, Limits::max_queued_requests {})",
                server.limits.max_concurrent_requests, server.limits.max_queued_requests
            )
        })
    };
    let permit = match permit {
        Ok(permit) => permit,
        Err(message) => {
            let error = ErrorObject::new(INVALID_REQUEST, message);
            return reply::error(StatusCode::SERVICE_UNAVAILABLE, Some(id), error);
        }
    };
    let (route, mut rx) = Route::channel(server.limits.outbound_capacity);
    let cancel = CancellationToken::new();
    let disconnect = cancel.clone().drop_guard();
    let task = serve_stateless(
        server.clone(),
        shared.stateless.clone(),
        request,
        meta,
        route,
        cancel,
    );
    // The guard lives in the response future until the response is built, then in the SSE
    // body: a client that goes away at any point cancels the request.
    let first = first_message(
        Box::pin(async move {
            task.await;
            drop(permit);
        }),
        &mut rx,
    )
    .await;
    let on_drop: super::body::OnDrop = Box::new(move |_| drop(disconnect));
    reply::lazy(
        first,
        rx,
        true,
        shared.config.keep_alive,
        Some(on_drop),
        reply::modern_status,
        &[],
        None,
    )
}

/// The `Mcp-Param-*` headers of a `tools/call`, checked against the arguments the called
/// tool's `x-mcp-header` annotations name (an unknown tool has none: the handler answers it).
async fn check_param_headers<H: ServerHandler>(
    shared: &Shared<H>,
    headers: &HeaderMap,
    meta: &ModernMeta,
    params: Option<&tether_mcp_types::JsonObject>,
) -> Result<(), ErrorObject> {
    let Some(name) = params.and_then(|p| p.get("name")).and_then(|n| n.as_str()) else {
        return Ok(());
    };
    let declared = match shared.param_cache.get(name) {
        Some(declared) => declared,
        None => {
            let tool = tool_definition(&shared.server, &shared.stateless, meta, name).await;
            let declared: Arc<Vec<ParamHeader>> = Arc::new(
                tool.map(|t| param_headers::declared(&t.input_schema))
                    .unwrap_or_default(),
            );
            shared.param_cache.put(name, declared.clone());
            declared
        }
    };
    if declared.is_empty() {
        return Ok(());
    }
    let arguments = params
        .and_then(|p| p.get("arguments"))
        .and_then(|a| a.as_object());
    param_headers::check(headers, &declared, arguments)
}
