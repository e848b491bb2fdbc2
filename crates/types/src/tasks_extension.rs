//! The 2026-07-28 tasks extension `io.modelcontextprotocol/tasks` (SEP-2663): `CreateTaskResult`,
//! `DetailedTask`, `tasks/get`, `tasks/update`, `tasks/cancel`, `notifications/tasks`, and the
//! `taskIds` filter of `subscriptions/listen`.
//!
//! # Source
//! The extension is not part of the 2026-07-28 core schema. These types follow the extension's
//! own schema, `schema/draft/schema.ts` (and the generated `schema/draft/schema.json`) of the
//! repository `modelcontextprotocol/ext-tasks` (formerly `experimental-ext-tasks`; read at commit
//! `e434597`), together with its specification text `specification/draft/tasks.md`. The
//! extension's README lists a `2026-07-28` schema version as stable; only the `draft` schema could
//! be read, and it agrees with the SEP-2663 summary this crate was built from (method names,
//! `ttlMs`/`pollIntervalMs`, `resultType: "task"`, empty acknowledgements, `notifications/tasks`,
//! `taskIds`).
//!
//! # Names
//! The types keep the extension schema's names, except where the 2025-11-25 core schema already
//! uses the name for an incompatible shape; those get an `Ext` prefix:
//!
//! | extension schema | here | the 2025-11-25 type of that name |
//! |---|---|---|
//! | `Task` | [`ExtTask`] | [`Task`](crate::Task): `ttl`/`pollInterval` instead of `ttlMs`/`pollIntervalMs` |
//! | `CreateTaskResult` | [`ExtCreateTaskResult`] | [`CreateTaskResult`](crate::CreateTaskResult): `{task: Task}`, not flat |
//! | `GetTaskRequest` | [`ExtGetTaskRequest`] | [`GetTaskRequest`](crate::GetTaskRequest): same method, answers a plain `Task` |
//! | `GetTaskResult` | [`ExtGetTaskResult`] | [`GetTaskResult`](crate::GetTaskResult): no `inputRequests`/`result`/`error` |
//! | `CancelTaskRequest` | [`ExtCancelTaskRequest`] | [`CancelTaskRequest`](crate::CancelTaskRequest): same method, answers the `Task` |
//! | `CancelTaskResult` | [`ExtCancelTaskResult`] | [`CancelTaskResult`](crate::CancelTaskResult): the `Task`, not an empty ack |
//! | `TaskStatusNotification` | [`ExtTaskStatusNotification`] | [`TaskStatusNotification`](crate::TaskStatusNotification): `notifications/tasks/status`, a plain `Task` |
//! | `TaskStatusNotificationParams` | [`ExtTaskStatusNotificationParams`] | [`TaskStatusNotificationParams`](crate::TaskStatusNotificationParams) |
//!
//! Shared with the 2025-11-25 module because the shapes are identical: [`TaskStatus`] and the
//! request parameters [`GetTaskRequestParams`] and [`CancelTaskRequestParams`] (`{taskId}`).
//! The schema's `WorkingTask`, `InputRequiredTask`, `CompletedTask`, `FailedTask` and
//! `CancelledTask` (the union `DetailedTask`) are one struct, [`DetailedTask`], whose
//! status-dependent members are checked when it is decoded.

use serde::{Deserialize, Deserializer, Serialize};

use crate::tasks::required_nullable;
use crate::{
    CancelTaskRequestParams, EmptyResult, ErrorObject, GetTaskRequestParams, InputRequests,
    InputResponses, JsonObject, Meta, ResultType, TaskStatus,
};

/// The extension identifier: the key under `capabilities.extensions` (per request for the
/// client, in `server/discover` for the server; the value is [`TasksExtensionCapability`]).
pub const TASKS_EXTENSION_ID: &str = "io.modelcontextprotocol/tasks";

/// The extension's capability settings (`TasksExtensionCapability`): an empty object means
/// support; no settings are defined yet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TasksExtensionCapability {
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A task's operational state (the tasks extension's `Task`).
///
/// Differs from the 2025-11-25 [`Task`](crate::Task) in the duration members: `ttlMs` and
/// `pollIntervalMs` here, `ttl` and `pollInterval` there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtTask {
    /// The task identifier, server-generated and unguessable.
    pub task_id: String,
    /// The current state.
    pub status: TaskStatus,
    /// A message describing the current state (may be shown to the user or model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// ISO 8601 timestamp of the creation.
    pub created_at: String,
    /// ISO 8601 timestamp of the last update.
    pub last_updated_at: String,
    /// Time to live from creation in milliseconds; `None` is the explicit `null` (unlimited).
    /// Required: an absent `ttlMs` is a decoding error. It may change over the task's life.
    #[serde(deserialize_with = "required_nullable")]
    pub ttl_ms: Option<u64>,
    /// Suggested polling interval in milliseconds; clients should honour it. It may change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval_ms: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl ExtTask {
    /// A task with the given id, status, timestamps and `ttlMs` (`None` for unlimited), and no
    /// optional members.
    pub fn new(
        task_id: impl Into<String>,
        status: TaskStatus,
        created_at: impl Into<String>,
        last_updated_at: impl Into<String>,
        ttl_ms: Option<u64>,
    ) -> Self {
        Self {
            task_id: task_id.into(),
            status,
            status_message: None,
            created_at: created_at.into(),
            last_updated_at: last_updated_at.into(),
            ttl_ms,
            poll_interval_ms: None,
            extra: JsonObject::new(),
        }
    }
}

/// The task handle a server returns in place of the normal result (the extension's
/// `CreateTaskResult = Result & Task`, with `resultType: "task"`). Only `tools/call` supports it
/// so far, and only when the client declared [`TASKS_EXTENSION_ID`] on that request.
///
/// Differs from the 2025-11-25 [`CreateTaskResult`](crate::CreateTaskResult), which nests the
/// task (`{task: {...}}`): this one is flat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtCreateTaskResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType`: always [`ResultType::Task`]; decoding rejects a missing or different value
    /// (the value `"task"` is reserved for this result).
    #[serde(deserialize_with = "task_result_type")]
    pub result_type: ResultType,
    /// The task identifier, for the `tasks/get`, `tasks/update` and `tasks/cancel` calls.
    pub task_id: String,
    /// The seed state (typically, not necessarily, `working`).
    pub status: TaskStatus,
    /// A message describing the current state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// ISO 8601 timestamp of the creation.
    pub created_at: String,
    /// ISO 8601 timestamp of the last update.
    pub last_updated_at: String,
    /// Time to live from creation in milliseconds; `None` is the explicit `null` (unlimited).
    #[serde(deserialize_with = "required_nullable")]
    pub ttl_ms: Option<u64>,
    /// Suggested polling interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval_ms: Option<u64>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `deserialize_with` for [`ExtCreateTaskResult::result_type`]: only `"task"`.
fn task_result_type<'de, D: Deserializer<'de>>(d: D) -> Result<ResultType, D::Error> {
    match ResultType::deserialize(d)? {
        ResultType::Task => Ok(ResultType::Task),
        other => Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(other.as_str()),
            &"\"task\"",
        )),
    }
}

impl From<ExtTask> for ExtCreateTaskResult {
    /// The handle for `task`, with `resultType: "task"` and no `_meta`.
    fn from(task: ExtTask) -> Self {
        Self {
            meta: None,
            result_type: ResultType::Task,
            task_id: task.task_id,
            status: task.status,
            status_message: task.status_message,
            created_at: task.created_at,
            last_updated_at: task.last_updated_at,
            ttl_ms: task.ttl_ms,
            poll_interval_ms: task.poll_interval_ms,
            extra: task.extra,
        }
    }
}

impl ExtCreateTaskResult {
    /// The task, without `_meta` and `resultType`; unknown members are kept.
    pub fn into_task(self) -> ExtTask {
        ExtTask {
            task_id: self.task_id,
            status: self.status,
            status_message: self.status_message,
            created_at: self.created_at,
            last_updated_at: self.last_updated_at,
            ttl_ms: self.ttl_ms,
            poll_interval_ms: self.poll_interval_ms,
            extra: self.extra,
        }
    }
}

/// Checks the members the extension schema requires for a status: `inputRequests` for
/// `input_required`, `result` for `completed`, `error` for `failed`.
fn check_status_members<E: serde::de::Error>(
    status: TaskStatus,
    has_input_requests: bool,
    has_result: bool,
    has_error: bool,
) -> Result<(), E> {
    let missing = match status {
        TaskStatus::InputRequired if !has_input_requests => "inputRequests",
        TaskStatus::Completed if !has_result => "result",
        TaskStatus::Failed if !has_error => "error",
        _ => return Ok(()),
    };
    Err(E::custom(format_args!(
        "missing field `{missing}` (required when status is `{status}`)"
    )))
}

/// Defines a struct that carries the `DetailedTask` members, with a `Deserialize` that checks the
/// status-dependent ones: a private twin without the check is derived and its fields moved over
/// (so decoding errors still name the member, and no unchecked `deserialize` is public).
macro_rules! checked_detailed_task {
    (
        $(#[$attr:meta])*
        pub struct $name:ident, unchecked $twin:ident {
            $( $(#[$field_attr:meta])* pub $field:ident: $ty:ty, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $( $(#[$field_attr])* pub $field: $ty, )*
        }

        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct $twin {
            $( $(#[$field_attr])* $field: $ty, )*
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let decoded = $twin::deserialize(deserializer)?;
                check_status_members::<D::Error>(
                    decoded.status,
                    decoded.input_requests.is_some(),
                    decoded.result.is_some(),
                    decoded.error.is_some(),
                )?;
                Ok($name { $( $field: decoded.$field, )* })
            }
        }
    };
}

checked_detailed_task! {
    /// A task with its status-dependent payload inlined (the extension's `DetailedTask`, the union
    /// of `WorkingTask`, `InputRequiredTask`, `CompletedTask`, `FailedTask` and `CancelledTask`).
    /// Used by `tasks/get` ([`ExtGetTaskResult`]) and `notifications/tasks`
    /// ([`ExtTaskStatusNotificationParams`]).
    ///
    /// Decoding requires `inputRequests` when the status is `input_required`, `result` when it is
    /// `completed` and `error` when it is `failed`. A member present under another status is kept
    /// as received (the schema does not forbid it).
    pub struct DetailedTask, unchecked DetailedTaskUnchecked {
        /// The task identifier.
        pub task_id: String,
        /// The current state; it decides which of `input_requests`, `result`, `error` is present.
        pub status: TaskStatus,
        /// A message describing the current state.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status_message: Option<String>,
        /// ISO 8601 timestamp of the creation.
        pub created_at: String,
        /// ISO 8601 timestamp of the last update.
        pub last_updated_at: String,
        /// Time to live from creation in milliseconds; `None` is the explicit `null` (unlimited).
        #[serde(deserialize_with = "required_nullable")]
        pub ttl_ms: Option<u64>,
        /// Suggested polling interval in milliseconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub poll_interval_ms: Option<u64>,
        /// `input_required`: every outstanding server-to-client request, answered with
        /// `tasks/update`. Keys are unique over the task's lifetime and never reused.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub input_requests: Option<InputRequests>,
        /// `completed`: the final result of the underlying request (a `CallToolResult` for
        /// `tools/call`, even one with `isError: true`), kept whole.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result: Option<JsonObject>,
        /// `failed`: the JSON-RPC error the underlying request failed with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<ErrorObject>,
        /// Unknown members, kept for the round trip.
        #[serde(flatten)]
        pub extra: JsonObject,
    }
}

impl From<ExtTask> for DetailedTask {
    /// The task with no status-dependent payload (complete for `working` and `cancelled`).
    fn from(task: ExtTask) -> Self {
        Self {
            task_id: task.task_id,
            status: task.status,
            status_message: task.status_message,
            created_at: task.created_at,
            last_updated_at: task.last_updated_at,
            ttl_ms: task.ttl_ms,
            poll_interval_ms: task.poll_interval_ms,
            input_requests: None,
            result: None,
            error: None,
            extra: task.extra,
        }
    }
}

impl DetailedTask {
    /// The task without its status-dependent payload; unknown members are kept.
    pub fn into_task(self) -> ExtTask {
        ExtTask {
            task_id: self.task_id,
            status: self.status,
            status_message: self.status_message,
            created_at: self.created_at,
            last_updated_at: self.last_updated_at,
            ttl_ms: self.ttl_ms,
            poll_interval_ms: self.poll_interval_ms,
            extra: self.extra,
        }
    }
}

checked_detailed_task! {
    /// The result of the extension's `tasks/get` (`GetTaskResult = Result & DetailedTask`, with
    /// `resultType: "complete"`).
    ///
    /// Differs from the 2025-11-25 [`GetTaskResult`](crate::GetTaskResult): `ttlMs` and
    /// `pollIntervalMs`, and the status-dependent `inputRequests`, `result` and `error` (checked on
    /// decoding as for [`DetailedTask`]).
    pub struct ExtGetTaskResult, unchecked ExtGetTaskResultUnchecked {
        /// Metadata.
        #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
        /// `resultType` (required from 2026-07-28, and `complete` here; absent reads as `complete`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result_type: Option<ResultType>,
        /// The task identifier.
        pub task_id: String,
        /// The current state; it decides which of `input_requests`, `result`, `error` is present.
        pub status: TaskStatus,
        /// A message describing the current state.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status_message: Option<String>,
        /// ISO 8601 timestamp of the creation.
        pub created_at: String,
        /// ISO 8601 timestamp of the last update.
        pub last_updated_at: String,
        /// Time to live from creation in milliseconds; `None` is the explicit `null` (unlimited).
        #[serde(deserialize_with = "required_nullable")]
        pub ttl_ms: Option<u64>,
        /// Suggested polling interval in milliseconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub poll_interval_ms: Option<u64>,
        /// `input_required`: every outstanding server-to-client request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub input_requests: Option<InputRequests>,
        /// `completed`: the final result of the underlying request, kept whole.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result: Option<JsonObject>,
        /// `failed`: the JSON-RPC error the underlying request failed with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<ErrorObject>,
        /// Unknown members, kept for the round trip.
        #[serde(flatten)]
        pub extra: JsonObject,
    }
}

checked_detailed_task! {
    /// Parameters of `notifications/tasks` (the extension's
    /// `TaskStatusNotificationParams = NotificationParams & DetailedTask`): the full task state.
    ///
    /// Differs from the 2025-11-25 [`TaskStatusNotificationParams`](crate::TaskStatusNotificationParams)
    /// as [`ExtGetTaskResult`] differs from [`GetTaskResult`](crate::GetTaskResult).
    pub struct ExtTaskStatusNotificationParams, unchecked ExtTaskStatusNotificationParamsUnchecked {
        /// Metadata (on a `subscriptions/listen` stream it carries the subscription id).
        #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
        /// The task identifier.
        pub task_id: String,
        /// The current state; it decides which of `input_requests`, `result`, `error` is present.
        pub status: TaskStatus,
        /// A message describing the current state.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status_message: Option<String>,
        /// ISO 8601 timestamp of the creation.
        pub created_at: String,
        /// ISO 8601 timestamp of the last update.
        pub last_updated_at: String,
        /// Time to live from creation in milliseconds; `None` is the explicit `null` (unlimited).
        #[serde(deserialize_with = "required_nullable")]
        pub ttl_ms: Option<u64>,
        /// Suggested polling interval in milliseconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub poll_interval_ms: Option<u64>,
        /// `input_required`: every outstanding server-to-client request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub input_requests: Option<InputRequests>,
        /// `completed`: the final result of the underlying request, kept whole.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result: Option<JsonObject>,
        /// `failed`: the JSON-RPC error the underlying request failed with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<ErrorObject>,
        /// Unknown members, kept for the round trip.
        #[serde(flatten)]
        pub extra: JsonObject,
    }
}

/// `From<DetailedTask>` and `into_detailed_task` for the `X = Base & DetailedTask` intersections.
macro_rules! detailed_task_intersection {
    ($name:ident { $($base:ident: $value:expr),* }) => {
        impl From<DetailedTask> for $name {
            fn from(task: DetailedTask) -> Self {
                Self {
                    $($base: $value,)*
                    task_id: task.task_id,
                    status: task.status,
                    status_message: task.status_message,
                    created_at: task.created_at,
                    last_updated_at: task.last_updated_at,
                    ttl_ms: task.ttl_ms,
                    poll_interval_ms: task.poll_interval_ms,
                    input_requests: task.input_requests,
                    result: task.result,
                    error: task.error,
                    extra: task.extra,
                }
            }
        }

        impl $name {
            /// The task state, without `_meta` (and `resultType`); unknown members are kept.
            pub fn into_detailed_task(self) -> DetailedTask {
                DetailedTask {
                    task_id: self.task_id,
                    status: self.status,
                    status_message: self.status_message,
                    created_at: self.created_at,
                    last_updated_at: self.last_updated_at,
                    ttl_ms: self.ttl_ms,
                    poll_interval_ms: self.poll_interval_ms,
                    input_requests: self.input_requests,
                    result: self.result,
                    error: self.error,
                    extra: self.extra,
                }
            }
        }
    };
}

detailed_task_intersection!(ExtGetTaskResult {
    meta: None,
    result_type: Some(ResultType::Complete)
});
detailed_task_intersection!(ExtTaskStatusNotificationParams { meta: None });

/// Parameters of `tasks/update` (the extension's `UpdateTaskRequest` params).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTaskRequestParams {
    /// Metadata (required in 2026-07-28: protocol version and client capabilities).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The task to update.
    pub task_id: String,
    /// Answers to outstanding `inputRequests` of the task, under the same keys. Unknown or
    /// already answered keys are ignored by the server; a partial set is allowed.
    pub input_responses: InputResponses,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `tasks/update` (`UpdateTaskResult`): an empty acknowledgement with
/// `resultType: "complete"`. It is eventually consistent: the task may not reflect the answers
/// yet.
pub type UpdateTaskResult = EmptyResult;

/// The result of the extension's `tasks/cancel` (`CancelTaskResult`): an empty acknowledgement
/// with `resultType: "complete"`. Cancellation is cooperative and eventually consistent: the task
/// may stay `working` and may end in another terminal state.
///
/// Differs from the 2025-11-25 [`CancelTaskResult`](crate::CancelTaskResult), which is the task.
pub type ExtCancelTaskResult = EmptyResult;

request!(
    /// Polls a task (tasks extension): the answer carries the full [`DetailedTask`] state.
    /// Unknown or expired task ids get `-32602`. On Streamable HTTP, `Mcp-Name` is the task id.
    ///
    /// Same method and parameters as the 2025-11-25 [`GetTaskRequest`](crate::GetTaskRequest);
    /// a different result.
    ExtGetTaskRequest = "tasks/get", params: GetTaskRequestParams, result: ExtGetTaskResult
);
request!(
    /// Answers an `input_required` task's `inputRequests` (tasks extension).
    UpdateTaskRequest = "tasks/update", params: UpdateTaskRequestParams, result: UpdateTaskResult
);
request!(
    /// Asks for a task's cancellation (tasks extension); `notifications/cancelled` must not be
    /// used for tasks.
    ///
    /// Same method and parameters as the 2025-11-25 [`CancelTaskRequest`](crate::CancelTaskRequest);
    /// the result is an empty acknowledgement instead of the task.
    ExtCancelTaskRequest = "tasks/cancel", params: CancelTaskRequestParams, result: ExtCancelTaskResult
);
notification!(
    /// A task's full state, pushed on a `subscriptions/listen` stream that asked for the task's id
    /// in `taskIds` (tasks extension; servers need not send it).
    ///
    /// Replaces the 2025-11-25 `notifications/tasks/status`
    /// ([`TaskStatusNotification`](crate::TaskStatusNotification)).
    ExtTaskStatusNotification = "notifications/tasks", params: ExtTaskStatusNotificationParams
);

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;
    use crate::{NotificationMethod, RequestMethod};

    /// Decodes `text`, re-encodes it and checks the JSON is unchanged.
    fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
        let decoded: T = serde_json::from_str(text).expect("decodes");
        let original: Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), original);
        decoded
    }

    fn error_of<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text)
            .expect_err("must be rejected")
            .to_string()
    }

    const INPUT_REQUESTS: &str = r#"{
        "github_login": {
            "method": "elicitation/create",
            "params": {
                "mode": "form",
                "message": "Please provide your GitHub username",
                "requestedSchema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
            }
        }
    }"#;

    #[test]
    fn create_task_result_is_flat_with_result_type_task() {
        let result: ExtCreateTaskResult = round_trip(
            r#"{"resultType":"task","taskId":"786512e2-9e0d-44bd-8f29-789f320fe840","status":"working","statusMessage":"The operation is now in progress.","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:40:00Z","ttlMs":60000,"pollIntervalMs":5000}"#,
        );
        assert_eq!(result.result_type, ResultType::Task);
        assert_eq!(result.poll_interval_ms, Some(5000));
        let task = result.clone().into_task();
        assert_eq!(ExtCreateTaskResult::from(task), result);

        let unlimited: ExtCreateTaskResult = round_trip(
            r#"{"resultType":"task","taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"a","ttlMs":null,"_meta":{"x":1},"vendor":[true]}"#,
        );
        assert_eq!(unlimited.ttl_ms, None);
        assert_eq!(unlimited.extra["vendor"], json!([true]));

        let err = error_of::<ExtCreateTaskResult>(
            r#"{"resultType":"complete","taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"a","ttlMs":1}"#,
        );
        assert!(err.contains("expected \"task\""), "{err}");
        let err = error_of::<ExtCreateTaskResult>(
            r#"{"taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"a","ttlMs":1}"#,
        );
        assert!(err.contains("missing field `resultType`"), "{err}");
        let err = error_of::<ExtCreateTaskResult>(
            r#"{"resultType":"task","taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"a"}"#,
        );
        assert!(err.contains("missing field `ttlMs`"), "{err}");
        // The 2025-11-25 spelling is not the extension's.
        let err = error_of::<ExtTask>(
            r#"{"taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"a","ttl":1}"#,
        );
        assert!(err.contains("missing field `ttlMs`"), "{err}");
    }

    #[test]
    fn get_task_request_uses_the_shared_params() {
        let req: ExtGetTaskRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":4,"method":"tasks/get","params":{"taskId":"786512e2-9e0d-44bd-8f29-789f320fe840","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}}}"#,
        );
        assert_eq!(ExtGetTaskRequest::METHOD, "tasks/get");
        assert_eq!(req.params.task_id, "786512e2-9e0d-44bd-8f29-789f320fe840");
    }

    #[test]
    fn get_task_result_in_each_status() {
        let working: ExtGetTaskResult = round_trip(
            r#"{"resultType":"complete","taskId":"t","status":"working","createdAt":"2025-11-25T10:30:00Z","lastUpdatedAt":"2025-11-25T10:31:00Z","ttlMs":60000,"pollIntervalMs":5000}"#,
        );
        assert_eq!(working.status, TaskStatus::Working);

        let input: ExtGetTaskResult = round_trip(&format!(
            r#"{{"resultType":"complete","taskId":"t","status":"input_required","statusMessage":"Waiting for your GitHub username","createdAt":"a","lastUpdatedAt":"b","ttlMs":null,"inputRequests":{INPUT_REQUESTS}}}"#
        ));
        assert!(input.input_requests.is_some());

        let completed: ExtGetTaskResult = round_trip(
            r#"{"resultType":"complete","taskId":"t","status":"completed","createdAt":"a","lastUpdatedAt":"b","ttlMs":60000,"result":{"resultType":"complete","content":[{"type":"text","text":"Hello, octocat!"}],"isError":false}}"#,
        );
        let result = completed.result.as_ref().expect("result");
        assert_eq!(result["isError"], json!(false));
        let detailed = completed.clone().into_detailed_task();
        assert_eq!(ExtGetTaskResult::from(detailed), completed);

        let failed: ExtGetTaskResult = round_trip(
            r#"{"resultType":"complete","taskId":"t","status":"failed","statusMessage":"Tool execution failed","createdAt":"a","lastUpdatedAt":"b","ttlMs":60000,"error":{"code":-32603,"message":"Internal error","data":{"upstream":"timeout"}}}"#,
        );
        assert_eq!(failed.error.as_ref().map(|e| e.code), Some(-32603));

        let cancelled: ExtGetTaskResult = round_trip(
            r#"{"resultType":"complete","taskId":"t","status":"cancelled","createdAt":"a","lastUpdatedAt":"b","ttlMs":0,"x-trace":"abc"}"#,
        );
        assert_eq!(cancelled.extra["x-trace"], json!("abc"));
    }

    #[test]
    fn status_dependent_members_are_required() {
        for (status, missing) in [
            ("input_required", "inputRequests"),
            ("completed", "result"),
            ("failed", "error"),
        ] {
            let text = format!(
                r#"{{"taskId":"t","status":"{status}","createdAt":"a","lastUpdatedAt":"b","ttlMs":1}}"#
            );
            let expected =
                format!("missing field `{missing}` (required when status is `{status}`)");
            let err = error_of::<DetailedTask>(&text);
            assert!(err.contains(&expected), "{err}");
            let err = error_of::<ExtGetTaskResult>(&text);
            assert!(err.contains(&expected), "{err}");
            let err = error_of::<ExtTaskStatusNotificationParams>(&text);
            assert!(err.contains(&expected), "{err}");
        }
        let err = error_of::<DetailedTask>(
            r#"{"taskId":"t","status":"Working","createdAt":"a","lastUpdatedAt":"b","ttlMs":1}"#,
        );
        assert!(err.contains("unknown variant `Working`"), "{err}");
        // A payload member under another status is kept, not rejected.
        let task: DetailedTask = round_trip(
            r#"{"taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"b","ttlMs":1,"result":{}}"#,
        );
        assert_eq!(task.result, Some(JsonObject::new()));
    }

    #[test]
    fn decode_errors_name_the_member() {
        let err = crate::decode::from_str::<ExtGetTaskResult>(
            r#"{"taskId":"t","status":"done","createdAt":"a","lastUpdatedAt":"b","ttlMs":1}"#,
        )
        .expect_err("unknown status");
        assert_eq!(err.path(), "status");
        let err = crate::decode::from_str::<ExtGetTaskResult>(
            r#"{"taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"b","ttlMs":"soon"}"#,
        )
        .expect_err("ttlMs is an integer");
        assert_eq!(err.path(), "ttlMs");
    }

    #[test]
    fn update_task_request_and_ack() {
        let req: UpdateTaskRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":"u-1","method":"tasks/update","params":{"taskId":"t","inputResponses":{"github_login":{"action":"accept","content":{"name":"octocat"}}},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#,
        );
        assert_eq!(UpdateTaskRequest::METHOD, "tasks/update");
        assert_eq!(req.params.task_id, "t");
        let err = error_of::<UpdateTaskRequest>(
            r#"{"jsonrpc":"2.0","id":2,"method":"tasks/update","params":{"taskId":"t"}}"#,
        );
        assert!(err.contains("missing field `inputResponses`"), "{err}");

        let ack: UpdateTaskResult = round_trip(r#"{"resultType":"complete"}"#);
        assert_eq!(ack.result_type, Some(ResultType::Complete));
    }

    #[test]
    fn cancel_task_request_and_empty_ack() {
        let req: ExtCancelTaskRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":11,"method":"tasks/cancel","params":{"taskId":"t"}}"#,
        );
        assert_eq!(ExtCancelTaskRequest::METHOD, "tasks/cancel");
        assert_eq!(req.params.task_id, "t");
        let ack: ExtCancelTaskResult = round_trip(r#"{"resultType":"complete","_meta":{}}"#);
        assert!(ack.extra.is_empty());
    }

    #[test]
    fn tasks_notification_carries_a_detailed_task() {
        let note: ExtTaskStatusNotification = round_trip(
            r#"{"jsonrpc":"2.0","method":"notifications/tasks","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":"sub-1"},"taskId":"t","status":"completed","statusMessage":"Done","createdAt":"a","lastUpdatedAt":"b","ttlMs":60000,"result":{"resultType":"complete","content":[],"structuredContent":null}}}"#,
        );
        assert_eq!(ExtTaskStatusNotification::METHOD, "notifications/tasks");
        let result = note.params.result.as_ref().expect("result");
        assert_eq!(result["structuredContent"], Value::Null);
        let detailed = note.params.clone().into_detailed_task();
        let mut back = ExtTaskStatusNotificationParams::from(detailed);
        back.meta = note.params.meta.clone();
        assert_eq!(back, note.params);
        assert!(
            serde_json::from_str::<ExtTaskStatusNotification>(
                r#"{"jsonrpc":"2.0","method":"notifications/tasks/status","params":{"taskId":"t","status":"working","createdAt":"a","lastUpdatedAt":"b","ttlMs":1}}"#,
            )
            .is_err()
        );
    }

    #[test]
    fn task_ids_filter_is_a_member_of_the_core_filter() {
        let filter: crate::SubscriptionFilter =
            round_trip(r#"{"toolsListChanged":false,"taskIds":["t1","t2"]}"#);
        assert_eq!(filter.task_ids, Some(vec!["t1".to_owned(), "t2".to_owned()]));
        assert!(filter.extra.is_empty());
    }

    #[test]
    fn capability_and_id() {
        assert_eq!(TASKS_EXTENSION_ID, "io.modelcontextprotocol/tasks");
        let cap: TasksExtensionCapability = round_trip("{}");
        assert_eq!(cap, TasksExtensionCapability::default());
    }
}
