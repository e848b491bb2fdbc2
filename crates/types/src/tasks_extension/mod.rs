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

use serde::{Deserialize, Serialize};

use crate::JsonObject;
// Named only by the module docs' links.
#[cfg(doc)]
use crate::{CancelTaskRequestParams, GetTaskRequestParams, TaskStatus};

mod detailed_task;
mod methods;
mod task;

pub use detailed_task::*;
pub use methods::*;
pub use task::*;

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

/// Test helpers shared by the submodules' tests.
#[cfg(test)]
mod test_support {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    /// Decodes `text`, re-encodes it and checks the JSON is unchanged.
    pub(super) fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
        let decoded: T = serde_json::from_str(text).expect("decodes");
        let original: Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), original);
        decoded
    }

    pub(super) fn error_of<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text)
            .expect_err("must be rejected")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::round_trip;
    use super::*;

    #[test]
    fn task_ids_filter_is_a_member_of_the_core_filter() {
        let filter: crate::SubscriptionFilter =
            round_trip(r#"{"toolsListChanged":false,"taskIds":["t1","t2"]}"#);
        assert_eq!(
            filter.task_ids,
            Some(vec!["t1".to_owned(), "t2".to_owned()])
        );
        assert!(filter.extra.is_empty());
    }

    #[test]
    fn capability_and_id() {
        assert_eq!(TASKS_EXTENSION_ID, "io.modelcontextprotocol/tasks");
        let cap: TasksExtensionCapability = round_trip("{}");
        assert_eq!(cap, TasksExtensionCapability::default());
    }
}
