//! `ClientRequester`: the sealed trait of everything that may ask the client.

use crate::error::MissingCapability;
use crate::inflight::{Elicitation, InFlight, Roots, Sampling, UrlElicitation};

pub(crate) mod sealed {
    /// Seals [`ClientRequester`](super::ClientRequester): only this crate's request tokens
    /// implement it.
    #[diagnostic::on_unimplemented(
        message = "`ClientRequester` is sealed: `{Self}` cannot implement it",
        label = "only this crate's request tokens can send server-to-client requests",
        note = "take `cx: InFlight<'_>` in a request handler and pass `&cx` (or `&impl ClientRequester`) \
                to helpers instead of implementing the trait",
        note = "see docs/compile-errors.md#impl_client_requester"
    )]
    pub trait Sealed {}
}

/// Something that may send server-to-client requests: an in-flight client request's token.
///
/// Library helpers take `&impl ClientRequester` (or plainly `&InFlight<'_>`); only
/// [`InFlight`] implements it, so a helper can never be called from a notification handler, a
/// background task or after the response. The methods return the capability views; the views'
/// futures borrow the token.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot send server-to-client requests",
    label = "no client request is in flight here",
    note = "sampling, elicitation and roots requests belong to a client request being served \
            (SEP-2260): take `cx: InFlight<'_>` in a request handler and pass `&cx`",
    note = "see docs/compile-errors.md#no-client-request-in-flight"
)]
pub trait ClientRequester: sealed::Sealed + Send + Sync {
    /// Form elicitation (see [`InFlight::elicitation`]).
    fn elicitation(&self) -> Result<Elicitation<'_>, MissingCapability>;
    /// URL elicitation (see [`InFlight::url_elicitation`]).
    fn url_elicitation(&self) -> Result<UrlElicitation<'_>, MissingCapability>;
    /// Sampling (see [`InFlight::sampling`]).
    fn sampling(&self) -> Result<Sampling<'_>, MissingCapability>;
    /// Roots (see [`InFlight::roots`]).
    fn roots(&self) -> Result<Roots<'_>, MissingCapability>;
}

impl sealed::Sealed for InFlight<'_> {}

impl ClientRequester for InFlight<'_> {
    fn elicitation(&self) -> Result<Elicitation<'_>, MissingCapability> {
        InFlight::elicitation(self)
    }
    fn url_elicitation(&self) -> Result<UrlElicitation<'_>, MissingCapability> {
        InFlight::url_elicitation(self)
    }
    fn sampling(&self) -> Result<Sampling<'_>, MissingCapability> {
        InFlight::sampling(self)
    }
    fn roots(&self) -> Result<Roots<'_>, MissingCapability> {
        InFlight::roots(self)
    }
}
