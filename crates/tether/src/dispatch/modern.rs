//! Telling the eras apart per request, and reading a 2026-07-28 request's `_meta`.
//!
//! On a stdio-style connection: `initialize` starts a legacy session; a request whose `_meta`
//! carries a key of the per-request metadata (`io.modelcontextprotocol/protocolVersion` or
//! `.../clientCapabilities`) is served statelessly under 2026-07-28; anything else belongs to
//! the legacy session, which must have been initialized.

use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use tether_mcp_types::decode::DecodeError;
use tether_mcp_types::error_codes::{INVALID_PARAMS, UNSUPPORTED_PROTOCOL_VERSION};
use tether_mcp_types::meta::{CLIENT_CAPABILITIES, CLIENT_INFO, LOG_LEVEL, PROTOCOL_VERSION};
use tether_mcp_types::{
    ClientCapabilities, ErrorObject, Implementation, JsonObject, JsonValue, LoggingLevel,
    ProtocolVersion, UnsupportedProtocolVersionData,
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
/// to: a client sends the same ones with every request, and comparing a small JSON value costs
/// far less than decoding it again.
#[derive(Debug, Default)]
pub(crate) struct SeenMeta {
    capabilities: Option<Seen<ClientCapabilities>>,
    info: Option<Seen<Implementation>>,
}

/// One `_meta` member as received, and its decoded form.
#[derive(Debug)]
struct Seen<T> {
    value: JsonValue,
    decoded: Arc<T>,
}

/// `value` decoded, or the decoded form of the same value seen last (remembered for next time).
fn decode_remembered<T: DeserializeOwned>(
    seen: &mut Option<Seen<T>>,
    value: &JsonValue,
) -> Result<Arc<T>, DecodeError> {
    if let Some(seen) = seen.as_ref().filter(|seen| identical(&seen.value, value)) {
        return Ok(seen.decoded.clone());
    }
    let decoded = Arc::new(decode_borrowed::<T>(value)?);
    *seen = Some(Seen {
        value: value.clone(),
        decoded: decoded.clone(),
    });
    Ok(decoded)
}

/// Whether two JSON values are equal with their members in the same order (a decoded map, such
/// as `experimental`, keeps the order it was sent in).
fn identical(a: &JsonValue, b: &JsonValue) -> bool {
    match (a, b) {
        (JsonValue::Object(a), JsonValue::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && identical(va, vb))
        }
        (JsonValue::Array(a), JsonValue::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| identical(a, b))
        }
        _ => a == b,
    }
}

/// [`tether_mcp_types::decode::from_value`] without cloning the value first (only a failure,
/// which reports the path of the offending member, clones it).
fn decode_borrowed<T: DeserializeOwned>(value: &JsonValue) -> Result<T, DecodeError> {
    T::deserialize(value).or_else(|_| tether_mcp_types::decode::from_value(value.clone()))
}

/// `params._meta`. (A scan of the few members is cheaper than hashing the key, here and below.)
fn meta_of(params: Option<&JsonObject>) -> Option<&JsonObject> {
    member(params?, "_meta")?.as_object()
}

/// The member `key` of `object`.
fn member<'a>(object: &'a JsonObject, key: &str) -> Option<&'a JsonValue> {
    object
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, value)| value)
}

/// The per-request members of a `_meta`, found in one pass over it.
#[derive(Default)]
struct PerRequest<'a> {
    version: Option<&'a JsonValue>,
    capabilities: Option<&'a JsonValue>,
    info: Option<&'a JsonValue>,
    log_level: Option<&'a JsonValue>,
}

impl<'a> PerRequest<'a> {
    fn of(meta: &'a JsonObject) -> Self {
        let mut found = Self::default();
        for (key, value) in meta {
            let slot = match key.as_str() {
                k if k == PROTOCOL_VERSION.name() => &mut found.version,
                k if k == CLIENT_CAPABILITIES.name() => &mut found.capabilities,
                k if k == CLIENT_INFO.name() => &mut found.info,
                k if k == LOG_LEVEL.name() => &mut found.log_level,
                _ => continue,
            };
            *slot = Some(value);
        }
        found
    }
}

/// Whether a request is served in the 2026-07-28 era: its `_meta` carries a key of the
/// per-request metadata. (`server/discover` without one is a legacy request for a method the
/// legacy revisions do not have.)
pub(crate) fn is_modern(method: &str, params: Option<&JsonObject>) -> bool {
    method != "initialize"
        && meta_of(params).is_some_and(|meta| {
            meta.keys()
                .any(|key| key == PROTOCOL_VERSION.name() || key == CLIENT_CAPABILITIES.name())
        })
}

/// Reads and checks the per-request metadata: -32602 for a missing or malformed required key or
/// an unknown `logLevel`, -32022 (with the supported versions) for a version this server does
/// not speak per request. `seen` remembers the client's capabilities and identity between the
/// requests of one connection.
pub(crate) fn read_meta(
    params: Option<&JsonObject>,
    supported: &[ProtocolVersion],
    seen: &mut SeenMeta,
) -> Result<ModernMeta, ErrorObject> {
    let empty = JsonObject::new();
    let meta = PerRequest::of(meta_of(params).unwrap_or(&empty));
    let version = match meta.version {
        None => return Err(missing(PROTOCOL_VERSION.name())),
        Some(JsonValue::String(v)) => supported
            .iter()
            .find(|known| known.as_str() == v)
            .cloned()
            .unwrap_or_else(|| ProtocolVersion::new(v.clone())),
        Some(other) => return Err(malformed(PROTOCOL_VERSION.name(), "a string", other)),
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
    let client_capabilities = match meta.capabilities {
        None => return Err(missing(CLIENT_CAPABILITIES.name())),
        Some(value) => decode_remembered(&mut seen.capabilities, value).map_err(|e| {
            ErrorObject::new(
                INVALID_PARAMS,
                format!("_meta[\"{}\"]: {e}", CLIENT_CAPABILITIES.name()),
            )
        })?,
    };
    let client_info = match meta.info {
        None => None,
        Some(value) => Some(decode_remembered(&mut seen.info, value).map_err(|e| {
            ErrorObject::new(
                INVALID_PARAMS,
                format!("_meta[\"{}\"]: {e}", CLIENT_INFO.name()),
            )
        })?),
    };
    let log_level = match meta.log_level {
        None => None,
        Some(value) => Some(LoggingLevel::deserialize(value).map_err(|_| {
            ErrorObject::new(
                INVALID_PARAMS,
                format!(
                    "_meta[\"{}\"]: unknown log level {value}; use one of debug, info, notice, \
                     warning, error, critical, alert, emergency",
                    LOG_LEVEL.name()
                ),
            )
        })?),
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

fn malformed(key: &str, expected: &str, got: &JsonValue) -> ErrorObject {
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

    fn params(meta: JsonValue) -> JsonObject {
        json!({"_meta": meta})
            .as_object()
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn era_is_told_by_meta_keys_or_modern_only_methods() {
        let modern = params(json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28"}));
        let caps_only = params(json!({"io.modelcontextprotocol/clientCapabilities": {}}));
        let legacy = params(json!({"progressToken": 1}));
        assert!(is_modern("tools/list", Some(&modern)));
        assert!(is_modern("tools/list", Some(&caps_only)));
        assert!(!is_modern("tools/list", Some(&legacy)));
        assert!(!is_modern("tools/list", None));
        assert!(!is_modern("server/discover", None));
        assert!(!is_modern("initialize", Some(&modern)));
    }

    #[test]
    fn meta_is_validated_with_the_right_codes() {
        let supported = [ProtocolVersion::V_2026_07_28, ProtocolVersion::V_2025_11_25];
        let read =
            |meta: JsonValue| read_meta(Some(&params(meta)), &supported, &mut SeenMeta::default());
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
            read_meta(Some(&meta), &supported, &mut seen)
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
            Some(&params(json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {"roots": []},
            }))),
            &supported,
            &mut SeenMeta::default(),
        )
        .unwrap_err();
        assert_eq!(remembered.code, INVALID_PARAMS);
        assert_eq!(remembered.message, fresh.message);
    }
}
