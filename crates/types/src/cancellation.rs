//! `notifications/cancelled`.

use serde::{Deserialize, Serialize};

use crate::{JsonObject, Meta, RequestId};

/// Parameters of `notifications/cancelled`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelledNotificationParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The id of the request to cancel (optional in 2025-11-25, where task cancellation uses
    /// `tasks/cancel`; required elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<RequestId>,
    /// Why, for logs or display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

notification!(
    /// The sender cancels a request it sent earlier.
    CancelledNotification = "notifications/cancelled", params: CancelledNotificationParams
);
