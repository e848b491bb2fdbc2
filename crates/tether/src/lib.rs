//! A Rust SDK for the Model Context Protocol (MCP), servers and clients, speaking every published
//! revision: 2024-11-05, 2025-03-26, 2025-06-18 and 2025-11-25 ("legacy", with the `initialize`
//! handshake) and 2026-07-28 ("modern": stateless, with Multi Round-Trip Requests).
//!
//! # The guarantee
//! **A server-to-client request that is not tied to an in-flight client request does not
//! compile.** Handlers receive a token for the request they are serving; elicitation, sampling
//! and roots requests exist only on capability views borrowed from that token, which cannot be
//! cloned, built outside this crate, spawned, stored or used after the response. This is
//! SEP-2260 (sampling, elicitation and roots requests only while a client request is being
//! processed), enforced by the type system rather than checked at run time.
//!
//! **One handler serves both protocol eras.** The same call sends a nested JSON-RPC request,
//! associated with the client's request, to a legacy client, and becomes a Multi Round-Trip
//! `InputRequiredResult` round for a modern client, with no branch in user code.
//!
//! # Status
//! This version carries the wire types only: [`types`] re-exports
//! [`tether-mcp-types`](tether_mcp_types), which holds the JSON-RPC envelope and every MCP message
//! of all five revisions, and [`ProtocolVersion`] answers which features a revision has. The
//! typestate core (request tokens, handler traits, dispatcher) comes next, followed by the client
//! and the transports.
//!
//! ```
//! use tether_mcp::ProtocolVersion;
//!
//! let modern = ProtocolVersion::V_2026_07_28;
//! assert!(modern.has_mrtr() && !modern.has_initialize());
//! assert!(ProtocolVersion::ALL.iter().filter(|v| v.has_initialize()).count() == 4);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The MCP wire types of every revision: the crate [`tether-mcp-types`](tether_mcp_types).
pub use tether_mcp_types as types;

pub use tether_mcp_types::ProtocolVersion;
