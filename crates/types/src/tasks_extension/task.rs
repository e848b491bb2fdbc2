//! The extension's `Task` ([`ExtTask`]) and the flat task handle `CreateTaskResult`
//! ([`ExtCreateTaskResult`], `resultType: "task"`).

use serde::{Deserialize, Deserializer, Serialize};

use crate::tasks::required_nullable;
use crate::{JsonObject, Meta, ResultType, TaskStatus};

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
/// so far, and only when the client declared [`TASKS_EXTENSION_ID`](crate::TASKS_EXTENSION_ID)
/// on that request.
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tasks_extension::test_support::{error_of, round_trip};

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
}
