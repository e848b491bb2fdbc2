//! Procedural macros for [`tether-mcp`](https://docs.rs/tether-mcp).
//!
//! This crate will provide `#[tools]` and `#[tool]` (and later `#[prompt]` and `#[resource]`),
//! which turn plain `async fn`s into MCP tool handlers. The code they generate receives the
//! request tokens that `tether-mcp` hands to every handler; it never builds one, so the macros
//! cannot weaken the guarantee that a server-to-client request outside an in-flight client
//! request does not compile.
//!
//! The macros arrive in a later release; this version exports nothing.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
