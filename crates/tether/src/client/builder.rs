//! Configuring and connecting a client.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tether_mcp_types::{
    CreateMessageRequestParams, CreateMessageResult, ElicitRequestParams, ElicitResult,
    ErrorObject, Implementation, ListRootsResult, ProtocolVersion,
};
use tokio::io::{AsyncRead, AsyncWrite};

use super::engine::Engine;
use super::handler::{
    ClientHandler, ElicitFn, ElicitationHandler, Handlers, RootsFn, RootsHandler, SampleFn,
    SamplingHandler,
};
use super::negotiate::{EraCache, Outcome, Plan, negotiate};
use super::wire::{Wire, lines, spawn_reader};
use super::{Client, ClientError, Origin, Shared};
use crate::transport::{ChildProcess, Transport};

/// Settings of a client connection.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) probe_timeout: Duration,
    pub(crate) max_rounds: u32,
    pub(crate) strict_association: bool,
    pub(crate) max_message_bytes: usize,
    pub(crate) max_served_requests: usize,
    pub(crate) queue: usize,
    pub(crate) list_cache: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            request_timeout: Some(Duration::from_secs(60)),
            probe_timeout: Duration::from_secs(3),
            max_rounds: 10,
            strict_association: false,
            max_message_bytes: 4 * 1024 * 1024,
            max_served_requests: 32,
            queue: 64,
            list_cache: None,
        }
    }
}

/// Builds a [`Client`]: who it is, how it answers the server, how it negotiates.
///
/// ```no_run
/// use tether_mcp::client::Client;
/// use tether_mcp::transport::ChildProcess;
/// use tether_mcp::types::ElicitResult;
///
/// # async fn run() -> Result<(), tether_mcp::client::ClientError> {
/// let client = Client::builder()
///     .name("my-app", "1.0.0")
///     .on_elicitation(|request, origin| async move {
///         eprintln!("the server asks (for {origin:?}): {request:?}");
///         Ok(ElicitResult::decline())
///     })
///     .connect(ChildProcess::new("my-server"))
///     .await?;
/// let tools = client.list_all_tools().await?;
/// # Ok(()) }
/// ```
#[must_use = "a builder does nothing until `connect` is called"]
pub struct ClientBuilder {
    info: Implementation,
    handlers: Handlers,
    options: Options,
    pinned: Option<ProtocolVersion>,
    eras: EraCache,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            info: Implementation {
                name: "tether-mcp-client".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                ..Default::default()
            },
            handlers: Handlers::default(),
            options: Options::default(),
            pinned: None,
            eras: EraCache::default(),
        }
    }
}

impl ClientBuilder {
    /// The client's name and version (`clientInfo`).
    pub fn name(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.info.name = name.into();
        self.info.version = version.into();
        self
    }

    /// The whole `clientInfo` (title, description, icons, website).
    pub fn info(mut self, info: Implementation) -> Self {
        self.info = info;
        self
    }

    /// Answers the server through `handler`; the capabilities it offers are declared and no
    /// others. Replaces handlers registered before.
    pub fn handler(mut self, handler: impl ClientHandler) -> Self {
        self.handlers = Handlers::of(handler);
        self
    }

    /// Answers `elicitation/create` with `handler` (declares `elicitation`).
    pub fn elicitation(mut self, handler: impl ElicitationHandler) -> Self {
        self.handlers.set_elicitation(handler);
        self
    }

    /// Answers `sampling/createMessage` with `handler` (declares `sampling`).
    pub fn sampling(mut self, handler: impl SamplingHandler) -> Self {
        self.handlers.set_sampling(handler);
        self
    }

    /// Answers `roots/list` with `handler` (declares `roots`).
    pub fn roots(mut self, handler: impl RootsHandler) -> Self {
        self.handlers.set_roots(handler);
        self
    }

    /// Answers `elicitation/create` with a closure (declares `elicitation`, form mode).
    pub fn on_elicitation<F, Fut>(self, f: F) -> Self
    where
        F: Fn(ElicitRequestParams, Origin) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<ElicitResult, ErrorObject>> + Send,
    {
        self.elicitation(ElicitFn(f))
    }

    /// Answers `sampling/createMessage` with a closure (declares `sampling`).
    pub fn on_sampling<F, Fut>(self, f: F) -> Self
    where
        F: Fn(CreateMessageRequestParams, Origin) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<CreateMessageResult, ErrorObject>> + Send,
    {
        self.sampling(SampleFn(f))
    }

    /// Answers `roots/list` with a closure (declares `roots` with `listChanged`).
    pub fn on_roots<F, Fut>(self, f: F) -> Self
    where
        F: Fn(Origin) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<ListRootsResult, ErrorObject>> + Send,
    {
        self.roots(RootsFn(f))
    }

    /// Refuses server requests that serve no request of this client in flight (SEP-2260):
    /// they are answered -32602 and no handler runs. Off by default, because the published
    /// legacy revisions allow such requests (a warning is logged for each).
    pub fn strict_association(mut self, strict: bool) -> Self {
        self.options.strict_association = strict;
        self
    }

    /// Speaks exactly this revision: no probe. A legacy revision is asked for in
    /// `initialize`; 2026-07-28 needs no handshake.
    pub fn protocol_version(mut self, version: ProtocolVersion) -> Self {
        self.pinned = Some(version);
        self
    }

    /// How long the `server/discover` probe waits before falling back to `initialize`
    /// (default 3 s).
    pub fn probe_timeout(mut self, timeout: Duration) -> Self {
        self.options.probe_timeout = timeout;
        self
    }

    /// The default time a request may take before it is withdrawn (default 60 s; `None`:
    /// unbounded). Each call can override it.
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.options.request_timeout = timeout;
        self
    }

    /// How many MRTR rounds a call may take before it fails (default 10).
    pub fn max_rounds(mut self, rounds: u32) -> Self {
        self.options.max_rounds = rounds.max(1);
        self
    }

    /// The largest message accepted from a stdio server (default 4 MiB); longer lines are
    /// discarded as they arrive.
    pub fn max_message_bytes(mut self, bytes: usize) -> Self {
        self.options.max_message_bytes = bytes;
        self
    }

    /// How many server requests are served at once (default 32); more are answered with an
    /// error.
    pub fn max_served_requests(mut self, requests: usize) -> Self {
        self.options.max_served_requests = requests.max(1);
        self
    }

    /// Keeps the lists `list_all_*` fetch for the server's `ttlMs` hint (2026-07-28), or for
    /// `default` when the server gives none; a list-changed notification drops the list.
    pub fn cache_lists(mut self, default: Duration) -> Self {
        self.options.list_cache = Some(default);
        self
    }

    /// Where the negotiated era of each server is remembered (default: shared by the
    /// process).
    pub fn era_cache(mut self, cache: EraCache) -> Self {
        self.eras = cache;
        self
    }

    /// Connects through `transport` and negotiates the protocol era.
    pub async fn connect(self, transport: impl ClientTransport) -> Result<Client, ClientError> {
        match transport.into_endpoint().0 {
            Kind::Stream(reader, writer) => {
                let engine = self.engine(lines(writer, None, self.options.queue));
                spawn_reader(&engine, reader);
                self.negotiate(&engine, None, false).await?;
                Ok(Client::from_engine(engine))
            }
            Kind::Child(command) => {
                let key = Some(command.describe());
                let mut legacy_only = false;
                loop {
                    let mut child = command.spawn()?;
                    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take())
                    else {
                        return Err(ClientError::Transport("the child has no pipes".into()));
                    };
                    let engine = self.engine(lines(stdin, Some(child), self.options.queue));
                    spawn_reader(&engine, stdout);
                    match self.negotiate(&engine, key.clone(), legacy_only).await? {
                        Outcome::Ready => return Ok(Client::from_engine(engine)),
                        Outcome::Restart if !legacy_only => {
                            tracing::info!(
                                "the server exited during the 2026-07-28 probe; restarting it as a legacy server"
                            );
                            engine.wire.shutdown().await;
                            legacy_only = true;
                        }
                        Outcome::Restart => {
                            return Err(ClientError::closed("the server exited during initialize"));
                        }
                    }
                }
            }
            #[cfg(feature = "http-client")]
            Kind::Http(http) => {
                let key = Some(http.url().to_owned());
                let engine = self.engine(Wire::Http(super::http_wire::HttpWire::new(http)));
                match self.negotiate(&engine, key, false).await? {
                    Outcome::Ready => Ok(Client::from_engine(engine)),
                    Outcome::Restart => Err(ClientError::closed(
                        "the server closed the connection during the probe",
                    )),
                }
            }
        }
    }

    fn engine(&self, wire: Wire) -> Arc<Engine> {
        Arc::new(Engine::new(
            wire,
            self.options.clone(),
            self.handlers.clone(),
            self.info.clone(),
        ))
    }

    async fn negotiate(
        &self,
        engine: &Arc<Engine>,
        key: Option<String>,
        legacy_only: bool,
    ) -> Result<Outcome, ClientError> {
        let outcome = negotiate(
            engine,
            Plan {
                pinned: self.pinned.clone(),
                cache: &self.eras,
                key,
                legacy_only,
            },
        )
        .await;
        if outcome.is_err() {
            engine.wire.shutdown_now();
        }
        outcome
    }
}

/// What a client can connect through: a byte stream (`(reader, writer)`, an in-memory
/// [`tokio::io::DuplexStream`]), a [`ChildProcess`], or (feature `http-client`) a
/// [`StreamableHttpClient`](crate::transport::http_client::StreamableHttpClient).
pub trait ClientTransport: Send + 'static {
    /// The transport as the client connects through it.
    #[doc(hidden)]
    fn into_endpoint(self) -> Endpoint;
}

/// A transport ready to connect (opaque).
#[doc(hidden)]
pub struct Endpoint(Kind);

type Reader = Box<dyn AsyncRead + Unpin + Send>;
type Writer = Box<dyn AsyncWrite + Unpin + Send>;

enum Kind {
    Stream(Reader, Writer),
    Child(ChildProcess),
    #[cfg(feature = "http-client")]
    Http(crate::transport::http_client::StreamableHttpClient),
}

impl<T: Transport> ClientTransport for T {
    fn into_endpoint(self) -> Endpoint {
        let (reader, writer) = self.split();
        Endpoint(Kind::Stream(Box::new(reader), Box::new(writer)))
    }
}

impl ClientTransport for ChildProcess {
    fn into_endpoint(self) -> Endpoint {
        Endpoint(Kind::Child(self))
    }
}

#[cfg(feature = "http-client")]
impl ClientTransport for crate::transport::http_client::StreamableHttpClient {
    fn into_endpoint(self) -> Endpoint {
        Endpoint(Kind::Http(self))
    }
}

impl Shared {
    pub(crate) fn new(engine: Arc<Engine>) -> Self {
        Self { engine }
    }
}
