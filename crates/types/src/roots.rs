//! Roots: `roots/list` and `notifications/roots/list_changed`.

use serde::{Deserialize, Serialize};

use crate::{JsonObject, Meta, NotificationParams, RequestParams};

/// A root the client exposes: a `file://` URI.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Root {
    /// The root's URI (always `file://`).
    pub uri: String,
    /// A human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The client's answer to `roots/list` (in 2026-07-28 an MRTR input response, without
/// `resultType`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRootsResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The roots.
    pub roots: Vec<Root>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Asks the client for its roots: a JSON-RPC request on legacy revisions, an MRTR input
    /// request (`{method, params?}`, no id) in 2026-07-28.
    ListRootsRequest = "roots/list", id?, params?: RequestParams, result: ListRootsResult
);
notification!(
    /// The client's roots changed (legacy).
    RootsListChangedNotification = "notifications/roots/list_changed", params?: NotificationParams
);
