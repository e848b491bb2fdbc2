//! The JSON-RPC 2.0 envelope: version marker, requests, notifications, responses, batches.

pub(crate) mod envelope;
pub(crate) mod error_object;
mod fast_parse;
mod message;
mod method;
mod protocol_meta;
mod response;
mod version;

pub use error_object::*;
pub use message::*;
pub use method::*;
pub use protocol_meta::ProtocolMeta;
pub use response::*;
pub use version::JsonRpcVersion;
