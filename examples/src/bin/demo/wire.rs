//! Watching the wire: a tap on the child's pipes that prints a line for every
//! newline-delimited JSON-RPC message in either direction, and counts what the demo summarises
//! (calls, `input_required` results, retries with answers, nested requests).

use std::collections::HashMap;
use std::io::Write;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Which way a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    ClientToServer,
    ServerToClient,
}

impl Direction {
    pub(crate) fn arrow(self) -> &'static str {
        match self {
            Self::ClientToServer => "client → server",
            Self::ServerToClient => "server → client",
        }
    }

    pub(crate) fn opposite(self) -> Self {
        match self {
            Self::ClientToServer => Self::ServerToClient,
            Self::ServerToClient => Self::ClientToServer,
        }
    }
}

/// What one era's wire carried, counted as it went by.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    /// `tools/call` requests the client sent.
    pub(crate) tool_calls: usize,
    /// Of those, retries carrying `inputResponses`/`requestState`.
    pub(crate) retries: usize,
    /// `elicitation/create` requests the server sent (nested, legacy).
    pub(crate) nested_elicitations: usize,
    /// `tools/call` responses that were `InputRequiredResult`s (modern).
    pub(crate) input_required: usize,
}

/// Prints every message that crosses the pipes, and counts what matters to the demo.
pub(crate) struct Wire {
    /// Print each message in full too.
    raw: bool,
    /// The era speaks in Multi Round-Trip rounds.
    modern: bool,
    /// Requests waiting for their response: (who sent it, id) → method.
    pending: Mutex<HashMap<(Direction, String), String>>,
    counts: Mutex<Counts>,
}

impl Wire {
    pub(crate) fn new(raw: bool, modern: bool) -> Arc<Self> {
        Arc::new(Self {
            raw,
            modern,
            pending: Mutex::default(),
            counts: Mutex::default(),
        })
    }

    pub(crate) fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One newline-delimited message went by.
    pub(crate) fn message(&self, direction: Direction, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(batch)) => batch.iter().for_each(|m| self.one(direction, m)),
            Ok(message) => self.one(direction, &message),
            Err(_) => say(&format!("  {}  (not JSON) {text}", direction.arrow())),
        }
        if self.raw {
            say(&format!("      {text}"));
        }
    }

    pub(crate) fn one(&self, direction: Direction, message: &Value) {
        let arrow = direction.arrow();
        let method = message["method"].as_str();
        let id = message.get("id").map(|id| id.to_string());
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let line = match (method, id) {
            (Some(method), Some(id)) => {
                let detail = self.request(direction, method, &message["params"], &pending);
                pending.insert((direction, id.clone()), method.to_owned());
                format!("{arrow}  {method} request, id {id}{detail}")
            }
            (Some(method), None) => format!("{arrow}  {method} notification"),
            (None, Some(id)) => {
                let asked = pending.remove(&(direction.opposite(), id.clone()));
                let detail = self.response(asked.as_deref(), message);
                let of = asked.map(|m| format!(" to {m}")).unwrap_or_default();
                format!("{arrow}  response{of}, id {id}: {detail}")
            }
            (None, None) => format!("{arrow}  {message}"),
        };
        drop(pending);
        say(&format!("  {line}"));
    }

    /// What a request says, and what it is for this demo.
    pub(crate) fn request(
        &self,
        direction: Direction,
        method: &str,
        params: &Value,
        pending: &HashMap<(Direction, String), String>,
    ) -> String {
        match method {
            "initialize" => format!(
                " (asks for protocol {})",
                params["protocolVersion"].as_str().unwrap_or("?")
            ),
            "tools/call" => {
                let mut counts = self.counts();
                counts.tool_calls += 1;
                let name = params["name"].as_str().unwrap_or("?");
                let round = if self.modern {
                    format!(": round {}", counts.tool_calls)
                } else {
                    String::new()
                };
                let Some(answers) = params["inputResponses"].as_object() else {
                    return format!(" `{name}`{round}");
                };
                counts.retries += 1;
                let answers: Vec<String> = answers.values().map(answer).collect();
                let state = params["requestState"].as_str().map_or(0, str::len);
                format!(
                    " `{name}`{round}, sent again with the answer ({}) and the requestState \
                     ({state} bytes)",
                    answers.join(", ")
                )
            }
            "elicitation/create" if direction == Direction::ServerToClient => {
                self.counts().nested_elicitations += 1;
                let calls: Vec<&str> = pending
                    .iter()
                    .filter(|((from, _), m)| {
                        *from == Direction::ClientToServer && *m == "tools/call"
                    })
                    .map(|((_, id), _)| id.as_str())
                    .collect();
                let during = match calls.as_slice() {
                    [] => "while no tools/call is in flight".to_owned(),
                    ids => format!(
                        "nested: tools/call id {} is still in flight",
                        ids.join(", ")
                    ),
                };
                format!(" {} ({during})", params["message"])
            }
            _ => String::new(),
        }
    }

    /// What a response says, given the method of the request it answers.
    pub(crate) fn response(&self, method: Option<&str>, message: &Value) -> String {
        if let Some(error) = message.get("error") {
            return format!("error {} {}", error["code"], error["message"]);
        }
        let result = &message["result"];
        match method {
            Some("initialize") => format!(
                "protocol {}, server {}",
                result["protocolVersion"].as_str().unwrap_or("?"),
                result["serverInfo"]["name"].as_str().unwrap_or("?")
            ),
            Some("tools/call") if result["resultType"] == "input_required" => {
                self.counts().input_required += 1;
                let asks: Vec<String> = result["inputRequests"]
                    .as_object()
                    .into_iter()
                    .flat_map(|asks| asks.values())
                    .map(|ask| {
                        let method = ask["method"].as_str().unwrap_or("?");
                        format!("{method} {}", ask["params"]["message"])
                    })
                    .collect();
                let state = result["requestState"].as_str().map_or(0, str::len);
                format!(
                    "input_required, asking {} (and a sealed requestState, {state} bytes)",
                    asks.join(", ")
                )
            }
            Some("tools/call") => {
                let texts: Vec<String> = result["content"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c["text"].as_str().map(|t| format!("{t:?}")))
                    .collect();
                let kind = result["resultType"]
                    .as_str()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default();
                format!("the result{kind}: {}", texts.join(" "))
            }
            Some("elicitation/create") => answer(result),
            _ => "ok".to_owned(),
        }
    }
}

/// An elicitation answer in one line: its action and content.
pub(crate) fn answer(result: &Value) -> String {
    let action = result["action"].as_str().unwrap_or("?");
    match result.get("content") {
        Some(content) => format!("{action} {content}"),
        None => action.to_owned(),
    }
}

/// Prints one line of the demo's output at once.
pub(crate) fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A pipe whose messages the [`Wire`] sees as they pass.
pub(crate) struct Tap<T> {
    inner: T,
    direction: Direction,
    wire: Arc<Wire>,
    /// The bytes of a message not yet complete.
    partial: Vec<u8>,
    /// Writing: bytes of the stream shown so far, and written so far. A message is shown
    /// before its bytes go down the pipe, so the answer (read on another thread) can never be
    /// shown before the request it answers.
    shown: usize,
    written: usize,
}

impl<T> Tap<T> {
    pub(crate) fn new(inner: T, direction: Direction, wire: &Arc<Wire>) -> Self {
        Self {
            inner,
            direction,
            wire: wire.clone(),
            partial: Vec::new(),
            shown: 0,
            written: 0,
        }
    }

    pub(crate) fn saw(&mut self, bytes: &[u8]) {
        self.partial.extend_from_slice(bytes);
        while let Some(end) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            self.wire.message(self.direction, &line);
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tap<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll {
            let read = buf.filled()[before..].to_vec();
            this.saw(&read);
        }
        poll
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tap<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        // `buf` starts at stream offset `written` (a writer offers what is left again after
        // `Pending` or a short write): show what of it has not been shown, then write.
        let unseen = (this.shown - this.written).min(buf.len());
        if unseen < buf.len() {
            this.saw(&buf[unseen..]);
            this.shown = this.written + buf.len();
        }
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(written)) = poll {
            this.written += written;
        }
        poll
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
