//! The legacy handshake: `initialize` negotiates a revision and records the client.

use tether_mcp_types::{
    ErrorObject, InitializeRequestParams, InitializeResult, JsonObject, ProtocolVersion,
    ServerCapabilities,
};

use crate::server::ServerIdentity;
use crate::session::{Negotiated, SessionState};
use crate::shape::Shape;

/// The revision to answer with: the client's if the server speaks it, else the server's newest
/// legacy revision (the client may then disconnect).
pub(crate) fn negotiate_version(
    requested: &ProtocolVersion,
    supported: &[ProtocolVersion],
) -> ProtocolVersion {
    if requested.has_initialize() && supported.contains(requested) {
        requested.clone()
    } else {
        supported
            .iter()
            .filter(|v| v.has_initialize())
            .max()
            .cloned()
            .unwrap_or(ProtocolVersion::V_2025_11_25)
    }
}

/// The server's capabilities as a client of `version` knows them.
fn capabilities_for(
    capabilities: &ServerCapabilities,
    version: &ProtocolVersion,
) -> ServerCapabilities {
    let mut shaped = capabilities.clone();
    if !version.has_audio() {
        shaped.completions = None; // 2025-03-26 on
    }
    if !version.has_core_tasks() {
        shaped.tasks = None;
    }
    shaped.extensions = None; // 2026-07-28
    shaped
}

/// Handles `initialize`: the result to send, or the error.
pub(crate) fn initialize(
    session: &SessionState,
    identity: &ServerIdentity,
    params: Option<JsonObject>,
) -> Result<InitializeResult, ErrorObject> {
    use tether_mcp_types::error_codes::{INVALID_PARAMS, INVALID_REQUEST};
    let params: InitializeRequestParams = tether_mcp_types::decode::from_value(params.map_or(
        tether_mcp_types::JsonValue::Null,
        tether_mcp_types::JsonValue::Object,
    ))
    .map_err(|e| ErrorObject::new(INVALID_PARAMS, format!("invalid initialize params: {e}")))?;
    let version = negotiate_version(&params.protocol_version, &identity.versions);
    let negotiated = Negotiated {
        version: version.clone(),
        client_capabilities: params.capabilities,
        client_info: params.client_info,
    };
    if !session.negotiate(negotiated) {
        return Err(ErrorObject::new(
            INVALID_REQUEST,
            "the session is already initialized",
        ));
    }
    let mut server_info = identity.info.clone();
    server_info.shape(&version);
    Ok(InitializeResult {
        meta: None,
        protocol_version: version.clone(),
        capabilities: capabilities_for(&identity.capabilities, &version),
        server_info,
        instructions: identity.instructions.clone(),
        extra: JsonObject::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_version_is_echoed_and_an_unknown_one_gets_the_newest_legacy() {
        let supported = ProtocolVersion::LEGACY.to_vec();
        assert_eq!(
            negotiate_version(&ProtocolVersion::V_2025_03_26, &supported),
            ProtocolVersion::V_2025_03_26
        );
        assert_eq!(
            negotiate_version(&"2030-01-01".into(), &supported),
            ProtocolVersion::V_2025_11_25
        );
        assert_eq!(
            negotiate_version(&ProtocolVersion::V_2026_07_28, &supported),
            ProtocolVersion::V_2025_11_25
        );
    }
}
