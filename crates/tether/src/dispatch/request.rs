//! Serving one request: decode its params, check declared capabilities, drive the handler,
//! write exactly one response (none if cancelled).

use std::sync::Arc;

use tether_mcp_types::error_codes::{INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND};
use tether_mcp_types::{
    CallToolRequestParams, CallToolResult, ContentBlock, ElicitRequest, ElicitRequestParams,
    ElicitRequestURLParams, ErrorObject, InputRequest, InputRequiredResult, JSONRPCRequest,
    JsonObject, JsonValue, ProgressToken, ResourceRequestParams,
};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::drive::{Driven, drive};
use super::encoded::{Encoded, Encoding, encode, respond};
use super::modern::ModernMeta;
use super::modern_result;
use super::params::{decode, decode_optional};
use crate::capability_check::uncovered;
use crate::error::{MissingCapability, ToolError};
use crate::inflight::{InFlight, RequestCx};
use crate::mrtr::{self, Binding, PendingBinding, PrincipalCx, Retry};
use crate::route::Route;
use crate::scope::{Era, Modern, RequestScope, Round, RoundEnd};
use crate::server::{ServerHandler, ServerInner, Target};
use crate::session::SessionState;

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

/// The method a handler serves, or -32601: unknown, or its capability not advertised.
pub(crate) fn handled_method(
    name: &str,
    capabilities: &tether_mcp_types::ServerCapabilities,
) -> Result<&'static str, ErrorObject> {
    let Some((method, enabled)) = method_for(name) else {
        return Err(ErrorObject::new(
            METHOD_NOT_FOUND,
            format!("method not found: {name}"),
        ));
    };
    if enabled(capabilities) {
        Ok(method)
    } else {
        Err(ErrorObject::new(
            METHOD_NOT_FOUND,
            format!("method not found: {method} (capability not advertised)"),
        ))
    }
}

/// What a request produced: a result or an error, nothing (cancelled), or the end of a round.
type Outcome = Driven<Result<Encoded, ErrorObject>>;

fn progress_token(params: Option<&JsonObject>) -> Option<ProgressToken> {
    let meta = params?.get("_meta")?;
    serde_json::from_value(meta.get("progressToken")?.clone()).ok()
}

/// Serves one request and writes its response. `modern` carries the facts of a 2026-07-28
/// request (from its `_meta`); `None` serves it in the connection's legacy session.
pub(crate) async fn serve_request<H: ServerHandler>(
    server: Arc<ServerInner<H>>,
    session: Arc<SessionState>,
    route: Route,
    request: JSONRPCRequest,
    method: &'static str,
    cancel: CancellationToken,
    modern: Option<ModernMeta>,
) {
    let span = tracing::info_span!("mcp.request", id = %request.id, method);
    async move {
        let JSONRPCRequest { id, mut params, .. } = request;
        let token = progress_token(params.as_ref());
        let Some(meta) = modern else {
            let scope = RequestScope::new(
                id.clone(),
                method,
                session.clone(),
                route,
                token,
                cancel,
                Era::Legacy,
            );
            let outcome = match run(&server, &scope, params).await {
                Driven::Output(result) => Some(result),
                Driven::Cancelled => None,
                Driven::RoundEnded(_) => Some(Err(ErrorObject::new(
                    INTERNAL_ERROR,
                    "a legacy request ended a Multi Round-Trip round",
                ))),
            };
            return respond(&scope, id, outcome).await;
        };
        #[cfg(feature = "http")]
        let extensions = meta.extensions.clone();
        #[cfg(not(feature = "http"))]
        let extensions = ();
        let prepared = prepare_round(&server, method, &mut params, &extensions);
        let (round, binding, early) = match prepared {
            Ok(Some((round, binding))) => (Some(round), Some(binding), None),
            Ok(None) => (None, None, None),
            Err(error) => (None, None, Some(error)),
        };
        let era = Era::Modern(Box::new(Modern {
            version: meta.version,
            client_capabilities: meta.client_capabilities,
            client_info: meta.client_info,
            log_level: meta.log_level,
            round,
        }));
        let scope = RequestScope::new(
            id.clone(),
            method,
            session.clone(),
            route,
            token,
            cancel,
            era,
        );
        let outcome = match early {
            Some(error) => Driven::Output(Err(error)),
            None => run(&server, &scope, params).await,
        };
        let outcome = match outcome {
            Driven::Output(result) => Some(result),
            Driven::Cancelled => None,
            Driven::RoundEnded(end) => Some(match (scope.round(), binding) {
                (Some(round), Some(binding)) => mrtr::end(
                    &server.mrtr,
                    &binding.resolve(),
                    round,
                    *end,
                    scope.client_capabilities(),
                )
                .and_then(|result| {
                    modern_result::input_required_line(result, &server.identity, scope.id())
                        .map(Encoded::Line)
                }),
                _ => Err(ErrorObject::new(
                    INTERNAL_ERROR,
                    format!("`{method}` cannot answer with InputRequiredResult"),
                )),
            }),
        };
        let outcome =
            outcome.map(|result| modern_result::finish_encoded(result, method, &server.identity));
        respond(&scope, id, outcome).await;
    }
    .instrument(span)
    .await
}

/// The HTTP request's extensions, when the request came over HTTP (feature `http`).
#[cfg(feature = "http")]
type Extensions = Option<Arc<http::Extensions>>;
#[cfg(not(feature = "http"))]
type Extensions = ();

/// The methods that may answer `InputRequiredResult` (2026-07-28).
const MULTI_ROUND: [&str; 3] = ["tools/call", "prompts/get", "resources/read"];

/// For a 2026-07-28 `tools/call`, `prompts/get` or `resources/read`: takes the MRTR members out
/// of the params (the handler sees the same params every round) and begins the round.
fn prepare_round<H: ServerHandler>(
    server: &ServerInner<H>,
    method: &'static str,
    params: &mut Option<JsonObject>,
    extensions: &Extensions,
) -> Result<Option<(Round, PendingBinding)>, ErrorObject> {
    if !MULTI_ROUND.contains(&method) {
        return Ok(None);
    }
    let retry = take_retry(params)?;
    let retrying = retry.request_state.is_some();
    let binding = binding_of(server, method, params.as_ref(), extensions, retrying);
    let round = mrtr::begin(&server.mrtr, binding.as_begun(), retry)?;
    Ok(Some((round, binding)))
}

fn take_retry(params: &mut Option<JsonObject>) -> Result<Retry, ErrorObject> {
    let Some(params) = params else {
        return Ok(Retry::default());
    };
    let input_responses = match params.shift_remove("inputResponses") {
        None | Some(JsonValue::Null) => None,
        Some(JsonValue::Object(responses)) => Some(mrtr::check_responses(responses)?),
        Some(other) => {
            return Err(ErrorObject::new(
                INVALID_PARAMS,
                format!("invalid inputResponses: an object of input responses by key, got {other}"),
            ));
        }
    };
    let request_state = match params.shift_remove("requestState") {
        None | Some(JsonValue::Null) => None,
        Some(JsonValue::String(state)) => Some(state),
        Some(other) => {
            return Err(ErrorObject::new(
                INVALID_PARAMS,
                format!("requestState must be the string the server sent, got {other}"),
            ));
        }
    };
    Ok(Retry {
        input_responses,
        request_state,
    })
}

/// What a sealed state of this request is bound to: method, tool or prompt name (resource
/// URI), argument digest (absent arguments count as `{}`), principal. The digest is computed
/// now for a retry (`retrying`: its state is opened against it), and only when a state is
/// sealed for a first round.
fn binding_of<H: ServerHandler>(
    server: &ServerInner<H>,
    method: &'static str,
    params: Option<&JsonObject>,
    extensions: &Extensions,
    retrying: bool,
) -> PendingBinding {
    let field = |name: &str| params.and_then(|p| p.get(name));
    let (target, arguments) = if method == "resources/read" {
        (field("uri"), None)
    } else {
        (field("name"), Some(field("arguments")))
    };
    let binding = Binding {
        method: method.to_owned(),
        target: target
            .and_then(JsonValue::as_str)
            .unwrap_or_default()
            .to_owned(),
        arguments: match arguments {
            Some(arguments) if retrying => mrtr::arguments_digest(arguments),
            _ => String::new(),
        },
        principal: server.mrtr.principal.as_ref().and_then(|hook| {
            #[cfg(feature = "http")]
            let cx = PrincipalCx::new(method, params, extensions.as_deref());
            #[cfg(not(feature = "http"))]
            let cx = {
                let () = extensions;
                PrincipalCx::new(method, params)
            };
            hook(&cx)
        }),
    };
    match arguments {
        Some(arguments) if !retrying => PendingBinding::deferred(binding, arguments.cloned()),
        _ => PendingBinding::known(binding),
    }
}

async fn run<H: ServerHandler>(
    server: &ServerInner<H>,
    scope: &RequestScope,
    params: Option<JsonObject>,
) -> Outcome {
    let handler = &server.handler;
    let version = scope.protocol_version();
    let encoding = &encoding_for(server, scope, &version);
    macro_rules! plain {
        ($method:ident, optional) => {
            match decode_optional(params) {
                Ok(p) => drive(scope, handler.$method(p, RequestCx::new(scope)))
                    .await
                    .map(|r| encode(r, encoding)),
                Err(e) => Driven::Output(Err(e)),
            }
        };
        ($method:ident) => {
            match decode(params) {
                Ok(p) => drive(scope, handler.$method(p, RequestCx::new(scope)))
                    .await
                    .map(|r| encode(r, encoding)),
                Err(e) => Driven::Output(Err(e)),
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
                        .map(|r| encode(r, encoding)),
                );
                if added && !matches!(outcome, Driven::Output(Ok(_))) {
                    subscriptions.remove(&uri);
                }
                outcome
            }
            Err(e) => Driven::Output(Err(e)),
        },
        // Forgotten before the hook runs, whatever it answers; an unknown URI is fine.
        "resources/unsubscribe" => match decode::<ResourceRequestParams>(params) {
            Ok(p) => {
                scope.session().subscriptions.remove(&p.uri);
                empty(
                    drive(scope, handler.unsubscribe(p, RequestCx::new(scope)))
                        .await
                        .map(|r| encode(r, encoding)),
                )
            }
            Err(e) => Driven::Output(Err(e)),
        },
        "logging/setLevel" => match decode::<tether_mcp_types::SetLevelRequestParams>(params) {
            Ok(p) => {
                scope.session().set_log_level(p.level);
                empty(
                    drive(scope, handler.set_level(p, RequestCx::new(scope)))
                        .await
                        .map(|r| encode(r, encoding)),
                )
            }
            Err(e) => Driven::Output(Err(e)),
        },
        "tools/call" => call_tool(server, scope, params).await,
        "prompts/get" => match decode::<tether_mcp_types::GetPromptRequestParams>(params) {
            Ok(p) => match missing(server, scope, Target::Prompt(&p.name)) {
                Some(m) => Driven::Output(Err(missing_error(scope, &m))),
                None => drive(scope, handler.get_prompt(p, InFlight::new(scope)))
                    .await
                    .map(|r| encode(r, encoding)),
            },
            Err(e) => Driven::Output(Err(e)),
        },
        "resources/read" => match decode::<tether_mcp_types::ReadResourceRequestParams>(params) {
            Ok(p) => match missing(server, scope, Target::Resource(&p.uri)) {
                Some(m) => Driven::Output(Err(missing_error(scope, &m))),
                None => drive(scope, handler.read_resource(p, InFlight::new(scope)))
                    .await
                    .map(|r| encode(r, encoding)),
            },
            Err(e) => Driven::Output(Err(e)),
        },
        other => Driven::Output(Err(ErrorObject::new(
            METHOD_NOT_FOUND,
            format!("method not found: {other}"),
        ))),
    }
}

/// How `scope`'s results are serialized: shaped for `version`, decorated on 2026-07-28.
fn encoding_for<'a, H>(
    server: &'a ServerInner<H>,
    scope: &'a RequestScope,
    version: &'a tether_mcp_types::ProtocolVersion,
) -> Encoding<'a> {
    let decoration = scope
        .modern()
        .map(|_| modern_result::Decoration::new(&server.identity, scope.method(), scope.id()));
    Encoding {
        version,
        decoration,
    }
}

/// An empty result for handlers that return `()`.
fn empty(outcome: Outcome) -> Outcome {
    outcome.map(|r| r.map(|_| Encoded::empty()))
}

/// A missing declared capability as the request's error: -32021 on 2026-07-28, -32602 with
/// `data.requiredCapabilities` on legacy revisions.
fn missing_error(scope: &RequestScope, missing: &MissingCapability) -> ErrorObject {
    if scope.modern().is_some() {
        missing.to_missing_required()
    } else {
        missing.to_invalid_params()
    }
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
        Err(e) => return Driven::Output(Err(e)),
    };
    let version = scope.protocol_version();
    let encoding = &encoding_for(server, scope, &version);
    if let Some(m) = missing(server, scope, Target::Tool(&params.name)) {
        if scope.modern().is_some() {
            return Driven::Output(Err(m.to_missing_required()));
        }
        let result = CallToolResult {
            content: vec![ContentBlock::text(m.to_string())],
            is_error: Some(true),
            ..CallToolResult::default()
        };
        return Driven::Output(encode(Ok(result), encoding));
    }
    let outcome = drive(
        scope,
        server.handler.call_tool(params, InFlight::new(scope)),
    )
    .await;
    let error = match outcome {
        Driven::Output(Ok(result)) => return Driven::Output(encode(Ok(result), encoding)),
        Driven::Output(Err(error)) => error,
        Driven::Cancelled => return Driven::Cancelled,
        Driven::RoundEnded(end) => return Driven::RoundEnded(end),
    };
    match (scope.round(), error) {
        (Some(_), ToolError::UrlElicitationRequired(elicitations)) => {
            Driven::RoundEnded(Box::new(url_elicitations_round(elicitations)))
        }
        (Some(_), ToolError::MissingCapability(m)) => Driven::Output(Err(m.to_missing_required())),
        (_, error) => match error.into_legacy_outcome(&version, scope.id()) {
            Some(outcome) => Driven::Output(outcome.and_then(|r| encode(Ok(r), encoding))),
            None => Driven::Cancelled,
        },
    }
}

/// 2026-07-28 has no -32042: the URL elicitations a tool needs become the input requests of an
/// `InputRequiredResult`; the client retries the call once the user went through them.
fn url_elicitations_round(elicitations: Vec<ElicitRequestURLParams>) -> RoundEnd {
    let requests = elicitations
        .into_iter()
        .enumerate()
        .map(|(n, mut params)| {
            params.elicitation_id = None;
            let request = ElicitRequest::input(ElicitRequestParams::Url(params));
            (
                format!("url-elicitation-required:{n}"),
                InputRequest::Elicit(request),
            )
        })
        .collect();
    RoundEnd::Raw(InputRequiredResult {
        input_requests: Some(requests),
        ..InputRequiredResult::default()
    })
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
        let route = session.route().clone();
        let task = serve_request(
            server,
            session,
            route,
            request,
            "tools/call",
            CancellationToken::new(),
            None,
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
