//! The client's side of one connection: its requests waiting for responses, the server's
//! requests being served, and the routing of everything that arrives.
//!
//! One lock guards the connection's tables and is never held across an `.await`. Responses
//! go to the waiting call by id, progress to the call whose token it names, listen-stream
//! notifications to their [`Listen`](super::Listen) by subscription id, the rest to
//! [`ClientEvent`] subscribers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use tether_mcp_types::{
    CancelledNotificationParams, ClientCapabilities, ErrorObject, Implementation, JSONRPCMessage,
    JSONRPCNotification, JsonObject, JsonValue, LoggingLevel, ProgressNotificationParams,
    ProgressToken, ProtocolVersion, RequestId, ServerCapabilities, ServerNotification,
};
use tokio::sync::{Semaphore, broadcast, mpsc, oneshot, watch};
use tokio::task::AbortHandle;

use super::events::ClientEvent;
use super::handler::Handlers;
use super::origin::PendingCall;
use super::pages::ListCache;
use super::plain_line::{self, PlainLine};
use super::request_text::{AddedMeta, ModernMetaText, request_text};
use super::result_text::ResultText;
use super::wire::{Wire, WireGuard};
use server_request::ServerRequest;

mod server_request;
mod serving;
use super::{ClientError, Options};

/// The answer to one request: its result's text, the server's error, or the transport's.
pub(crate) type Reply = Result<ResultText, Failure>;

/// Why a request got no result.
#[derive(Debug)]
#[cfg_attr(not(feature = "http-client"), allow(dead_code))]
pub(crate) enum Failure {
    /// The server answered with this error.
    Server(ErrorObject),
    /// The transport lost the request (an HTTP error, a response stream cut for good).
    Transport(String),
}

/// What the handshake (or the probe) settled.
#[derive(Clone, Debug)]
pub(crate) struct Negotiated {
    pub(crate) version: ProtocolVersion,
    pub(crate) server_info: Option<Implementation>,
    pub(crate) capabilities: ServerCapabilities,
    pub(crate) instructions: Option<String>,
}

/// Which stream a message arrived on.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "http-client"), allow(dead_code))]
pub(crate) enum Via<'a> {
    /// A stream shared by every call (stdio, in-memory): association is inferred from the
    /// calls outstanding.
    Shared,
    /// The response stream of this call (an HTTP POST, or its `Last-Event-ID` resumption).
    Call(&'a PendingCall),
    /// The legacy standalone GET stream: nothing on it serves a call.
    Standalone,
}

struct Pending {
    reply: oneshot::Sender<Reply>,
    call: PendingCall,
    progress: Option<mpsc::Sender<ProgressNotificationParams>>,
}

#[derive(Default)]
struct Tables {
    pending: HashMap<RequestId, Pending>,
    served: HashMap<RequestId, AbortHandle>,
    listens: HashMap<RequestId, mpsc::Sender<ServerNotification>>,
}

/// A request to send. On a 2026-07-28 `version` its `_meta` gets the per-request members as
/// the text is written (see [`request_text`](super::request_text)).
pub(crate) struct Outgoing<'p> {
    pub(crate) method: String,
    pub(crate) name: Option<String>,
    pub(crate) params: &'p JsonObject,
    /// Ask for progress notifications (a `progressToken` equal to the request id).
    pub(crate) progress: bool,
    /// The version whose `MCP-Protocol-Version` header an HTTP request carries.
    pub(crate) version: Option<ProtocolVersion>,
    /// `Mcp-Param-*` headers (2026-07-28 HTTP).
    pub(crate) param_headers: Vec<(String, String)>,
    /// For `subscriptions/listen`: where the stream's notifications go, registered under the
    /// request id before the request is sent.
    pub(crate) listen: Option<mpsc::Sender<ServerNotification>>,
}

/// A sent request: its reply and progress channels. Dropping it before the reply withdraws
/// the request (see [`Wire::cancel`]).
pub(crate) struct Outstanding {
    engine: Arc<Engine>,
    pub(crate) call: PendingCall,
    reply: oneshot::Receiver<Reply>,
    pub(crate) progress: Option<mpsc::Receiver<ProgressNotificationParams>>,
    wire: Option<WireGuard>,
    done: bool,
}

pub(crate) struct Engine {
    pub(crate) wire: Wire,
    pub(crate) options: Options,
    pub(crate) handlers: Handlers,
    pub(crate) capabilities: ClientCapabilities,
    pub(crate) info: Implementation,
    next_id: AtomicI64,
    tables: Mutex<Tables>,
    events: broadcast::Sender<ClientEvent>,
    negotiated: RwLock<Option<Arc<Negotiated>>>,
    closed: watch::Sender<Option<String>>,
    serving: Arc<Semaphore>,
    log_level: Mutex<Option<LoggingLevel>>,
    pub(crate) lists: ListCache,
    /// `clientCapabilities` and `clientInfo` of a 2026-07-28 request's `_meta`, serialized once.
    modern_meta: ModernMetaText,
}

impl Engine {
    pub(crate) fn new(
        wire: Wire,
        options: Options,
        handlers: Handlers,
        info: Implementation,
    ) -> Self {
        let capabilities = handlers.capabilities();
        let serving = Arc::new(Semaphore::new(options.max_served_requests));
        let modern_meta = ModernMetaText::new(&capabilities, &info);
        Self {
            wire,
            options,
            handlers,
            capabilities,
            info,
            next_id: AtomicI64::new(1),
            tables: Mutex::new(Tables::default()),
            events: broadcast::channel(256).0,
            negotiated: RwLock::new(None),
            closed: watch::channel(None).0,
            serving,
            log_level: Mutex::new(None),
            lists: ListCache::default(),
            modern_meta,
        }
    }

    /// Moves the connection to another 2026-07-28-era version (after a -32022).
    pub(crate) fn switch_version(&self, version: ProtocolVersion) {
        let mut negotiated = self
            .negotiated
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(current) = negotiated.as_mut() {
            let mut next = (**current).clone();
            next.version = version;
            *current = Arc::new(next);
        }
    }

    /// The log level 2026-07-28 requests ask for (`io.modelcontextprotocol/logLevel`).
    pub(crate) fn set_log_level(&self, level: Option<LoggingLevel>) {
        *self
            .log_level
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = level;
    }

    /// The log level 2026-07-28 requests ask for, when one is set.
    fn log_level(&self) -> Option<LoggingLevel> {
        *self
            .log_level
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A `tools/list` page as it arrives: on 2026-07-28 HTTP, tools with invalid
    /// `x-mcp-header` annotations are dropped (with a warning) and the others' headers
    /// remembered.
    pub(crate) fn received_tools(self: &Arc<Self>, page: &mut tether_mcp_types::ListToolsResult) {
        #[cfg(feature = "http-client")]
        if let Wire::Http(http) = &self.wire {
            http.received_tools(self, page);
        }
        let _ = page;
    }

    /// The `Mcp-Param-*` headers of a 2026-07-28 `tools/call` over HTTP.
    pub(crate) async fn param_headers(
        self: &Arc<Self>,
        method: &str,
        version: &ProtocolVersion,
        params: &JsonObject,
    ) -> Vec<(String, String)> {
        #[cfg(feature = "http-client")]
        if let Wire::Http(http) = &self.wire {
            return http.param_headers(self, method, version, params).await;
        }
        let _ = (method, version, params);
        Vec::new()
    }

    fn tables(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn negotiated(&self) -> Option<Arc<Negotiated>> {
        self.negotiated
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn set_negotiated(&self, negotiated: Negotiated) {
        *self
            .negotiated
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(negotiated));
    }

    pub(crate) fn subscribe_events(&self) -> broadcast::Receiver<ClientEvent> {
        self.events.subscribe()
    }

    /// Why the connection closed, once it has.
    pub(crate) fn closed_reason(&self) -> Option<String> {
        self.closed.borrow().clone()
    }

    pub(crate) fn watch_closed(&self) -> watch::Receiver<Option<String>> {
        self.closed.subscribe()
    }

    fn closed_error(&self) -> ClientError {
        ClientError::Closed {
            reason: self.closed_reason(),
        }
    }

    /// Ends the connection: every waiting call fails with [`ClientError::Closed`], every
    /// listen ends, every server request being served is dropped.
    pub(crate) fn close(&self, reason: impl Into<String>) {
        let reason = reason.into();
        let first = self.closed.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(reason.clone());
                true
            } else {
                false
            }
        });
        if !first {
            return;
        }
        let tables = std::mem::take(&mut *self.tables());
        for (_, served) in tables.served {
            served.abort();
        }
        drop(tables.pending);
        drop(tables.listens);
        let _ = self.events.send(ClientEvent::Closed { reason });
    }

    /// The calls of this client waiting for a response.
    pub(crate) fn outstanding(&self) -> Vec<PendingCall> {
        self.tables()
            .pending
            .values()
            .map(|p| p.call.clone())
            .collect()
    }

    /// Sends a request and registers it as waiting.
    pub(crate) async fn start(
        self: &Arc<Self>,
        outgoing: Outgoing<'_>,
    ) -> Result<Outstanding, ClientError> {
        let Outgoing {
            method,
            name,
            params,
            progress,
            version,
            param_headers,
            listen,
        } = outgoing;
        let id = RequestId::Number(self.next_id.fetch_add(1, Ordering::Relaxed));
        let added = AddedMeta {
            modern: version
                .as_ref()
                .filter(|v| v.is_modern())
                .map(|v| (v, &self.modern_meta, self.log_level())),
            progress_token: progress.then_some(&id),
        };
        let text = request_text(&id, &method, params, added);
        let call = PendingCall {
            method,
            name,
            id: id.clone(),
        };
        let text = text.map_err(|e| ClientError::InvalidParams {
            method: call.method.clone(),
            detail: e.to_string(),
        })?;
        let (reply_tx, reply) = oneshot::channel();
        let (progress_tx, progress_rx) = if progress {
            let (tx, rx) = mpsc::channel(64);
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        {
            let mut tables = self.tables();
            if self.closed.borrow().is_some() {
                return Err(self.closed_error());
            }
            tables.pending.insert(
                id.clone(),
                Pending {
                    reply: reply_tx,
                    call: call.clone(),
                    progress: progress_tx,
                },
            );
            if let Some(listen) = listen {
                tables.listens.insert(id.clone(), listen);
            }
        }
        let mut outstanding = Outstanding {
            engine: self.clone(),
            call: call.clone(),
            reply,
            progress: progress_rx,
            wire: None,
            done: false,
        };
        match self
            .wire
            .send_request(self, &call, text, version, param_headers)
            .await
        {
            Ok(guard) => {
                outstanding.wire = Some(guard);
                Ok(outstanding)
            }
            Err(error) => {
                outstanding.done = true;
                let mut tables = self.tables();
                tables.pending.remove(&id);
                tables.listens.remove(&id);
                Err(error)
            }
        }
    }

    /// Sends a notification.
    pub(crate) async fn notify(
        self: &Arc<Self>,
        method: &str,
        params: Option<JsonObject>,
    ) -> Result<(), ClientError> {
        let text = serde_json::to_string(&JSONRPCNotification::new(method, params))
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let version = self.negotiated().map(|n| n.version.clone());
        self.wire.send_message(self, text, version).await
    }

    /// Handles one received message (or a JSON-RPC batch of them).
    pub(crate) async fn incoming(self: &Arc<Self>, bytes: &[u8], via: Via<'_>) {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'[') {
            match serde_json::from_slice::<Vec<JsonValue>>(bytes) {
                Ok(members) => {
                    for member in members {
                        match JSONRPCMessage::from_value(member) {
                            Ok(message) => self.message(message, via).await,
                            Err(error) => {
                                tracing::warn!(%error.error, "an unreadable batch member from the server was dropped")
                            }
                        }
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "an unreadable batch from the server was dropped")
                }
            }
            return;
        }
        match plain_line::peek(bytes) {
            Some(PlainLine::Result(id, result)) => {
                return self.reply(&id, Ok(ResultText::from_text(result)));
            }
            Some(PlainLine::Request(id, method, params)) => {
                let request = ServerRequest::from_text(id, &method, params);
                return self.server_request(request, via).await;
            }
            None => {}
        }
        match JSONRPCMessage::parse_slice(bytes) {
            Ok(message) => self.message(message, via).await,
            Err(error) => {
                tracing::warn!(error = %error.error, "an unreadable message from the server was dropped");
            }
        }
    }

    async fn message(self: &Arc<Self>, message: JSONRPCMessage, via: Via<'_>) {
        match message {
            JSONRPCMessage::Response(response) => {
                self.reply(&response.id, Ok(ResultText::from_object(&response.result)))
            }
            JSONRPCMessage::Error(error) => match (error.id, via) {
                (Some(id), _) => self.reply(&id, Err(Failure::Server(error.error))),
                // An error without an id on a call's own stream (an HTTP 400 whose request id
                // the server could not read) answers that call.
                (None, Via::Call(call)) => self.reply(&call.id, Err(Failure::Server(error.error))),
                (None, _) => tracing::warn!(
                    code = error.error.code,
                    message = %error.error.message,
                    "the server sent an error that answers no request"
                ),
            },
            JSONRPCMessage::Notification(notification) => self.notification(notification),
            JSONRPCMessage::Request(request) => self.server_request(request.into(), via).await,
        }
    }

    /// Fails a waiting request because its transport lost it.
    #[cfg_attr(not(feature = "http-client"), allow(dead_code))]
    pub(crate) fn fail(&self, id: &RequestId, reason: String) {
        self.reply(id, Err(Failure::Transport(reason)));
    }

    fn reply(&self, id: &RequestId, reply: Reply) {
        let pending = {
            let mut tables = self.tables();
            tables.listens.remove(id);
            tables.pending.remove(id)
        };
        match pending {
            Some(pending) => {
                let _ = pending.reply.send(reply);
            }
            None => tracing::debug!(%id, "a response to no request of this client was ignored"),
        }
    }

    fn notification(&self, notification: JSONRPCNotification) {
        let params = notification.params.clone().unwrap_or_default();
        match notification.method.as_str() {
            "notifications/progress" => {
                let Ok(progress) =
                    serde_json::from_value::<ProgressNotificationParams>(JsonValue::Object(params))
                else {
                    tracing::warn!("an unreadable progress notification was dropped");
                    return;
                };
                let id = match &progress.progress_token {
                    ProgressToken::Number(n) => RequestId::Number(*n),
                    ProgressToken::String(s) => RequestId::String(s.clone()),
                };
                let sink = self
                    .tables()
                    .pending
                    .get(&id)
                    .and_then(|p| p.progress.clone());
                if let Some(sink) = sink
                    && sink.try_send(progress).is_err()
                {
                    tracing::debug!(%id, "a progress notification was dropped: the call is not reading them fast enough");
                }
                return;
            }
            "notifications/cancelled" => {
                let Ok(cancelled) = serde_json::from_value::<CancelledNotificationParams>(
                    JsonValue::Object(params),
                ) else {
                    return;
                };
                if let Some(id) = cancelled.request_id
                    && let Some(served) = self.tables().served.remove(&id)
                {
                    served.abort();
                }
                return;
            }
            _ => {}
        }
        let subscription = params
            .get("_meta")
            .and_then(|m| m.get("io.modelcontextprotocol/subscriptionId"))
            .and_then(|v| serde_json::from_value::<RequestId>(v.clone()).ok());
        let decoded = match serde_json::to_value(&notification)
            .map_err(|e| e.to_string())
            .and_then(|v| {
                serde_json::from_value::<ServerNotification>(v).map_err(|e| e.to_string())
            }) {
            Ok(decoded) => decoded,
            Err(error) => {
                tracing::warn!(method = %notification.method, %error, "an unreadable notification was dropped");
                return;
            }
        };
        if let Some(subscription) = subscription {
            let sink = self.tables().listens.get(&subscription).cloned();
            if let Some(sink) = sink {
                if sink.try_send(decoded).is_err() {
                    tracing::warn!(%subscription, "a listen notification was dropped: the listener is not reading");
                }
                return;
            }
        }
        self.lists.saw(&decoded);
        let _ = self
            .events
            .send(ClientEvent::Notification(Box::new(decoded)));
    }
}

impl Outstanding {
    /// Waits for the reply; progress notifications go to `on_progress` meanwhile.
    pub(crate) async fn reply(
        &mut self,
        on_progress: &mut (dyn FnMut(ProgressNotificationParams) + Send),
    ) -> Result<ResultText, ClientError> {
        let method = self.call.method.clone();
        let reply_rx = &mut self.reply;
        let progress_rx = &mut self.progress;
        let reply = loop {
            let progress = async {
                match progress_rx.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                biased;
                reply = &mut *reply_rx => break reply,
                Some(p) = progress => on_progress(p),
            }
        };
        // Progress the server sent before its response is already queued.
        if let Some(rx) = progress_rx.as_mut() {
            while let Ok(p) = rx.try_recv() {
                on_progress(p);
            }
        }
        self.done = true;
        match reply {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(Failure::Server(error))) => Err(ClientError::Server {
                method,
                error: Box::new(error),
            }),
            Ok(Err(Failure::Transport(reason))) => Err(ClientError::Transport(reason)),
            Err(_) => Err(self.engine.closed_error()),
        }
    }
}

impl Drop for Outstanding {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let removed = {
            let mut tables = self.engine.tables();
            tables.listens.remove(&self.call.id);
            tables.pending.remove(&self.call.id)
        };
        if removed.is_some() {
            self.engine
                .wire
                .cancel(&self.engine, &self.call, self.wire.take());
        }
    }
}
