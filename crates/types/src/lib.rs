//! Wire types for the Model Context Protocol, every published revision.
//!
//! `tether-mcp-types` holds the JSON-RPC 2.0 envelope and every MCP message of the revisions
//! 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25 ("legacy", with the `initialize` handshake) and
//! 2026-07-28 ("modern": stateless, with Multi Round-Trip Requests). Types are named as the
//! official JSON schemas name them and are all exported at the crate root, so
//! `tether_mcp_types::CallToolRequestParams` is the schema's `CallToolRequestParams`.
//!
//! # One type, every revision
//! Where the revisions' shapes are compatible one Rust type serves them all; a field that only
//! some revisions define is an `Option` (for example [`CallToolResult::structured_content`],
//! 2025-06-18 on, or [`CallToolResult::result_type`], required from 2026-07-28). Shaping a
//! message for a peer's revision is the job of the `tether-mcp` crate; this crate only carries
//! the data faithfully:
//! - unknown fields are kept in each object's `extra` map and written back;
//! - `_meta` is kept whole ([`Meta`]), with typed access to the `io.modelcontextprotocol/*` keys;
//! - an explicit default stays explicit: `"isError": false` reads as `Some(false)` and is
//!   written back, an absent `isError` stays absent.
//!
//! # Decoding with errors that name the field
//! [`decode::from_str`] and [`decode::from_value`] return a [`DecodeError`] whose
//! [`path`](DecodeError::path) names the offending field (`params.arguments`, `id`, ...), and
//! [`JSONRPCMessage::parse`] classifies a raw message, mapping every failure to the JSON-RPC
//! error it deserves (-32700 or -32600) without ever panicking.
//!
//! ```
//! use tether_mcp_types::{CallToolRequest, ProtocolVersion, RequestMethod};
//!
//! let req: CallToolRequest = tether_mcp_types::decode::from_str(
//!     r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#,
//! )?;
//! assert_eq!(CallToolRequest::METHOD, "tools/call");
//! assert_eq!(req.params.name, "echo");
//! assert!(ProtocolVersion::V_2026_07_28.has_mrtr());
//! # Ok::<(), tether_mcp_types::DecodeError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The schemas' names (`JSONRPCRequest`, `ElicitRequestURLParams`, ...) are kept as they are.
#![allow(clippy::upper_case_acronyms)]
// Wire unions hold their messages inline so they read and match like the schema; boxing the
// larger variants would cost an allocation per message for no gain in a type that is moved
// rarely.
#![allow(clippy::large_enum_variant)]

#[macro_use]
mod macros;

pub mod decode;
pub mod error_codes;
mod jsonrpc;
pub mod meta;
mod protocol_version;
mod request_id;
mod result;
mod tagged;

mod annotations;
mod cancellation;
mod capabilities;
mod completion;
mod content;
mod discover;
mod elicitation;
mod elicitation_schema;
mod icons;
mod lifecycle;
mod logging;
mod message_unions;
mod mrtr;
mod pagination;
mod progress;
mod prompts;
mod resources;
mod roots;
mod sampling;
mod subscriptions;
mod tasks;
mod tasks_extension;
mod tools;

pub use decode::DecodeError;
/// The ordered map used for keyed members (`inputRequests`, form properties, capability maps).
pub use indexmap::IndexMap;
pub use jsonrpc::*;
pub use meta::Meta;
pub use protocol_version::ProtocolVersion;
pub use request_id::{ProgressToken, RequestId};
pub use result::*;

pub use annotations::*;
pub use cancellation::*;
pub use capabilities::*;
pub use completion::*;
pub use content::*;
pub use discover::*;
pub use elicitation::*;
pub use elicitation_schema::*;
pub use icons::*;
pub use lifecycle::*;
pub use logging::*;
pub use message_unions::*;
pub use mrtr::*;
pub use pagination::*;
pub use progress::*;
pub use prompts::*;
pub use resources::*;
pub use roots::*;
pub use sampling::*;
pub use subscriptions::*;
pub use tasks::*;
pub use tasks_extension::*;
pub use tools::*;

/// A JSON object: the schemas' `{ [key: string]: unknown }` (and 2026-07-28's `JSONObject`).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Any JSON value: the schemas' `unknown` (and 2026-07-28's `JSONValue`).
pub type JsonValue = serde_json::Value;
