//! How a client answers its server: elicitation, sampling and roots.
//!
//! A capability is declared exactly when a handler for it is registered, so the two cannot
//! drift: [`ClientHandler`] names its three handlers as associated types, where `()` means "not
//! offered", and the closure registrations of [`ClientBuilder`](super::ClientBuilder) each add
//! one.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tether_mcp_types::error_codes::METHOD_NOT_FOUND;
use tether_mcp_types::{
    ClientCapabilities, CreateMessageRequestParams, CreateMessageResult, ElicitRequestParams,
    ElicitResult, ElicitationCapability, ErrorObject, JsonObject, ListRootsResult, RootsCapability,
    SamplingCapability,
};

use super::Origin;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Answers `elicitation/create`: asks the user to fill in a form or open a URL.
///
/// `()` implements it as "not offered": no `elicitation` capability is declared.
pub trait ElicitationHandler: Send + Sync + 'static {
    /// The capability this handler declares, `None` for not offered. The default declares
    /// form mode only; return `url: Some(..)` too if [`elicit`](Self::elicit) handles URL mode.
    fn capability(&self) -> Option<ElicitationCapability> {
        Some(ElicitationCapability {
            form: Some(JsonObject::new()),
            ..Default::default()
        })
    }

    /// Answers one elicitation; `origin` says which call of this client it serves.
    fn elicit(
        &self,
        params: ElicitRequestParams,
        origin: Origin,
    ) -> impl Future<Output = Result<ElicitResult, ErrorObject>> + Send;
}

/// Answers `sampling/createMessage`: runs the client's model.
///
/// `()` implements it as "not offered": no `sampling` capability is declared.
pub trait SamplingHandler: Send + Sync + 'static {
    /// The capability this handler declares, `None` for not offered. The default is `{}`.
    fn capability(&self) -> Option<SamplingCapability> {
        Some(SamplingCapability::default())
    }

    /// Answers one sampling request; `origin` says which call of this client it serves.
    fn create_message(
        &self,
        params: CreateMessageRequestParams,
        origin: Origin,
    ) -> impl Future<Output = Result<CreateMessageResult, ErrorObject>> + Send;
}

/// Answers `roots/list`: the directories and files the server may work with.
///
/// `()` implements it as "not offered": no `roots` capability is declared.
pub trait RootsHandler: Send + Sync + 'static {
    /// The capability this handler declares, `None` for not offered. The default declares
    /// `listChanged` (send it with [`Client::roots_changed`](super::Client::roots_changed)).
    fn capability(&self) -> Option<RootsCapability> {
        Some(RootsCapability {
            list_changed: Some(true),
            ..Default::default()
        })
    }

    /// The roots; `origin` says which call of this client the request serves.
    fn list_roots(
        &self,
        origin: Origin,
    ) -> impl Future<Output = Result<ListRootsResult, ErrorObject>> + Send;
}

fn not_offered(method: &str) -> ErrorObject {
    ErrorObject::new(
        METHOD_NOT_FOUND,
        format!("this client does not offer {method}"),
    )
}

impl ElicitationHandler for () {
    fn capability(&self) -> Option<ElicitationCapability> {
        None
    }
    async fn elicit(&self, _: ElicitRequestParams, _: Origin) -> Result<ElicitResult, ErrorObject> {
        Err(not_offered("elicitation/create"))
    }
}

impl SamplingHandler for () {
    fn capability(&self) -> Option<SamplingCapability> {
        None
    }
    async fn create_message(
        &self,
        _: CreateMessageRequestParams,
        _: Origin,
    ) -> Result<CreateMessageResult, ErrorObject> {
        Err(not_offered("sampling/createMessage"))
    }
}

impl RootsHandler for () {
    fn capability(&self) -> Option<RootsCapability> {
        None
    }
    async fn list_roots(&self, _: Origin) -> Result<ListRootsResult, ErrorObject> {
        Err(not_offered("roots/list"))
    }
}

/// The primary client handler API: one type that names how it answers each kind of server
/// request. `()` for a kind means "not offered", and its capability is not declared.
///
/// ```
/// use tether_mcp::client::{ClientHandler, ElicitationHandler, Origin};
/// use tether_mcp::types::{ElicitRequestParams, ElicitResult, ErrorObject};
///
/// struct AlwaysDecline;
///
/// impl ElicitationHandler for AlwaysDecline {
///     async fn elicit(&self, _: ElicitRequestParams, _: Origin) -> Result<ElicitResult, ErrorObject> {
///         Ok(ElicitResult::decline())
///     }
/// }
///
/// impl ClientHandler for AlwaysDecline {
///     type Elicitation = Self;
///     type Sampling = ();
///     type Roots = ();
///     fn elicitation(&self) -> &Self { self }
///     fn sampling(&self) -> &() { &() }
///     fn roots(&self) -> &() { &() }
/// }
/// ```
pub trait ClientHandler: Send + Sync + 'static {
    /// Answers `elicitation/create`, or `()`.
    type Elicitation: ElicitationHandler;
    /// Answers `sampling/createMessage`, or `()`.
    type Sampling: SamplingHandler;
    /// Answers `roots/list`, or `()`.
    type Roots: RootsHandler;
    /// The elicitation handler.
    fn elicitation(&self) -> &Self::Elicitation;
    /// The sampling handler.
    fn sampling(&self) -> &Self::Sampling;
    /// The roots handler.
    fn roots(&self) -> &Self::Roots;
}

/// An elicitation handler from a closure taking an owned [`Origin`].
pub(crate) struct ElicitFn<F>(pub(crate) F);
/// A sampling handler from a closure taking an owned [`Origin`].
pub(crate) struct SampleFn<F>(pub(crate) F);
/// A roots handler from a closure taking an owned [`Origin`].
pub(crate) struct RootsFn<F>(pub(crate) F);

impl<F, Fut> ElicitationHandler for ElicitFn<F>
where
    F: Fn(ElicitRequestParams, Origin) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<ElicitResult, ErrorObject>> + Send,
{
    fn elicit(
        &self,
        params: ElicitRequestParams,
        origin: Origin,
    ) -> impl Future<Output = Result<ElicitResult, ErrorObject>> + Send {
        (self.0)(params, origin)
    }
}

impl<F, Fut> SamplingHandler for SampleFn<F>
where
    F: Fn(CreateMessageRequestParams, Origin) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<CreateMessageResult, ErrorObject>> + Send,
{
    fn create_message(
        &self,
        params: CreateMessageRequestParams,
        origin: Origin,
    ) -> impl Future<Output = Result<CreateMessageResult, ErrorObject>> + Send {
        (self.0)(params, origin)
    }
}

impl<F, Fut> RootsHandler for RootsFn<F>
where
    F: Fn(Origin) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<ListRootsResult, ErrorObject>> + Send,
{
    fn list_roots(
        &self,
        origin: Origin,
    ) -> impl Future<Output = Result<ListRootsResult, ErrorObject>> + Send {
        (self.0)(origin)
    }
}

/// The object-safe form of the three handler traits, used by the engine.
pub(crate) trait DynElicit: Send + Sync {
    fn elicit(
        &self,
        params: ElicitRequestParams,
        origin: Origin,
    ) -> BoxFuture<'_, Result<ElicitResult, ErrorObject>>;
}
pub(crate) trait DynSample: Send + Sync {
    fn create_message(
        &self,
        params: CreateMessageRequestParams,
        origin: Origin,
    ) -> BoxFuture<'_, Result<CreateMessageResult, ErrorObject>>;
}
pub(crate) trait DynRoots: Send + Sync {
    fn list_roots(&self, origin: Origin) -> BoxFuture<'_, Result<ListRootsResult, ErrorObject>>;
}

/// A handler reached through a shared [`ClientHandler`] (or registered on its own).
struct Part<H, A> {
    handler: Arc<H>,
    access: A,
}

impl<H: Send + Sync + 'static, E: ElicitationHandler, A: Fn(&H) -> &E + Send + Sync> DynElicit
    for Part<H, A>
{
    fn elicit(
        &self,
        params: ElicitRequestParams,
        origin: Origin,
    ) -> BoxFuture<'_, Result<ElicitResult, ErrorObject>> {
        Box::pin((self.access)(&self.handler).elicit(params, origin))
    }
}

impl<H: Send + Sync + 'static, S: SamplingHandler, A: Fn(&H) -> &S + Send + Sync> DynSample
    for Part<H, A>
{
    fn create_message(
        &self,
        params: CreateMessageRequestParams,
        origin: Origin,
    ) -> BoxFuture<'_, Result<CreateMessageResult, ErrorObject>> {
        Box::pin((self.access)(&self.handler).create_message(params, origin))
    }
}

impl<H: Send + Sync + 'static, R: RootsHandler, A: Fn(&H) -> &R + Send + Sync> DynRoots
    for Part<H, A>
{
    fn list_roots(&self, origin: Origin) -> BoxFuture<'_, Result<ListRootsResult, ErrorObject>> {
        Box::pin((self.access)(&self.handler).list_roots(origin))
    }
}

/// A handler registered on its own is its own part.
fn itself<T>(handler: &T) -> &T {
    handler
}

/// The registered handlers, each present exactly when its capability is declared.
#[derive(Clone, Default)]
pub(crate) struct Handlers {
    pub(crate) elicitation: Option<(ElicitationCapability, Arc<dyn DynElicit>)>,
    pub(crate) sampling: Option<(SamplingCapability, Arc<dyn DynSample>)>,
    pub(crate) roots: Option<(RootsCapability, Arc<dyn DynRoots>)>,
}

impl Handlers {
    /// The three handlers of a [`ClientHandler`], those it offers.
    pub(crate) fn of<H: ClientHandler>(handler: H) -> Self {
        let handler = Arc::new(handler);
        let mut handlers = Self::default();
        if let Some(capability) = handler.elicitation().capability() {
            handlers.elicitation = Some((
                capability,
                Arc::new(Part {
                    handler: handler.clone(),
                    access: H::elicitation,
                }),
            ));
        }
        if let Some(capability) = handler.sampling().capability() {
            handlers.sampling = Some((
                capability,
                Arc::new(Part {
                    handler: handler.clone(),
                    access: H::sampling,
                }),
            ));
        }
        if let Some(capability) = handler.roots().capability() {
            handlers.roots = Some((
                capability,
                Arc::new(Part {
                    handler,
                    access: H::roots,
                }),
            ));
        }
        handlers
    }

    pub(crate) fn set_elicitation<E: ElicitationHandler>(&mut self, handler: E) {
        self.elicitation = handler.capability().map(|capability| {
            let part: Arc<dyn DynElicit> = Arc::new(Part {
                handler: Arc::new(handler),
                access: itself::<E>,
            });
            (capability, part)
        });
    }

    pub(crate) fn set_sampling<S: SamplingHandler>(&mut self, handler: S) {
        self.sampling = handler.capability().map(|capability| {
            let part: Arc<dyn DynSample> = Arc::new(Part {
                handler: Arc::new(handler),
                access: itself::<S>,
            });
            (capability, part)
        });
    }

    pub(crate) fn set_roots<R: RootsHandler>(&mut self, handler: R) {
        self.roots = handler.capability().map(|capability| {
            let part: Arc<dyn DynRoots> = Arc::new(Part {
                handler: Arc::new(handler),
                access: itself::<R>,
            });
            (capability, part)
        });
    }

    /// The capabilities these handlers declare, and nothing else.
    pub(crate) fn capabilities(&self) -> ClientCapabilities {
        ClientCapabilities {
            elicitation: self.elicitation.as_ref().map(|(c, _)| c.clone()),
            sampling: self.sampling.as_ref().map(|(c, _)| c.clone()),
            roots: self.roots.as_ref().map(|(c, _)| c.clone()),
            ..Default::default()
        }
    }
}
