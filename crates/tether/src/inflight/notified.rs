//! `Notified`: the context of notification handlers.

use std::marker::PhantomData;
use std::sync::Arc;

use tether_mcp_types::{ClientCapabilities, Implementation, ProtocolVersion};

use crate::session::{Session, SessionState};

/// The context of a notification handler (`on_initialized`, `on_cancelled`, ...). A
/// notification is not a request, so nothing here can ask the client anything; the session can
/// still be pinged.
pub struct Notified<'n> {
    session: &'n Arc<SessionState>,
    _invariant: PhantomData<fn(&'n ()) -> &'n ()>,
}

impl<'n> Notified<'n> {
    pub(crate) fn new(session: &'n Arc<SessionState>) -> Self {
        Self {
            session,
            _invariant: PhantomData,
        }
    }

    /// The session the notification arrived on.
    pub fn session(&self) -> Session {
        Session::new(self.session.clone())
    }

    /// The revision negotiated with `initialize`.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.session.negotiated().map(|n| n.version.clone())
    }

    /// Who the client says it is.
    pub fn client_info(&self) -> Option<&Implementation> {
        self.session.negotiated().map(|n| &n.client_info)
    }

    /// The capabilities the client declared.
    pub fn client_capabilities(&self) -> Option<&ClientCapabilities> {
        self.session.negotiated().map(|n| &n.client_capabilities)
    }
}

impl std::fmt::Debug for Notified<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notified").finish_non_exhaustive()
    }
}
