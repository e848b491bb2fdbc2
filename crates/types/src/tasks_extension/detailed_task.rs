//! [`DetailedTask`] (the extension's union of `WorkingTask`, `InputRequiredTask`,
//! `CompletedTask`, `FailedTask` and `CancelledTask`) and its intersections `GetTaskResult`
//! ([`ExtGetTaskResult`]) and `TaskStatusNotificationParams` ([`ExtTaskStatusNotificationParams`]),
//! whose status-dependent members are checked when they are decoded.

use serde::{Deserialize, Deserializer, Serialize};

use crate::tasks::required_nullable;
use crate::{ErrorObject, ExtTask, InputRequests, JsonObject, Meta, ResultType, TaskStatus};

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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tasks_extension::test_support::{error_of, round_trip};

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
}
