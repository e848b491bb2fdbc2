//! The escape hatch: server-to-client requests outside any client request, for legacy peers.
//!
//! The published legacy revisions allow a server to send sampling, elicitation and roots
//! requests at any time; SEP-2260 says they belong to a client request, and 2026-07-28 has no
//! such requests at all. This module exists for servers that must keep an old behaviour while
//! they move to request-scoped asks. It is off by default (feature `unassociated-requests`),
//! not in the prelude, and deprecated from the start.

use tether_mcp_types::{
    ClientCapabilities, CreateMessageRequestParams, CreateMessageResult, ElicitRequestFormParams,
    ElicitResult, ListRootsResult,
};

use crate::error::RequestError;

/// Whether the client declared the capability a request needs.
type CapabilityCheck = fn(&ClientCapabilities) -> bool;
use crate::session::Session;

/// Dangerous operations on a session (`session.dangerous()`).
#[derive(Debug)]
pub struct Dangerous<'a> {
    session: &'a Session,
}

impl<'a> Dangerous<'a> {
    pub(crate) fn new(session: &'a Session) -> Self {
        Self { session }
    }

    /// Requests not tied to any client request.
    #[deprecated(
        note = "server-to-client requests belong to a client request (SEP-2260); take `cx: InFlight<'_>` \
                         in a request handler instead. See docs/compile-errors.md#unassociated_is_deprecated"
    )]
    pub fn unassociated(&self) -> Unassociated<'a> {
        Unassociated {
            session: self.session,
        }
    }
}

/// Server-to-client requests outside any client request: sent on the session's standalone route
/// with a `warn!` on a legacy session; refused with `Err` (and an `error!`, nothing written) for
/// any other peer.
#[derive(Debug)]
pub struct Unassociated<'a> {
    session: &'a Session,
}

impl Unassociated<'_> {
    async fn send<R: serde::de::DeserializeOwned>(
        &self,
        method: &str,
        capability: (&'static str, CapabilityCheck),
        params: tether_mcp_types::JsonObject,
    ) -> Result<R, RequestError> {
        let state = &self.session.state;
        let Some(negotiated) = state
            .negotiated()
            .filter(|n| n.version.has_server_requests() && state.is_initialized())
        else {
            tracing::error!(
                method,
                "unassociated request refused: the peer is not an initialized legacy session"
            );
            return Err(RequestError::NotInitialized);
        };
        let (name, declared) = capability;
        if !declared(&negotiated.client_capabilities) {
            tracing::error!(
                method,
                capability = name,
                "unassociated request refused: capability not declared"
            );
            return Err(RequestError::CapabilityNotDeclared(name));
        }
        tracing::warn!(
            method,
            "sending a server-to-client request outside any client request (SEP-2260)"
        );
        let (id, answer) = state.request(state.route(), method, Some(&params)).await?;
        let timeout = state.limits.nested_request_timeout;
        let answer = tokio::select! {
            answer = answer => answer.map_err(|_| RequestError::StreamClosed)?,
            () = state.closed().cancelled() => return Err(RequestError::StreamClosed),
            () = tokio::time::sleep(timeout) => {
                state.withdraw(&id);
                return Err(RequestError::Timeout(timeout));
            }
        };
        let value = answer.map_err(RequestError::Peer)?;
        tether_mcp_types::decode::from_value(value).map_err(RequestError::MalformedAnswer)
    }

    /// `sampling/createMessage`.
    pub async fn create_message(
        &self,
        params: CreateMessageRequestParams,
    ) -> Result<CreateMessageResult, RequestError> {
        self.send(
            "sampling/createMessage",
            ("sampling", |c| c.sampling.is_some()),
            object(&params),
        )
        .await
    }

    /// `elicitation/create` (form mode).
    pub async fn elicit(
        &self,
        params: ElicitRequestFormParams,
    ) -> Result<ElicitResult, RequestError> {
        let form =
            |c: &ClientCapabilities| c.elicitation.as_ref().is_some_and(|e| e.supports_form());
        self.send("elicitation/create", ("elicitation", form), object(&params))
            .await
    }

    /// `roots/list`.
    pub async fn list_roots(&self) -> Result<ListRootsResult, RequestError> {
        self.send(
            "roots/list",
            ("roots", |c| c.roots.is_some()),
            Default::default(),
        )
        .await
    }
}

fn object<P: serde::Serialize>(params: &P) -> tether_mcp_types::JsonObject {
    match serde_json::to_value(params) {
        Ok(serde_json::Value::Object(o)) => o,
        _ => Default::default(),
    }
}
