//! The experimental core tasks of 2025-11-25: `Task`, `tasks/get`, `tasks/result`, `tasks/list`,
//! `tasks/cancel`, `notifications/tasks/status`, and the `task` request parameter.
//!
//! These are the `$defs` of the 2025-11-25 schema. They exist in that revision only: 2026-07-28
//! removed them from the core protocol and moved tasks into the `io.modelcontextprotocol/tasks`
//! extension, whose wire shapes are different (see the `tasks_extension` types such as
//! [`DetailedTask`](crate::DetailedTask) and [`ExtGetTaskResult`](crate::ExtGetTaskResult)).
//! [`TaskStatus`] and the request parameter types [`GetTaskRequestParams`] and
//! [`CancelTaskRequestParams`] have the same shape in both and serve both.
//!
//! The schema's intersections (`GetTaskResult = Result & Task`, ...) are written out field by
//! field, so that decoding errors name the offending member; `From<Task>` and `into_task`
//! convert between them and [`Task`].

use serde::{Deserialize, Deserializer, Serialize};

use crate::{JsonObject, Meta, PaginatedRequestParams, ResultType};

/// The status of a task (`TaskStatus`; the same five values in the 2026-07-28 tasks extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// `"working"`: the request is being processed.
    Working,
    /// `"input_required"`: the task waits for input from the requestor (elicitation, sampling).
    InputRequired,
    /// `"completed"`: the request completed and its result is available.
    Completed,
    /// `"failed"`: the request failed.
    Failed,
    /// `"cancelled"`: the request was cancelled before completion.
    Cancelled,
}

impl TaskStatus {
    /// The wire string.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Working => "working",
            Self::InputRequired => "input_required",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether the status is terminal (`completed`, `failed` or `cancelled`): it never changes
    /// again.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

impl std::fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `deserialize_with` for a member the schema types as required `T | null`: `null` reads as
/// `None`, and an absent member is an error (without `deserialize_with`, serde would read an
/// absent `Option` as `None` and write it back as `null`). Serialized as is: `None` is `null`.
pub(crate) fn required_nullable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

/// Data associated with a task (2025-11-25 `Task`).
///
/// The 2026-07-28 tasks extension has its own, incompatible task shape ([`crate::ExtTask`]:
/// `ttlMs` and `pollIntervalMs` in place of `ttl` and `pollInterval`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// The task identifier.
    pub task_id: String,
    /// The current state.
    pub status: TaskStatus,
    /// A human-readable message describing the current state (reasons for `cancelled`, a
    /// summary for `completed`, diagnostics for `failed`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// ISO 8601 timestamp of the creation.
    pub created_at: String,
    /// ISO 8601 timestamp of the last update.
    pub last_updated_at: String,
    /// The actual retention duration from creation in milliseconds; `None` is the explicit
    /// `null` (unlimited). Required: an absent `ttl` is a decoding error.
    #[serde(deserialize_with = "required_nullable")]
    pub ttl: Option<u64>,
    /// Suggested polling interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl Task {
    /// A task with the given id, status, timestamps and `ttl` (`None` for unlimited), and no
    /// optional members.
    pub fn new(
        task_id: impl Into<String>,
        status: TaskStatus,
        created_at: impl Into<String>,
        last_updated_at: impl Into<String>,
        ttl: Option<u64>,
    ) -> Self {
        Self {
            task_id: task_id.into(),
            status,
            status_message: None,
            created_at: created_at.into(),
            last_updated_at: last_updated_at.into(),
            ttl,
            poll_interval: None,
            extra: JsonObject::new(),
        }
    }
}

/// The `task` request parameter: asks for task-augmented execution (2025-11-25 `TaskMetadata`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskMetadata {
    /// Requested duration in milliseconds to retain the task from creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Associates a message with a task: the value of `_meta["io.modelcontextprotocol/related-task"]`
/// (2025-11-25 `RelatedTaskMetadata`; see [`crate::meta::RELATED_TASK`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedTaskMetadata {
    /// The task this message is associated with.
    pub task_id: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The common parameters of any task-augmented request (2025-11-25 `TaskAugmentedRequestParams`,
/// a base type: the concrete parameter types such as [`crate::CallToolRequestParams`] carry
/// `task` themselves).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskAugmentedRequestParams {
    /// Metadata (`progressToken`, ...).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Asks for task-augmented execution: the receiver answers with a [`CreateTaskResult`] at
    /// once, and the actual result is fetched later with `tasks/result`. Subject to capability
    /// negotiation (`tasks.requests.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// Unknown members (the request's own parameters), kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The answer to a task-augmented request: the created task (2025-11-25 `CreateTaskResult`).
///
/// Not the 2026-07-28 extension's `CreateTaskResult`, which is flat (`Result & Task`, with
/// `resultType: "task"`): that one is [`crate::ExtCreateTaskResult`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTaskResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`). 2025-11-25 does not
    /// define it, so a 2025-11-25 peer never sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The created task.
    pub task: Task,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl From<Task> for CreateTaskResult {
    fn from(task: Task) -> Self {
        Self {
            meta: None,
            result_type: None,
            task,
            extra: JsonObject::new(),
        }
    }
}

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
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;
    use crate::{CallToolResult, RequestMethod};

    /// Decodes `text`, re-encodes it and checks the JSON is unchanged.
    fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
        let decoded: T = serde_json::from_str(text).expect("decodes");
        let original: Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), original);
        decoded
    }

    const TASK: &str = r#"{
        "taskId": "786512e2-9e0d-44bd-8f29-789f320fe840",
        "status": "working",
        "statusMessage": "The operation is now in progress.",
        "createdAt": "2025-11-25T10:30:00Z",
        "lastUpdatedAt": "2025-11-25T10:40:00Z",
        "ttl": 60000,
        "pollInterval": 5000
    }"#;

    #[test]
    fn task_round_trips() {
        let task: Task = round_trip(TASK);
        assert_eq!(task.status, TaskStatus::Working);
        assert_eq!(task.ttl, Some(60000));
        assert_eq!(task.poll_interval, Some(5000));
        assert!(task.extra.is_empty());
    }

    #[test]
    fn null_ttl_stays_null_and_absent_ttl_is_rejected() {
        let task: Task = round_trip(
            r#"{"taskId":"t","status":"completed","createdAt":"a","lastUpdatedAt":"b","ttl":null}"#,
        );
        assert_eq!(task.ttl, None);
        assert_eq!(
            serde_json::to_value(&task).expect("encodes")["ttl"],
            Value::Null
        );

        let err = serde_json::from_str::<Task>(
            r#"{"taskId":"t","status":"completed","createdAt":"a","lastUpdatedAt":"b"}"#,
        )
        .expect_err("ttl is required");
        assert!(err.to_string().contains("missing field `ttl`"), "{err}");
    }

    #[test]
    fn unknown_status_and_missing_task_id_are_rejected() {
        let err = serde_json::from_str::<Task>(
            r#"{"taskId":"t","status":"done","createdAt":"a","lastUpdatedAt":"b","ttl":1}"#,
        )
        .expect_err("unknown status");
        assert!(err.to_string().contains("unknown variant `done`"), "{err}");
        let err = serde_json::from_str::<Task>(
            r#"{"status":"working","createdAt":"a","lastUpdatedAt":"b","ttl":1}"#,
        )
        .expect_err("taskId is required");
        assert!(err.to_string().contains("missing field `taskId`"), "{err}");
        // Negative durations are not durations.
        assert!(
            serde_json::from_str::<Task>(
                r#"{"taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"b","ttl":-1}"#,
            )
            .is_err()
        );
    }

    #[test]
    fn statuses_have_the_schema_strings() {
        for (status, text) in [
            (TaskStatus::Working, "working"),
            (TaskStatus::InputRequired, "input_required"),
            (TaskStatus::Completed, "completed"),
            (TaskStatus::Failed, "failed"),
            (TaskStatus::Cancelled, "cancelled"),
        ] {
            assert_eq!(serde_json::to_value(status).expect("encodes"), json!(text));
            assert_eq!(status.as_str(), text);
            assert_eq!(status.to_string(), text);
        }
        assert!(TaskStatus::Cancelled.is_terminal() && !TaskStatus::InputRequired.is_terminal());
    }

    #[test]
    fn create_task_result_round_trips_with_unknown_members() {
        let text = format!(
            r#"{{"_meta":{{"io.modelcontextprotocol/related-task":{{"taskId":"x"}}}},"task":{TASK},"vendor":{{"k":[1,2]}}}}"#
        );
        let result: CreateTaskResult = round_trip(&text);
        assert_eq!(result.task.task_id, "786512e2-9e0d-44bd-8f29-789f320fe840");
        assert_eq!(result.extra["vendor"], json!({"k": [1, 2]}));
        assert!(result.result_type.is_none());
        let err = serde_json::from_str::<CreateTaskResult>(r#"{"_meta":{}}"#).expect_err("no task");
        assert!(err.to_string().contains("missing field `task`"), "{err}");
    }

    #[test]
    fn tool_call_with_task_metadata() {
        let params: TaskAugmentedRequestParams = round_trip(
            r#"{"_meta":{"progressToken":7},"task":{"ttl":60000},"name":"get_weather","arguments":{"city":"New York"}}"#,
        );
        assert_eq!(params.task.as_ref().and_then(|t| t.ttl), Some(60000));
        assert_eq!(params.extra["name"], json!("get_weather"));
        let empty: TaskMetadata = round_trip("{}");
        assert_eq!(empty, TaskMetadata::default());
        let related: RelatedTaskMetadata = round_trip(r#"{"taskId":"abc","x":false}"#);
        assert_eq!(related.task_id, "abc");
        assert_eq!(related.extra["x"], json!(false));
    }

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
