//! Trait facts about the public types, checked at compile time: if one stops holding, this file
//! stops compiling.

use static_assertions::{
    assert_eq_size, assert_impl_all, assert_not_impl_any, assert_type_eq_all, const_assert_eq,
};
use tether_mcp::ProtocolVersion;
use tether_mcp::types::{DecodeError, JSONRPCMessage, JsonRpcVersion, ProgressToken, RequestId};

// `tether_mcp::ProtocolVersion` is the wire type itself, not a copy of it.
assert_type_eq_all!(ProtocolVersion, tether_mcp::types::ProtocolVersion);

// A revision can be shared across tasks, compared, sorted by date and used as a map key, and it
// travels as a JSON string.
assert_impl_all!(
    ProtocolVersion: Send,
    Sync,
    Clone,
    Ord,
    std::hash::Hash,
    std::fmt::Debug,
    std::fmt::Display,
    std::str::FromStr,
    serde::Serialize,
    serde::de::DeserializeOwned,
);
// It keeps unknown strings (owned), so it is not `Copy`; and there is no implicit revision: a
// version is always negotiated or chosen, never defaulted.
assert_not_impl_any!(ProtocolVersion: Copy, Default);
const_assert_eq!(ProtocolVersion::ALL.len(), 5);
const_assert_eq!(ProtocolVersion::LEGACY.len(), 4);

// Request ids key the tables of in-flight requests.
assert_impl_all!(
    RequestId: Send,
    Sync,
    Clone,
    Eq,
    Ord,
    std::hash::Hash,
    std::fmt::Debug,
    std::fmt::Display,
    serde::Serialize,
    serde::de::DeserializeOwned,
);
// An id is never null (no default) and never fractional; a `u64` could exceed the wire range,
// so there is no infallible conversion from one.
assert_not_impl_any!(RequestId: Default, From<f64>, From<u64>);
assert_impl_all!(ProgressToken: Send, Sync, Clone, Eq, std::hash::Hash);
assert_not_impl_any!(ProgressToken: Default, From<f64>);

// `"jsonrpc": "2.0"` is a zero-sized marker: it cannot be built from an arbitrary string.
assert_eq_size!(JsonRpcVersion, ());
assert_impl_all!(JsonRpcVersion: Copy, Default, Eq, serde::Serialize, serde::de::DeserializeOwned);
assert_not_impl_any!(JsonRpcVersion: std::str::FromStr, From<String>, From<&'static str>);

// Messages move between the transport tasks and the dispatcher.
assert_impl_all!(JSONRPCMessage: Send, Sync, Clone, std::fmt::Debug);

// Decode errors work with `?` into `Box<dyn Error + Send + Sync>` and `anyhow`-style errors.
assert_impl_all!(DecodeError: std::error::Error, Send, Sync, Clone, Eq);
