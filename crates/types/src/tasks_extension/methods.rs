//! The extension's methods: `tasks/get`, `tasks/update`, `tasks/cancel` and
//! `notifications/tasks`, with the `tasks/update` parameters and the empty acknowledgements.

use serde::{Deserialize, Serialize};

use crate::{
    CancelTaskRequestParams, EmptyResult, ExtGetTaskResult, ExtTaskStatusNotificationParams,
    GetTaskRequestParams, InputResponses, JsonObject, Meta,
};

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
    /// Polls a task (tasks extension): the answer carries the full
    /// [`DetailedTask`](crate::DetailedTask) state. Unknown or expired task ids get `-32602`. On
    /// Streamable HTTP, `Mcp-Name` is the task id.
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
    use serde_json::Value;

    use super::*;
    use crate::tasks_extension::test_support::{error_of, round_trip};
    use crate::{NotificationMethod, RequestMethod, ResultType};

    #[test]
    fn get_task_request_uses_the_shared_params() {
        let req: ExtGetTaskRequest = round_trip(
            r#"{"jsonrpc":"2.0","id":4,"method":"tasks/get","params":{"taskId":"786512e2-9e0d-44bd-8f29-789f320fe840","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}}}"#,
        );
        assert_eq!(ExtGetTaskRequest::METHOD, "tasks/get");
        assert_eq!(req.params.task_id, "786512e2-9e0d-44bd-8f29-789f320fe840");
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
}
