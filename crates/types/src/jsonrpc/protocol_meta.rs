//! The protocol keys of a 2026-07-28 request's `_meta`, taken out of its params as they were
//! sent, so a server reads them once, as text, instead of building and dropping JSON values
//! for the client's capabilities and identity with every request.

use std::borrow::Cow;

use serde_json::value::RawValue;

use super::{JSONRPCMessage, JSONRPCRequest, MessageError};
use crate::meta::{CLIENT_CAPABILITIES, CLIENT_INFO, LOG_LEVEL, PROTOCOL_VERSION};
use crate::{JsonObject, JsonValue};

/// The protocol keys of a request's `_meta` (the schema's `RequestMetaObject`):
/// `io.modelcontextprotocol/protocolVersion`, `.../clientCapabilities`, `.../clientInfo` and
/// `.../logLevel`, each as the JSON text it was sent as (nothing is checked yet).
///
/// [`JSONRPCMessage::parse_slice_taking_protocol_meta`] fills it while it reads a request; a
/// request read otherwise gives its keys up with [`ProtocolMeta::take_from`], and
/// [`ProtocolMeta::restore_into`] puts them back where they were sent (a legacy request keeps
/// its `_meta` as it came).
///
/// ```
/// use tether_mcp_types::{JSONRPCMessage, ProtocolMeta};
///
/// let line = br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
///     "io.modelcontextprotocol/protocolVersion":"2026-07-28",
///     "io.modelcontextprotocol/clientCapabilities":{},"progressToken":7}}}"#;
/// let (message, meta) = JSONRPCMessage::parse_slice_taking_protocol_meta(line).unwrap();
/// assert_eq!(meta.protocol_version().as_deref(), Some("2026-07-28"));
/// assert_eq!(meta.client_capabilities.as_ref().unwrap().get(), "{}");
/// let JSONRPCMessage::Request(request) = message else { unreachable!() };
/// // What is left of `_meta` is the request's own.
/// assert_eq!(request.params.unwrap()["_meta"], serde_json::json!({"progressToken": 7}));
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ProtocolMeta {
    /// `io.modelcontextprotocol/protocolVersion`.
    pub protocol_version: Option<Box<RawValue>>,
    /// `io.modelcontextprotocol/clientCapabilities`.
    pub client_capabilities: Option<Box<RawValue>>,
    /// `io.modelcontextprotocol/clientInfo`.
    pub client_info: Option<Box<RawValue>>,
    /// `io.modelcontextprotocol/logLevel`.
    pub log_level: Option<Box<RawValue>>,
}

impl ProtocolMeta {
    /// The member this key is kept in, if it is one of the protocol keys.
    pub(super) fn slot(&mut self, key: &str) -> Option<&mut Option<Box<RawValue>>> {
        Some(match key {
            k if k == PROTOCOL_VERSION.name() => &mut self.protocol_version,
            k if k == CLIENT_CAPABILITIES.name() => &mut self.client_capabilities,
            k if k == CLIENT_INFO.name() => &mut self.client_info,
            k if k == LOG_LEVEL.name() => &mut self.log_level,
            _ => return None,
        })
    }

    /// Each key with its text, in the order of the schema.
    fn members(self) -> [(&'static str, Option<Box<RawValue>>); 4] {
        [
            (PROTOCOL_VERSION.name(), self.protocol_version),
            (CLIENT_CAPABILITIES.name(), self.client_capabilities),
            (CLIENT_INFO.name(), self.client_info),
            (LOG_LEVEL.name(), self.log_level),
        ]
    }

    /// Whether no protocol key was sent.
    pub fn is_empty(&self) -> bool {
        self.protocol_version.is_none()
            && self.client_capabilities.is_none()
            && self.client_info.is_none()
            && self.log_level.is_none()
    }

    /// Whether the request says it is a 2026-07-28 one: it carries the protocol version or the
    /// client capabilities (the two keys every such request must carry; a server answers one
    /// without the other with -32602 naming the missing key).
    pub fn marks_modern(&self) -> bool {
        self.protocol_version.is_some() || self.client_capabilities.is_some()
    }

    /// The protocol version, when it was sent as a string.
    pub fn protocol_version(&self) -> Option<Cow<'_, str>> {
        let text = self.protocol_version.as_deref()?.get();
        match serde_json::from_str::<&str>(text) {
            Ok(version) => Some(Cow::Borrowed(version)),
            // A string with escapes cannot be borrowed.
            Err(_) => serde_json::from_str::<String>(text).ok().map(Cow::Owned),
        }
    }

    /// Takes the protocol keys out of `params._meta` (when `_meta` is an object), leaving the
    /// request's own keys; a `_meta` that only held protocol keys goes with them.
    pub fn take_from(params: &mut Option<JsonObject>) -> Self {
        let mut taken = Self::default();
        let Some(JsonValue::Object(meta)) = params.as_mut().and_then(|p| p.get_mut("_meta")) else {
            return taken;
        };
        let before = meta.len();
        meta.retain(|key, value| match taken.slot(key) {
            Some(slot) => {
                *slot = serde_json::value::to_raw_value(value).ok();
                false
            }
            None => true,
        });
        if meta.is_empty()
            && before > 0
            && let Some(params) = params.as_mut()
        {
            params.shift_remove("_meta");
        }
        taken
    }

    /// Puts the keys back into `params._meta` (made if absent): the request as it was sent, for
    /// a server that serves it without reading them (a legacy request).
    pub fn restore_into(self, params: &mut Option<JsonObject>) {
        if self.is_empty() {
            return;
        }
        let params = params.get_or_insert_with(JsonObject::new);
        let meta = params
            .entry("_meta")
            .or_insert_with(|| JsonValue::Object(JsonObject::new()));
        let JsonValue::Object(meta) = meta else {
            return; // unreachable: keys are only taken out of an object `_meta`
        };
        for (key, text) in self.members() {
            if let Some(value) = text.and_then(|t| serde_json::from_str(t.get()).ok()) {
                meta.insert(key.to_owned(), value);
            }
        }
    }
}

/// Whether a value's JSON text, read as text, is sure to read as a `serde_json::Value` too
/// (what the slow path builds, with its errors): no escape (a lone surrogate reads as text but
/// not as a value), no number with an exponent or of 300 characters or more (either may be
/// out of range for a value), and fewer than 100 levels of nesting (under the parser's depth
/// limit wherever the value sits in a message). Anything else is left to the slow path.
pub(super) fn reads_as_a_value(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A string, up to its closing quote; one with an escape gives up.
                let rest = &bytes[i + 1..];
                match rest.iter().position(|&b| b == b'"' || b == b'\\') {
                    Some(end) if rest[end] == b'"' => i += end + 2,
                    _ => return false,
                }
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth >= 100 {
                    return false;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'-' | b'0'..=b'9' => {
                let len = bytes[i..]
                    .iter()
                    .position(|b| !matches!(b, b'-' | b'+' | b'.' | b'0'..=b'9' | b'e' | b'E'))
                    .unwrap_or(bytes.len() - i);
                let number = &bytes[i..i + len];
                if len >= 300 || number.iter().any(|b| matches!(b, b'e' | b'E')) {
                    return false;
                }
                i += len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

impl JSONRPCMessage {
    /// [`parse_slice`](Self::parse_slice) that takes a request's protocol `_meta` keys out of
    /// its params while it reads them ([`ProtocolMeta`]): a server reads them as text, once,
    /// without building JSON values for them. Only a request gives its keys up; anything else
    /// comes back as `parse_slice` reads it, with an empty [`ProtocolMeta`]. The same errors as
    /// `parse_slice`.
    pub fn parse_slice_taking_protocol_meta(
        bytes: &[u8],
    ) -> Result<(Self, ProtocolMeta), MessageError> {
        if let Some(parsed) = super::fast_parse::parse_taking_protocol_meta(bytes) {
            return Ok(parsed);
        }
        let mut message = Self::parse_slice(bytes)?;
        let meta = match &mut message {
            Self::Request(JSONRPCRequest { params, .. }) => ProtocolMeta::take_from(params),
            _ => ProtocolMeta::default(),
        };
        Ok((message, meta))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn params(value: JsonValue) -> Option<JsonObject> {
        match value {
            JsonValue::Object(object) => Some(object),
            _ => None,
        }
    }

    const MODERN: &str = r#"{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
        "io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}},
        "io.modelcontextprotocol/clientInfo":{"name":"c","version":"1"},
        "io.modelcontextprotocol/logLevel":"info"}"#;

    #[test]
    fn take_from_leaves_the_request_s_own_keys_and_restore_puts_them_back() {
        let sent = params(json!({"name": "echo", "_meta": {
            "progressToken": 3,
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": {"name": "c", "version": "1"},
        }}));
        let mut params = sent.clone();
        let taken = ProtocolMeta::take_from(&mut params);
        assert!(taken.marks_modern());
        assert_eq!(taken.protocol_version().as_deref(), Some("2026-07-28"));
        assert_eq!(
            taken.client_info.as_ref().map(|r| r.get()),
            Some(r#"{"name":"c","version":"1"}"#)
        );
        assert!(taken.client_capabilities.is_none() && taken.log_level.is_none());
        assert_eq!(
            JsonValue::Object(params.clone().unwrap()),
            json!({"name": "echo", "_meta": {"progressToken": 3}})
        );
        taken.restore_into(&mut params);
        assert_eq!(params, sent);
    }

    #[test]
    fn a_meta_of_protocol_keys_only_goes_and_comes_back() {
        let sent = params(json!({"_meta": {"io.modelcontextprotocol/logLevel": "debug"}}));
        let mut params = sent.clone();
        let taken = ProtocolMeta::take_from(&mut params);
        assert!(!taken.marks_modern() && !taken.is_empty());
        assert_eq!(params, Some(JsonObject::new()));
        taken.restore_into(&mut params);
        assert_eq!(params, sent);
        // A `_meta` sent empty stays.
        let mut empty = self::params(json!({"_meta": {}}));
        assert!(ProtocolMeta::take_from(&mut empty).is_empty());
        assert_eq!(empty, self::params(json!({"_meta": {}})));
    }

    #[test]
    fn a_meta_that_is_no_object_is_left_alone() {
        for meta in [json!("x"), json!(null), json!([1])] {
            let sent = params(json!({"_meta": meta}));
            let mut params = sent.clone();
            assert!(ProtocolMeta::take_from(&mut params).is_empty());
            assert_eq!(params, sent);
        }
        assert!(ProtocolMeta::take_from(&mut None).is_empty());
    }

    /// The one-pass reading and the reading through a `Value` agree, message for message.
    #[test]
    fn the_fast_and_slow_readings_agree() {
        let lines = [
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"name":"echo","_meta":{MODERN}}}}}"#),
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"_meta":{MODERN},"name":"e"}}}}"#),
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"progressToken":1,"io.modelcontextprotocol/logLevel":"x","io.modelcontextprotocol/logLevel":"y"}}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":null}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{}}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":null}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.to_owned(),
            // Not requests: nothing is taken.
            format!(r#"{{"jsonrpc":"2.0","method":"notifications/x","params":{{"_meta":{MODERN}}}}}"#),
            r#"{"jsonrpc":"2.0","id":1,"result":{"_meta":{"io.modelcontextprotocol/logLevel":"x"}}}"#.to_owned(),
            // The slow path: a duplicate `_meta`, a `_meta` that is no object, a protocol key's
            // value that might not read as a value.
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-\u00307-28"}}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"io.modelcontextprotocol/clientInfo":{"name":"\u00e9","n":1e3}}}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"io.modelcontextprotocol/logLevel":"x"},"_meta":{"a":1}}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":"x"}}"#.to_owned(),
        ];
        // The ordinary requests are read in one pass (the slow path would agree trivially).
        for line in &lines[..7] {
            let fast = crate::jsonrpc::fast_parse::parse_taking_protocol_meta(line.as_bytes());
            assert!(fast.is_some(), "{line}");
        }
        for line in &lines {
            let (message, meta) =
                JSONRPCMessage::parse_slice_taking_protocol_meta(line.as_bytes()).unwrap();
            let mut slow = JSONRPCMessage::parse(line).unwrap();
            let slow_meta = match &mut slow {
                JSONRPCMessage::Request(r) => ProtocolMeta::take_from(&mut r.params),
                _ => ProtocolMeta::default(),
            };
            assert_eq!(message, slow, "{line}");
            // The same values (the slow path's text is written anew, without escapes).
            let text = |m: &ProtocolMeta| {
                m.clone().members().map(|(k, v)| {
                    let value = v.map(|v| serde_json::from_str::<JsonValue>(v.get()).unwrap());
                    (k, value)
                })
            };
            assert_eq!(text(&meta), text(&slow_meta), "{line}");
        }
    }

    #[test]
    fn errors_are_parse_slice_s() {
        let deep = format!("{}1{}", "[".repeat(130), "]".repeat(130));
        let key = "io.modelcontextprotocol/clientCapabilities";
        let deep = format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"m","params":{{"_meta":{{"{key}":{deep}}}}}}}"#
        );
        for line in [
            &*deep,
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"io.modelcontextprotocol/logLevel":1e400}}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"io.modelcontextprotocol/logLevel":"\ud800"}}}"#,
            "{",
            r#"{"jsonrpc":"2.0","id":1,"method":"m","params":[1]}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"m","params":{"_meta":{}}}"#,
        ] {
            let fast = JSONRPCMessage::parse_slice_taking_protocol_meta(line.as_bytes()).err();
            let slow = JSONRPCMessage::parse_slice(line.as_bytes()).err();
            assert_eq!(
                fast.map(|e| e.to_response()),
                slow.map(|e| e.to_response()),
                "{line}"
            );
        }
    }

    #[test]
    fn what_reads_as_a_value_is_told_apart_from_what_might_not() {
        for text in [
            r#"{"a":[1,-2.5,true,null,"x{["]}"#,
            r#""2026-07-28""#,
            "{}",
            "0",
        ] {
            assert!(reads_as_a_value(text), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let long = "9".repeat(300);
        for text in [r#""\u0041""#, "1e3", "-2E-1", &*deep, &*long] {
            assert!(!reads_as_a_value(text), "{text}");
        }
    }

    #[test]
    fn an_escaped_version_is_read_as_the_string_it_spells() {
        let mut params = params(json!({"_meta": {"io.modelcontextprotocol/protocolVersion": 1}}));
        assert_eq!(
            ProtocolMeta::take_from(&mut params).protocol_version(),
            None
        );
        let line = br#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-\u00307-28"}}}"#;
        let (_, meta) = JSONRPCMessage::parse_slice_taking_protocol_meta(line).unwrap();
        assert_eq!(meta.protocol_version().as_deref(), Some("2026-07-28"));
    }
}
