//! How messages reach the server: newline-delimited JSON over a byte stream (stdio, a child
//! process, in-memory), or Streamable HTTP (feature `http-client`).

use std::sync::{Arc, Mutex, PoisonError, Weak};

use tether_mcp_types::{CancelledNotificationParams, JSONRPCNotification, ProtocolVersion};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use super::ClientError;
use super::engine::{Engine, Via};
use super::origin::PendingCall;
use crate::transport::child_process::RunningChild;
use crate::transport::{Line, LineReader};

/// The transport of one client connection.
pub(crate) enum Wire {
    /// Newline-delimited JSON over a byte stream.
    Lines(Box<Lines>),
    /// Streamable HTTP.
    #[cfg(feature = "http-client")]
    Http(super::http_wire::HttpWire),
}

/// What keeps a sent request's transport state alive (an HTTP response stream); dropping it
/// lets that go.
pub(crate) enum WireGuard {
    /// Nothing to keep: the request's answer arrives on the shared stream.
    Shared,
    /// The task reading the request's HTTP response stream, aborted on drop.
    #[cfg(feature = "http-client")]
    Stream(tokio::task::AbortHandle),
}

impl Drop for WireGuard {
    fn drop(&mut self) {
        #[cfg(feature = "http-client")]
        if let Self::Stream(task) = self {
            task.abort();
        }
    }
}

/// Newline-delimited JSON: a bounded queue drained by a writer task, a reader task feeding
/// the engine.
pub(crate) struct Lines {
    out: Mutex<Option<mpsc::Sender<String>>>,
    child: tokio::sync::Mutex<Option<RunningChild>>,
}

impl Lines {
    fn sender(&self) -> Option<mpsc::Sender<String>> {
        self.out
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    async fn send(&self, engine: &Engine, text: String) -> Result<(), ClientError> {
        let closed = || ClientError::Closed {
            reason: engine.closed_reason(),
        };
        let sender = self.sender().ok_or_else(closed)?;
        sender.send(text).await.map_err(|_| closed())
    }
}

/// Starts the writer task of a byte-stream wire; the reader starts once the engine exists
/// ([`spawn_reader`]).
pub(crate) fn lines<W>(writer: W, child: Option<RunningChild>, queue: usize) -> Wire
where
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (tx, rx) = mpsc::channel(queue.max(1));
    tokio::spawn(write_lines(writer, rx));
    Wire::Lines(Box::new(Lines {
        out: Mutex::new(Some(tx)),
        child: tokio::sync::Mutex::new(child),
    }))
}

async fn write_lines<W: AsyncWrite + Unpin>(mut writer: W, mut rx: mpsc::Receiver<String>) {
    'outer: while let Some(mut text) = rx.recv().await {
        loop {
            text.push('\n');
            if let Err(error) = writer.write_all(text.as_bytes()).await {
                tracing::debug!(%error, "writing to the server failed");
                break 'outer;
            }
            match rx.try_recv() {
                Ok(next) => text = next,
                Err(_) => break,
            }
        }
        if writer.flush().await.is_err() {
            break;
        }
    }
    // The end of input tells a stdio server to exit.
    let _ = writer.shutdown().await;
}

/// Reads the server's messages until the end of its output, then closes the engine.
pub(crate) fn spawn_reader<R>(engine: &Arc<Engine>, reader: R)
where
    R: AsyncRead + Unpin + Send + 'static,
{
    let weak = Arc::downgrade(engine);
    let max = engine.options.max_message_bytes;
    tokio::spawn(read_lines(weak, reader, max));
}

async fn read_lines<R: AsyncRead + Unpin>(engine: Weak<Engine>, reader: R, max: usize) {
    let mut lines = LineReader::new(BufReader::new(reader), max);
    let reason = loop {
        let line = lines.next().await;
        let Some(engine) = engine.upgrade() else {
            return;
        };
        match line {
            Ok(Some(Line::Message(bytes))) => {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                engine.incoming(&bytes, Via::Shared).await;
            }
            Ok(Some(Line::TooLong)) => {
                tracing::warn!(
                    max,
                    "a message from the server longer than the limit was dropped"
                );
            }
            Ok(None) => break "the server closed its output".to_owned(),
            Err(error) => break format!("reading from the server failed: {error}"),
        }
    };
    if let Some(engine) = engine.upgrade() {
        engine.close(reason);
    }
}

fn cancelled_text(call: &PendingCall) -> Option<String> {
    let params = CancelledNotificationParams {
        meta: None,
        request_id: Some(call.id.clone()),
        reason: Some("the caller stopped waiting".into()),
        extra: Default::default(),
    };
    let params = match serde_json::to_value(params) {
        Ok(serde_json::Value::Object(params)) => params,
        _ => return None,
    };
    serde_json::to_string(&JSONRPCNotification::new(
        "notifications/cancelled",
        Some(params),
    ))
    .ok()
}

impl Wire {
    /// Sends a request.
    pub(crate) async fn send_request(
        &self,
        engine: &Arc<Engine>,
        call: &PendingCall,
        text: String,
        version: Option<ProtocolVersion>,
        param_headers: Vec<(String, String)>,
    ) -> Result<WireGuard, ClientError> {
        match self {
            Self::Lines(lines) => {
                let _ = (call, version, param_headers);
                lines.send(engine, text).await.map(|()| WireGuard::Shared)
            }
            #[cfg(feature = "http-client")]
            Self::Http(http) => {
                http.send_request(engine, call, text, version, param_headers)
                    .await
            }
        }
    }

    /// Sends a message that expects no answer: a notification, or the answer to a server
    /// request.
    pub(crate) async fn send_message(
        &self,
        engine: &Arc<Engine>,
        text: String,
        version: Option<ProtocolVersion>,
    ) -> Result<(), ClientError> {
        match self {
            Self::Lines(lines) => {
                let _ = version;
                lines.send(engine, text).await
            }
            #[cfg(feature = "http-client")]
            Self::Http(http) => http.send_message(engine, text, version).await,
        }
    }

    /// Withdraws a request whose caller stopped waiting: `notifications/cancelled` on a shared
    /// stream (legacy and 2026-07-28 stdio) and on legacy HTTP; closing the response stream on
    /// 2026-07-28 HTTP. Never blocks.
    pub(crate) fn cancel(
        &self,
        engine: &Arc<Engine>,
        call: &PendingCall,
        guard: Option<WireGuard>,
    ) {
        match self {
            Self::Lines(lines) => {
                drop(guard);
                let (Some(sender), Some(text)) = (lines.sender(), cancelled_text(call)) else {
                    return;
                };
                if let Err(mpsc::error::TrySendError::Full(text)) = sender.try_send(text)
                    && let Ok(runtime) = tokio::runtime::Handle::try_current()
                {
                    runtime.spawn(async move {
                        let _ = sender.send(text).await;
                    });
                }
            }
            #[cfg(feature = "http-client")]
            Self::Http(http) => {
                drop(guard);
                let legacy = engine.negotiated().is_some_and(|n| !n.version.is_modern());
                if legacy && let Some(text) = cancelled_text(call) {
                    http.send_detached(engine, text);
                }
            }
        }
        let _ = engine;
    }

    /// Ends the connection gracefully: closes the server's input (a child process is then
    /// given time to exit, then terminated), or ends the HTTP session.
    pub(crate) async fn shutdown(&self) {
        match self {
            Self::Lines(lines) => {
                lines
                    .out
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                let child = lines.child.lock().await.take();
                if let Some(child) = child {
                    child.shut_down().await;
                }
            }
            #[cfg(feature = "http-client")]
            Self::Http(http) => http.shutdown().await,
        }
    }

    /// After the legacy handshake: on HTTP, opens the standalone GET stream (and waits until
    /// the server has answered the GET, at most the probe timeout).
    pub(crate) async fn initialized(&self, engine: &Arc<Engine>, version: &ProtocolVersion) {
        match self {
            Self::Lines(_) => {
                let _ = (engine, version);
            }
            #[cfg(feature = "http-client")]
            Self::Http(http) => {
                http.open_standalone(engine, version, engine.options.probe_timeout)
                    .await;
            }
        }
    }

    /// What the last handle's drop can do without waiting: close the server's input.
    pub(crate) fn shutdown_now(&self) {
        match self {
            Self::Lines(lines) => {
                lines
                    .out
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
            }
            #[cfg(feature = "http-client")]
            Self::Http(http) => http.shutdown_now(),
        }
    }
}
