//! What a connection's dispatcher reads: a newline-delimited JSON-RPC stream (stdio and the
//! like), or the messages of a Streamable HTTP session, in arrival order. A line that is not a
//! message becomes the error that answers it, in its place so that replies keep the order of
//! what they answer.

use std::future::Future;
use tether_mcp_types::error_codes::{INVALID_REQUEST, PARSE_ERROR};
use tether_mcp_types::{
    ErrorObject, JSONRPCErrorResponse, JSONRPCMessage, JSONRPCRequest, ProtocolMeta,
};

use tokio::io::{AsyncRead, BufReader};
use tokio::sync::mpsc;

use crate::route::Route;
use crate::transport::{Line, LineReader};

/// What the dispatcher receives: a message with the route its replies take, or the error that
/// answers something unreadable (on the session's own route).
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A message, and where its replies go.
    Message(JSONRPCMessage, Route),
    /// A request read with its protocol `_meta` keys taken out as text, and where its replies
    /// go.
    Request(JSONRPCRequest, ProtocolMeta, Route),
    /// A JSON-RPC batch (2025-03-26): its members as read, and where the batch's reply goes.
    Batch(Vec<tether_mcp_types::JsonValue>, Route),
    /// The answer to a line that is not a message.
    Unreadable(JSONRPCErrorResponse),
}

/// Where a connection's dispatcher takes its messages from, in arrival order.
pub(crate) trait IncomingSource: Send {
    /// The next message (or the error answering an unreadable one); `None` once input has
    /// ended. Cancel-safe: the dispatcher polls it in a `select!`.
    fn next(&mut self) -> impl Future<Output = Option<Incoming>> + Send;
}

/// Messages that arrive from elsewhere (the POSTs of a Streamable HTTP session).
impl IncomingSource for mpsc::Receiver<Incoming> {
    fn next(&mut self) -> impl Future<Output = Option<Incoming>> + Send {
        self.recv()
    }
}

/// A newline-delimited stream (stdio and the like), read by the dispatcher itself: a reader
/// task in front of it would cost every request a task hop.
pub(crate) struct LineSource<R> {
    lines: LineReader<BufReader<R>>,
    max_message_bytes: usize,
    route: Route,
    /// The read error that ended the input, if one did.
    failed: Option<std::io::Error>,
}

impl<R: AsyncRead + Unpin + Send> LineSource<R> {
    pub(crate) fn new(reader: R, max_message_bytes: usize, route: Route) -> Self {
        Self {
            lines: LineReader::new(BufReader::new(reader), max_message_bytes),
            max_message_bytes,
            route,
            failed: None,
        }
    }

    /// How the input ended: `Err` with the read error that ended it.
    pub(crate) fn ending(self) -> std::io::Result<()> {
        self.failed.map_or(Ok(()), Err)
    }
}

impl<R: AsyncRead + Unpin + Send> IncomingSource for LineSource<R> {
    async fn next(&mut self) -> Option<Incoming> {
        loop {
            match self.lines.next().await {
                Ok(Some(line)) => {
                    if let Some(item) = read_line(line, self.max_message_bytes, &self.route) {
                        return Some(item);
                    }
                }
                Ok(None) => return None,
                Err(error) => {
                    self.failed = Some(error);
                    return None;
                }
            }
        }
    }
}

fn unreadable(code: i64, message: impl Into<String>) -> Option<Incoming> {
    Some(Incoming::Unreadable(JSONRPCErrorResponse::new(
        None,
        ErrorObject::new(code, message),
    )))
}

/// One line as what the dispatcher receives; `None` for an empty line.
fn read_line(line: Line, max_message_bytes: usize, route: &Route) -> Option<Incoming> {
    let bytes = match line {
        Line::TooLong => {
            tracing::warn!(
                max = max_message_bytes,
                "discarded a message over the size limit"
            );
            return unreadable(
                INVALID_REQUEST,
                format!("message exceeds the {max_message_bytes}-byte limit"),
            );
        }
        Line::Message(bytes) => bytes,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        // serde_json would call this "invalid unicode code point" (inside a string) or
        // "expected value" (elsewhere); name the actual problem.
        return unreadable(
            PARSE_ERROR,
            format!(
                "Parse error: the message is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        );
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => None, // an empty line: nothing to do
        Some(b'[') => match serde_json::from_slice::<Vec<tether_mcp_types::JsonValue>>(bytes) {
            Ok(members) if members.is_empty() => {
                unreadable(INVALID_REQUEST, "an empty JSON-RPC batch")
            }
            Ok(members) => Some(Incoming::Batch(members, route.clone())),
            Err(error) => unreadable(PARSE_ERROR, format!("Parse error: {error}")),
        },
        Some(_) => match JSONRPCMessage::parse_slice_taking_protocol_meta(bytes) {
            Ok((JSONRPCMessage::Request(request), protocol)) => {
                Some(Incoming::Request(request, protocol, route.clone()))
            }
            Ok((message, _)) => Some(Incoming::Message(message, route.clone())),
            Err(error) => {
                tracing::debug!(%error, "unreadable message");
                Some(Incoming::Unreadable(error.to_response()))
            }
        },
    }
}
