//! The `"jsonrpc": "2.0"` member.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `jsonrpc` member, always `"2.0"`. Deserializing any other value is an error that says
/// what was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonRpcVersion;

impl JsonRpcVersion {
    /// The only version string.
    pub const STR: &'static str = "2.0";
}

impl Serialize for JsonRpcVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(Self::STR)
    }
}

impl<'de> Deserialize<'de> for JsonRpcVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = JsonRpcVersion;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the string \"2.0\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<JsonRpcVersion, E> {
                if v == JsonRpcVersion::STR {
                    Ok(JsonRpcVersion)
                } else {
                    Err(E::custom(format_args!(
                        "jsonrpc must be \"2.0\", found {v:?}"
                    )))
                }
            }
        }
        deserializer.deserialize_str(V)
    }
}
