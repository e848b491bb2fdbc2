//! `subscriptions/listen` (2026-07-28): one stream of list-changed and resource notifications.

use serde::{Deserialize, Serialize};

use crate::{JsonObject, Meta, ResultType};

/// Which notifications a listen stream wants (`SubscriptionFilter`); the acknowledgement echoes
/// the subset the server honours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionFilter {
    /// `notifications/tools/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools_list_changed: Option<bool>,
    /// `notifications/prompts/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts_list_changed: Option<bool>,
    /// `notifications/resources/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources_list_changed: Option<bool>,
    /// `notifications/resources/updated` for these URIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_subscriptions: Option<Vec<String>>,
    /// `notifications/tasks` for these task ids (tasks extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_ids: Option<Vec<String>>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `subscriptions/listen`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionsListenRequestParams {
    /// Metadata (required).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// What to listen for.
    pub notifications: SubscriptionFilter,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `subscriptions/listen`, sent only when the stream closes gracefully; its
/// `_meta` carries the `subscriptionId`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionsListenResult {
    /// Metadata (`io.modelcontextprotocol/subscriptionId`, required).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `notifications/subscriptions/acknowledged`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionsAcknowledgedNotificationParams {
    /// Metadata (`subscriptionId`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The subset of the requested notifications the server honours.
    pub notifications: SubscriptionFilter,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Opens a stream of notifications (2026-07-28).
    SubscriptionsListenRequest = "subscriptions/listen", params: SubscriptionsListenRequestParams,
    result: SubscriptionsListenResult
);
notification!(
    /// The first message of a listen stream: what the server will send.
    SubscriptionsAcknowledgedNotification = "notifications/subscriptions/acknowledged",
    params: SubscriptionsAcknowledgedNotificationParams
);

/// The closing response of `subscriptions/listen`.
pub type SubscriptionsListenResultResponse =
    crate::JSONRPCResultResponse<SubscriptionsListenResult>;
/// The `_meta` of a [`SubscriptionsListenResult`] (`SubscriptionsListenResultMetaObject`).
pub type SubscriptionsListenResultMetaObject = Meta;
