//! Where a request's protocol facts come from: the legacy session, or the request itself.

use std::sync::Arc;

use tether_mcp_types::{ClientCapabilities, Implementation, LoggingLevel, ProtocolVersion};

use super::round::Round;

/// The era a request is served in.
#[derive(Debug)]
pub(crate) enum Era {
    /// A legacy session: `initialize` settled the revision, the client's capabilities and
    /// identity; `logging/setLevel` sets the log threshold for the whole session.
    Legacy,
    /// 2026-07-28: this request's `_meta` carries everything, and applies to it alone.
    Modern(Box<Modern>),
}

/// The facts of one 2026-07-28 request, read from its `_meta`.
#[derive(Debug)]
pub(crate) struct Modern {
    pub(crate) version: ProtocolVersion,
    /// Shared with the other requests that sent the same `clientCapabilities`.
    pub(crate) client_capabilities: Arc<ClientCapabilities>,
    /// Shared with the other requests that sent the same `clientInfo`.
    pub(crate) client_info: Option<Arc<Implementation>>,
    /// `io.modelcontextprotocol/logLevel`: without it no `notifications/message` is sent.
    pub(crate) log_level: Option<LoggingLevel>,
    /// The Multi Round-Trip state of `tools/call`, `prompts/get` and `resources/read`.
    pub(crate) round: Option<Round>,
}
