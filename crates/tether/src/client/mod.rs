//! The MCP client: talks to a server of any revision over stdio, a child process, in-memory
//! streams or Streamable HTTP (feature `http-client`).
//!
//! - **Negotiation**: 2026-07-28 first (`server/discover`), the `initialize` handshake
//!   otherwise; or a pinned revision ([`ClientBuilder::protocol_version`]).
//! - **Handlers**: how the client answers elicitation, sampling and roots requests — a
//!   [`ClientHandler`] or closures — decide the capabilities it declares. Each request comes
//!   with its [`Origin`], the call of this client it serves.
//! - **Calls**: one typed method per client request; [`Call`] options for progress and
//!   timeouts; dropping a call withdraws it. `call_tool`, `get_prompt` and `read_resource`
//!   drive 2026-07-28 Multi Round-Trip Requests through the handlers; the `*_once` variants
//!   return each round to the caller.
//!
//! ```no_run
//! use tether_mcp::client::Client;
//! use tether_mcp::transport::ChildProcess;
//!
//! # async fn run() -> Result<(), tether_mcp::client::ClientError> {
//! let client = Client::builder()
//!     .name("example", "1.0.0")
//!     .connect(ChildProcess::new("my-mcp-server"))
//!     .await?;
//! println!("speaking {}", client.protocol_version());
//! for tool in client.list_all_tools().await? {
//!     println!("{}", tool.name);
//! }
//! let result = client.call_tool("add", serde_json::json!({"a": 1, "b": 2})).await?;
//! client.shutdown().await;
//! # Ok(()) }
//! ```

mod builder;
mod call;
mod engine;
mod error;
mod events;
mod handler;
#[cfg(feature = "http-client")]
mod http_wire;
mod methods;
mod negotiate;
mod origin;
mod pages;
mod plain_line;
mod request_text;
mod result_text;
mod rounds;
mod subscriptions;
mod wire;

use std::sync::Arc;

use tether_mcp_types::{ClientCapabilities, Implementation, ProtocolVersion, ServerCapabilities};

pub(crate) use builder::Options;
pub use builder::{ClientBuilder, ClientTransport, Endpoint};
pub use call::Call;
pub use error::ClientError;
pub use events::ClientEvent;
pub use handler::{ClientHandler, ElicitationHandler, RootsHandler, SamplingHandler};
pub use negotiate::EraCache;
pub use origin::{Origin, PendingCall};
pub use subscriptions::{Listen, ResourceSubscription};

use engine::Engine;

/// A connection to an MCP server. Cheap to clone; the connection closes when the last clone
/// is dropped (or at [`shutdown`](Self::shutdown)).
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

/// The last handle's drop closes the connection.
struct Shared {
    engine: Arc<Engine>,
}

impl Drop for Shared {
    /// Shuts down as [`Client::shutdown`] would, in a task of its own when a runtime is there
    /// (a child process gets its grace period rather than an immediate kill); otherwise closes
    /// the server's input at once.
    fn drop(&mut self) {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let engine = self.engine.clone();
                runtime.spawn(async move { engine.wire.shutdown().await });
            }
            Err(_) => self.engine.wire.shutdown_now(),
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field(
                "protocol_version",
                &self.engine().negotiated().map(|n| n.version.clone()),
            )
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_engine(engine: Arc<Engine>) -> Self {
        Self {
            shared: Arc::new(Shared::new(engine)),
        }
    }

    pub(crate) fn engine(&self) -> &Arc<Engine> {
        &self.shared.engine
    }

    fn negotiated(&self) -> Arc<engine::Negotiated> {
        self.engine()
            .negotiated()
            .expect("a connected client has negotiated")
    }

    /// The protocol revision in use.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.negotiated().version.clone()
    }

    /// Whether the connection speaks 2026-07-28 (stateless, MRTR).
    pub fn is_modern(&self) -> bool {
        self.negotiated().version.is_modern()
    }

    /// The server's `serverInfo` (from `initialize`, or from `server/discover` when the
    /// probe ran).
    pub fn server_info(&self) -> Option<Implementation> {
        self.negotiated().server_info.clone()
    }

    /// What the server declared it supports (empty on a pinned 2026-07-28 connection until
    /// [`discover`](Self::discover) is called).
    pub fn server_capabilities(&self) -> ServerCapabilities {
        self.negotiated().capabilities.clone()
    }

    /// The server's instructions, if it gave any.
    pub fn instructions(&self) -> Option<String> {
        self.negotiated().instructions.clone()
    }

    /// The capabilities this client declares: exactly those it has handlers for.
    pub fn capabilities(&self) -> &ClientCapabilities {
        &self.engine().capabilities
    }

    /// Notifications and connection events not tied to one call (list changes, resource
    /// updates, log messages, the connection closing).
    pub fn events(&self) -> tokio::sync::broadcast::Receiver<ClientEvent> {
        self.engine().subscribe_events()
    }

    /// Whether the connection has closed.
    pub fn is_closed(&self) -> bool {
        self.engine().closed_reason().is_some()
    }

    /// Waits until the connection closes (the server exits or the transport fails).
    pub async fn closed(&self) {
        let mut closed = self.engine().watch_closed();
        let _ = closed.wait_for(Option::is_some).await;
    }

    /// Closes the connection: ends the HTTP session, or closes a stdio server's input and
    /// waits for a child process to exit (then SIGTERM, then kill).
    ///
    /// Calls still in flight on clones of this client end with [`ClientError::Closed`]: await
    /// them before shutting down when their answers matter (a stdio server would still answer
    /// them within its `Limits::end_of_input_drain`, but this client no longer reads them).
    pub async fn shutdown(self) {
        self.engine().wire.shutdown().await;
        self.engine().close("the client shut the connection down");
    }
}
