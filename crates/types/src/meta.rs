//! `_meta`: the metadata object every request, result, notification and many objects carry.
//!
//! [`Meta`] keeps every key it was given (so unknown keys survive a round trip) and offers typed
//! access to the keys MCP reserves through [`MetaKey`] constants:
//!
//! ```
//! use tether_mcp_types::meta::{self, Meta};
//! use tether_mcp_types::{ClientCapabilities, ProtocolVersion};
//!
//! let mut m = Meta::new();
//! m.insert(meta::PROTOCOL_VERSION, &ProtocolVersion::V_2026_07_28);
//! m.insert(meta::CLIENT_CAPABILITIES, &ClientCapabilities::default());
//! assert_eq!(m.get(meta::PROTOCOL_VERSION).unwrap(), Some(ProtocolVersion::V_2026_07_28));
//! assert_eq!(m.get(meta::LOG_LEVEL).unwrap(), None);
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{
    ClientCapabilities, Implementation, JsonObject, JsonValue, LoggingLevel, ProgressToken,
    ProtocolVersion, RelatedTaskMetadata, RequestId,
};

/// The contents of a `_meta` field (the schemas' `MetaObject`, `RequestMetaObject`,
/// `ResultMetaObject`, `NotificationMetaObject`): an object whose every key is kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Meta(pub JsonObject);

/// A `_meta` key with the Rust type of its value.
pub struct MetaKey<T> {
    name: &'static str,
    _value: PhantomData<fn() -> T>,
}

impl<T> MetaKey<T> {
    /// A key of this name whose value has type `T`.
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            _value: PhantomData,
        }
    }

    /// The key's name, as written on the wire.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<T> Clone for MetaKey<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for MetaKey<T> {}

impl<T> fmt::Debug for MetaKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MetaKey({})", self.name)
    }
}

/// `io.modelcontextprotocol/protocolVersion` (request, 2026-07-28; required).
pub const PROTOCOL_VERSION: MetaKey<ProtocolVersion> =
    MetaKey::new("io.modelcontextprotocol/protocolVersion");
/// `io.modelcontextprotocol/clientCapabilities` (request, 2026-07-28; required).
pub const CLIENT_CAPABILITIES: MetaKey<ClientCapabilities> =
    MetaKey::new("io.modelcontextprotocol/clientCapabilities");
/// `io.modelcontextprotocol/clientInfo` (request, 2026-07-28; optional).
pub const CLIENT_INFO: MetaKey<Implementation> = MetaKey::new("io.modelcontextprotocol/clientInfo");
/// `io.modelcontextprotocol/logLevel` (request, 2026-07-28; no log notifications without it).
pub const LOG_LEVEL: MetaKey<LoggingLevel> = MetaKey::new("io.modelcontextprotocol/logLevel");
/// `io.modelcontextprotocol/serverInfo` (result, 2026-07-28).
pub const SERVER_INFO: MetaKey<Implementation> = MetaKey::new("io.modelcontextprotocol/serverInfo");
/// `io.modelcontextprotocol/subscriptionId` (every message of a `subscriptions/listen` stream).
pub const SUBSCRIPTION_ID: MetaKey<RequestId> =
    MetaKey::new("io.modelcontextprotocol/subscriptionId");
/// `io.modelcontextprotocol/related-task` (2025-11-25 experimental tasks).
pub const RELATED_TASK: MetaKey<RelatedTaskMetadata> =
    MetaKey::new("io.modelcontextprotocol/related-task");
/// `progressToken` (request; all revisions).
pub const PROGRESS_TOKEN: MetaKey<ProgressToken> = MetaKey::new("progressToken");
/// `traceparent` (W3C trace context).
pub const TRACEPARENT: MetaKey<String> = MetaKey::new("traceparent");
/// `tracestate` (W3C trace context).
pub const TRACESTATE: MetaKey<String> = MetaKey::new("tracestate");
/// `baggage` (W3C baggage).
pub const BAGGAGE: MetaKey<String> = MetaKey::new("baggage");

/// A `_meta` value that is present but does not have the type its key requires.
#[derive(Debug)]
pub struct MetaValueError {
    key: &'static str,
    source: serde_json::Error,
}

impl MetaValueError {
    /// The key whose value is malformed.
    pub fn key(&self) -> &'static str {
        self.key
    }
}

impl fmt::Display for MetaValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "_meta[\"{}\"]: {}", self.key, self.source)
    }
}

impl std::error::Error for MetaValueError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl Meta {
    /// An empty `_meta`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The typed value of `key`: `Ok(None)` when absent, `Err` when present with the wrong type.
    pub fn get<T: DeserializeOwned>(&self, key: MetaKey<T>) -> Result<Option<T>, MetaValueError> {
        match self.0.get(key.name) {
            None => Ok(None),
            Some(v) => T::deserialize(v)
                .map(Some)
                .map_err(|source| MetaValueError {
                    key: key.name,
                    source,
                }),
        }
    }

    /// Sets `key` to `value`, returning the previous raw value.
    pub fn insert<T: Serialize>(&mut self, key: MetaKey<T>, value: &T) -> Option<JsonValue> {
        // Serializing our own wire types to a `Value` cannot fail: they have string keys only.
        let value = serde_json::to_value(value).unwrap_or(JsonValue::Null);
        self.0.insert(key.name.to_owned(), value)
    }

    /// Removes `key`, returning its raw value.
    pub fn remove<T>(&mut self, key: MetaKey<T>) -> Option<JsonValue> {
        self.0.remove(key.name)
    }

    /// Whether `key` is present (whatever its value).
    pub fn contains<T>(&self, key: MetaKey<T>) -> bool {
        self.0.contains_key(key.name)
    }

    /// The raw value of any key.
    pub fn raw(&self, name: &str) -> Option<&JsonValue> {
        self.0.get(name)
    }

    /// Whether the object has no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `io.modelcontextprotocol/protocolVersion`.
    pub fn protocol_version(&self) -> Result<Option<ProtocolVersion>, MetaValueError> {
        self.get(PROTOCOL_VERSION)
    }

    /// `io.modelcontextprotocol/clientCapabilities`.
    pub fn client_capabilities(&self) -> Result<Option<ClientCapabilities>, MetaValueError> {
        self.get(CLIENT_CAPABILITIES)
    }

    /// `io.modelcontextprotocol/clientInfo`.
    pub fn client_info(&self) -> Result<Option<Implementation>, MetaValueError> {
        self.get(CLIENT_INFO)
    }

    /// `io.modelcontextprotocol/logLevel`.
    pub fn log_level(&self) -> Result<Option<LoggingLevel>, MetaValueError> {
        self.get(LOG_LEVEL)
    }

    /// `io.modelcontextprotocol/serverInfo`.
    pub fn server_info(&self) -> Result<Option<Implementation>, MetaValueError> {
        self.get(SERVER_INFO)
    }

    /// `io.modelcontextprotocol/subscriptionId`.
    pub fn subscription_id(&self) -> Result<Option<RequestId>, MetaValueError> {
        self.get(SUBSCRIPTION_ID)
    }

    /// `progressToken`.
    pub fn progress_token(&self) -> Result<Option<ProgressToken>, MetaValueError> {
        self.get(PROGRESS_TOKEN)
    }
}

/// Whether a `_meta` key name follows the MetaObject rules: an optional prefix of dot-separated
/// labels (each starting with a letter and ending with a letter or digit, hyphens inside) and a
/// slash, then a name that is empty or starts and ends with an alphanumeric, with
/// `[A-Za-z0-9._-]` inside.
pub fn is_valid_key(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    let name_ok = name.is_empty()
        || (name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name.ends_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')));
    let prefix_ok = prefix.is_none_or(|p| {
        p.split('.').all(|label| {
            label.starts_with(|c: char| c.is_ascii_alphabetic())
                && label.ends_with(|c: char| c.is_ascii_alphanumeric())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    });
    name_ok && prefix_ok
}

/// Whether a key's prefix is reserved for MCP: its second label is `modelcontextprotocol` or
/// `mcp` (`io.modelcontextprotocol/`, `dev.mcp/`; not `com.example.mcp/`).
pub fn is_reserved_key(key: &str) -> bool {
    key.split_once('/')
        .and_then(|(prefix, _)| prefix.split('.').nth(1))
        .is_some_and(|label| label == "modelcontextprotocol" || label == "mcp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_access_reads_writes_and_reports_bad_values() {
        let mut m: Meta = serde_json::from_str(
            r#"{"io.modelcontextprotocol/logLevel":"loud","vendor.example/x":1,"progressToken":3}"#,
        )
        .unwrap();
        let err = m.log_level().unwrap_err();
        assert_eq!(err.key(), "io.modelcontextprotocol/logLevel");
        assert!(err.to_string().contains("logLevel"));
        assert_eq!(m.progress_token().unwrap(), Some(ProgressToken::Number(3)));
        m.insert(LOG_LEVEL, &LoggingLevel::Info);
        assert_eq!(m.log_level().unwrap(), Some(LoggingLevel::Info));
        assert_eq!(m.raw("vendor.example/x"), Some(&serde_json::json!(1)));
        assert!(m.remove(PROGRESS_TOKEN).is_some() && !m.contains(PROGRESS_TOKEN));
    }

    #[test]
    fn key_rules_follow_the_schema_text() {
        for ok in [
            "io.modelcontextprotocol/protocolVersion",
            "progressToken",
            "a",
            "com.example/x-y_z.1",
            "io.x/",
        ] {
            assert!(is_valid_key(ok), "{ok}");
        }
        for bad in ["-x", "x-", "1abc.def/x", "io..x/y", "io.x-/y", "a b"] {
            assert!(!is_valid_key(bad), "{bad}");
        }
        assert!(is_reserved_key("io.modelcontextprotocol/x") && is_reserved_key("dev.mcp/x"));
        assert!(!is_reserved_key("com.example.mcp/x") && !is_reserved_key("progressToken"));
    }
}
