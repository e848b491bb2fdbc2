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

use serde::{Deserialize, Deserializer};

mod methods;
mod task;

pub use methods::*;
pub use task::*;

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

    pub(super) const TASK: &str = r#"{
        "taskId": "786512e2-9e0d-44bd-8f29-789f320fe840",
        "status": "working",
        "statusMessage": "The operation is now in progress.",
        "createdAt": "2025-11-25T10:30:00Z",
        "lastUpdatedAt": "2025-11-25T10:40:00Z",
        "ttl": 60000,
        "pollInterval": 5000
    }"#;
}
