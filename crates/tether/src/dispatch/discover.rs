//! `server/discover` (2026-07-28): the server's versions, capabilities and instructions.

use tether_mcp_types::{DiscoverResult, ErrorObject, JsonValue};

use super::modern_result;
use crate::server::ServerIdentity;

/// The `server/discover` result: every version the server speaks (the legacy ones after
/// `initialize`), its capabilities as a 2026-07-28 client knows them (the 2025-11-25 core
/// `tasks` capability does not exist there), instructions, cache hints and `serverInfo`.
pub(crate) fn discover(identity: &ServerIdentity) -> Result<JsonValue, ErrorObject> {
    let mut capabilities = identity.capabilities.clone();
    capabilities.tasks = None;
    let result = DiscoverResult {
        supported_versions: identity.versions.clone(),
        capabilities,
        instructions: identity.instructions.clone(),
        ..DiscoverResult::default()
    };
    let value = serde_json::to_value(result).unwrap_or(JsonValue::Null);
    modern_result::finish(Ok(value), "server/discover", identity)
}
