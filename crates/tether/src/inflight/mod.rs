//! Request tokens and the capability views borrowed from them.
//!
//! [`InFlight<'req>`] is the proof that a client request is being served. Server-to-client
//! requests exist only on views borrowed from it ([`Elicitation`], [`UrlElicitation`],
//! [`Sampling`], [`Roots`]), so a request that is not tied to an in-flight client request does
//! not compile (SEP-2260). [`RequestCx`] is the narrower context of the other request handlers
//! (progress, logging, cancellation; no asks) and [`Notified`] that of notification handlers.

mod answer_check;
mod ask;
mod context_methods;
mod elicitation;
mod form_schema;
mod multi_round;
mod notified;
mod request_cx;
mod requester;
mod roots;
mod sampling;

use std::marker::PhantomData;

pub(crate) use answer_check::decode_ref;
pub use ask::Ask;
pub use elicitation::{Answer, Elicitation, ElicitationCompletion, UrlAnswer, UrlElicitation};
pub use multi_round::MultiRound;
pub use notified::Notified;
pub use request_cx::RequestCx;
pub use requester::ClientRequester;
pub use roots::Roots;
pub use sampling::Sampling;
use tether_mcp_types::ClientCapabilities;

use crate::error::MissingCapability;
use crate::scope::RequestScope;

/// Proof that a client request is in flight, handed to the `tools/call`, `prompts/get` and
/// `resources/read` handlers.
///
/// Server-to-client requests — [`elicitation`](Self::elicitation),
/// [`url_elicitation`](Self::url_elicitation), [`sampling`](Self::sampling),
/// [`roots`](Self::roots) — borrow it, so they cannot outlive the request. The token is not
/// `Clone`, cannot be built outside this crate, and borrows the request's scope: it cannot be
/// spawned onto a `'static` task, stored, returned, or used after the response. Library helpers
/// take `&InFlight<'_>` or `&impl ClientRequester`.
///
/// # Lifetimes
/// `'req` starts before the handler is first polled and ends after its future is dropped,
/// before the response is written. `InFlight` is invariant in `'req`:
///
/// ```compile_fail
/// // ui twin: ui-tests/tests/ui/token/invariance.rs
/// fn shrink<'a, 'b: 'a>(cx: tether_mcp::InFlight<'b>) -> tether_mcp::InFlight<'a> { cx }
/// ```
pub struct InFlight<'req> {
    scope: &'req RequestScope,
    _invariant: PhantomData<fn(&'req ()) -> &'req ()>,
}

impl<'req> InFlight<'req> {
    /// Mints a token. Only the dispatcher (and `testing::with_in_flight`) calls this.
    pub(crate) fn new(scope: &'req RequestScope) -> Self {
        Self {
            scope,
            _invariant: PhantomData,
        }
    }

    /// Form elicitation, if the client declared the `elicitation` capability (form mode) and its
    /// revision has elicitation (2025-06-18 on).
    pub fn elicitation(&self) -> Result<Elicitation<'_>, MissingCapability> {
        let supported = self.scope.protocol_version().has_elicitation()
            && self
                .scope
                .client_capabilities()
                .elicitation
                .as_ref()
                .is_some_and(|e| e.supports_form());
        if supported {
            Ok(Elicitation::new(self.scope))
        } else {
            Err(missing("elicitation", |c| {
                c.elicitation = Some(Default::default())
            }))
        }
    }

    /// URL-mode elicitation, if the client declared `elicitation.url` (2025-11-25 on).
    pub fn url_elicitation(&self) -> Result<UrlElicitation<'_>, MissingCapability> {
        let supported = self.scope.protocol_version().has_url_elicitation()
            && self
                .scope
                .client_capabilities()
                .elicitation
                .as_ref()
                .is_some_and(|e| e.supports_url());
        if supported {
            Ok(UrlElicitation::new(self.scope))
        } else {
            Err(missing("elicitation.url", |c| {
                c.elicitation = Some(tether_mcp_types::ElicitationCapability {
                    url: Some(Default::default()),
                    ..Default::default()
                })
            }))
        }
    }

    /// Sampling, if the client declared the `sampling` capability.
    pub fn sampling(&self) -> Result<Sampling<'_>, MissingCapability> {
        if self.scope.client_capabilities().sampling.is_some() {
            Ok(Sampling::new(self.scope))
        } else {
            Err(missing("sampling", |c| {
                c.sampling = Some(Default::default())
            }))
        }
    }

    /// The low-level Multi Round-Trip view of a 2026-07-28 request (`None` on legacy
    /// sessions): read `inputResponses` and your own `requestState`, or answer an
    /// `InputRequiredResult` you build. See [`MultiRound`].
    pub fn multi_round(&self) -> Option<MultiRound<'_>> {
        self.scope
            .round()
            .map(|round| MultiRound::new(self.scope, round))
    }

    /// Roots, if the client declared the `roots` capability.
    pub fn roots(&self) -> Result<Roots<'_>, MissingCapability> {
        if self.scope.client_capabilities().roots.is_some() {
            Ok(Roots::new(self.scope))
        } else {
            Err(missing("roots", |c| c.roots = Some(Default::default())))
        }
    }
}

fn missing(name: &'static str, need: impl FnOnce(&mut ClientCapabilities)) -> MissingCapability {
    let mut required = ClientCapabilities::default();
    need(&mut required);
    MissingCapability::new(name, required)
}

context_methods::context_methods!(InFlight);

impl std::fmt::Debug for InFlight<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InFlight")
            .field("request_id", self.scope.id())
            .field("method", &self.scope.method())
            .finish()
    }
}
