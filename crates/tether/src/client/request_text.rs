//! A request's JSON text, written once from the caller's params and the `_meta` members the
//! client adds: on 2026-07-28 the protocol version, the client's capabilities and info (kept
//! as JSON text since the client was built) and the log level; a `progressToken` when the
//! call asks for progress.
//!
//! The params are borrowed and never copied or changed: an MRTR round or a -32022 retry sends
//! the same object again, and the client's capabilities are not rebuilt as values per request.
//! Keys the caller put in `_meta` win over the ones added here, except `progressToken`, which
//! must name this request. A `_meta` that is not an object is sent as it is, with nothing
//! added (the server refuses it).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::{RawValue, to_raw_value};
use tether_mcp_types::{
    JsonObject, JsonRpcVersion, JsonValue, LoggingLevel, ProtocolVersion, RequestId, meta,
};

/// The `_meta` members every 2026-07-28 request of one client carries besides the version,
/// serialized when the client is built.
#[derive(Debug)]
pub(crate) struct ModernMetaText {
    members: Vec<(&'static str, Box<RawValue>)>,
}

impl ModernMetaText {
    /// `clientCapabilities` and `clientInfo` as JSON text.
    pub(crate) fn new(
        capabilities: &tether_mcp_types::ClientCapabilities,
        info: &tether_mcp_types::Implementation,
    ) -> Self {
        let members = [
            (meta::CLIENT_CAPABILITIES.name(), to_raw_value(capabilities)),
            (meta::CLIENT_INFO.name(), to_raw_value(info)),
        ]
        .into_iter()
        .filter_map(|(key, text)| Some((key, text.ok()?)))
        .collect();
        Self { members }
    }
}

/// What the client adds to one request's `_meta`.
#[derive(Clone, Copy, Default)]
pub(crate) struct AddedMeta<'a> {
    /// 2026-07-28: the version, the client's members and the log level it asked for.
    pub(crate) modern: Option<(
        &'a ProtocolVersion,
        &'a ModernMetaText,
        Option<LoggingLevel>,
    )>,
    /// The request's own id, as the token its progress notifications will carry.
    pub(crate) progress_token: Option<&'a RequestId>,
}

impl AddedMeta<'_> {
    fn is_empty(&self) -> bool {
        self.modern.is_none() && self.progress_token.is_none()
    }
}

/// `{"jsonrpc":"2.0","id":…,"method":…,"params":…}` with the added `_meta`.
pub(crate) fn request_text(
    id: &RequestId,
    method: &str,
    params: &JsonObject,
    added: AddedMeta<'_>,
) -> serde_json::Result<String> {
    serde_json::to_string(&RequestLine {
        id,
        method,
        params: Params { params, added },
    })
}

struct RequestLine<'a> {
    id: &'a RequestId,
    method: &'a str,
    params: Params<'a>,
}

impl Serialize for RequestLine<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("jsonrpc", &JsonRpcVersion)?;
        map.serialize_entry("id", self.id)?;
        map.serialize_entry("method", self.method)?;
        map.serialize_entry("params", &self.params)?;
        map.end()
    }
}

struct Params<'a> {
    params: &'a JsonObject,
    added: AddedMeta<'a>,
}

impl Serialize for Params<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let add = !self.added.is_empty() && !self.params.contains_key("_meta");
        let len = self.params.len() + usize::from(add);
        let mut map = serializer.serialize_map(Some(len))?;
        for (key, value) in self.params {
            match value {
                JsonValue::Object(own) if key == "_meta" => map.serialize_entry(
                    key,
                    &MergedMeta {
                        own: Some(own),
                        added: self.added,
                    },
                )?,
                _ => map.serialize_entry(key, value)?,
            }
        }
        if add {
            map.serialize_entry(
                "_meta",
                &MergedMeta {
                    own: None,
                    added: self.added,
                },
            )?;
        }
        map.end()
    }
}

/// The caller's `_meta` members, then the added ones it does not have.
struct MergedMeta<'a> {
    own: Option<&'a JsonObject>,
    added: AddedMeta<'a>,
}

impl Serialize for MergedMeta<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let has = |key: &str| self.own.is_some_and(|own| own.contains_key(key));
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.own.into_iter().flatten() {
            if key == "progressToken" && self.added.progress_token.is_some() {
                continue;
            }
            map.serialize_entry(key, value)?;
        }
        if let Some((version, members, log_level)) = self.added.modern {
            if !has(meta::PROTOCOL_VERSION.name()) {
                map.serialize_entry(meta::PROTOCOL_VERSION.name(), version)?;
            }
            for (key, text) in &members.members {
                if !has(key) {
                    map.serialize_entry(key, text)?;
                }
            }
            if let Some(level) = log_level
                && !has(meta::LOG_LEVEL.name())
            {
                map.serialize_entry(meta::LOG_LEVEL.name(), &level)?;
            }
        }
        if let Some(token) = self.added.progress_token {
            map.serialize_entry("progressToken", token)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tether_mcp_types::{ClientCapabilities, Implementation};

    fn params(value: JsonValue) -> JsonObject {
        value.as_object().cloned().unwrap_or_default()
    }

    fn sent(params: &JsonObject, added: AddedMeta<'_>) -> JsonValue {
        let text = request_text(&RequestId::Number(7), "tools/call", params, added).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn legacy_requests_are_the_params_as_they_are() {
        let p = params(json!({"name": "echo", "arguments": {"text": "hi"}}));
        assert_eq!(
            sent(&p, AddedMeta::default()),
            json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": p})
        );
    }

    #[test]
    fn modern_requests_carry_the_version_capabilities_info_and_log_level() {
        let capabilities = ClientCapabilities::default();
        let info = Implementation::new("c", "1.0.0");
        let members = ModernMetaText::new(&capabilities, &info);
        let version = ProtocolVersion::V_2026_07_28;
        let p = params(json!({"name": "echo"}));
        let added = AddedMeta {
            modern: Some((&version, &members, Some(LoggingLevel::Warning))),
            progress_token: Some(&RequestId::Number(7)),
        };
        assert_eq!(
            sent(&p, added)["params"],
            json!({"name": "echo", "_meta": {
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": capabilities,
                "io.modelcontextprotocol/clientInfo": info,
                "io.modelcontextprotocol/logLevel": "warning",
                "progressToken": 7,
            }})
        );
    }

    #[test]
    fn the_callers_meta_keys_win_but_the_progress_token_names_this_request() {
        let members = ModernMetaText::new(
            &ClientCapabilities::default(),
            &Implementation::new("c", "1.0.0"),
        );
        let version = ProtocolVersion::V_2026_07_28;
        let p = params(json!({"_meta": {
            "io.modelcontextprotocol/protocolVersion": "2099-01-01",
            "io.modelcontextprotocol/clientInfo": {"name": "mine", "version": "9"},
            "progressToken": "theirs",
            "other": 1,
        }}));
        let added = AddedMeta {
            modern: Some((&version, &members, None)),
            progress_token: Some(&RequestId::Number(7)),
        };
        let meta = sent(&p, added)["params"]["_meta"].clone();
        assert_eq!(
            meta["io.modelcontextprotocol/protocolVersion"],
            "2099-01-01"
        );
        assert_eq!(meta["io.modelcontextprotocol/clientInfo"]["name"], "mine");
        assert_eq!(meta["progressToken"], 7);
        assert_eq!(meta["other"], 1);
        assert!(
            meta.get("io.modelcontextprotocol/clientCapabilities")
                .is_some()
        );
        assert!(meta.get("io.modelcontextprotocol/logLevel").is_none());
    }

    #[test]
    fn a_meta_that_is_not_an_object_is_sent_as_it_is() {
        let members = ModernMetaText::new(
            &ClientCapabilities::default(),
            &Implementation::new("c", "1.0.0"),
        );
        let version = ProtocolVersion::V_2026_07_28;
        let p = params(json!({"_meta": 5}));
        let added = AddedMeta {
            modern: Some((&version, &members, None)),
            progress_token: None,
        };
        assert_eq!(sent(&p, added)["params"], json!({"_meta": 5}));
    }
}
