//! `RequestScope`: the state of one in-flight client request.
//!
//! A scope is created by the dispatcher for every request it serves and lives on that request's
//! task until the response is written. Tokens ([`InFlight`](crate::InFlight),
//! [`RequestCx`](crate::RequestCx)) borrow it, so nothing derived from them can outlive it.
//!
//! Its state machine guards every write toward the client:
//! `Running → Cancelled | Completing → Done`. Only a `Running` scope may send notifications or
//! server-to-client requests; a refused write is a [`RequestError`] plus a `warn!`.

mod era;
mod round;
mod watchdog;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;

pub(crate) use era::{Era, Modern};
pub(crate) use round::{LiveAsk, Round, RoundEnd};
pub(crate) use watchdog::AFTER as ASK_WATCHDOG;
pub(crate) use watchdog::Armed;

use tether_mcp_types::{
    ClientCapabilities, Implementation, JsonObject, JsonValue, ProgressToken, ProtocolVersion,
    RequestId,
};
use tokio_util::sync::CancellationToken;

use crate::error::RequestError;
use crate::route::Route;
use crate::session::SessionState;

/// Where a request is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeState {
    /// The handler runs; writes toward the client are allowed.
    Running,
    /// The client cancelled the request; nothing more is sent for it.
    Cancelled,
    /// The handler returned; its response is being written.
    Completing,
    /// The response was written.
    Done,
}

/// The state of one in-flight client request.
#[derive(Debug)]
pub(crate) struct RequestScope {
    id: RequestId,
    method: &'static str,
    session: Arc<SessionState>,
    /// Where this request's messages go.
    route: Route,
    progress_token: Option<ProgressToken>,
    cancel: CancellationToken,
    state: Mutex<ScopeState>,
    last_progress: Mutex<Option<f64>>,
    polling_thread: Mutex<Option<ThreadId>>,
    /// How many polls of the handler have returned.
    poll_epoch: std::sync::atomic::AtomicU64,
    ask_occurrences: Mutex<HashMap<String, u32>>,
    era: Era,
}

impl RequestScope {
    pub(crate) fn new(
        id: RequestId,
        method: &'static str,
        session: Arc<SessionState>,
        route: Route,
        progress_token: Option<ProgressToken>,
        cancel: CancellationToken,
        era: Era,
    ) -> Self {
        Self {
            id,
            method,
            session,
            route,
            progress_token,
            cancel,
            state: Mutex::new(ScopeState::Running),
            last_progress: Mutex::new(None),
            polling_thread: Mutex::new(None),
            poll_epoch: std::sync::atomic::AtomicU64::new(0),
            ask_occurrences: Mutex::new(HashMap::new()),
            era,
        }
    }

    /// The 2026-07-28 facts of this request, if it is a modern one.
    pub(crate) fn modern(&self) -> Option<&Modern> {
        match &self.era {
            Era::Modern(modern) => Some(modern),
            Era::Legacy => None,
        }
    }

    /// The Multi Round-Trip state, for a modern `tools/call`, `prompts/get` or `resources/read`.
    pub(crate) fn round(&self) -> Option<&Round> {
        self.modern().and_then(|m| m.round.as_ref())
    }

    /// The id that stays the same across the rounds of a Multi Round-Trip call; the request id
    /// otherwise.
    pub(crate) fn call_id(&self) -> String {
        match self.round() {
            Some(round) => round.call_id().to_owned(),
            None => self.id.to_string(),
        }
    }

    pub(crate) fn id(&self) -> &RequestId {
        &self.id
    }

    pub(crate) fn method(&self) -> &'static str {
        self.method
    }

    pub(crate) fn session(&self) -> &Arc<SessionState> {
        &self.session
    }

    /// Where this request's messages go: its response, notifications and nested requests.
    pub(crate) fn route(&self) -> &Route {
        &self.route
    }

    pub(crate) fn cancellation(&self) -> &CancellationToken {
        &self.cancel
    }

    pub(crate) fn protocol_version(&self) -> ProtocolVersion {
        if let Some(modern) = self.modern() {
            return modern.version.clone();
        }
        self.session
            .negotiated()
            .map_or(ProtocolVersion::LATEST, |n| n.version.clone())
    }

    pub(crate) fn client_capabilities(&self) -> &ClientCapabilities {
        static NONE: std::sync::OnceLock<ClientCapabilities> = std::sync::OnceLock::new();
        if let Some(modern) = self.modern() {
            return &modern.client_capabilities;
        }
        self.session.negotiated().map_or_else(
            || NONE.get_or_init(ClientCapabilities::default),
            |n| &n.client_capabilities,
        )
    }

    pub(crate) fn client_info(&self) -> Option<&Implementation> {
        if let Some(modern) = self.modern() {
            return modern.client_info.as_deref();
        }
        self.session.negotiated().map(|n| &n.client_info)
    }

    /// Whether a log message of `level` is sent for this request: on legacy sessions the
    /// session's `logging/setLevel` threshold (everything before one is set); on 2026-07-28 the
    /// request's own `logLevel`, and nothing without one.
    fn log_enabled(&self, level: tether_mcp_types::LoggingLevel) -> bool {
        match self.modern() {
            Some(modern) => modern.log_level.is_some_and(|min| level >= min),
            None => self.session.log_enabled(level),
        }
    }

    pub(crate) fn state(&self) -> ScopeState {
        *self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves to `next` if the transition is allowed; returns the state before.
    pub(crate) fn transition(&self, next: ScopeState) -> ScopeState {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let before = *state;
        let allowed = matches!(
            (before, next),
            (
                ScopeState::Running,
                ScopeState::Cancelled | ScopeState::Completing
            ) | (ScopeState::Completing, ScopeState::Done)
        );
        if allowed {
            *state = next;
        }
        before
    }

    /// Checks that a write toward the client is allowed now.
    pub(crate) fn check_writable(&self) -> Result<(), RequestError> {
        if self.cancel.is_cancelled() && self.state() == ScopeState::Running {
            // Cancelled, whatever else happened since (on HTTP 2026-07-28 the closed stream is
            // the cancellation).
            return Err(self.refused(RequestError::Cancelled));
        }
        if self.session.closed().is_cancelled() || self.route.is_closed() {
            return Err(self.refused(RequestError::StreamClosed));
        }
        match self.state() {
            ScopeState::Running if self.cancel.is_cancelled() => {
                Err(self.refused(RequestError::Cancelled))
            }
            ScopeState::Running => Ok(()),
            ScopeState::Cancelled => Err(self.refused(RequestError::Cancelled)),
            ScopeState::Completing | ScopeState::Done => {
                Err(self.refused(RequestError::StreamClosed))
            }
        }
    }

    fn refused(&self, error: RequestError) -> RequestError {
        tracing::warn!(request_id = %self.id, method = self.method, %error, "write toward the client refused");
        error
    }

    /// Called by the dispatcher around every poll of the handler.
    pub(crate) fn enter_poll(&self) {
        *self
            .polling_thread
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(std::thread::current().id());
    }

    /// How many polls of the handler have returned: an ask pending while this does not move is
    /// stuck inside the handler's poll (a nested executor).
    pub(crate) fn poll_epoch(&self) -> u64 {
        self.poll_epoch.load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn exit_poll(&self) {
        self.poll_epoch
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        *self
            .polling_thread
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// An ask must be polled by the handler's own poll: on the thread the dispatcher is polling
    /// the handler on, while it does.
    pub(crate) fn check_ask_context(&self) -> Result<(), RequestError> {
        let polling = *self
            .polling_thread
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if polling == Some(std::thread::current().id()) {
            Ok(())
        } else {
            tracing::warn!(request_id = %self.id, "server-to-client request polled outside the handler's task");
            Err(RequestError::AskOutsideHandlerTask)
        }
    }

    /// The occurrence index of an ask with this method and params digest, in program order.
    pub(crate) fn next_occurrence(&self, method_and_digest: &str) -> u32 {
        let mut seen = self
            .ask_occurrences
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let n = seen.entry(method_and_digest.to_owned()).or_insert(0);
        let occurrence = *n;
        *n += 1;
        occurrence
    }

    /// Sends `notifications/progress` if the request carried a progress token and `progress`
    /// increased; otherwise does nothing (a non-increasing value is dropped with a warning).
    pub(crate) async fn progress(
        &self,
        progress: f64,
        total: Option<f64>,
        message: Option<String>,
    ) -> Result<(), RequestError> {
        let Some(token) = &self.progress_token else {
            return Ok(());
        };
        {
            let mut last = self.last_progress.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|l| progress <= l) || !progress.is_finite() {
                tracing::warn!(request_id = %self.id, progress, previous = ?*last, "progress must increase; dropped");
                return Ok(());
            }
            *last = Some(progress);
        }
        self.check_writable()?;
        let mut params = JsonObject::new();
        params.insert(
            "progressToken".into(),
            serde_json::to_value(token).unwrap_or(JsonValue::Null),
        );
        params.insert("progress".into(), progress.into());
        if let Some(total) = total {
            params.insert("total".into(), total.into());
        }
        if let Some(message) = message.filter(|_| self.protocol_version().has_audio()) {
            params.insert("message".into(), message.into());
        }
        self.route
            .notify("notifications/progress", Some(params))
            .await
    }

    /// Sends `notifications/message` if the request's threshold lets `level` through.
    pub(crate) async fn log(
        &self,
        level: tether_mcp_types::LoggingLevel,
        logger: Option<String>,
        data: JsonValue,
    ) -> Result<(), RequestError> {
        if !self.log_enabled(level) {
            return Ok(());
        }
        self.check_writable()?;
        let mut params = JsonObject::new();
        params.insert(
            "level".into(),
            serde_json::to_value(level).unwrap_or(JsonValue::Null),
        );
        if let Some(logger) = logger {
            params.insert("logger".into(), logger.into());
        }
        params.insert("data".into(), data);
        self.route
            .notify("notifications/message", Some(params))
            .await
    }
}
