//! `server/discover` (2026-07-28): what the server is and supports, without a handshake.

use serde::{Deserialize, Serialize};

use crate::{
    CacheScope, JsonObject, Meta, ProtocolVersion, RequestParams, ResultType, ServerCapabilities,
};

/// The result of `server/discover`. The server's identity is in
/// `_meta["io.modelcontextprotocol/serverInfo"]`, not in a member of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoverResult {
    /// Metadata (with `serverInfo`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The versions the server speaks (may include legacy ones).
    pub supported_versions: Vec<ProtocolVersion>,
    /// What the server supports.
    pub capabilities: ServerCapabilities,
    /// How to use the server; a hint for the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// Cache lifetime hint in milliseconds (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
    /// Cache scope hint (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_scope: Option<CacheScope>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Asks what the server supports (2026-07-28; also the era probe on stdio).
    DiscoverRequest = "server/discover", params: RequestParams, result: DiscoverResult
);

/// A successful response to `server/discover`.
pub type DiscoverResultResponse = crate::JSONRPCResultResponse<DiscoverResult>;
