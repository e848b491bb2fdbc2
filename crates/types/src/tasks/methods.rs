//! The 2025-11-25 task methods: `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` and
//! `notifications/tasks/status`, with their parameters and results.

use serde::{Deserialize, Serialize};

use super::required_nullable;
use crate::{JsonObject, Meta, PaginatedRequestParams, ResultType, Task, TaskStatus};

/// Parameters of `tasks/get` (both the 2025-11-25 core method and the 2026-07-28 extension's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskRequestParams {
    /// Metadata (required in 2026-07-28: protocol version and client capabilities).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The task to query.
    pub task_id: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `tasks/result` (2025-11-25).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskPayloadRequestParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The task whose result to retrieve.
    pub task_id: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `tasks/cancel` (both the 2025-11-25 core method and the 2026-07-28 extension's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelTaskRequestParams {
    /// Metadata (required in 2026-07-28: protocol version and client capabilities).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The task to cancel.
    pub task_id: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `tasks/get` (2025-11-25 `GetTaskResult = Result & Task`): the task's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The task identifier.
    pub task_id: String,
    /// The current state.
    pub status: TaskStatus,
    /// A human-readable message describing the current state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// ISO 8601 timestamp of the creation.
    pub created_at: String,
    /// ISO 8601 timestamp of the last update.
    pub last_updated_at: String,
    /// Retention from creation in milliseconds; `None` is the explicit `null` (unlimited).
    #[serde(deserialize_with = "required_nullable")]
    pub ttl: Option<u64>,
    /// Suggested polling interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `tasks/result` (2025-11-25 `GetTaskPayloadResult`): exactly the result of the
/// underlying request (a `CallToolResult` for a `tools/call` task, ...), kept whole.
/// [`GetTaskPayloadResult::decode`] reads it as the underlying result type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskPayloadResult {
    /// Metadata (it carries `io.modelcontextprotocol/related-task`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The members of the underlying result.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl GetTaskPayloadResult {
    /// Reads the payload as the underlying request's result type (such as
    /// [`crate::CallToolResult`]).
    pub fn decode<R: serde::de::DeserializeOwned>(&self) -> Result<R, crate::DecodeError> {
        let value = serde_json::to_value(self).map_err(|e| crate::DecodeError::custom("", e))?;
        crate::decode::from_value(value)
    }
}

/// The result of `tasks/list` (2025-11-25).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The tasks.
    pub tasks: Vec<Task>,
    /// The cursor of the next page; absent at the end (an empty string is a valid cursor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `tasks/cancel` (2025-11-25 `CancelTaskResult = Result & Task`): the task after
/// cancellation. The 2026-07-28 extension answers with an empty acknowledgement instead
/// ([`crate::ExtCancelTaskResult`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelTaskResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The task identifier.
    pub task_id: String,
    /// The current state.
    pub status: TaskStatus,
    /// A human-readable message describing the current state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// ISO 8601 timestamp of the creation.
    pub created_at: String,
    /// ISO 8601 timestamp of the last update.
    pub last_updated_at: String,
    /// Retention from creation in milliseconds; `None` is the explicit `null` (unlimited).
    #[serde(deserialize_with = "required_nullable")]
    pub ttl: Option<u64>,
    /// Suggested polling interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `notifications/tasks/status` (2025-11-25
/// `TaskStatusNotificationParams = NotificationParams & Task`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskStatusNotificationParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The task identifier.
    pub task_id: String,
    /// The current state.
    pub status: TaskStatus,
    /// A human-readable message describing the current state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// ISO 8601 timestamp of the creation.
    pub created_at: String,
    /// ISO 8601 timestamp of the last update.
    pub last_updated_at: String,
    /// Retention from creation in milliseconds; `None` is the explicit `null` (unlimited).
    #[serde(deserialize_with = "required_nullable")]
    pub ttl: Option<u64>,
    /// Suggested polling interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `From<Task>` (no `_meta`, no `resultType`) and `into_task` (drops `_meta` and `resultType`,
/// keeps unknown members) for the schema's `X = Base & Task` intersections.
macro_rules! task_intersection {
    ($name:ident { $($base:ident),* }) => {
        impl From<Task> for $name {
            fn from(task: Task) -> Self {
                Self {
                    $($base: None,)*
                    task_id: task.task_id,
                    status: task.status,
                    status_message: task.status_message,
                    created_at: task.created_at,
                    last_updated_at: task.last_updated_at,
                    ttl: task.ttl,
                    poll_interval: task.poll_interval,
                    extra: task.extra,
                }
            }
        }

        impl $name {
            /// The task, without `_meta` (and `resultType`); unknown members are kept.
            pub fn into_task(self) -> Task {
                Task {
                    task_id: self.task_id,
                    status: self.status,
                    status_message: self.status_message,
                    created_at: self.created_at,
                    last_updated_at: self.last_updated_at,
                    ttl: self.ttl,
                    poll_interval: self.poll_interval,
                    extra: self.extra,
                }
            }
        }
    };
}

task_intersection!(GetTaskResult { meta, result_type });
task_intersection!(CancelTaskResult { meta, result_type });
task_intersection!(TaskStatusNotificationParams { meta });

request!(
    /// Retrieves the state of a task (2025-11-25 experimental core tasks). The 2026-07-28
    /// extension's `tasks/get` is [`crate::ExtGetTaskRequest`].
    GetTaskRequest = "tasks/get", params: GetTaskRequestParams, result: GetTaskResult
);
request!(
    /// Retrieves the result of a task, blocking until it is terminal (2025-11-25 only; the
    /// 2026-07-28 extension has no `tasks/result`).
    GetTaskPayloadRequest = "tasks/result", params: GetTaskPayloadRequestParams, result: GetTaskPayloadResult
);
request!(
    /// Lists the tasks (2025-11-25 only; the 2026-07-28 extension has no `tasks/list`).
    ListTasksRequest = "tasks/list", params?: PaginatedRequestParams, result: ListTasksResult
);
request!(
    /// Cancels a task (2025-11-25 experimental core tasks; the result is the task). The
    /// 2026-07-28 extension's `tasks/cancel` is [`crate::ExtCancelTaskRequest`].
    CancelTaskRequest = "tasks/cancel", params: CancelTaskRequestParams, result: CancelTaskResult
);
notification!(
    /// A task's status changed (2025-11-25 only; optional for the receiver to send). The
    /// 2026-07-28 extension's notification is [`crate::ExtTaskStatusNotification`].
    TaskStatusNotification = "notifications/tasks/status", params: TaskStatusNotificationParams
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tasks::test_support::{TASK, round_trip};
    use crate::{CallToolResult, RequestMethod};

    #[test]
    fn get_task_request_and_result() {
        let req: GetTaskRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":3,"method":"tasks/get","params":{"taskId":"786512e2-9e0d-44bd-8f29-789f320fe840"}}"#,
        );
        assert_eq!(req.params.task_id, "786512e2-9e0d-44bd-8f29-789f320fe840");
        assert_eq!(GetTaskRequest::METHOD, "tasks/get");
        assert!(
            serde_json::from_str::<GetTaskRequest>(
                r#"{"jsonrpc":"2.0","id":3,"method":"tasks/get","params":{}}"#
            )
            .is_err()
        );
        assert!(
            serde_json::from_str::<GetTaskRequest>(
                r#"{"jsonrpc":"2.0","id":3,"method":"tasks/result","params":{"taskId":"x"}}"#
            )
            .is_err()
        );

        let result: GetTaskResult = round_trip(
            r#"{"taskId":"t1","status":"input_required","statusMessage":"Waiting for approval","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:35:00Z","ttl":null,"pollInterval":1000,"_meta":{"io.modelcontextprotocol/related-task":{"taskId":"t1"}}}"#,
        );
        assert_eq!(result.status, TaskStatus::InputRequired);
        assert_eq!(result.ttl, None);
        let task = result.clone().into_task();
        assert_eq!(task.poll_interval, Some(1000));
        let back = GetTaskResult::from(task);
        assert_eq!(back.meta, None);
        assert_eq!(back.status_message.as_deref(), Some("Waiting for approval"));
    }

    #[test]
    fn task_result_payload_decodes_as_the_underlying_result() {
        let req: GetTaskPayloadRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":"r-4","method":"tasks/result","params":{"taskId":"t1"}}"#,
        );
        assert_eq!(req.params.task_id, "t1");
        let payload: GetTaskPayloadResult = round_trip(
            r#"{"content":[{"type":"text","text":"Sunny, 22°C"}],"isError":false,"_meta":{"io.modelcontextprotocol/related-task":{"taskId":"t1"}}}"#,
        );
        let call: CallToolResult = payload.decode().expect("a CallToolResult");
        assert_eq!(call.is_error, Some(false));
        assert_eq!(call.content.len(), 1);
    }

    #[test]
    fn list_tasks_round_trips() {
        let req: ListTasksRequest =
            round_trip(r#"{"jsonrpc":"2.0","id":5,"method":"tasks/list","params":{"cursor":""}}"#);
        assert!(req.params.is_some());
        let bare: ListTasksRequest =
            round_trip(r#"{"jsonrpc":"2.0","id":6,"method":"tasks/list"}"#);
        assert!(bare.params.is_none());
        let result: ListTasksResult =
            round_trip(&format!(r#"{{"tasks":[{TASK}],"nextCursor":"p2"}}"#));
        assert_eq!(result.tasks.len(), 1);
        assert_eq!(result.next_cursor.as_deref(), Some("p2"));
        assert!(serde_json::from_str::<ListTasksResult>(r#"{"nextCursor":"p2"}"#).is_err());
    }

    #[test]
    fn cancel_task_round_trips() {
        let req: CancelTaskRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":9,"method":"tasks/cancel","params":{"taskId":"t1","_meta":{"k":null}}}"#,
        );
        assert_eq!(req.params.meta.as_ref().map(|m| m.0.len()), Some(1));
        let result: CancelTaskResult = round_trip(
            r#"{"taskId":"t1","status":"cancelled","statusMessage":"The task was cancelled by request.","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:40:00Z","ttl":30000,"pollInterval":5000}"#,
        );
        assert!(result.status.is_terminal());
    }

    #[test]
    fn status_notification_round_trips() {
        let note: TaskStatusNotification = round_trip(
            r#"{"jsonrpc":"2.0","method":"notifications/tasks/status","params":{"taskId":"t1","status":"failed","statusMessage":"Upstream timed out","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:50:00Z","ttl":60000,"extension":true}}"#,
        );
        assert_eq!(note.params.status, TaskStatus::Failed);
        assert_eq!(note.params.extra["extension"], json!(true));
        let task = note.params.clone().into_task();
        assert_eq!(TaskStatusNotificationParams::from(task), note.params);
        assert!(
            serde_json::from_str::<TaskStatusNotification>(
                r#"{"jsonrpc":"2.0","method":"notifications/tasks/status","params":{"taskId":"t1","status":"paused","createdAt":"a","lastUpdatedAt":"b","ttl":1}}"#,
            )
            .is_err()
        );
    }
}
