//! A Rust SDK for the Model Context Protocol (MCP), servers and clients, speaking every published
//! revision: 2024-11-05, 2025-03-26, 2025-06-18 and 2025-11-25 ("legacy", with the `initialize`
//! handshake) and 2026-07-28 ("modern": stateless, with Multi Round-Trip Requests).
//!
//! # The guarantee
//! **A server-to-client request that is not tied to an in-flight client request does not
//! compile.** Handlers receive a token for the request they are serving, [`InFlight<'req>`];
//! elicitation, sampling and roots requests exist only on capability views borrowed from that
//! token, which cannot be cloned, built outside this crate, spawned, stored or used after the
//! response. This is SEP-2260 (sampling, elicitation and roots requests only while a client
//! request is being processed), enforced by the type system rather than checked at run time.
//!
//! **One handler serves both protocol eras.** The same call sends a nested JSON-RPC request,
//! associated with the client's request, to a legacy client, and becomes a Multi Round-Trip
//! `InputRequiredResult` round for a modern client, with no branch in user code.
//!
//! ```no_run
//! use tether_mcp::prelude::*;
//!
//! #[derive(serde::Deserialize, schemars::JsonSchema)]
//! struct Confirm {
//!     yes: bool,
//! }
//!
//! struct Deployer;
//!
//! impl ServerHandler for Deployer {
//!     async fn call_tool(&self, params: CallToolRequestParams, cx: InFlight<'_>)
//!         -> Result<CallToolResult, ToolError>
//!     {
//!         let answer: Answer<Confirm> = cx.elicitation()?.form::<Confirm>("Deploy?").await?;
//!         let text = match answer {
//!             Answer::Accepted(Confirm { yes: true }) => format!("{} deployed", params.name),
//!             _ => "not deployed".to_owned(),
//!         };
//!         Ok(CallToolResult { content: vec![ContentBlock::text(text)], ..Default::default() })
//!     }
//! }
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     Server::new(Deployer).serve_stdio().await
//! }
//! ```
//!
//! # Tools, prompts and resources in a few lines
//! [`#[tools]`](macro@tools) on the `impl ServerHandler` block declares them as methods:
//! definitions and schemas are built once, arguments are read with errors naming the field,
//! and the token is passed on, never made.
//!
//! ```no_run
//! use tether_mcp::prelude::*;
//!
//! #[derive(serde::Serialize, schemars::JsonSchema)]
//! struct Note { id: u64, text: String }
//!
//! struct Notes;
//!
//! #[tether_mcp::tools]
//! impl ServerHandler for Notes {
//!     /// Adds two numbers.
//!     #[tool(read_only)]
//!     async fn add(&self, a: f64, b: f64) -> f64 {
//!         a + b
//!     }
//!
//!     /// Asks before deleting a note.
//!     #[tool(destructive, requires(elicitation))]
//!     async fn delete(&self, cx: InFlight<'_>, id: u64) -> Result<String, ToolError> {
//!         #[derive(serde::Deserialize, schemars::JsonSchema)]
//!         struct Sure { yes: bool }
//!         match cx.elicitation()?.form::<Sure>(&format!("Delete note {id}?")).await? {
//!             Answer::Accepted(Sure { yes: true }) => Ok(format!("deleted {id}")),
//!             _ => Ok("kept".to_owned()),
//!         }
//!     }
//!
//!     /// Summarises a note.
//!     #[prompt]
//!     async fn summarise(&self, id: String, style: Option<String>) -> String {
//!         format!("Summarise note {id} {}.", style.as_deref().unwrap_or("briefly"))
//!     }
//!
//!     /// A note, as JSON.
//!     #[resource(uri = "notes://{id}")]
//!     async fn note(&self, id: u64) -> Json<Note> {
//!         Json(Note { id, text: format!("note {id}") })
//!     }
//! }
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     // Advertises tools, prompts and resources: what the block declares.
//!     Server::new(Notes).serve_stdio().await
//! }
//! ```
//!
//! # Status
//! Both eras over stdio and in-memory transports (on one connection if the client mixes them)
//! and over Streamable HTTP (feature `http`: [`transport::http`], a `tower::Service` for both
//! eras on one endpoint).
//!
//! - **Legacy** (2024-11-05 to 2025-11-25): the `initialize` handshake, tools, nested
//!   elicitation, sampling and roots on the originating route, progress, logging, cancellation
//!   and ping; resources, templates, prompts and completion, with per-session resource
//!   subscriptions and coalesced [`Notifier`] delivery.
//! - **Modern** (2026-07-28): stateless requests validated by their `_meta`, `server/discover`,
//!   `subscriptions/listen` fed by the same [`Notifier`], `resultType`/`serverInfo`/cache hints
//!   ([`CacheHints`]) on results, per-request log levels, and Multi Round-Trip Requests by
//!   replay: the same asks become `InputRequiredResult` rounds, their answers carried in a
//!   sealed `requestState` ([`SealingKey`]); [`MultiRound`] is the low-level path. How replay
//!   differs from a nested request: [docs/replay.md]; the sealed state and its keys:
//!   [docs/sealing.md].
//!
//! - **Client** ([`client`]): both eras over a child process, byte streams and Streamable HTTP
//!   (feature `http-client`), negotiated by a `server/discover` probe with an `initialize`
//!   fallback; handlers for elicitation, sampling and roots decide the declared capabilities;
//!   MRTR rounds driven through them.
//!
//! Helpers for handler authors: [`Paginator`] (opaque cursors) and [`UriTemplate`] (matching
//! `resources/read` URIs). Handlers are `Send`: there is no `!Send` (`LocalSet`) handler path in
//! this version.
//!
//! # Guides
//! - [docs/compile-errors.md]: every compile error the guarantee produces, what it means and
//!   the fix.
//! - [docs/replay.md]: how an ask becomes a Multi Round-Trip round, and what replay asks of a
//!   handler.
//! - [docs/sealing.md]: the sealed `requestState`, its checks, keys, rotation and principals.
//! - [docs/deployment.md]: replicas behind a load balancer, legacy stickiness, health checks,
//!   drain.
//! - [MIGRATION.md]: coming from rmcp 3.x.
//!
//! [docs/compile-errors.md]: https://github.com/tether-mcp/tether-mcp/blob/main/docs/compile-errors.md
//! [docs/replay.md]: https://github.com/tether-mcp/tether-mcp/blob/main/docs/replay.md
//! [docs/sealing.md]: https://github.com/tether-mcp/tether-mcp/blob/main/docs/sealing.md
//! [docs/deployment.md]: https://github.com/tether-mcp/tether-mcp/blob/main/docs/deployment.md
//! [MIGRATION.md]: https://github.com/tether-mcp/tether-mcp/blob/main/MIGRATION.md
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod canonical;
mod capability_check;
pub mod client;
mod config;
mod declaration;
mod dispatch;
mod error;
mod inflight;
mod mrtr;
mod prompts;
mod resources;
mod route;
mod scope;
mod server;
mod session;
mod shape;
mod subscriptions;
mod tools;
pub mod transport;

#[cfg(feature = "test-util")]
pub mod testing;
#[cfg(feature = "unassociated-requests")]
pub mod unassociated;

pub use config::Limits;
pub use dispatch::Connection;
pub use error::{MissingCapability, RequestError, ServerError, ToolError};
pub use inflight::{
    Answer, Ask, ClientRequester, Elicitation, ElicitationCompletion, InFlight, MultiRound,
    Notified, RequestCx, Roots, Sampling, UrlAnswer, UrlElicitation,
};
pub use mrtr::{InvalidSealingKey, PrincipalCx, SealingKey};
pub use prompts::{IntoPromptResult, PromptArgumentValue};
pub use resources::{Blob, IntoResourceResult, UriVariable};
/// The JSON Schema generator used for elicitation forms and tool schemas (schemars 1.x).
pub use schemars;
pub use server::{
    CacheHints, Notifier, Page, Paginator, Server, ServerBuilder, ServerHandler, Target,
    TemplateVars, UriTemplate, UriTemplateError,
};
pub use session::Session;
pub use tether_mcp_macros::tools;
pub use tools::{Args, IntoToolResult, Json, ToolOutput};

/// What the `#[tools]` macro's generated code names. Not a public API: it may change in any
/// release. Nothing here can make an [`InFlight`] token.
#[doc(hidden)]
pub mod __private {
    pub use crate::declaration::{body_is_send, icon, requirement};
    pub use crate::prompts::{
        PromptEntry, PromptEntryBuilder, PromptTable, prompt_argument, prompt_arguments,
        prompt_entry,
    };
    pub use crate::resources::{ResourceEntry, ResourceTable, uri_variable};
    pub use crate::tools::{
        ToolArgument, ToolEntry, ToolEntryBuilder, ToolTable, argument, arguments, tool_entry,
    };
    pub use serde;
}
/// The MCP wire types of every revision: the crate [`tether-mcp-types`](tether_mcp_types).
pub use tether_mcp_types as types;
pub use tether_mcp_types::ProtocolVersion;

/// The names a server needs: tokens, contexts, handler trait, errors, and the wire types that
/// handler signatures name.
pub mod prelude {
    pub use crate::{
        Answer, Args, Blob, ClientRequester, InFlight, Json, MissingCapability, Notified, Notifier,
        RequestCx, RequestError, Server, ServerError, ServerHandler, Session, ToolError,
    };
    pub use tether_mcp_types::{
        CallToolRequestParams, CallToolResult, ClientCapabilities, CompleteRequestParams,
        CompleteResult, ContentBlock, CreateMessageRequestParams, CreateMessageResult,
        GetPromptRequestParams, GetPromptResult, ListPromptsResult, ListResourceTemplatesResult,
        ListResourcesResult, ListRootsResult, ListToolsResult, PaginatedRequestParams,
        PromptMessage, ReadResourceRequestParams, ReadResourceResult, Role, Tool,
    };
}
