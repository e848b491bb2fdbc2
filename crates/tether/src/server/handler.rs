//! `ServerHandler`: one method per MCP method, every one with a default.

use std::future::Future;

use tether_mcp_types::{
    CallToolRequestParams, CallToolResult, CancelledNotificationParams, ClientCapabilities,
    CompleteRequestParams, CompleteResult, GetPromptRequestParams, GetPromptResult,
    ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult, ListToolsResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResult, ResourceRequestParams,
    ServerCapabilities, SetLevelRequestParams,
};

use crate::error::{ServerError, ToolError};
use crate::inflight::{InFlight, Notified, RequestCx};

/// What a request is about, for [`ServerHandler::required_capabilities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target<'a> {
    /// `tools/call` of this tool.
    Tool(&'a str),
    /// `prompts/get` of this prompt.
    Prompt(&'a str),
    /// `resources/read` of this URI.
    Resource(&'a str),
}

/// A server: one method per MCP method, named after it (`list_tools` for `tools/list`, ...).
///
/// Every method has a default, so `impl ServerHandler for S {}` compiles: lists are empty,
/// `call_tool` answers -32602 (unknown tool), and methods whose capability the server does not
/// advertise are answered -32601 by the dispatcher before any handler runs.
///
/// Only `call_tool`, `get_prompt` and `read_resource` receive an [`InFlight`] token and may ask
/// the client (elicitation, sampling, roots); the other request handlers get a [`RequestCx`],
/// and notification handlers a [`Notified`]. The returned futures capture both `&self` and the
/// token (edition 2024 captures every lifetime in scope), so a wrapper can forward to an inner
/// handler with plain elided lifetimes.
///
/// The params' `_meta` holds the request's own keys (`progressToken`, trace context, yours).
/// The 2026-07-28 protocol keys (version, client capabilities and identity, log level) are
/// read and checked by the server and left out of it; the token has them
/// (`cx.protocol_version()`, `cx.client_capabilities()`, `cx.client_info()`). A legacy
/// request's `_meta` arrives as it was sent.
///
/// A request's handler is first polled on its connection's dispatch loop, where most requests
/// answer without a task of their own; one still running after that poll goes on as its own
/// task. The loop reads nothing during that first poll, so keep blocking work out of it (use
/// `tokio::task::spawn_blocking`): a handler whose first poll takes longer than
/// [`Limits::inline_poll_limit`](crate::Limits::inline_poll_limit) starts on its own task for
/// a while. Write the methods as `async fn`:
///
/// ```
/// use tether_mcp::prelude::*;
///
/// struct Echo;
///
/// impl ServerHandler for Echo {
///     async fn call_tool(&self, params: CallToolRequestParams, cx: InFlight<'_>)
///         -> Result<CallToolResult, ToolError>
///     {
///         let _ = cx.request_id();
///         Ok(CallToolResult { content: vec![ContentBlock::text(params.name)], ..Default::default() })
///     }
/// }
/// ```
pub trait ServerHandler: Send + Sync + 'static {
    /// `tools/list`. Default: no tools.
    fn list_tools(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<ListToolsResult, ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(ListToolsResult::default()) }
    }

    /// `tools/call`. Default: -32602, unknown tool.
    fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> impl Future<Output = Result<CallToolResult, ToolError>> + Send {
        let _ = cx;
        async move { Err(ToolError::unknown_tool(&params.name)) }
    }

    /// `prompts/list`. Default: no prompts.
    fn list_prompts(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<ListPromptsResult, ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(ListPromptsResult::default()) }
    }

    /// `prompts/get`. Default: -32602, unknown prompt.
    fn get_prompt(
        &self,
        params: GetPromptRequestParams,
        cx: InFlight<'_>,
    ) -> impl Future<Output = Result<GetPromptResult, ServerError>> + Send {
        let _ = cx;
        async move {
            Err(ServerError::invalid_params(format!(
                "unknown prompt: {}",
                params.name
            )))
        }
    }

    /// `resources/list`. Default: no resources.
    fn list_resources(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<ListResourcesResult, ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(ListResourcesResult::default()) }
    }

    /// `resources/templates/list`. Default: no templates.
    fn list_resource_templates(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<ListResourceTemplatesResult, ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(ListResourceTemplatesResult::default()) }
    }

    /// `resources/read`. Default: [resource not found](ServerError::resource_not_found)
    /// (-32002 on legacy revisions, -32602 on 2026-07-28).
    fn read_resource(
        &self,
        params: ReadResourceRequestParams,
        cx: InFlight<'_>,
    ) -> impl Future<Output = Result<ReadResourceResult, ServerError>> + Send {
        let _ = cx;
        async move { Err(ServerError::resource_not_found(&params.uri)) }
    }

    /// `completion/complete`. Default: no values.
    fn complete(
        &self,
        params: CompleteRequestParams,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<CompleteResult, ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(CompleteResult::default()) }
    }

    /// `logging/setLevel`, after the dispatcher recorded the new threshold. Default: nothing more.
    ///
    /// The threshold is per session. Before the client sends `logging/setLevel` there is none:
    /// every level passes, so [`log`](crate::InFlight::log) at `debug` is sent too (the spec
    /// leaves the default open; this SDK lets everything through, as the conformance scenario
    /// `tools-call-with-logging` expects). Afterwards only messages at the set level or more
    /// severe are sent. `logging/setLevel` is only served if the server advertises the
    /// `logging` capability.
    fn set_level(
        &self,
        params: SetLevelRequestParams,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<(), ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(()) }
    }

    /// `resources/subscribe`. Default: accepted.
    ///
    /// The dispatcher records the subscription before this runs, so
    /// [`Notifier::resource_updated`](crate::Notifier::resource_updated) reaches the session
    /// from then on; an error from this method refuses the subscription and the dispatcher
    /// forgets it again. Refuse URIs the session may not watch: a subscription also covers the
    /// sub-resources of a hierarchical URI (`file:///docs/` covers `file:///docs/a.md`).
    fn subscribe(
        &self,
        params: ResourceRequestParams,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<(), ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(()) }
    }

    /// `resources/unsubscribe`. Default: accepted.
    ///
    /// The dispatcher forgets the subscription before this runs, whatever it answers; an
    /// unsubscribe of a URI that was never subscribed is not an error.
    fn unsubscribe(
        &self,
        params: ResourceRequestParams,
        cx: RequestCx<'_>,
    ) -> impl Future<Output = Result<(), ServerError>> + Send {
        let _ = (params, cx);
        async { Ok(()) }
    }

    /// `notifications/initialized`: the client finished initialization.
    fn on_initialized(&self, cx: Notified<'_>) -> impl Future<Output = ()> + Send {
        let _ = cx;
        async {}
    }

    /// `notifications/cancelled`, after the dispatcher signalled the request's `cancelled()`.
    fn on_cancelled(
        &self,
        params: CancelledNotificationParams,
        cx: Notified<'_>,
    ) -> impl Future<Output = ()> + Send {
        let _ = (params, cx);
        async {}
    }

    /// `notifications/roots/list_changed`.
    fn on_roots_list_changed(&self, cx: Notified<'_>) -> impl Future<Output = ()> + Send {
        let _ = cx;
        async {}
    }

    /// The capabilities [`Server::new`](crate::Server::new) and
    /// [`Server::builder`](crate::Server::builder) advertise for this handler unless
    /// [`ServerBuilder::capabilities`](crate::ServerBuilder::capabilities) replaces them.
    /// Default: `tools`. `#[tools]` adds `prompts` when the block declares a `#[prompt]` and
    /// `resources` when it declares a `#[resource]`.
    fn default_capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            tools: Some(Default::default()),
            ..Default::default()
        }
    }

    /// The client capabilities a tool, prompt or resource needs. The dispatcher checks them
    /// against what the client declared before the handler runs, so nothing executes partially.
    /// Default: none.
    fn required_capabilities(&self, target: Target<'_>) -> Option<ClientCapabilities> {
        let _ = target;
        None
    }
}
