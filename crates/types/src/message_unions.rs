//! The unions of the schemas: every request, notification and result a side may send
//! (`ClientRequest`, `ServerRequest`, `ClientNotification`, `ServerNotification`,
//! `ClientResult`, `ServerResult`), across all revisions.
//!
//! Requests and notifications are told apart by `method`; a method this crate does not know
//! lands in `Unknown` (for a request, the caller answers -32601). Results carry no method, so
//! [`ServerResult::decode`] and [`ClientResult::decode`] take the method of the request they
//! answer.

use serde::Serialize;

use crate::decode::{DecodeError, from_value};
use crate::*;

tagged_union!(
    /// Any request a client sends (`ClientRequest`).
    ClientRequest by "method" {
        /// `initialize` (legacy).
        Initialize(InitializeRequest) = "initialize",
        /// `ping` (legacy).
        Ping(PingRequest) = "ping",
        /// `server/discover` (2026-07-28).
        Discover(DiscoverRequest) = "server/discover",
        /// `resources/list`.
        ListResources(ListResourcesRequest) = "resources/list",
        /// `resources/templates/list`.
        ListResourceTemplates(ListResourceTemplatesRequest) = "resources/templates/list",
        /// `resources/read`.
        ReadResource(ReadResourceRequest) = "resources/read",
        /// `resources/subscribe` (legacy).
        Subscribe(SubscribeRequest) = "resources/subscribe",
        /// `resources/unsubscribe` (legacy).
        Unsubscribe(UnsubscribeRequest) = "resources/unsubscribe",
        /// `subscriptions/listen` (2026-07-28).
        SubscriptionsListen(SubscriptionsListenRequest) = "subscriptions/listen",
        /// `prompts/list`.
        ListPrompts(ListPromptsRequest) = "prompts/list",
        /// `prompts/get`.
        GetPrompt(GetPromptRequest) = "prompts/get",
        /// `tools/list`.
        ListTools(ListToolsRequest) = "tools/list",
        /// `tools/call`.
        CallTool(CallToolRequest) = "tools/call",
        /// `logging/setLevel` (legacy).
        SetLevel(SetLevelRequest) = "logging/setLevel",
        /// `completion/complete`.
        Complete(CompleteRequest) = "completion/complete",
        /// `tasks/get` (2025-11-25 core tasks and the 2026-07-28 tasks extension).
        GetTask(GetTaskRequest) = "tasks/get",
        /// `tasks/result` (2025-11-25).
        GetTaskPayload(GetTaskPayloadRequest) = "tasks/result",
        /// `tasks/list` (2025-11-25).
        ListTasks(ListTasksRequest) = "tasks/list",
        /// `tasks/cancel` (2025-11-25 core tasks and the 2026-07-28 tasks extension).
        CancelTask(CancelTaskRequest) = "tasks/cancel",
        /// `tasks/update` (2026-07-28 tasks extension).
        UpdateTask(UpdateTaskRequest) = "tasks/update",
    }
);

tagged_union!(
    /// Any request a server sends (`ServerRequest`; legacy revisions only).
    ServerRequest by "method" {
        /// `ping`.
        Ping(PingRequest) = "ping",
        /// `sampling/createMessage`.
        CreateMessage(CreateMessageRequest) = "sampling/createMessage",
        /// `roots/list`.
        ListRoots(ListRootsRequest) = "roots/list",
        /// `elicitation/create` (2025-06-18 on).
        Elicit(ElicitRequest) = "elicitation/create",
        /// `tasks/get` (2025-11-25).
        GetTask(GetTaskRequest) = "tasks/get",
        /// `tasks/result` (2025-11-25).
        GetTaskPayload(GetTaskPayloadRequest) = "tasks/result",
        /// `tasks/list` (2025-11-25).
        ListTasks(ListTasksRequest) = "tasks/list",
        /// `tasks/cancel` (2025-11-25).
        CancelTask(CancelTaskRequest) = "tasks/cancel",
    }
);

tagged_union!(
    /// Any notification a client sends (`ClientNotification`).
    ClientNotification by "method" {
        /// `notifications/cancelled`.
        Cancelled(CancelledNotification) = "notifications/cancelled",
        /// `notifications/initialized` (legacy).
        Initialized(InitializedNotification) = "notifications/initialized",
        /// `notifications/progress` (legacy).
        Progress(ProgressNotification) = "notifications/progress",
        /// `notifications/roots/list_changed` (legacy).
        RootsListChanged(RootsListChangedNotification) = "notifications/roots/list_changed",
        /// `notifications/tasks/status` (2025-11-25).
        TaskStatus(TaskStatusNotification) = "notifications/tasks/status",
    }
);

tagged_union!(
    /// Any notification a server sends (`ServerNotification`).
    ServerNotification by "method" {
        /// `notifications/cancelled`.
        Cancelled(CancelledNotification) = "notifications/cancelled",
        /// `notifications/progress`.
        Progress(ProgressNotification) = "notifications/progress",
        /// `notifications/message`.
        LoggingMessage(LoggingMessageNotification) = "notifications/message",
        /// `notifications/resources/list_changed`.
        ResourceListChanged(ResourceListChangedNotification) = "notifications/resources/list_changed",
        /// `notifications/resources/updated`.
        ResourceUpdated(ResourceUpdatedNotification) = "notifications/resources/updated",
        /// `notifications/prompts/list_changed`.
        PromptListChanged(PromptListChangedNotification) = "notifications/prompts/list_changed",
        /// `notifications/tools/list_changed`.
        ToolListChanged(ToolListChangedNotification) = "notifications/tools/list_changed",
        /// `notifications/elicitation/complete` (2025-11-25).
        ElicitationComplete(ElicitationCompleteNotification) = "notifications/elicitation/complete",
        /// `notifications/tasks/status` (2025-11-25).
        TaskStatus(TaskStatusNotification) = "notifications/tasks/status",
        /// `notifications/subscriptions/acknowledged` (2026-07-28).
        SubscriptionsAcknowledged(SubscriptionsAcknowledgedNotification) =
            "notifications/subscriptions/acknowledged",
        /// `notifications/tasks` (2026-07-28 tasks extension).
        Tasks(ExtTaskStatusNotification) = "notifications/tasks",
    }
);

/// Any result a server sends (`ServerResult`), decoded with the method of the request it
/// answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ServerResult {
    /// `initialize`.
    Initialize(InitializeResult),
    /// `server/discover`.
    Discover(DiscoverResult),
    /// `resources/list`.
    ListResources(ListResourcesResult),
    /// `resources/templates/list`.
    ListResourceTemplates(ListResourceTemplatesResult),
    /// `resources/read`.
    ReadResource(MultiRoundResult<ReadResourceResult>),
    /// `subscriptions/listen`.
    SubscriptionsListen(SubscriptionsListenResult),
    /// `prompts/list`.
    ListPrompts(ListPromptsResult),
    /// `prompts/get`.
    GetPrompt(MultiRoundResult<GetPromptResult>),
    /// `tools/list`.
    ListTools(ListToolsResult),
    /// `tools/call`.
    CallTool(MultiRoundResult<CallToolResult>),
    /// `completion/complete`.
    Complete(CompleteResult),
    /// `tasks/get` (2025-11-25).
    GetTask(GetTaskResult),
    /// `tasks/result` (2025-11-25).
    GetTaskPayload(GetTaskPayloadResult),
    /// `tasks/list` (2025-11-25).
    ListTasks(ListTasksResult),
    /// `tasks/cancel` (2025-11-25).
    CancelTask(CancelTaskResult),
    /// `ping`, `resources/subscribe`, `resources/unsubscribe`, `logging/setLevel`, and any
    /// method this crate does not know.
    Empty(EmptyResult),
}

impl ServerResult {
    /// Decodes the result of a request of `method`.
    pub fn decode(method: &str, result: JsonValue) -> Result<Self, DecodeError> {
        Ok(match method {
            InitializeRequest::METHOD => Self::Initialize(from_value(result)?),
            DiscoverRequest::METHOD => Self::Discover(from_value(result)?),
            ListResourcesRequest::METHOD => Self::ListResources(from_value(result)?),
            ListResourceTemplatesRequest::METHOD => {
                Self::ListResourceTemplates(from_value(result)?)
            }
            ReadResourceRequest::METHOD => Self::ReadResource(from_value(result)?),
            SubscriptionsListenRequest::METHOD => Self::SubscriptionsListen(from_value(result)?),
            ListPromptsRequest::METHOD => Self::ListPrompts(from_value(result)?),
            GetPromptRequest::METHOD => Self::GetPrompt(from_value(result)?),
            ListToolsRequest::METHOD => Self::ListTools(from_value(result)?),
            CallToolRequest::METHOD => Self::CallTool(from_value(result)?),
            CompleteRequest::METHOD => Self::Complete(from_value(result)?),
            GetTaskRequest::METHOD => Self::GetTask(from_value(result)?),
            GetTaskPayloadRequest::METHOD => Self::GetTaskPayload(from_value(result)?),
            ListTasksRequest::METHOD => Self::ListTasks(from_value(result)?),
            CancelTaskRequest::METHOD => Self::CancelTask(from_value(result)?),
            _ => Self::Empty(from_value(result)?),
        })
    }
}

/// Any result a client sends (`ClientResult`), decoded with the method of the request it
/// answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ClientResult {
    /// `sampling/createMessage`.
    CreateMessage(CreateMessageResult),
    /// `roots/list`.
    ListRoots(ListRootsResult),
    /// `elicitation/create`.
    Elicit(ElicitResult),
    /// `tasks/get` (2025-11-25).
    GetTask(GetTaskResult),
    /// `tasks/result` (2025-11-25).
    GetTaskPayload(GetTaskPayloadResult),
    /// `tasks/list` (2025-11-25).
    ListTasks(ListTasksResult),
    /// `tasks/cancel` (2025-11-25).
    CancelTask(CancelTaskResult),
    /// `ping`, and any method this crate does not know.
    Empty(EmptyResult),
}

impl ClientResult {
    /// Decodes the result of a request of `method`.
    pub fn decode(method: &str, result: JsonValue) -> Result<Self, DecodeError> {
        Ok(match method {
            CreateMessageRequest::METHOD => Self::CreateMessage(from_value(result)?),
            ListRootsRequest::METHOD => Self::ListRoots(from_value(result)?),
            ElicitRequest::METHOD => Self::Elicit(from_value(result)?),
            GetTaskRequest::METHOD => Self::GetTask(from_value(result)?),
            GetTaskPayloadRequest::METHOD => Self::GetTaskPayload(from_value(result)?),
            ListTasksRequest::METHOD => Self::ListTasks(from_value(result)?),
            CancelTaskRequest::METHOD => Self::CancelTask(from_value(result)?),
            _ => Self::Empty(from_value(result)?),
        })
    }
}
