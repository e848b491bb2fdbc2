//! Routing a 2026-07-28 request, shared by the connection (stdio) and Streamable HTTP, and
//! serving one outside any connection (an HTTP POST).

use std::sync::Arc;

use tether_mcp_types::error_codes::{INVALID_PARAMS, METHOD_NOT_FOUND};
use tether_mcp_types::{
    ErrorObject, JSONRPCErrorResponse, JSONRPCRequest, JSONRPCResultResponse, JsonValue,
    ServerCapabilities, SubscriptionsListenRequestParams,
};
use tokio_util::sync::CancellationToken;

use super::discover::discover;
use super::listen::{self, Listen};
use super::modern::{self, ModernMeta};
use super::request::{handled_method, serve_request};
use crate::route::Route;
use crate::server::{ServerHandler, ServerInner};
use crate::session::SessionState;

/// What a 2026-07-28 request asks for.
#[derive(Debug)]
pub(crate) enum ModernTarget {
    /// `server/discover`, answered by the dispatcher.
    Discover,
    /// `subscriptions/listen`, a stream of notifications.
    Listen,
    /// A method a handler serves.
    Handler(&'static str),
}

/// Routes a 2026-07-28 method; `Err` is -32601 for a removed (naming its replacement),
/// unknown or unadvertised one.
pub(crate) fn modern_target(
    method: &str,
    capabilities: &ServerCapabilities,
) -> Result<ModernTarget, ErrorObject> {
    match method {
        "server/discover" => return Ok(ModernTarget::Discover),
        "subscriptions/listen" => return Ok(ModernTarget::Listen),
        _ => {}
    }
    if let Some(why) = modern::removed(method) {
        return Err(ErrorObject::new(
            METHOD_NOT_FOUND,
            format!("method not found: `{method}` does not exist in 2026-07-28 ({why})"),
        ));
    }
    handled_method(method, capabilities).map(ModernTarget::Handler)
}

/// A `subscriptions/listen` request made ready to run on `route`, or the error to answer.
pub(crate) fn prepare_listen<H>(
    server: &ServerInner<H>,
    request: JSONRPCRequest,
    meta: &ModernMeta,
    route: Route,
    cancel: CancellationToken,
) -> Result<Listen, ErrorObject> {
    let value = request.params.map_or(JsonValue::Null, JsonValue::Object);
    let params: SubscriptionsListenRequestParams = tether_mcp_types::decode::from_value(value)
        .map_err(|e| ErrorObject::new(INVALID_PARAMS, format!("invalid params: {e}")))?;
    let filter = listen::honoured(
        &params.notifications,
        &server.identity.capabilities,
        &meta.client_capabilities,
    )
    .map_err(|missing| missing.to_missing_required())?;
    Ok(Listen {
        id: request.id,
        filter,
        events: server.events.subscribe(),
        route,
        cancel,
        shutdown: server.shutdown.clone(),
        server_info: server.identity.modern_server_info.clone(),
    })
}

/// Serves one 2026-07-28 request outside any connection: everything it sends, its response
/// included, goes on `route`; `cancel` is its cancellation (on HTTP, the client closing the
/// stream). `session` is the server's stateless session (no legacy state; it accepts no
/// server-to-client request).
#[cfg_attr(not(feature = "http"), allow(dead_code))] // Streamable HTTP serves modern POSTs with it
pub(crate) async fn serve_stateless<H: ServerHandler>(
    server: Arc<ServerInner<H>>,
    session: Arc<SessionState>,
    request: JSONRPCRequest,
    meta: ModernMeta,
    route: Route,
    cancel: CancellationToken,
) {
    let id = request.id.clone();
    let reply = match modern_target(&request.method, &server.identity.capabilities) {
        Ok(ModernTarget::Discover) => discover(&server.identity),
        // Both futures are large (every handler method's state): boxed where they are made,
        // they are not copied again with this one when the transport spawns it.
        Ok(ModernTarget::Listen) => {
            match prepare_listen(&server, request, &meta, route.clone(), cancel) {
                Ok(listen) => return Box::pin(listen::run(listen)).await,
                Err(error) => Err(error),
            }
        }
        Ok(ModernTarget::Handler(method)) => {
            return Box::pin(serve_request(
                server,
                session,
                route,
                request,
                method,
                cancel,
                Some(meta),
            ))
            .await;
        }
        Err(error) => Err(error),
    };
    let sent = match reply {
        Ok(JsonValue::Object(result)) => route.send(&JSONRPCResultResponse::new(id, result)).await,
        Ok(_) => Ok(()),
        Err(error) => {
            route
                .send(&JSONRPCErrorResponse::new(Some(id), error))
                .await
        }
    };
    if let Err(error) = sent {
        tracing::debug!(%error, "could not answer a stateless request");
    }
}

/// The definition of tool `name` as the handler lists it to this 2026-07-28 request (every page
/// of `tools/list`, at most `MAX_PAGES`), for the transport's `Mcp-Param-*` checks; `None` if
/// the handler does not list it.
#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) async fn tool_definition<H: ServerHandler>(
    server: &ServerInner<H>,
    session: &Arc<SessionState>,
    meta: &ModernMeta,
    name: &str,
) -> Option<tether_mcp_types::Tool> {
    const MAX_PAGES: usize = 100;
    let (route, _) = Route::channel(1);
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let scope = crate::scope::RequestScope::new(
            tether_mcp_types::RequestId::from("tools/list for Mcp-Param-*"),
            "tools/list",
            session.clone(),
            route.clone(),
            None,
            CancellationToken::new(),
            crate::scope::Era::Modern(Box::new(crate::scope::Modern {
                version: meta.version.clone(),
                client_capabilities: meta.client_capabilities.clone(),
                client_info: meta.client_info.clone(),
                log_level: None,
                round: None,
            })),
        );
        let params = cursor
            .take()
            .map(|c| tether_mcp_types::PaginatedRequestParams {
                cursor: Some(c),
                ..Default::default()
            });
        let page = server
            .handler
            .list_tools(params, crate::inflight::RequestCx::new(&scope))
            .await
            .ok()?;
        if let Some(tool) = page.tools.into_iter().find(|t| t.name == name) {
            return Some(tool);
        }
        cursor = Some(page.next_cursor?);
    }
    None
}
