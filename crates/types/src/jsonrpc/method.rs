//! The traits that tie a typed request or notification to its method name.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A typed JSON-RPC request: its method name, parameter type and result type.
///
/// Implemented by every `…Request` type of this crate (`CallToolRequest`, `ElicitRequest`, ...).
pub trait RequestMethod: Serialize + DeserializeOwned {
    /// The JSON-RPC method name, such as `tools/call`.
    const METHOD: &'static str;
    /// The `params` type.
    type Params: Serialize + DeserializeOwned;
    /// The successful result type.
    type Result: Serialize + DeserializeOwned;
}

/// A typed JSON-RPC notification: its method name and parameter type.
pub trait NotificationMethod: Serialize + DeserializeOwned {
    /// The JSON-RPC method name, such as `notifications/progress`.
    const METHOD: &'static str;
    /// The `params` type.
    type Params: Serialize + DeserializeOwned;
}
