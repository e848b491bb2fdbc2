//! The legacy lifecycle: `initialize`, `notifications/initialized` and `ping`.

use serde::{Deserialize, Serialize};

use crate::{
    ClientCapabilities, EmptyResult, Implementation, JsonObject, Meta, NotificationParams,
    ProtocolVersion, RequestParams, ServerCapabilities,
};

/// Parameters of `initialize` (legacy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeRequestParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The newest version the client supports.
    pub protocol_version: ProtocolVersion,
    /// What the client supports.
    pub capabilities: ClientCapabilities,
    /// Who the client is.
    pub client_info: Implementation,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of `initialize` (legacy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The version the server chose.
    pub protocol_version: ProtocolVersion,
    /// What the server supports.
    pub capabilities: ServerCapabilities,
    /// Who the server is.
    pub server_info: Implementation,
    /// How to use the server; a hint for the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Starts a legacy session: the first request a client sends.
    InitializeRequest = "initialize", params: InitializeRequestParams, result: InitializeResult
);
notification!(
    /// The client finished initialization (legacy).
    InitializedNotification = "notifications/initialized", params?: NotificationParams
);
request!(
    /// Checks that the other side is alive (legacy; either direction).
    PingRequest = "ping", params?: RequestParams, result: EmptyResult
);
