//! The handler for the server scenarios of the official MCP conformance suite
//! (`@modelcontextprotocol/conformance`, `conformance server --url …`).
//!
//! The payloads copy the suite's reference server (`examples/servers/typescript/
//! everything-server.ts` in `modelcontextprotocol/conformance`) and what each scenario under
//! `src/scenarios/server/` checks. One handler serves both eras: on 2025-11-25 and older the
//! asks are nested requests on the `tools/call`; on 2026-07-28 the same asks become
//! `InputRequiredResult` rounds (see `docs/replay.md`).
//!
//! | fixture | scenario |
//! |---|---|
//! | tool `test_simple_text` | `tools-call-simple-text` |
//! | tool `test_image_content` | `tools-call-image` |
//! | tool `test_audio_content` | `tools-call-audio` |
//! | tool `test_embedded_resource` | `tools-call-embedded-resource` |
//! | tool `test_multiple_content_types` | `tools-call-mixed-content` |
//! | tool `test_tool_with_logging` | `tools-call-with-logging` (3 info logs) |
//! | tool `test_tool_with_progress` | `tools-call-with-progress` (0/50/100 of 100) |
//! | tool `test_error_handling` | `tools-call-error` (`isError: true`) |
//! | tool `test_sampling` | `tools-call-sampling` |
//! | tool `test_elicitation` | `tools-call-elicitation` |
//! | tool `test_elicitation_sep1034_defaults` | `elicitation-sep1034-defaults` |
//! | tool `test_elicitation_sep1330_enums` | `elicitation-sep1330-enums` |
//! | tool `test_reconnection` | `server-sse-polling` (the stream close is the transport's job) |
//! | tool `json_schema_2020_12_tool` | `json-schema-2020-12` |
//! | tools `test_missing_capability`, `test_streaming_elicitation`, `test_logging_tool`, `test_trigger_tool_change`, `test_trigger_prompt_change` | `server-stateless` (2026-07-28) |
//! | tool `test_input_required_result_elicitation` | `input-required-result-basic-elicitation`, `-missing-input-response`, `-result-type`, `-ignore-extra-params`, `-validate-input` |
//! | tool `test_input_required_result_sampling` | `input-required-result-basic-sampling` |
//! | tool `test_input_required_result_list_roots` | `input-required-result-basic-list-roots` |
//! | tool `test_input_required_result_request_state` | `input-required-result-request-state` |
//! | tool `test_input_required_result_multiple_inputs` | `input-required-result-multiple-input-requests` |
//! | tool `test_input_required_result_multi_round` | `input-required-result-multi-round` |
//! | tool `test_input_required_result_tampered_state` | `input-required-result-tampered-state` |
//! | tool `test_input_required_result_capabilities` | `input-required-result-capability-check` |
//! | tools/list, prompts/list | `tools-list`, `prompts-list`, `input-required-result-unsupported-methods` |
//! | prompts `test_simple_prompt`, `test_prompt_with_arguments`, `test_prompt_with_embedded_resource`, `test_prompt_with_image` | `prompts-get-simple`, `-with-args`, `-embedded-resource`, `-with-image` |
//! | prompt `test_input_required_result_prompt` | `input-required-result-non-tool-request` |
//! | resources `test://static-text`, `test://static-binary`, `test://watched-resource`, template `test://template/{id}/data` | `resources-list`, `-read-text`, `-read-binary`, `-templates-read`, `-subscribe`, `-unsubscribe`, `sep-2164-resource-not-found` |
//! | completion of `test_prompt_with_arguments` and of the template's `id` | `completion-complete` |
//!
//! The tools, and the prompt, marked 2026-07-28 above are listed only to 2026-07-28 clients
//! (the reference server does the same); they can be called at every revision.
//!
//! `logging-set-level`, `ping`, `server-initialize`, `caching`, `server/discover` and the
//! transport scenarios need nothing from the handler beyond [`capabilities`].

mod prompts;
mod resources;
mod tools;

use std::sync::OnceLock;

use tether_mcp::prelude::*;
use tether_mcp::types::{
    Implementation, ListChangedCapability, ResourceRequestParams, ResourcesCapability,
    ServerCapabilities,
};
use tether_mcp::{Notifier, Target};

/// The conformance handler: every tool, prompt and resource the suite's server scenarios call.
///
/// `test_trigger_tool_change` and `test_trigger_prompt_change` send list-changed
/// notifications, so the handler needs the server's [`Notifier`], which exists only after
/// `build()`: hand it in with [`set_notifier`](Self::set_notifier), or build with [`server`],
/// which does both.
#[derive(Debug, Default)]
pub struct Conformance {
    notifier: OnceLock<Notifier>,
}

impl Conformance {
    /// A handler without a notifier yet (the trigger tools then answer an error).
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives the handler the server's notifier. Only the first call counts; it returns whether
    /// this call was it.
    pub fn set_notifier(&self, notifier: Notifier) -> bool {
        self.notifier.set(notifier).is_ok()
    }

    /// The notifier handed in by [`set_notifier`](Self::set_notifier), if any.
    pub fn notifier(&self) -> Option<&Notifier> {
        self.notifier.get()
    }
}

/// What the conformance server advertises: tools and prompts with `listChanged`, resources
/// with `subscribe` and `listChanged`, logging and completions (as the reference server).
pub fn capabilities() -> ServerCapabilities {
    let list_changed = || ListChangedCapability {
        list_changed: Some(true),
        ..Default::default()
    };
    ServerCapabilities {
        tools: Some(list_changed()),
        prompts: Some(list_changed()),
        resources: Some(ResourcesCapability {
            subscribe: Some(true),
            list_changed: Some(true),
            ..Default::default()
        }),
        logging: Some(Default::default()),
        completions: Some(Default::default()),
        ..Default::default()
    }
}

/// The conformance server: [`Conformance`] with [`capabilities`], named
/// `mcp-conformance-test-server`, its notifier already handed in. Serve it on any transport.
pub fn server() -> Server<Conformance> {
    let server = Server::builder(Conformance::new())
        .info(Implementation::new("mcp-conformance-test-server", "1.0.0"))
        .capabilities(capabilities())
        .build();
    server.handler().set_notifier(server.notifier());
    server
}

/// A tool result with one text block.
fn text(s: impl Into<String>) -> CallToolResult {
    CallToolResult {
        content: vec![ContentBlock::text(s)],
        ..Default::default()
    }
}

/// A 1x1 red PNG, base64 (the reference server's `TEST_IMAGE_BASE64`).
pub const TEST_IMAGE_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

/// A minimal WAV file, base64 (the reference server's `TEST_AUDIO_BASE64`).
pub const TEST_AUDIO_BASE64: &str = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

impl ServerHandler for Conformance {
    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        Ok(ListToolsResult {
            tools: tools::list(cx.protocol_version().is_modern()),
            ..Default::default()
        })
    }

    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        tools::call(self, params, &cx).await
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListPromptsResult, ServerError> {
        Ok(ListPromptsResult {
            prompts: prompts::list(cx.protocol_version().is_modern()),
            ..Default::default()
        })
    }

    async fn get_prompt(
        &self,
        params: GetPromptRequestParams,
        cx: InFlight<'_>,
    ) -> Result<GetPromptResult, ServerError> {
        prompts::get(params, &cx).await
    }

    async fn list_resources(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourcesResult, ServerError> {
        Ok(resources::list())
    }

    async fn list_resource_templates(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourceTemplatesResult, ServerError> {
        Ok(resources::templates())
    }

    async fn read_resource(
        &self,
        params: ReadResourceRequestParams,
        cx: InFlight<'_>,
    ) -> Result<ReadResourceResult, ServerError> {
        resources::read(&params.uri, &cx.protocol_version())
    }

    async fn complete(
        &self,
        params: CompleteRequestParams,
        _: RequestCx<'_>,
    ) -> Result<CompleteResult, ServerError> {
        Ok(prompts::complete(&params))
    }

    async fn subscribe(
        &self,
        params: ResourceRequestParams,
        cx: RequestCx<'_>,
    ) -> Result<(), ServerError> {
        let message = format!("Subscribed to resource: {}", params.uri);
        cx.log(tether_mcp::types::LoggingLevel::Info, message)
            .await?;
        Ok(())
    }

    async fn unsubscribe(
        &self,
        params: ResourceRequestParams,
        cx: RequestCx<'_>,
    ) -> Result<(), ServerError> {
        let message = format!("Unsubscribed from resource: {}", params.uri);
        cx.log(tether_mcp::types::LoggingLevel::Info, message)
            .await?;
        Ok(())
    }

    fn required_capabilities(&self, target: Target<'_>) -> Option<ClientCapabilities> {
        tools::required_capabilities(target)
    }
}
