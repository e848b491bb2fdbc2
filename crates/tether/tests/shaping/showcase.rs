//! The handler of `shaping.rs`: it answers every request with the newest, fullest values
//! (titles, icons, `_meta`, audio, resource links, structured content, output schemas, tool
//! annotations and `execution`, and the 2026-07-28 `resultType`/`ttlMs`/`cacheScope`), whatever
//! the session's revision, so that everything the client receives is the server's shaping.
//!
//! Each answer is written as raw JSON here ([`raw`]), so the negative controls can validate
//! exactly what the handler returns, unshaped, against the older schemas.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tether_mcp::prelude::*;
use tether_mcp::types::{
    JsonObject, ListChangedCapability, ResourcesCapability, ServerCapabilities,
};

/// The handler.
pub(crate) struct Showcase;

/// The server: the showcase's identity, with tools, prompts, resources and completions.
pub(crate) fn server() -> Server<Showcase> {
    Server::builder(Showcase)
        .info(typed(raw::server_info()))
        .capabilities(ServerCapabilities {
            tools: Some(ListChangedCapability::default()),
            prompts: Some(ListChangedCapability::default()),
            resources: Some(ResourcesCapability::default()),
            completions: Some(JsonObject::new()),
            ..Default::default()
        })
        .build()
}

/// A raw value as the wire type the handler returns.
pub(crate) fn typed<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the showcase's values are valid wire types")
}

impl ServerHandler for Showcase {
    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        Ok(typed(raw::tools()))
    }

    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        _: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        match params.name.as_str() {
            "weather" => Ok(typed(raw::weather())),
            "numbers" => Ok(typed(raw::numbers())),
            "hologram" => Ok(typed(raw::hologram())),
            "failing" => {
                let result: CallToolResult = typed(raw::failing());
                Err(ToolError::Execution(result.content))
            }
            other => Err(ToolError::unknown_tool(other)),
        }
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListPromptsResult, ServerError> {
        Ok(typed(raw::prompts()))
    }

    async fn get_prompt(
        &self,
        _: GetPromptRequestParams,
        _: InFlight<'_>,
    ) -> Result<GetPromptResult, ServerError> {
        Ok(typed(raw::prompt()))
    }

    async fn list_resources(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourcesResult, ServerError> {
        Ok(typed(raw::resources()))
    }

    async fn list_resource_templates(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourceTemplatesResult, ServerError> {
        Ok(typed(raw::templates()))
    }

    async fn read_resource(
        &self,
        _: ReadResourceRequestParams,
        _: InFlight<'_>,
    ) -> Result<ReadResourceResult, ServerError> {
        Ok(typed(raw::read()))
    }

    async fn complete(
        &self,
        _: CompleteRequestParams,
        _: RequestCx<'_>,
    ) -> Result<CompleteResult, ServerError> {
        Ok(typed(raw::completion()))
    }
}

/// The showcase's answers as raw JSON, before any shaping.
pub(crate) mod raw {
    use super::*;

    /// 12 bytes of WAV header, base64.
    pub(crate) const WAV: &str = "UklGRiQAAABXQVZF";
    /// A date for `annotations.lastModified`.
    pub(crate) const DATE: &str = "2025-06-01T12:00:00Z";

    fn icons(src: &str) -> Value {
        json!([{"src": src, "mimeType": "image/png", "sizes": ["48x48"], "theme": "light"}])
    }

    /// `initialize`'s `serverInfo`.
    pub(crate) fn server_info() -> Value {
        json!({
            "name": "showcase", "title": "Showcase", "version": "1.0.0",
            "description": "Answers with everything.", "icons": icons("https://example.com/s.png"),
            "websiteUrl": "https://example.com",
        })
    }

    /// `tools/list`: a tool with every member, one with an array output schema, a plain one.
    pub(crate) fn tools() -> Value {
        json!({
            "tools": [
                {
                    "name": "weather", "title": "Weather", "description": "The weather in a city.",
                    "inputSchema": {"type": "object", "properties": {"city": {"type": "string"}}},
                    "outputSchema": {"type": "object",
                                     "properties": {"temperature": {"type": "number"}},
                                     "required": ["temperature"]},
                    "annotations": {"title": "Weather", "readOnlyHint": true},
                    "execution": {"taskSupport": "optional"},
                    "icons": icons("https://example.com/sun.png"),
                    "_meta": {"example.com/team": "weather"},
                    "x-vendor": {"beta": true},
                },
                {
                    "name": "numbers", "title": "Numbers",
                    "inputSchema": {"type": "object"},
                    "outputSchema": {"type": "array", "items": {"type": "number"}},
                },
                {"name": "plain", "inputSchema": {"type": "object"}},
            ],
            "resultType": "complete", "ttlMs": 60000, "cacheScope": "public",
        })
    }

    /// `tools/call` of `weather`: text, audio, a resource link, an embedded resource, and an
    /// object `structuredContent` no text block holds.
    pub(crate) fn weather() -> Value {
        json!({
            "content": [
                {"type": "text", "text": "Sunny, 22.5 °C",
                 "annotations": {"audience": ["user"], "lastModified": DATE},
                 "_meta": {"example.com/source": "station 7"}},
                {"type": "audio", "data": WAV, "mimeType": "audio/wav"},
                {"type": "resource_link", "uri": "file:///forecast.pdf", "name": "forecast",
                 "title": "The forecast", "mimeType": "application/pdf",
                 "icons": icons("https://example.com/pdf.png")},
                {"type": "resource",
                 "resource": {"uri": "file:///raw.csv", "mimeType": "text/csv", "text": "t\n22.5",
                              "_meta": {"rows": 1}},
                 "_meta": {"embedded": true}},
            ],
            "structuredContent": {"temperature": 22.5, "unit": "C"},
            "resultType": "complete",
        })
    }

    /// `tools/call` of `numbers`: an array `structuredContent`, which the text already holds.
    pub(crate) fn numbers() -> Value {
        json!({
            "content": [{"type": "text", "text": "[1, 2, 3]"}],
            "structuredContent": [1, 2, 3],
        })
    }

    /// `tools/call` of `hologram`: a content kind no revision defines.
    pub(crate) fn hologram() -> Value {
        json!({"content": [{"type": "hologram", "frames": 3}]})
    }

    /// The content of `failing`'s `isError` result.
    pub(crate) fn failing() -> Value {
        json!({
            "content": [
                {"type": "audio", "data": "AAAA", "mimeType": "audio/ogg"},
                {"type": "resource_link", "uri": "file:///crash.log", "name": "crash.log"},
            ],
            "isError": true,
        })
    }

    /// `prompts/list`.
    pub(crate) fn prompts() -> Value {
        json!({
            "prompts": [{
                "name": "review", "title": "Code review", "description": "Reviews code.",
                "arguments": [{"name": "code", "title": "Code", "required": true}],
                "icons": icons("https://example.com/review.png"),
                "_meta": {"example.com/tier": "free"},
            }],
            "resultType": "complete", "ttlMs": 0, "cacheScope": "private",
        })
    }

    /// `prompts/get`: text, audio, a resource link and an embedded blob.
    pub(crate) fn prompt() -> Value {
        json!({
            "description": "A review.",
            "messages": [
                {"role": "user", "content": {"type": "text", "text": "Review this."}},
                {"role": "user", "content": {"type": "audio", "data": WAV, "mimeType": "audio/wav"}},
                {"role": "assistant", "content": {"type": "resource_link", "uri": "file:///main.rs",
                                                  "name": "main.rs", "mimeType": "text/x-rust"}},
                {"role": "user", "content": {
                    "type": "resource",
                    "resource": {"uri": "file:///lib.so", "blob": "AAAA", "_meta": {"arch": "x86"}},
                    "annotations": {"priority": 1, "lastModified": DATE}}},
            ],
            "resultType": "complete",
        })
    }

    /// `resources/list`.
    pub(crate) fn resources() -> Value {
        json!({
            "resources": [{
                "uri": "file:///notes.txt", "name": "notes", "title": "Notes",
                "description": "My notes.", "mimeType": "text/plain", "size": 120,
                "icons": icons("https://example.com/notes.png"),
                "annotations": {"audience": ["user", "assistant"], "priority": 0.8,
                                "lastModified": DATE},
                "_meta": {"example.com/owner": "me"},
            }],
            "resultType": "complete", "ttlMs": 60000, "cacheScope": "public",
        })
    }

    /// `resources/templates/list`.
    pub(crate) fn templates() -> Value {
        json!({
            "resourceTemplates": [{
                "uriTemplate": "file:///logs/{day}", "name": "logs", "title": "Logs",
                "mimeType": "text/plain", "icons": icons("https://example.com/logs.png"),
                "annotations": {"priority": 0.2, "lastModified": DATE},
                "_meta": {"example.com/retention": "7d"},
            }],
            "resultType": "complete", "ttlMs": 60000, "cacheScope": "public",
        })
    }

    /// `resources/read`.
    pub(crate) fn read() -> Value {
        json!({
            "contents": [{"uri": "file:///notes.txt", "mimeType": "text/plain", "text": "hello",
                          "_meta": {"etag": "1"}}],
            "resultType": "complete", "ttlMs": 60000, "cacheScope": "public",
        })
    }

    /// `completion/complete`.
    pub(crate) fn completion() -> Value {
        json!({
            "completion": {"values": ["rust", "ruby"], "total": 2, "hasMore": false},
            "resultType": "complete",
        })
    }
}
