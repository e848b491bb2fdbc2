//! Telling the eras apart per request, and reading a 2026-07-28 request's `_meta`.
//!
//! On a stdio-style connection: `initialize` starts a legacy session; a request whose `_meta`
//! carries a key of the per-request metadata (`io.modelcontextprotocol/protocolVersion` or
//! `.../clientCapabilities`) is served statelessly under 2026-07-28; anything else belongs to
//! the legacy session, which must have been initialized.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tether_mcp_types::decode::DecodeError;
use tether_mcp_types::error_codes::{INVALID_PARAMS, UNSUPPORTED_PROTOCOL_VERSION};
use tether_mcp_types::meta::{CLIENT_CAPABILITIES, CLIENT_INFO, LOG_LEVEL, PROTOCOL_VERSION};
use tether_mcp_types::{
    ClientCapabilities, ErrorObject, Implementation, JsonObject, JsonValue, LoggingLevel,
    ProtocolMeta, ProtocolVersion, UnsupportedProtocolVersionData,
};

/// The per-request facts of a 2026-07-28 request.
#[derive(Debug)]
pub(crate) struct ModernMeta {
    pub(crate) version: ProtocolVersion,
    pub(crate) client_capabilities: Arc<ClientCapabilities>,
    pub(crate) client_info: Option<Arc<Implementation>>,
    pub(crate) log_level: Option<LoggingLevel>,
    /// The HTTP request's extensions (what tower layers such as authentication put there), for
    /// the principal hook.
    #[cfg(feature = "http")]
    pub(crate) extensions: Option<std::sync::Arc<http::Extensions>>,
}

/// The `clientCapabilities` and `clientInfo` last read on a connection, with what they decoded
/// to: a client sends the same ones with every request, and comparing their text costs far less
/// than decoding it again.
#[derive(Debug, Default)]
pub(crate) struct SeenMeta {
    capabilities: Option<Seen<ClientCapabilities>>,
    info: Option<Seen<Implementation>>,
}

/// One `_meta` member's text as received, and its decoded form.
#[derive(Debug)]
struct Seen<T> {
    text: Box<str>,
    decoded: Arc<T>,
}

/// `text` decoded, or the decoded form of the same text seen last (remembered for next time).
fn decode_remembered<T: DeserializeOwned>(
    seen: &mut Option<Seen<T>>,
    text: &RawValue,
) -> Result<Arc<T>, DecodeError> {
    let text = text.get();
    if let Some(seen) = seen.as_ref().filter(|seen| *seen.text == *text) {
        return Ok(seen.decoded.clone());
    }
    // A failure is decided as a value (where a repeated member counts once, its last
    // occurrence), with the path of the offending member.
    let decoded = serde_json::from_str::<T>(text).or_else(|_| {
        let value = tether_mcp_types::decode::from_str::<JsonValue>(text)?;
        tether_mcp_types::decode::from_value::<T>(value)
    })?;
    let decoded = Arc::new(decoded);
    *seen = Some(Seen {
        text: text.into(),
        decoded: decoded.clone(),
    });
    Ok(decoded)
}

/// Whether a request is served in the 2026-07-28 era: its `_meta` carries the protocol version
/// or the client capabilities. (`server/discover` without them is a legacy request for a
/// method the legacy revisions do not have.)
pub(crate) fn is_modern(method: &str, protocol: &ProtocolMeta) -> bool {
    method != "initialize" && protocol.marks_modern()
}

/// Reads and checks the per-request metadata (taken out of the request's `_meta`): -32602 for a
/// missing or malformed required key or an unknown `logLevel`, -32022 (with the supported
/// versions) for a version this server does not speak per request. `seen` remembers the
/// client's capabilities and identity between the requests of one connection.
pub(crate) fn read_meta(
    protocol: &ProtocolMeta,
    supported: &[ProtocolVersion],
    seen: &mut SeenMeta,
) -> Result<ModernMeta, ErrorObject> {
    let version = match (protocol.protocol_version(), &protocol.protocol_version) {
        (_, None) => return Err(missing(PROTOCOL_VERSION.name())),
        (Some(v), _) => supported
            .iter()
            .find(|known| known.as_str() == v)
            .cloned()
            .unwrap_or_else(|| ProtocolVersion::new(v.into_owned())),
        (None, Some(other)) => return Err(malformed(PROTOCOL_VERSION.name(), "a string", other)),
    };
    if !version.is_modern() || !supported.contains(&version) {
        let data = UnsupportedProtocolVersionData {
            supported: supported.to_vec(),
            requested: version.as_str().to_owned(),
            extra: JsonObject::new(),
        };
        let hint = if version.has_initialize() && version.is_known() {
            format!(
                "; {version} is spoken after `initialize` (a legacy session), not with \
                 per-request _meta"
            )
        } else {
            String::new()
        };
        return Err(ErrorObject::new(
            UNSUPPORTED_PROTOCOL_VERSION,
            format!("unsupported protocol version {version}{hint}"),
        )
        .with_data(serde_json::to_value(data).unwrap_or(JsonValue::Null)));
    }
    let client_capabilities = match &protocol.client_capabilities {
        None => return Err(missing(CLIENT_CAPABILITIES.name())),
        Some(text) => decode_remembered(&mut seen.capabilities, text).map_err(|e| {
            ErrorObject::new(
                INVALID_PARAMS,
                format!("_meta[\"{}\"]: {e}", CLIENT_CAPABILITIES.name()),
            )
        })?,
    };
    let client_info = match &protocol.client_info {
        None => None,
        Some(text) => Some(decode_remembered(&mut seen.info, text).map_err(|e| {
            ErrorObject::new(
                INVALID_PARAMS,
                format!("_meta[\"{}\"]: {e}", CLIENT_INFO.name()),
            )
        })?),
    };
    let log_level = match &protocol.log_level {
        None => None,
        Some(text) => Some(
            serde_json::from_str::<LoggingLevel>(text.get()).map_err(|_| {
                ErrorObject::new(
                    INVALID_PARAMS,
                    format!(
                        "_meta[\"{}\"]: unknown log level {}; use one of debug, info, notice, \
                     warning, error, critical, alert, emergency",
                        LOG_LEVEL.name(),
                        text.get()
                    ),
                )
            })?,
        ),
    };
    Ok(ModernMeta {
        version,
        client_capabilities,
        client_info,
        log_level,
        #[cfg(feature = "http")]
        extensions: None,
    })
}

fn missing(key: &str) -> ErrorObject {
    ErrorObject::new(
        INVALID_PARAMS,
        format!(
            "missing _meta[\"{key}\"]: a 2026-07-28 request carries \
             io.modelcontextprotocol/protocolVersion and io.modelcontextprotocol/clientCapabilities \
             in params._meta"
        ),
    )
}

fn malformed(key: &str, expected: &str, got: &RawValue) -> ErrorObject {
    ErrorObject::new(
        INVALID_PARAMS,
        format!("_meta[\"{key}\"] must be {expected}, got {got}"),
    )
}

/// Why a method that legacy revisions have does not exist in 2026-07-28, with its replacement.
pub(crate) fn removed(method: &str) -> Option<&'static str> {
    Some(match method {
        "initialize" => {
            "2026-07-28 has no handshake: send the per-request _meta, and server/discover to learn what the server supports"
        }
        "ping" => "2026-07-28 has no ping",
        "logging/setLevel" => {
            "2026-07-28 sets the level per request in _meta[\"io.modelcontextprotocol/logLevel\"]"
        }
        "resources/subscribe" | "resources/unsubscribe" => {
            "2026-07-28 uses subscriptions/listen with notifications.resourceSubscriptions"
        }
        "tasks/result" | "tasks/list" => {
            "2026-07-28 moved tasks to the io.modelcontextprotocol/tasks extension"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::error_codes::INVALID_PARAMS;

    use super::*;

    /// The protocol keys of a request whose `_meta` is `meta`.
    fn params(meta: JsonValue) -> ProtocolMeta {
        let mut params = json!({"_meta": meta}).as_object().cloned();
        ProtocolMeta::take_from(&mut params)
    }

    #[test]
    fn era_is_told_by_meta_keys_or_modern_only_methods() {
        let modern = params(json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28"}));
        let caps_only = params(json!({"io.modelcontextprotocol/clientCapabilities": {}}));
        let legacy = params(json!({"progressToken": 1}));
        let log_level_only = params(json!({"io.modelcontextprotocol/logLevel": "info"}));
        assert!(is_modern("tools/list", &modern));
        assert!(is_modern("tools/list", &caps_only));
        assert!(!is_modern("tools/list", &legacy));
        assert!(!is_modern("tools/list", &log_level_only));
        assert!(!is_modern("tools/list", &ProtocolMeta::default()));
        assert!(!is_modern("server/discover", &ProtocolMeta::default()));
        assert!(!is_modern("initialize", &modern));
    }

    #[test]
    fn meta_is_validated_with_the_right_codes() {
        let supported = [ProtocolVersion::V_2026_07_28, ProtocolVersion::V_2025_11_25];
        let read = |meta: JsonValue| read_meta(&params(meta), &supported, &mut SeenMeta::default());
        let ok = read(json!({
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {"roots": {}},
            "io.modelcontextprotocol/logLevel": "warning",
        }))
        .expect("valid");
        assert!(ok.client_capabilities.roots.is_some() && ok.client_info.is_none());
        assert_eq!(ok.log_level, Some(LoggingLevel::Warning));
        let code = |meta: JsonValue| read(meta).unwrap_err().code;
        assert_eq!(
            code(json!({"io.modelcontextprotocol/clientCapabilities": {}})),
            INVALID_PARAMS
        );
        assert_eq!(
            code(json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28"})),
            INVALID_PARAMS
        );
        let old = read(
            json!({"io.modelcontextprotocol/protocolVersion": "2025-11-25",
                              "io.modelcontextprotocol/clientCapabilities": {}}),
        )
        .unwrap_err();
        assert_eq!(old.code, UNSUPPORTED_PROTOCOL_VERSION);
        assert!(old.message.contains("initialize"));
        assert_eq!(old.data.as_ref().unwrap()["requested"], "2025-11-25");
        assert_eq!(
            code(
                json!({"io.modelcontextprotocol/protocolVersion": "2099-01-01",
                        "io.modelcontextprotocol/clientCapabilities": {}})
            ),
            UNSUPPORTED_PROTOCOL_VERSION
        );
        assert_eq!(
            code(
                json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities": {},
                        "io.modelcontextprotocol/logLevel": "loud"})
            ),
            INVALID_PARAMS
        );
        assert_eq!(
            code(
                json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities": []})
            ),
            INVALID_PARAMS
        );
    }

    #[test]
    fn remembered_capabilities_and_info_follow_what_each_request_sent() {
        let supported = [ProtocolVersion::V_2026_07_28];
        let mut seen = SeenMeta::default();
        let mut read = |caps: JsonValue, info: JsonValue| {
            let meta = params(json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": caps,
                "io.modelcontextprotocol/clientInfo": info,
            }));
            read_meta(&meta, &supported, &mut seen)
        };
        let a = json!({"name": "a", "version": "1"});
        let first = read(json!({"roots": {}}), a.clone()).expect("valid");
        let again = read(json!({"roots": {}}), a.clone()).expect("valid");
        assert!(Arc::ptr_eq(
            &first.client_capabilities,
            &again.client_capabilities
        ));
        assert!(Arc::ptr_eq(
            first.client_info.as_ref().unwrap(),
            again.client_info.as_ref().unwrap()
        ));
        let changed = read(
            json!({"sampling": {}}),
            json!({"name": "b", "version": "1"}),
        );
        let changed = changed.expect("valid");
        assert!(changed.client_capabilities.roots.is_none());
        assert!(changed.client_capabilities.sampling.is_some());
        assert_eq!(changed.client_info.as_ref().unwrap().name, "b");
        // The same members in another order decode afresh (a decoded map keeps their order).
        let xy = read(json!({"experimental": {"x": {}, "y": {}}}), a.clone()).expect("valid");
        let yx = read(json!({"experimental": {"y": {}, "x": {}}}), a.clone()).expect("valid");
        let order = |m: &ModernMeta| -> Vec<String> {
            let experimental = m.client_capabilities.experimental.as_ref().unwrap();
            experimental.keys().cloned().collect()
        };
        assert_eq!(
            (order(&xy), order(&yx)),
            (vec!["x".into(), "y".into()], vec!["y".into(), "x".into()])
        );
        // A malformed value after a good one fails with the message a first read gives.
        let remembered = read(json!({"roots": []}), a.clone()).unwrap_err();
        let fresh = read_meta(
            &params(json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {"roots": []},
            })),
            &supported,
            &mut SeenMeta::default(),
        )
        .unwrap_err();
        assert_eq!(remembered.code, INVALID_PARAMS);
        assert_eq!(remembered.message, fresh.message);
    }
}
