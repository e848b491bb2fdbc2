//! The server: handler trait, `Server` and its builder, `Notifier`.

mod cache_hints;
mod handler;
mod notifier;
mod pagination;
mod uri_template;

use std::sync::Arc;

pub use cache_hints::CacheHints;
pub use handler::{ServerHandler, Target};
use notifier::Advertised;
pub use notifier::Notifier;
pub(crate) use notifier::ServerEvent;
pub use pagination::{Page, Paginator};
use std::time::{Duration, SystemTime};

use tether_mcp_types::{Implementation, JsonValue, ProtocolVersion, ServerCapabilities};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
pub use uri_template::{TemplateVars, UriTemplate, UriTemplateError};

use crate::config::Limits;
use crate::mrtr::{Mrtr, PrincipalCx, PrincipalHook, Sealer, SealingKey};
use crate::shape::Shape;
use crate::transport::Transport;

/// What the server says about itself in `initialize` and `server/discover`.
#[derive(Debug)]
pub(crate) struct ServerIdentity {
    pub(crate) info: Implementation,
    pub(crate) capabilities: ServerCapabilities,
    pub(crate) instructions: Option<String>,
    /// Every revision the server speaks, newest first: 2026-07-28 per request, the legacy ones
    /// after `initialize`.
    pub(crate) versions: Vec<ProtocolVersion>,
    /// `_meta["io.modelcontextprotocol/serverInfo"]` of every 2026-07-28 result, built once.
    pub(crate) modern_server_info: JsonValue,
    /// The cache hints of 2026-07-28 results the handler left without.
    pub(crate) cache_hints: CacheHints,
    /// `modern_server_info` and `cache_hints` as JSON text, for results written to text at once.
    pub(crate) modern_decoration: crate::dispatch::ModernDecoration,
}

#[derive(Debug)]
pub(crate) struct ServerInner<H> {
    pub(crate) handler: H,
    pub(crate) identity: ServerIdentity,
    pub(crate) limits: Arc<Limits>,
    pub(crate) events: broadcast::Sender<ServerEvent>,
    advertised: Arc<Advertised>,
    pub(crate) mrtr: Mrtr,
    /// Cancelled by [`Server::shut_down`]: listen streams end with their result.
    pub(crate) shutdown: CancellationToken,
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
    /// A server with default identity (this crate's name and version), the handler's
    /// [`default_capabilities`](ServerHandler::default_capabilities) (`tools`, plus `prompts` and
    /// `resources` when a `#[tools]` block declares some) and default [`Limits`].
    pub fn new(handler: H) -> Self {
        Self::builder(handler).build()
    }

    /// A builder to set identity, capabilities, instructions and limits.
    pub fn builder(handler: H) -> ServerBuilder<H> {
        Self::builder_with(|_| handler)
    }

    /// A builder for a handler that keeps the server's [`Notifier`]: `make` gets it before the
    /// server exists, so the handler can announce its own list changes and resource updates.
    ///
    /// ```no_run
    /// use tether_mcp::prelude::*;
    ///
    /// struct Notes {
    ///     notifier: Notifier,
    /// }
    ///
    /// #[tether_mcp::tools]
    /// impl ServerHandler for Notes {
    ///     /// Adds a note.
    ///     #[tool]
    ///     async fn add_note(&self, text: String) -> String {
    ///         self.notifier.resources_list_changed();
    ///         format!("added {text}")
    ///     }
    ///
    ///     /// The notes.
    ///     #[resource(uri = "notes://all")]
    ///     async fn notes(&self) -> &'static str {
    ///         "..."
    ///     }
    /// }
    ///
    /// # async fn run() -> std::io::Result<()> {
    /// let server = Server::builder_with(|notifier| Notes { notifier })
    ///     .list_changed()
    ///     .build();
    /// server.serve_stdio().await
    /// # }
    /// ```
    pub fn builder_with(make: impl FnOnce(Notifier) -> H) -> ServerBuilder<H> {
        let (events, _) = broadcast::channel(64);
        let advertised = Arc::new(Advertised::default());
        let handler = make(Notifier::new(events.clone(), advertised.clone()));
        ServerBuilder {
            events,
            advertised,
            capabilities: handler.default_capabilities(),
            handler,
            info: Implementation::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            instructions: None,
            limits: Limits::default(),
            cache_hints: CacheHints::default(),
            sealing_key: None,
            previous_keys: Vec::new(),
            principal: None,
        }
    }

    /// Ends this server's `subscriptions/listen` streams on every connection, each with its
    /// closing result, so clients know the end was deliberate. Requests in flight go on.
    pub fn shut_down(&self) {
        self.inner.shutdown.cancel();
    }

    /// A handle that sends list-changed and resource-updated notifications to every session.
    pub fn notifier(&self) -> Notifier {
        Notifier::new(self.inner.events.clone(), self.inner.advertised.clone())
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

    /// The Streamable HTTP endpoint of this server (feature `http`): a `tower::Service` to
    /// mount in axum or run with [`transport::http::serve`](crate::transport::http::serve).
    #[cfg(feature = "http")]
    pub fn streamable_http(
        &self,
        config: crate::transport::http::HttpConfig,
    ) -> crate::transport::http::StreamableHttp<H> {
        crate::transport::http::StreamableHttp::new(self.inner.clone(), config)
    }

    /// The deprecated 2024-11-05 HTTP+SSE endpoints of this server (feature `http-sse`), for
    /// clients that only speak that transport; serve it beside [`streamable_http`](Self::streamable_http).
    #[cfg(feature = "http-sse")]
    pub fn http_sse(
        &self,
        config: crate::transport::http::HttpConfig,
    ) -> crate::transport::http::HttpSse<H> {
        crate::transport::http::HttpSse::new(self.inner.clone(), config)
    }

    /// Serves Streamable HTTP on `addr` with the default [`HttpConfig`] (localhost only) until
    /// Ctrl-C, then lets the requests in flight finish (feature `http`).
    ///
    /// [`HttpConfig`]: crate::transport::http::HttpConfig
    #[cfg(feature = "http")]
    pub async fn serve_http(&self, addr: impl tokio::net::ToSocketAddrs) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let service = self.streamable_http(Default::default());
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        crate::transport::http::serve(listener, service, ctrl_c).await
    }

    /// Serves the process's standard input and output until standard input closes.
    pub async fn serve_stdio(&self) -> std::io::Result<()> {
        self.serve(crate::transport::stdio()).await
    }
}

/// Builds a [`Server`].
#[must_use = "call `build()` to get the server"]
pub struct ServerBuilder<H> {
    handler: H,
    events: broadcast::Sender<ServerEvent>,
    advertised: Arc<Advertised>,
    info: Implementation,
    capabilities: ServerCapabilities,
    instructions: Option<String>,
    limits: Limits,
    cache_hints: CacheHints,
    sealing_key: Option<SealingKey>,
    previous_keys: Vec<(SealingKey, Duration)>,
    principal: Option<PrincipalHook>,
}

impl<H> std::fmt::Debug for ServerBuilder<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerBuilder")
            .field("info", &self.info)
            .field("capabilities", &self.capabilities)
            .field("limits", &self.limits)
            .field("cache_hints", &self.cache_hints)
            .field("sealing_key", &self.sealing_key)
            .finish_non_exhaustive()
    }
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

    /// Advertises `listChanged` for each of `tools`, `prompts` and `resources` that the server
    /// advertises, so that [`Notifier`]'s list-changed calls reach the clients.
    pub fn list_changed(mut self) -> Self {
        let capabilities = &mut self.capabilities;
        for list in [capabilities.tools.as_mut(), capabilities.prompts.as_mut()]
            .into_iter()
            .flatten()
        {
            list.list_changed = Some(true);
        }
        if let Some(resources) = capabilities.resources.as_mut() {
            resources.list_changed = Some(true);
        }
        self
    }

    /// Advertises `resources.subscribe` (and `resources`): clients may subscribe to resources,
    /// and [`Notifier::resource_updated`] reaches the subscribed sessions.
    pub fn resource_subscriptions(mut self) -> Self {
        self.capabilities
            .resources
            .get_or_insert_with(Default::default)
            .subscribe = Some(true);
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

    /// The cache hints (`ttlMs`, `cacheScope`) of 2026-07-28 list, read and discover results
    /// whose handler set none (default: `0` and `private`).
    pub fn cache_hints(mut self, hints: CacheHints) -> Self {
        self.cache_hints = hints;
        self
    }

    /// The key that seals `requestState` (default: [`SealingKey::random`], one per process).
    /// Give every replica behind a load balancer the same key, or rounds of a call that land on
    /// another replica are rejected.
    pub fn sealing_key(mut self, key: SealingKey) -> Self {
        self.sealing_key = Some(key);
        self
    }

    /// A retired key that still opens (never seals) states for `accept_for` after the server is
    /// built: rotate by making the new key current and the old one previous for at least
    /// [`Limits::request_state_ttl`].
    pub fn previous_sealing_key(mut self, key: SealingKey, accept_for: Duration) -> Self {
        self.previous_keys.push((key, accept_for));
        self
    }

    /// Names the principal of a request (the authenticated user or tenant), bound into every
    /// sealed `requestState`: a state is only accepted from the principal it was issued to.
    pub fn principal(
        mut self,
        hook: impl Fn(&PrincipalCx<'_>) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.principal = Some(Arc::new(hook));
        self
    }

    /// The server.
    pub fn build(self) -> Server<H> {
        self.advertised.set(&self.capabilities);
        let mut versions = ProtocolVersion::ALL.to_vec();
        versions.sort_by(|a, b| b.cmp(a));
        let mut modern_info = self.info.clone();
        modern_info.shape(&ProtocolVersion::V_2026_07_28);
        let modern_server_info = serde_json::to_value(modern_info).unwrap_or(JsonValue::Null);
        let now = SystemTime::now();
        let sealer = Sealer::new(
            self.sealing_key.unwrap_or_else(SealingKey::random),
            self.previous_keys
                .into_iter()
                .map(|(key, accept_for)| (key, now + accept_for))
                .collect(),
            self.limits.request_state_ttl,
            self.limits.max_request_state_bytes,
        );
        Server {
            inner: Arc::new(ServerInner {
                handler: self.handler,
                identity: ServerIdentity {
                    info: self.info,
                    capabilities: self.capabilities,
                    instructions: self.instructions,
                    versions,
                    modern_decoration: crate::dispatch::ModernDecoration::new(
                        &modern_server_info,
                        self.cache_hints,
                    ),
                    modern_server_info,
                    cache_hints: self.cache_hints,
                },
                mrtr: Mrtr {
                    sealer,
                    max_rounds: self.limits.max_mrtr_rounds,
                    principal: self.principal,
                },
                limits: Arc::new(self.limits),
                events: self.events,
                advertised: self.advertised,
                shutdown: CancellationToken::new(),
            }),
        }
    }
}
