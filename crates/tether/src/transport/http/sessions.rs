//! Legacy Streamable HTTP sessions (2025-03-26 … 2025-11-25), by `Mcp-Session-Id`.
//!
//! A session is the legacy dispatcher's connection loop fed by POSTs: every message a POST
//! carries goes into the session's queue with the route of that POST's response, so a request's
//! notifications, nested requests and response go on the stream of the POST that carried it.
//! The session's own messages (list changes, resource updates) go on its standalone GET stream.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::body::Cut;
use crate::dispatch::{Incoming, serve_session};
use crate::route::Route;
use crate::server::{ServerHandler, ServerInner};
use crate::session::SessionState;

/// One legacy session.
pub(crate) struct LegacySession {
    pub(crate) id: String,
    pub(crate) state: Arc<SessionState>,
    incoming: Mutex<Option<mpsc::Sender<Incoming>>>,
    /// The receiver of the session's own route, while no GET stream holds it.
    outbound: Mutex<Option<mpsc::Receiver<String>>>,
    last_used: Mutex<Instant>,
    /// 2025-11-25 POST streams whose client went away before their end, by stream name, for
    /// `Last-Event-ID` resumption.
    parked: Mutex<HashMap<String, Cut>>,
    next_stream: AtomicU64,
}

/// Cut streams a session keeps for resumption; past it the oldest is let go.
const MAX_PARKED: usize = 16;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl LegacySession {
    /// Queues a message of a POST with the route of its response; `false` if the session ended.
    pub(crate) async fn push(&self, incoming: Incoming) -> bool {
        let sender = lock(&self.incoming).clone();
        match sender {
            Some(sender) => sender.send(incoming).await.is_ok(),
            None => false,
        }
    }

    /// Takes the receiver of the session's own messages for a GET stream (`None` while another
    /// GET stream holds it).
    pub(crate) fn take_outbound(&self) -> Option<mpsc::Receiver<String>> {
        lock(&self.outbound).take()
    }

    /// Gives the receiver back when the GET stream ends (the session was in use until now).
    pub(crate) fn return_outbound(&self, rx: mpsc::Receiver<String>) {
        self.touch();
        *lock(&self.outbound) = Some(rx);
    }

    /// A fresh stream name, unique in the session.
    pub(crate) fn stream_name(&self) -> String {
        format!("s{}", self.next_stream.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// Keeps a stream cut before its end (its handler goes on writing into it).
    pub(crate) fn park(&self, cut: Cut) {
        let Some(name) = cut.ids.as_ref().map(|ids| ids.stream.clone()) else {
            return;
        };
        let mut parked = lock(&self.parked);
        if parked.len() >= MAX_PARKED
            && let Some(oldest) = parked
                .keys()
                .min_by_key(|k| k[1..].parse::<u64>().unwrap_or(0))
                .cloned()
        {
            parked.remove(&oldest);
        }
        parked.insert(name, cut);
    }

    /// Takes a parked stream back for a resumption.
    pub(crate) fn unpark(&self, name: &str) -> Option<Cut> {
        lock(&self.parked).remove(name)
    }

    fn touch(&self) {
        *lock(&self.last_used) = Instant::now();
    }

    /// How long the session has gone unused: zero while a GET (or 2024-11-05 SSE) stream
    /// holds its outbound queue, since a client listening there is using it.
    fn idle_for(&self) -> Duration {
        if lock(&self.outbound).is_none() {
            return Duration::ZERO;
        }
        lock(&self.last_used).elapsed()
    }

    /// Ends the session: its queue closes (the dispatcher cancels what runs and stops).
    fn end(&self) {
        lock(&self.incoming).take();
        lock(&self.parked).clear();
        self.state.close();
    }
}

/// The sessions of one Streamable HTTP service.
#[derive(Default)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Arc<LegacySession>>>,
}

/// A fresh session id: 128 random bits in hex (visible ASCII, as the specification asks).
fn fresh_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // A broken OS generator: still unique per process and time, if guessable.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = (nanos ^ u128::from(std::process::id())).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Sessions {
    /// Starts a session served by `server`; `None` when `max` sessions are open.
    pub(crate) fn create<H: ServerHandler>(
        &self,
        server: &Arc<ServerInner<H>>,
        max: usize,
        idle_timeout: Duration,
    ) -> Option<Arc<LegacySession>> {
        self.sweep(idle_timeout);
        let limits = server.limits.clone();
        let (route, outbound) = Route::channel(limits.outbound_capacity);
        let state = Arc::new(SessionState::new(route, limits));
        let (incoming_tx, incoming) = mpsc::channel(64);
        let session = Arc::new(LegacySession {
            id: fresh_id(),
            state: state.clone(),
            incoming: Mutex::new(Some(incoming_tx)),
            outbound: Mutex::new(Some(outbound)),
            last_used: Mutex::new(Instant::now()),
            parked: Mutex::new(HashMap::new()),
            next_stream: AtomicU64::new(0),
        });
        {
            let mut map = lock(&self.map);
            if map.len() >= max {
                return None;
            }
            map.insert(session.id.clone(), session.clone());
        }
        tokio::spawn(serve_session(server.clone(), state, incoming));
        Some(session)
    }

    /// The session with `id`, marked as used now; `None` for an unknown id and for a session
    /// unused for longer than `idle_timeout`, which is ended here (a session expires when it is
    /// next used, not only when a new session sweeps).
    pub(crate) fn get(&self, id: &str, idle_timeout: Duration) -> Option<Arc<LegacySession>> {
        let session = lock(&self.map).get(id).cloned()?;
        if session.idle_for() > idle_timeout {
            tracing::debug!(session = %session.id, "ended an idle session on its next use");
            self.remove(id);
            return None;
        }
        session.touch();
        Some(session)
    }

    /// Ends and forgets the session with `id`; `false` if there is none.
    pub(crate) fn remove(&self, id: &str) -> bool {
        let removed = lock(&self.map).remove(id);
        match removed {
            Some(session) => {
                session.end();
                true
            }
            None => false,
        }
    }

    /// Ends the sessions unused for longer than `idle_timeout`.
    fn sweep(&self, idle_timeout: Duration) {
        let expired: Vec<Arc<LegacySession>> = {
            let mut map = lock(&self.map);
            let ids: Vec<String> = map
                .values()
                .filter(|s| s.idle_for() > idle_timeout)
                .map(|s| s.id.clone())
                .collect();
            ids.iter().filter_map(|id| map.remove(id)).collect()
        };
        for session in expired {
            tracing::debug!(session = %session.id, "ended an idle session");
            session.end();
        }
    }

    /// Ends every session (the server shuts down).
    pub(crate) fn end_all(&self) {
        let all: Vec<Arc<LegacySession>> = lock(&self.map).drain().map(|(_, s)| s).collect();
        for session in all {
            session.end();
        }
    }
}
