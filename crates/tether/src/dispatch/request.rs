//! Serving one request: decode its params, check declared capabilities, drive the handler,
//! write exactly one response (none if cancelled).

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tether_mcp_types::error_codes::{INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND};
use tether_mcp_types::{
    CallToolRequestParams, CallToolResult, ContentBlock, EmptyResult, ErrorObject,
    JSONRPCErrorResponse, JSONRPCRequest, JSONRPCResultResponse, JsonObject, JsonValue,
    ProgressToken, ProtocolVersion, RequestId, ResourceRequestParams,
};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::drive::drive;
use crate::capability_check::uncovered;
use crate::error::{MissingCapability, ServerError};
use crate::inflight::{InFlight, RequestCx};
use crate::scope::{RequestScope, ScopeState};
use crate::server::{ServerHandler, ServerInner, Target};
use crate::session::SessionState;
use crate::shape::Shape;

/// Whether the server's capabilities enable a method.
pub(crate) type CapabilityGate = fn(&tether_mcp_types::ServerCapabilities) -> bool;

/// The request methods that run on a request task, with the capability that enables each.
pub(crate) fn method_for(name: &str) -> Option<(&'static str, CapabilityGate)> {
    let entry: (&'static str, CapabilityGate) = match name {
        "tools/list" => ("tools/list", |c| c.tools.is_some()),
        "tools/call" => ("tools/call", |c| c.tools.is_some()),
        "prompts/list" => ("prompts/list", |c| c.prompts.is_some()),
        "prompts/get" => ("prompts/get", |c| c.prompts.is_some()),
        "resources/list" => ("resources/list", |c| c.resources.is_some()),
        "resources/templates/list" => ("resources/templates/list", |c| c.resources.is_some()),
        "resources/read" => ("resources/read", |c| c.resources.is_some()),
        "resources/subscribe" => ("resources/subscribe", |c| {
            c.resources
                .as_ref()
                .is_some_and(|r| r.subscribe == Some(true))
        }),
        "resources/unsubscribe" => ("resources/unsubscribe", |c| {
            c.resources
                .as_ref()
                .is_some_and(|r| r.subscribe == Some(true))
        }),
        "completion/complete" => ("completion/complete", |c| c.completions.is_some()),
        "logging/setLevel" => ("logging/setLevel", |c| c.logging.is_some()),
        _ => return None,
    };
    Some(entry)
}

/// What a request produced: a result, an error, or nothing (cancelled).
type Outcome = Option<Result<JsonValue, ErrorObject>>;

fn decode<P: DeserializeOwned>(params: Option<JsonObject>) -> Result<P, ErrorObject> {
    let value = params.map_or(JsonValue::Null, JsonValue::Object);
    tether_mcp_types::decode::from_value(value)
        .map_err(|e| ErrorObject::new(INVALID_PARAMS, format!("invalid params: {e}")))
}

fn decode_optional<P: DeserializeOwned>(
    params: Option<JsonObject>,
) -> Result<Option<P>, ErrorObject> {
    params.map(|p| decode(Some(p))).transpose()
}

/// Serializes a handler's result, shaped for the session's revision first (the one place
/// every result passes on its way to the wire; see [`crate::shape`]).
fn encode<T: Serialize + Shape>(
    result: Result<T, ServerError>,
    version: &ProtocolVersion,
) -> Result<JsonValue, ErrorObject> {
    match result {
        Ok(mut value) => {
            value.shape(version);
            serde_json::to_value(value).map_err(|e| ErrorObject::new(INTERNAL_ERROR, e.to_string()))
        }
        Err(ServerError(error)) => Err(error),
    }
}

fn progress_token(params: Option<&JsonObject>) -> Option<ProgressToken> {
    let meta = params?.get("_meta")?;
    serde_json::from_value(meta.get("progressToken")?.clone()).ok()
}

/// Serves one request and writes its response.
pub(crate) async fn serve_request<H: ServerHandler>(
    server: Arc<ServerInner<H>>,
    session: Arc<SessionState>,
    request: JSONRPCRequest,
    method: &'static str,
    cancel: CancellationToken,
) {
    let span = tracing::info_span!("mcp.request", id = %request.id, method);
    async move {
        let JSONRPCRequest { id, params, .. } = request;
        let scope = RequestScope::new(
            id.clone(),
            method,
            session.clone(),
            progress_token(params.as_ref()),
            cancel,
        );
        let outcome = run(&server, &scope, params).await;
        respond(&scope, &session, id, outcome).await;
    }
    .instrument(span)
    .await
}

async fn run<H: ServerHandler>(
    server: &ServerInner<H>,
    scope: &RequestScope,
    params: Option<JsonObject>,
) -> Outcome {
    let handler = &server.handler;
    let version = scope.protocol_version();
    macro_rules! plain {
        ($method:ident, optional) => {
            match decode_optional(params) {
                Ok(p) => drive(scope, handler.$method(p, RequestCx::new(scope)))
                    .await
                    .map(|r| encode(r, &version)),
                Err(e) => Some(Err(e)),
            }
        };
        ($method:ident) => {
            match decode(params) {
                Ok(p) => drive(scope, handler.$method(p, RequestCx::new(scope)))
                    .await
                    .map(|r| encode(r, &version)),
                Err(e) => Some(Err(e)),
            }
        };
    }
    match scope.method() {
        "tools/list" => plain!(list_tools, optional),
        "prompts/list" => plain!(list_prompts, optional),
        "resources/list" => plain!(list_resources, optional),
        "resources/templates/list" => plain!(list_resource_templates, optional),
        "completion/complete" => plain!(complete),
        // The dispatcher records the subscription before the hook runs (so an update racing
        // the response is not missed) and forgets it again if the hook refuses it.
        "resources/subscribe" => match decode::<ResourceRequestParams>(params) {
            Ok(p) => {
                let (subscriptions, uri) = (&scope.session().subscriptions, p.uri.clone());
                let added = subscriptions.add(&uri);
                let outcome = empty(
                    drive(scope, handler.subscribe(p, RequestCx::new(scope)))
                        .await
                        .map(|r| encode(r, &version)),
                );
                if added && !matches!(outcome, Some(Ok(_))) {
                    subscriptions.remove(&uri);
                }
                outcome
            }
            Err(e) => Some(Err(e)),
        },
        // Forgotten before the hook runs, whatever it answers; an unknown URI is fine.
        "resources/unsubscribe" => match decode::<ResourceRequestParams>(params) {
            Ok(p) => {
                scope.session().subscriptions.remove(&p.uri);
                empty(
                    drive(scope, handler.unsubscribe(p, RequestCx::new(scope)))
                        .await
                        .map(|r| encode(r, &version)),
                )
            }
            Err(e) => Some(Err(e)),
        },
        "logging/setLevel" => match decode::<tether_mcp_types::SetLevelRequestParams>(params) {
            Ok(p) => {
                scope.session().set_log_level(p.level);
                empty(
                    drive(scope, handler.set_level(p, RequestCx::new(scope)))
                        .await
                        .map(|r| encode(r, &version)),
                )
            }
            Err(e) => Some(Err(e)),
        },
        "tools/call" => call_tool(server, scope, params).await,
        "prompts/get" => match decode::<tether_mcp_types::GetPromptRequestParams>(params) {
            Ok(p) => match missing(server, scope, Target::Prompt(&p.name)) {
                Some(m) => Some(Err(m.to_invalid_params())),
                None => drive(scope, handler.get_prompt(p, InFlight::new(scope)))
                    .await
                    .map(|r| encode(r, &version)),
            },
            Err(e) => Some(Err(e)),
        },
        "resources/read" => match decode::<tether_mcp_types::ReadResourceRequestParams>(params) {
            Ok(p) => match missing(server, scope, Target::Resource(&p.uri)) {
                Some(m) => Some(Err(m.to_invalid_params())),
                None => drive(scope, handler.read_resource(p, InFlight::new(scope)))
                    .await
                    .map(|r| encode(r, &version)),
            },
            Err(e) => Some(Err(e)),
        },
        other => Some(Err(ErrorObject::new(
            METHOD_NOT_FOUND,
            format!("method not found: {other}"),
        ))),
    }
}

/// An empty result for handlers that return `()`.
fn empty(outcome: Outcome) -> Outcome {
    outcome.map(|r| r.map(|_| serde_json::to_value(EmptyResult::default()).unwrap_or_default()))
}

/// The capabilities `target` declares that the client did not.
fn missing<H: ServerHandler>(
    server: &ServerInner<H>,
    scope: &RequestScope,
    target: Target<'_>,
) -> Option<MissingCapability> {
    let required = server.handler.required_capabilities(target)?;
    let uncovered = uncovered(scope.client_capabilities(), &required)?;
    Some(MissingCapability::new(
        capability_name(&uncovered),
        uncovered,
    ))
}

fn capability_name(caps: &tether_mcp_types::ClientCapabilities) -> &'static str {
    if caps.elicitation.as_ref().is_some_and(|e| e.url.is_some()) {
        "elicitation.url"
    } else if caps.elicitation.is_some() {
        "elicitation"
    } else if caps.sampling.is_some() {
        "sampling"
    } else if caps.roots.is_some() {
        "roots"
    } else if caps.extensions.is_some() {
        "extensions"
    } else {
        "experimental"
    }
}

async fn call_tool<H: ServerHandler>(
    server: &ServerInner<H>,
    scope: &RequestScope,
    params: Option<JsonObject>,
) -> Outcome {
    let params: CallToolRequestParams = match decode(params) {
        Ok(p) => p,
        Err(e) => return Some(Err(e)),
    };
    if let Some(m) = missing(server, scope, Target::Tool(&params.name)) {
        let result = CallToolResult {
            content: vec![ContentBlock::text(m.to_string())],
            is_error: Some(true),
            ..CallToolResult::default()
        };
        return Some(
            serde_json::to_value(result)
                .map_err(|e| ErrorObject::new(INTERNAL_ERROR, e.to_string())),
        );
    }
    let outcome = drive(
        scope,
        server.handler.call_tool(params, InFlight::new(scope)),
    )
    .await?;
    let version = scope.protocol_version();
    let outcome = match outcome {
        Ok(result) => Ok(result),
        Err(error) => error.into_legacy_outcome(&version, scope.id())?,
    };
    Some(outcome.and_then(|r| encode(Ok(r), &version)))
}

/// Writes the response, unless the request was cancelled.
async fn respond(scope: &RequestScope, session: &SessionState, id: RequestId, outcome: Outcome) {
    let cancelled = scope.cancellation().is_cancelled();
    if cancelled || outcome.is_none() {
        scope.transition(ScopeState::Cancelled);
        tracing::debug!(request_id = %id, "cancelled: no response");
        return;
    }
    if scope.transition(ScopeState::Completing) != ScopeState::Running {
        return;
    }
    let written = match outcome {
        Some(Ok(JsonValue::Object(result))) => {
            session.send(&JSONRPCResultResponse::new(id, result)).await
        }
        Some(Ok(other)) => {
            let error = ErrorObject::new(
                INTERNAL_ERROR,
                format!("the handler's result is not an object: {other}"),
            );
            session
                .send(&JSONRPCErrorResponse::new(Some(id), error))
                .await
        }
        Some(Err(error)) => {
            session
                .send(&JSONRPCErrorResponse::new(Some(id), error))
                .await
        }
        None => Ok(()),
    };
    if let Err(error) = written {
        tracing::debug!(%error, "the response could not be written");
    }
    scope.transition(ScopeState::Done);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    /// The per-request task future is `Send` for every handler: a compile-time fact, checked
    /// here for a generic `H` so that no handler can make it fail.
    #[allow(dead_code)]
    fn request_task_is_send<H: ServerHandler>(
        server: Arc<ServerInner<H>>,
        session: Arc<SessionState>,
        request: JSONRPCRequest,
    ) {
        let task = serve_request(
            server,
            session,
            request,
            "tools/call",
            CancellationToken::new(),
        );
        assert_send(&task);
    }

    #[test]
    fn methods_map_to_their_capabilities() {
        let none = tether_mcp_types::ServerCapabilities::default();
        let tools = tether_mcp_types::ServerCapabilities {
            tools: Some(Default::default()),
            ..Default::default()
        };
        let (method, gate) = method_for("tools/call").unwrap();
        assert_eq!(method, "tools/call");
        assert!(gate(&tools) && !gate(&none));
        assert!(method_for("initialize").is_none() && method_for("server/discover").is_none());
    }
}
