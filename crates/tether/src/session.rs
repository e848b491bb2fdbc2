//! The state of one connection (a legacy session) and the `Session` handle.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use tether_mcp_types::{
    ClientCapabilities, ErrorObject, Implementation, JSONRPCNotification, JsonObject,
    JsonRpcVersion, JsonValue, LoggingLevel, ProtocolVersion, RequestId,
};
use tokio::sync::{mpsc, oneshot};

use crate::route::Route;
use tokio_util::sync::CancellationToken;

use crate::config::Limits;
use crate::error::RequestError;
use crate::subscriptions::Subscriptions;

/// What `initialize` settled for a legacy session.
#[derive(Debug)]
pub(crate) struct Negotiated {
    pub(crate) version: ProtocolVersion,
    pub(crate) client_capabilities: ClientCapabilities,
    pub(crate) client_info: Implementation,
}

/// The answer to a server-to-client request: its raw result or the client's error.
pub(crate) type Answer = Result<JsonValue, ErrorObject>;

/// One connection's shared state. Locks are `std` mutexes held for a map operation, never across
/// an `.await`.
#[derive(Debug)]
pub(crate) struct SessionState {
    /// The session's own route: the connection on stdio, the standalone GET stream on HTTP.
    outbound: Route,
    pending: Mutex<HashMap<RequestId, oneshot::Sender<Answer>>>,
    next_request: AtomicI64,
    negotiated: OnceLock<Negotiated>,
    initialized: AtomicBool,
    /// Whether a 2026-07-28 request arrived on this connection.
    modern: AtomicBool,
    log_level: Mutex<Option<LoggingLevel>>,
    closed: CancellationToken,
    /// The client ended its input (stdio EOF): no answer to a server-to-client request can
    /// come any more, though responses can still be written.
    input_ended: CancellationToken,
    pub(crate) limits: Arc<Limits>,
    /// The URIs of `resources/subscribe`, recorded by the dispatcher.
    pub(crate) subscriptions: Subscriptions,
}

impl SessionState {
    pub(crate) fn new(outbound: Route, limits: Arc<Limits>) -> Self {
        Self {
            outbound,
            pending: Mutex::new(HashMap::new()),
            next_request: AtomicI64::new(1),
            negotiated: OnceLock::new(),
            initialized: AtomicBool::new(false),
            modern: AtomicBool::new(false),
            log_level: Mutex::new(None),
            closed: CancellationToken::new(),
            input_ended: CancellationToken::new(),
            limits,
            subscriptions: Subscriptions::default(),
        }
    }

    pub(crate) fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.get()
    }

    /// Records the outcome of `initialize`; `false` if the session was already initialized.
    pub(crate) fn negotiate(&self, negotiated: Negotiated) -> bool {
        self.negotiated.set(negotiated).is_ok()
    }

    pub(crate) fn mark_initialized(&self) {
        self.initialized.store(true, Ordering::Release);
    }

    /// Records that the peer speaks 2026-07-28 on this connection.
    pub(crate) fn mark_modern(&self) {
        self.modern.store(true, Ordering::Release);
    }

    /// Whether the peer spoke 2026-07-28 on this connection and never started a legacy
    /// session: it accepts no server-to-client requests at all.
    pub(crate) fn is_modern_only(&self) -> bool {
        self.negotiated().is_none() && self.modern.load(Ordering::Acquire)
    }

    pub(crate) fn is_initialized(&self) -> bool {
        self.initialized.load(Ordering::Acquire)
    }

    pub(crate) fn set_log_level(&self, level: LoggingLevel) {
        *self.log_level.lock().unwrap_or_else(|p| p.into_inner()) = Some(level);
    }

    /// Whether a log message of `level` passes the session's threshold. Before
    /// `logging/setLevel` every level passes.
    pub(crate) fn log_enabled(&self, level: LoggingLevel) -> bool {
        self.log_level
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none_or(|min| level >= min)
    }

    pub(crate) fn closed(&self) -> &CancellationToken {
        &self.closed
    }

    /// Cancelled once the client ended its input: nothing it could answer can arrive.
    pub(crate) fn input_ended(&self) -> &CancellationToken {
        &self.input_ended
    }

    /// The client ended its input: server-to-client requests waiting for an answer fail with
    /// `StreamClosed` (and are withdrawn with `notifications/cancelled`), and new ones fail at
    /// once, so the requests still running finish instead of waiting for nothing.
    pub(crate) fn end_input(&self) {
        self.input_ended.cancel();
    }

    /// Ends the session: pending server-to-client requests fail with `StreamClosed`.
    pub(crate) fn close(&self) {
        self.closed.cancel();
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// The session's own route.
    pub(crate) fn route(&self) -> &Route {
        &self.outbound
    }

    /// Queues one message on the session's own route, waiting for room.
    pub(crate) async fn send<M: Serialize>(&self, message: &M) -> Result<(), RequestError> {
        if self.closed.is_cancelled() {
            return Err(RequestError::StreamClosed);
        }
        self.outbound.send(message).await
    }

    /// Waits for room for one message on the session's own route. The permit holds the room,
    /// so what to send can be chosen once there is room (the coalesced server notifications).
    pub(crate) async fn reserve(&self) -> Result<mpsc::OwnedPermit<String>, RequestError> {
        if self.closed.is_cancelled() {
            return Err(RequestError::StreamClosed);
        }
        self.outbound.reserve().await
    }

    /// Sends a notification on the session's own route.
    pub(crate) async fn notify(
        &self,
        method: &str,
        params: Option<JsonObject>,
    ) -> Result<(), RequestError> {
        self.send(&JSONRPCNotification::new(method, params)).await
    }

    /// Registers a server-to-client request and sends it on `route`; the receiver yields its
    /// answer. The params (an object when serialized) are written to the line as they are.
    pub(crate) async fn request<P: Serialize>(
        &self,
        route: &Route,
        method: &str,
        params: Option<&P>,
    ) -> Result<(RequestId, oneshot::Receiver<Answer>), RequestError> {
        if self.closed.is_cancelled() || self.input_ended.is_cancelled() {
            return Err(RequestError::StreamClosed);
        }
        let id = RequestId::Number(self.next_request.fetch_add(1, Ordering::Relaxed));
        let (tx, rx) = oneshot::channel();
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), tx);
        let line = RequestLine {
            id: &id,
            method,
            params,
        };
        if let Err(e) = route.send(&line).await {
            self.withdraw(&id);
            return Err(e);
        }
        Ok((id, rx))
    }

    /// Forgets a server-to-client request (its answer, if it comes, is ignored).
    pub(crate) fn withdraw(&self, id: &RequestId) -> bool {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id)
            .is_some()
    }

    /// Hands an answer from the client to the request waiting for it; `false` if none waits.
    pub(crate) fn answer(&self, id: &RequestId, answer: Answer) -> bool {
        let waiting = self
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        match waiting {
            Some(tx) => tx.send(answer).is_ok(),
            None => false,
        }
    }
}

/// A server-to-client request as its line says it (`JSONRPCRequest`), written straight from
/// the params: typed params are not made into a `serde_json` map first.
struct RequestLine<'a, P> {
    id: &'a RequestId,
    method: &'a str,
    params: Option<&'a P>,
}

impl<P: Serialize> Serialize for RequestLine<'_, P> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3 + usize::from(self.params.is_some())))?;
        map.serialize_entry("jsonrpc", &JsonRpcVersion)?;
        map.serialize_entry("id", self.id)?;
        map.serialize_entry("method", self.method)?;
        if let Some(params) = self.params {
            map.serialize_entry("params", params)?;
        }
        map.end()
    }
}

/// A handle to one client session: `Clone + 'static`, storable anywhere.
///
/// It has one request method, [`ping`](Session::ping), which SEP-2260 exempts from the rule
/// that server-to-client requests belong to an in-flight client request. It has no way to send
/// sampling, elicitation or roots requests: those exist only on a request's
/// [`InFlight`](crate::InFlight) token.
#[derive(Clone, Debug)]
pub struct Session {
    pub(crate) state: Arc<SessionState>,
}

impl Session {
    pub(crate) fn new(state: Arc<SessionState>) -> Self {
        Self { state }
    }

    /// Pings the client and waits for its answer (bounded by the nested-request timeout).
    pub async fn ping(&self) -> Result<(), RequestError> {
        let state = &self.state;
        if state.is_modern_only() || state.negotiated().is_some_and(|n| !n.version.has_ping()) {
            return Err(RequestError::Unsupported);
        }
        let (id, rx) = state
            .request(state.route(), "ping", None::<&JsonObject>)
            .await?;
        let timeout = state.limits.nested_request_timeout;
        let answer = tokio::select! {
            answer = rx => answer.map_err(|_| RequestError::StreamClosed)?,
            () = state.closed().cancelled() => return Err(RequestError::StreamClosed),
            () = tokio::time::sleep(timeout) => {
                state.withdraw(&id);
                return Err(RequestError::Timeout(timeout));
            }
        };
        answer.map(|_| ()).map_err(RequestError::Peer)
    }

    /// The revision negotiated with `initialize`, once it completed.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.state.negotiated().map(|n| n.version.clone())
    }

    /// Whether the client sent `notifications/initialized`.
    pub fn is_initialized(&self) -> bool {
        self.state.is_initialized()
    }

    /// Whether the connection has closed.
    pub fn is_closed(&self) -> bool {
        self.state.closed().is_cancelled()
    }

    /// The escape hatch for requests outside any client request (legacy peers only).
    #[cfg(feature = "unassociated-requests")]
    pub fn dangerous(&self) -> crate::unassociated::Dangerous<'_> {
        crate::unassociated::Dangerous::new(self)
    }
}
