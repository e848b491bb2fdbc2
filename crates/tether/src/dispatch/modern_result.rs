//! The members every 2026-07-28 result carries, added on its way to the wire: `resultType`,
//! `_meta["io.modelcontextprotocol/serverInfo"]`, and on the complete results of the cacheable
//! methods `ttlMs` and `cacheScope` (the handler's own values win).

use tether_mcp_types::error_codes::{INVALID_PARAMS, MISSING_REQUIRED_CLIENT_CAPABILITY};
use tether_mcp_types::meta::SERVER_INFO;
use tether_mcp_types::{ErrorObject, JsonObject, JsonValue};

use crate::server::ServerIdentity;

/// The methods whose complete results carry cache hints.
const CACHEABLE: [&str; 6] = [
    "server/discover",
    "tools/list",
    "prompts/list",
    "resources/list",
    "resources/templates/list",
    "resources/read",
];

/// A result or error of a 2026-07-28 request, made complete for the wire.
///
/// A -32602 error with `data.requiredCapabilities` (a [`MissingCapability`] a handler turned
/// into a `ServerError` with `?`) becomes -32021, the code 2026-07-28 gives it.
///
/// [`MissingCapability`]: crate::MissingCapability
pub(crate) fn finish(
    result: Result<JsonValue, ErrorObject>,
    method: &str,
    identity: &ServerIdentity,
) -> Result<JsonValue, ErrorObject> {
    match result {
        Ok(JsonValue::Object(mut object)) => {
            decorate(&mut object, method, identity);
            Ok(JsonValue::Object(object))
        }
        Ok(other) => Ok(other),
        Err(mut error) => {
            let names_capabilities = error
                .data
                .as_ref()
                .is_some_and(|d| d.get("requiredCapabilities").is_some());
            if error.code == INVALID_PARAMS && names_capabilities {
                error.code = MISSING_REQUIRED_CLIENT_CAPABILITY;
            }
            Err(error)
        }
    }
}

fn decorate(object: &mut JsonObject, method: &str, identity: &ServerIdentity) {
    let complete = match object.get("resultType").and_then(JsonValue::as_str) {
        None => {
            object.insert("resultType".into(), "complete".into());
            true
        }
        Some(kind) => kind == "complete",
    };
    if complete && CACHEABLE.contains(&method) {
        let hints = identity.cache_hints;
        object
            .entry("ttlMs")
            .or_insert_with(|| hints.ttl_ms().into());
        object
            .entry("cacheScope")
            .or_insert_with(|| serde_json::to_value(hints.scope()).unwrap_or(JsonValue::Null));
    }
    let meta = object
        .entry("_meta")
        .or_insert_with(|| JsonValue::Object(JsonObject::new()));
    if let JsonValue::Object(meta) = meta {
        meta.entry(SERVER_INFO.name())
            .or_insert_with(|| identity.modern_server_info.clone());
    }
}
