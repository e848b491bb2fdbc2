//! Tools: `tools/list`, `tools/call`, `Tool`, `ToolAnnotations`, `notifications/tools/list_changed`.

use serde::{Deserialize, Serialize};

use crate::{
    CacheScope, ContentBlock, Icon, InputResponses, JsonObject, JsonValue, Meta, MultiRoundResult,
    NotificationParams, PaginatedRequestParams, ResultType, TaskMetadata,
};

/// A tool the server offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tool {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The programmatic name.
    pub name: String,
    /// A human-readable name (2025-06-18 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the tool does; a hint to the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A JSON Schema for the arguments (root `type: "object"`), kept whole.
    pub input_schema: JsonObject,
    /// A JSON Schema for `structuredContent` (2025-06-18 on; any 2020-12 schema in 2026-07-28,
    /// root `type: "object"` before), kept whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<JsonObject>,
    /// Behaviour hints (2025-03-26 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<ToolAnnotations>,
    /// Task support (2025-11-25 experimental tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<ToolExecution>,
    /// Icons (2025-11-25 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Hints about a tool's behaviour (2025-03-26 on). All are untrusted hints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolAnnotations {
    /// A human-readable title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The tool does not modify its environment (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only_hint: Option<bool>,
    /// The tool may perform destructive updates (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destructive_hint: Option<bool>,
    /// Repeated calls with the same arguments have no additional effect (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent_hint: Option<bool>,
    /// The tool interacts with an open world of external entities (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_world_hint: Option<bool>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Execution properties of a tool (2025-11-25 experimental tasks).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolExecution {
    /// Whether the tool may, must or must not be called as a task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_support: Option<TaskSupport>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `execution.taskSupport` (2025-11-25).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskSupport {
    /// The tool must not be called as a task (the default).
    Forbidden,
    /// The tool may be called as a task.
    Optional,
    /// The tool must be called as a task.
    Required,
}

/// Parameters of `tools/call`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallToolRequestParams {
    /// Metadata (required in 2026-07-28: protocol version and client capabilities).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The tool's name.
    pub name: String,
    /// The arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<JsonObject>,
    /// Answers to the input requests of the previous MRTR round (2026-07-28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_responses: Option<InputResponses>,
    /// The `requestState` of the previous MRTR round, echoed byte for byte (2026-07-28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Run as a task (2025-11-25 experimental tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `tools/call`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallToolResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The unstructured result.
    #[serde(deserialize_with = "crate::content::blocks")]
    pub content: Vec<ContentBlock>,
    /// The structured result (2025-06-18 on; an object before 2026-07-28, any JSON value after).
    /// `Some(Value::Null)` is an explicit `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::content::explicit_value"
    )]
    pub structured_content: Option<JsonValue>,
    /// Whether the call ended in an error; absent means false, and an explicit `false` stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl CallToolResult {
    /// The text of the result's text blocks, joined by newlines (other blocks are left out).
    ///
    /// ```
    /// use tether_mcp_types::{CallToolResult, ContentBlock};
    /// let result = CallToolResult {
    ///     content: vec![ContentBlock::text("deployed"), ContentBlock::text("to production")],
    ///     ..CallToolResult::default()
    /// };
    /// assert_eq!(result.text(), "deployed\nto production");
    /// ```
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self
            .content
            .iter()
            .filter_map(|block| match block {
                crate::ContentBlock::Text(text) => Some(text.text.as_str()),
                _ => None,
            })
            .collect();
        texts.join("\n")
    }
}

/// The result of `tools/list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListToolsResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The tools.
    pub tools: Vec<Tool>,
    /// The cursor of the next page; absent at the end (an empty string is a valid cursor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Cache lifetime hint in milliseconds (required from 2026-07-28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
    /// Cache scope hint (required from 2026-07-28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_scope: Option<CacheScope>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Lists the server's tools.
    ListToolsRequest = "tools/list", params?: PaginatedRequestParams, result: ListToolsResult
);
request!(
    /// Invokes a tool.
    CallToolRequest = "tools/call", params: CallToolRequestParams, result: MultiRoundResult<CallToolResult>
);
notification!(
    /// The list of tools changed.
    ToolListChangedNotification = "notifications/tools/list_changed", params?: NotificationParams
);

/// A successful response to `tools/call`: the result or an MRTR round (2026-07-28).
pub type CallToolResultResponse = crate::JSONRPCResultResponse<MultiRoundResult<CallToolResult>>;
/// A successful response to `tools/list` (2026-07-28).
pub type ListToolsResultResponse = crate::JSONRPCResultResponse<ListToolsResult>;
