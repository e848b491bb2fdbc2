//! Streamable HTTP server (feature `http`), both eras on one endpoint.
//!
//! - **2026-07-28**: POST only; every request carries its `_meta` and the mirrored headers
//!   (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`; a mismatch is 400 + -32020); the answer
//!   is JSON, or an SSE stream once the request sends a notification first;
//!   `subscriptions/listen` is a long-lived SSE stream; GET and DELETE are 405. Errors carry the
//!   status the specification gives them (400 for `_meta`, header, capability and version
//!   errors, 404 for unknown or removed methods) and echo the request id. A client that closes
//!   the stream cancels the request.
//! - **Legacy** (2025-03-26 … 2025-11-25): `initialize` opens a session (`Mcp-Session-Id`); a
//!   request's notifications, nested requests and response go on the stream of the POST that
//!   carried it (JSON until the first notification or nested request, then SSE); GET opens the
//!   session's standalone stream of notifications; DELETE ends the session. A disconnect is not
//!   a cancellation.
//! - **Always**: `Host`/`Origin` checked against DNS rebinding (localhost by default),
//!   `Accept`/`Content-Type` checked, bodies bounded by [`Limits::max_message_bytes`], SSE
//!   keep-alive comments, a bounded number of running 2026-07-28 requests.
//!
//! ```no_run
//! use tether_mcp::prelude::*;
//!
//! struct Hello;
//! impl ServerHandler for Hello {}
//!
//! # async fn run() -> std::io::Result<()> {
//! // Serves http://127.0.0.1:3000/ (any path) until Ctrl-C, then lets requests finish.
//! Server::new(Hello).serve_http("127.0.0.1:3000").await
//! # }
//! ```
//!
//! [`Limits::max_message_bytes`]: crate::Limits::max_message_bytes

mod body;
mod config;
mod first_message;
mod guard;
mod headers;
mod legacy;
mod modern;
mod param_headers;
mod reply;
mod serve;
mod service;
mod sessions;
#[cfg(feature = "http-sse")]
mod sse_2024;

pub use body::HttpBody;
pub use config::HttpConfig;
pub use serve::serve;
pub use service::StreamableHttp;
#[cfg(feature = "http-sse")]
pub use sse_2024::HttpSse;
