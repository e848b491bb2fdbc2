//! The task itself ([`Task`], [`TaskStatus`]) and task-augmented execution: the `task` request
//! parameter ([`TaskMetadata`], [`TaskAugmentedRequestParams`]), the related-task `_meta` value
//! ([`RelatedTaskMetadata`]) and the answer [`CreateTaskResult`].

use serde::{Deserialize, Serialize};

use super::required_nullable;
use crate::{JsonObject, Meta, ResultType};

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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::tasks::test_support::{TASK, round_trip};

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
}
