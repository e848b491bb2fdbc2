//! One connection: the dispatch loop, the in-flight registry, the concurrency bound.
//!
//! The dispatch loop always drains what the client sends — responses to server-to-client
//! requests and `notifications/cancelled` included — whatever the number of running handlers,
//! so a handler waiting for an answer can never block that answer. (A request's first poll
//! runs on the loop itself, bounded in time: see `first_poll`.) Requests over the
//! concurrency bound wait for a slot in a bounded first-in-first-out queue; past it they are
//! answered at once with an error naming the limit. Admission is decided by the dispatch loop,
//! in arrival order, so the bounds hold however many requests arrive together.

mod batch;
mod events;
mod first_poll;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tether_mcp_types::error_codes::{INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST};
use tether_mcp_types::{
    CancelledNotificationParams, EmptyResult, ErrorObject, JSONRPCErrorResponse, JSONRPCMessage,
    JSONRPCNotification, JSONRPCRequest, JSONRPCResultResponse, JsonObject, JsonValue,
    ProtocolMeta, RequestId,
};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use self::first_poll::FirstPoll;
use super::discover::discover;
use super::initialize::initialize;
use super::line_input::{Incoming, IncomingSource, LineSource};
use super::listen;
use super::modern::{self, ModernMeta};
use super::outbox::Outbox;
use super::request::handled_method;
use super::slots::{Admitted, SlotCx, Slots, run_slot};
use super::stateless::{ModernTarget, modern_target, prepare_listen};
use super::writer::write_lines;
use crate::inflight::Notified;
use crate::route::Route;
use crate::server::{ServerEvent, ServerHandler, ServerInner};
use crate::session::SessionState;

/// Per-connection bookkeeping of running requests.
struct Connection<H> {
    server: Arc<ServerInner<H>>,
    session: Arc<SessionState>,
    in_flight: Arc<Mutex<HashMap<RequestId, CancellationToken>>>,
    slots: Arc<Mutex<Slots>>,
    tasks: JoinSet<()>,
    /// Server notifications waiting for room in the outbound queue.
    outbox: Outbox,
    /// `subscriptions/listen` streams open now.
    listens: Arc<AtomicUsize>,
    /// The client's capabilities and identity from its last 2026-07-28 request.
    seen_meta: modern::SeenMeta,
    /// Which requests run their first poll on the dispatch loop.
    first_poll: FirstPoll,
}

/// Serves a connection until the client closes it. `prepared` carries a session created
/// beforehand (so its handle could be given out); otherwise one is created here.
pub(crate) async fn serve_connection<H, R, W>(
    server: Arc<ServerInner<H>>,
    reader: R,
    writer: W,
    prepared: Option<(Arc<SessionState>, mpsc::Receiver<String>)>,
) -> std::io::Result<()>
where
    H: ServerHandler,
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let limits = server.limits.clone();
    let (session, outbound_rx) = prepared.unwrap_or_else(|| {
        let (route, rx) = Route::channel(limits.outbound_capacity);
        (Arc::new(SessionState::new(route, limits.clone())), rx)
    });
    let writer_task = tokio::spawn(write_lines(outbound_rx, writer, session.closed().clone()));
    let mut events = server.events.subscribe();
    let outbound = session.clone();
    let mut conn = Connection::new(server, session);
    let mut lines = LineSource::new(
        reader,
        limits.max_message_bytes,
        conn.session.route().clone(),
    );
    conn.run(&mut lines, &mut events, &outbound, Ending::Drain)
        .await;
    let written = writer_task.await.map_err(std::io::Error::other)?;
    lines.ending().and(written)
}

/// Serves a session whose messages arrive from elsewhere (the POSTs of a Streamable HTTP
/// session), each with the route its replies take, until `incoming` closes; its own messages
/// go on the session's route, drained by whoever holds its receiver (the GET stream).
#[cfg_attr(not(feature = "http"), allow(dead_code))] // Streamable HTTP sessions use it
pub(crate) async fn serve_session<H: ServerHandler>(
    server: Arc<ServerInner<H>>,
    session: Arc<SessionState>,
    mut incoming: mpsc::Receiver<Incoming>,
) {
    let mut events = server.events.subscribe();
    let outbound = session.clone();
    let mut conn = Connection::new(server, session);
    conn.run(&mut incoming, &mut events, &outbound, Ending::Cancel)
        .await;
}

/// What happens to running requests when a connection's input ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// The client closed its side of a stream (stdio EOF): requests already read get
    /// `Limits::end_of_input_drain` to finish and answer, then the rest is cancelled. A client
    /// that pipes a few requests and closes its input still gets their answers.
    Drain,
    /// The session was ended (HTTP DELETE, expiry): everything is cancelled at once.
    Cancel,
}

impl<H: ServerHandler> Connection<H> {
    fn new(server: Arc<ServerInner<H>>, session: Arc<SessionState>) -> Self {
        let pending_updates = server.limits.pending_resource_updates;
        let first_poll = FirstPoll::new(server.limits.inline_poll_limit);
        Self {
            server,
            session,
            in_flight: Arc::new(Mutex::new(HashMap::new())),
            slots: Arc::new(Mutex::new(Slots::default())),
            tasks: JoinSet::new(),
            outbox: Outbox::new(pending_updates),
            listens: Arc::new(AtomicUsize::new(0)),
            seen_meta: modern::SeenMeta::default(),
            first_poll,
        }
    }

    /// The dispatch loop: every incoming message in order (freeing finished tasks after each),
    /// server events, pending notifications as the session's route has room; then the shutdown.
    async fn run(
        &mut self,
        incoming: &mut impl IncomingSource,
        events: &mut broadcast::Receiver<ServerEvent>,
        outbound: &SessionState,
        ending: Ending,
    ) {
        loop {
            tokio::select! {
                item = incoming.next() => {
                    match item {
                        Some(Incoming::Message(message, route)) => self.on_message(message, route).await,
                        Some(Incoming::Request(request, protocol, route)) => {
                            self.on_request(request, protocol, route).await
                        }
                        Some(Incoming::Unreadable(error)) => self.send_error(self.session.route(), error).await,
                        Some(Incoming::Batch(members, route)) => self.on_batch(members, route).await,
                        None => break,
                    }
                    self.reap_finished();
                },
                event = events.recv() => self.on_event(event),
                // Pending server notifications go out as the outbound queue has room.
                permit = outbound.reserve(), if self.may_flush() => self.flush_one(permit),
            }
        }
        if ending == Ending::Drain {
            self.session.end_input();
            self.drain(self.server.limits.end_of_input_drain).await;
        }
        self.shut_down().await;
    }

    /// Frees the tasks that have finished. Done as messages arrive rather than by waiting on
    /// the set: a waiting dispatcher is woken by every finishing request, a task hop per
    /// request that often wakes a parked worker thread. Finished tasks linger at most until
    /// the next message, and never outnumber the tasks spawned since it.
    fn reap_finished(&mut self) {
        while self.tasks.try_join_next().is_some() {}
    }

    /// Lets running and queued requests finish for up to `within`.
    async fn drain(&mut self, within: std::time::Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let busy = {
                let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
                slots.running > 0 || !slots.queue.is_empty()
            };
            if !busy {
                return;
            }
            tokio::select! {
                joined = self.tasks.join_next() => if joined.is_none() { return },
                () = tokio::time::sleep_until(deadline) => return,
            }
        }
    }

    async fn send_error(&self, route: &Route, error: JSONRPCErrorResponse) {
        if let Err(e) = route.send(&error).await {
            tracing::debug!(error = %e, "could not send an error response");
        }
    }

    async fn reply_error(
        &self,
        route: &Route,
        id: Option<RequestId>,
        code: i64,
        message: impl Into<String>,
    ) {
        let response = JSONRPCErrorResponse::new(id, ErrorObject::new(code, message));
        self.send_error(route, response).await;
    }

    async fn on_message(&mut self, message: JSONRPCMessage, route: Route) {
        match message {
            JSONRPCMessage::Request(mut request) => {
                let protocol = ProtocolMeta::take_from(&mut request.params);
                self.on_request(request, protocol, route).await
            }
            JSONRPCMessage::Notification(notification) => self.on_notification(notification),
            JSONRPCMessage::Response(response) => {
                if !self
                    .session
                    .answer(&response.id, Ok(JsonValue::Object(response.result)))
                {
                    tracing::warn!(id = %response.id, "ignored a response to no pending request");
                }
            }
            JSONRPCMessage::Error(error) => match &error.id {
                Some(id) if self.session.answer(id, Err(error.error.clone())) => {}
                _ => {
                    tracing::warn!(id = ?error.id, error = %error.error, "ignored an error response to no pending request")
                }
            },
        }
    }

    /// A request, its protocol `_meta` keys taken out: a 2026-07-28 one when they say so;
    /// otherwise one of the legacy session, which gets its `_meta` back as it was sent.
    async fn on_request(
        &mut self,
        mut request: JSONRPCRequest,
        protocol: ProtocolMeta,
        route: Route,
    ) {
        if modern::is_modern(&request.method, &protocol) {
            return self.on_modern_request(request, &protocol, route).await;
        }
        protocol.restore_into(&mut request.params);
        let id = request.id.clone();
        match request.method.as_str() {
            "initialize" => {
                let outcome = initialize(&self.session, &self.server.identity, request.params)
                    .and_then(|result| match serde_json::to_value(result) {
                        Ok(JsonValue::Object(result)) => Ok(result),
                        _ => Err(ErrorObject::new(
                            INTERNAL_ERROR,
                            "could not encode the initialize result",
                        )),
                    });
                return self.reply(&route, id, outcome.map(JsonValue::Object)).await;
            }
            "ping" => {
                let empty = match serde_json::to_value(EmptyResult::default()) {
                    Ok(JsonValue::Object(o)) => o,
                    _ => JsonObject::new(),
                };
                return self.reply(&route, id, Ok(JsonValue::Object(empty))).await;
            }
            _ => {}
        }
        if self.session.negotiated().is_none() {
            return self
                .reply_error(
                    &route,
                    Some(id),
                    INVALID_PARAMS,
                    format!(
                        "`{}` carries no _meta[\"io.modelcontextprotocol/protocolVersion\"] and \
                         the connection has no legacy session: send `initialize` first, or the \
                         2026-07-28 per-request _meta (protocolVersion and clientCapabilities)",
                        request.method
                    ),
                )
                .await;
        }
        match handled_method(&request.method, &self.server.identity.capabilities) {
            Ok(method) => self.admit(request, method, None, route).await,
            Err(error) => self.reply_error_object(&route, Some(id), error).await,
        }
    }

    /// A 2026-07-28 request: its `_meta` validated, then served statelessly.
    async fn on_modern_request(
        &mut self,
        request: JSONRPCRequest,
        protocol: &ProtocolMeta,
        route: Route,
    ) {
        let id = request.id.clone();
        let versions = &self.server.identity.versions;
        let meta = match modern::read_meta(protocol, versions, &mut self.seen_meta) {
            Ok(meta) => meta,
            Err(error) => return self.reply_error_object(&route, Some(id), error).await,
        };
        self.session.mark_modern();
        match modern_target(&request.method, &self.server.identity.capabilities) {
            Ok(ModernTarget::Discover) => {
                let outcome = discover(&self.server.identity);
                self.reply(&route, id, outcome).await
            }
            Ok(ModernTarget::Listen) => self.listen(request, &meta, route).await,
            Ok(ModernTarget::Handler(method)) => {
                self.admit(request, method, Some(meta), route).await
            }
            Err(error) => self.reply_error_object(&route, Some(id), error).await,
        }
    }

    /// `subscriptions/listen`: checked, acknowledged and streamed on its own task (it holds no
    /// handler slot), at most `Limits::max_listens` per connection.
    async fn listen(&mut self, request: JSONRPCRequest, meta: &ModernMeta, route: Route) {
        let id = request.id.clone();
        let max = self.server.limits.max_listens;
        if self.listens.load(Ordering::Acquire) >= max {
            return self
                .reply_error(
                    &route,
                    Some(id),
                    INVALID_REQUEST,
                    format!("too many subscriptions/listen streams: this connection allows {max}"),
                )
                .await;
        }
        let cancel = CancellationToken::new();
        let duplicate = {
            let mut in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
            let duplicate = in_flight.contains_key(&id);
            if !duplicate {
                in_flight.insert(id.clone(), cancel.clone());
            }
            duplicate
        };
        if duplicate {
            return self
                .reply_error(
                    &route,
                    Some(id),
                    INVALID_REQUEST,
                    "request id is already in flight",
                )
                .await;
        }
        let listen = match prepare_listen(&self.server, request, meta, route.clone(), cancel) {
            Ok(listen) => listen,
            Err(error) => {
                self.in_flight
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&id);
                return self.reply_error_object(&route, Some(id), error).await;
            }
        };
        self.listens.fetch_add(1, Ordering::AcqRel);
        let (listens, in_flight) = (self.listens.clone(), self.in_flight.clone());
        self.tasks.spawn(async move {
            listen::run(listen).await;
            listens.fetch_sub(1, Ordering::AcqRel);
            in_flight
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
        });
    }

    async fn reply_error_object(&self, route: &Route, id: Option<RequestId>, error: ErrorObject) {
        self.send_error(route, JSONRPCErrorResponse::new(id, error))
            .await;
    }

    async fn reply(&self, route: &Route, id: RequestId, outcome: Result<JsonValue, ErrorObject>) {
        match outcome {
            Ok(JsonValue::Object(result)) => {
                if let Err(e) = route.send(&JSONRPCResultResponse::new(id, result)).await {
                    tracing::debug!(error = %e, "could not send a response");
                }
            }
            Ok(_) => {
                self.reply_error(
                    route,
                    Some(id),
                    INTERNAL_ERROR,
                    "could not encode the result",
                )
                .await
            }
            Err(error) => self.reply_error_object(route, Some(id), error).await,
        }
    }

    /// Registers a request in flight and runs it now, queues it, or refuses it (the bounds).
    async fn admit(
        &mut self,
        request: JSONRPCRequest,
        method: &'static str,
        modern: Option<ModernMeta>,
        route: Route,
    ) {
        let id = request.id.clone();
        let cancel = CancellationToken::new();
        let duplicate = {
            let mut in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
            let duplicate = in_flight.contains_key(&id);
            if !duplicate {
                in_flight.insert(id.clone(), cancel.clone());
            }
            duplicate
        };
        if duplicate {
            return self
                .reply_error(
                    &route,
                    Some(id),
                    INVALID_REQUEST,
                    "request id is already in flight",
                )
                .await;
        }
        let max_running = self.server.limits.max_concurrent_requests;
        let max_waiting = self.server.limits.max_queued_requests;
        let target = self.first_poll.inline_target(&request);
        let admitted = Admitted {
            request,
            method,
            cancel,
            modern,
            route: route.clone(),
        };
        // `Ok(Some)`: run now; `Ok(None)`: queued; `Err`: refused.
        let admission = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            if slots.running < max_running {
                slots.running += 1;
                Ok(Some(admitted))
            } else if slots.queue.len() < max_waiting {
                slots.queue.push_back(admitted);
                Ok(None)
            } else {
                Err(())
            }
        };
        match admission {
            Ok(Some(admitted)) => {
                let cx = SlotCx {
                    server: self.server.clone(),
                    session: self.session.clone(),
                    in_flight: self.in_flight.clone(),
                    slots: self.slots.clone(),
                };
                self.first_poll
                    .run(target, run_slot(cx, admitted), &mut self.tasks)
                    .await;
            }
            Ok(None) => {}
            Err(()) => {
                self.in_flight
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&id);
                self.reply_error(
                    &route,
                    Some(id),
                    INTERNAL_ERROR,
                    format!(
                        "server busy: {max_waiting} requests already wait for a slot \
                         (Limits::max_queued_requests)"
                    ),
                )
                .await;
            }
        }
    }

    fn on_notification(&mut self, notification: JSONRPCNotification) {
        let (server, session) = (self.server.clone(), self.session.clone());
        match notification.method.as_str() {
            "notifications/initialized" => {
                if session.negotiated().is_none() {
                    tracing::debug!("ignored notifications/initialized before initialize");
                    return;
                }
                session.mark_initialized();
                self.tasks.spawn(async move {
                    server.handler.on_initialized(Notified::new(&session)).await
                });
            }
            "notifications/cancelled" => {
                let value = notification
                    .params
                    .map_or(JsonValue::Null, JsonValue::Object);
                let Ok(params) = serde_json::from_value::<CancelledNotificationParams>(value)
                else {
                    tracing::debug!("ignored a malformed notifications/cancelled");
                    return;
                };
                if let Some(id) = &params.request_id {
                    let token = self
                        .in_flight
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .get(id)
                        .cloned();
                    match token {
                        Some(token) => {
                            token.cancel();
                            // A request still in the queue leaves it (and frees its id) now.
                            let dequeued = {
                                let mut slots =
                                    self.slots.lock().unwrap_or_else(|p| p.into_inner());
                                let before = slots.queue.len();
                                slots.queue.retain(|queued| &queued.request.id != id);
                                slots.queue.len() != before
                            };
                            if dequeued {
                                self.in_flight
                                    .lock()
                                    .unwrap_or_else(|p| p.into_inner())
                                    .remove(id);
                            }
                        }
                        None => {
                            tracing::debug!(%id, "cancellation of a request that is not in flight")
                        }
                    }
                }
                self.tasks.spawn(async move {
                    server
                        .handler
                        .on_cancelled(params, Notified::new(&session))
                        .await
                });
            }
            "notifications/roots/list_changed" => {
                self.tasks.spawn(async move {
                    server
                        .handler
                        .on_roots_list_changed(Notified::new(&session))
                        .await
                });
            }
            other => tracing::debug!(method = other, "ignored a notification"),
        }
    }

    /// The client closed the connection: cancel what runs, give it the grace period, close.
    async fn shut_down(&mut self) {
        for token in self
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
        {
            token.cancel();
        }
        self.slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .queue
            .clear();
        let grace = self.server.limits.cancel_grace + std::time::Duration::from_millis(100);
        let _ = tokio::time::timeout(grace, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        self.tasks.abort_all();
        self.session.close();
    }
}
