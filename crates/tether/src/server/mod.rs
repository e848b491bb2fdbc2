//! The server: handler trait, `Server` and its builder, `Notifier`.

mod handler;
mod notifier;
mod pagination;
mod uri_template;

use std::sync::Arc;

pub use handler::{ServerHandler, Target};
pub use notifier::Notifier;
pub(crate) use notifier::ServerEvent;
pub use pagination::{Page, Paginator};
use tether_mcp_types::{Implementation, ProtocolVersion, ServerCapabilities};
use tokio::sync::broadcast;
pub use uri_template::{TemplateVars, UriTemplate, UriTemplateError};

use crate::config::Limits;
use crate::transport::Transport;

/// What the server says about itself in `initialize`.
#[derive(Debug)]
pub(crate) struct ServerIdentity {
    pub(crate) info: Implementation,
    pub(crate) capabilities: ServerCapabilities,
    pub(crate) instructions: Option<String>,
    pub(crate) versions: Vec<ProtocolVersion>,
}

#[derive(Debug)]
pub(crate) struct ServerInner<H> {
    pub(crate) handler: H,
    pub(crate) identity: ServerIdentity,
    pub(crate) limits: Arc<Limits>,
    pub(crate) events: broadcast::Sender<ServerEvent>,
}

/// An MCP server around a [`ServerHandler`]. Cheap to clone; serve it on any number of
/// connections at once.
///
/// ```no_run
/// use tether_mcp::prelude::*;
///
/// struct Hello;
/// impl ServerHandler for Hello {}
///
/// # async fn run() -> std::io::Result<()> {
/// let server = Server::new(Hello);
/// let notifier: Notifier = server.notifier();
/// server.serve_stdio().await
/// # }
/// ```
#[derive(Debug)]
pub struct Server<H> {
    pub(crate) inner: Arc<ServerInner<H>>,
}

impl<H> Clone for Server<H> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<H: ServerHandler> Server<H> {
    /// A server with default identity (this crate's name and version), the `tools` capability
    /// and default [`Limits`].
    pub fn new(handler: H) -> Self {
        Self::builder(handler).build()
    }

    /// A builder to set identity, capabilities, instructions and limits.
    pub fn builder(handler: H) -> ServerBuilder<H> {
        ServerBuilder {
            handler,
            info: Implementation::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            capabilities: ServerCapabilities {
                tools: Some(Default::default()),
                ..Default::default()
            },
            instructions: None,
            limits: Limits::default(),
        }
    }

    /// A handle that sends list-changed and resource-updated notifications to every session.
    pub fn notifier(&self) -> Notifier {
        Notifier::new(self.inner.events.clone())
    }

    /// The handler.
    pub fn handler(&self) -> &H {
        &self.inner.handler
    }

    /// Serves one connection until the client closes it.
    pub async fn serve<T: Transport>(&self, transport: T) -> std::io::Result<()> {
        let (reader, writer) = transport.split();
        crate::dispatch::serve_connection(self.inner.clone(), reader, writer, None).await
    }

    /// Serves one connection on a new task; the returned handle gives its [`Session`](crate::Session).
    pub fn spawn<T: Transport>(&self, transport: T) -> crate::dispatch::Connection {
        let (reader, writer) = transport.split();
        crate::dispatch::Connection::spawn(self.inner.clone(), reader, writer)
    }

    /// Serves the process's standard input and output until standard input closes.
    pub async fn serve_stdio(&self) -> std::io::Result<()> {
        self.serve(crate::transport::stdio()).await
    }
}

/// Builds a [`Server`].
#[derive(Debug)]
#[must_use = "call `build()` to get the server"]
pub struct ServerBuilder<H> {
    handler: H,
    info: Implementation,
    capabilities: ServerCapabilities,
    instructions: Option<String>,
    limits: Limits,
}

impl<H: ServerHandler> ServerBuilder<H> {
    /// The server's name and version (`serverInfo`).
    pub fn info(mut self, info: Implementation) -> Self {
        self.info = info;
        self
    }

    /// The capabilities the server advertises. Methods of capabilities not advertised are
    /// answered -32601.
    pub fn capabilities(mut self, capabilities: ServerCapabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// Instructions for the model, sent in `initialize`.
    pub fn instructions(mut self, instructions: impl Into<String>) -> Self {
        self.instructions = Some(instructions.into());
        self
    }

    /// Limits and timeouts.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The server.
    pub fn build(self) -> Server<H> {
        let (events, _) = broadcast::channel(64);
        Server {
            inner: Arc::new(ServerInner {
                handler: self.handler,
                identity: ServerIdentity {
                    info: self.info,
                    capabilities: self.capabilities,
                    instructions: self.instructions,
                    versions: ProtocolVersion::LEGACY.to_vec(),
                },
                limits: Arc::new(self.limits),
                events,
            }),
        }
    }
}
