//! Reading a newline-delimited JSON-RPC stream (stdio and the like) into the dispatcher's
//! incoming queue, in arrival order. A line that is not a message becomes the error that answers
//! it, queued in its place so that replies keep the order of what they answer.

use tether_mcp_types::error_codes::{INVALID_REQUEST, PARSE_ERROR};
use tether_mcp_types::{ErrorObject, JSONRPCErrorResponse, JSONRPCMessage};
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
    /// A JSON-RPC batch (2025-03-26): its members as read, and where the batch's reply goes.
    Batch(Vec<tether_mcp_types::JsonValue>, Route),
    /// The answer to a line that is not a message.
    Unreadable(JSONRPCErrorResponse),
}

/// Reads lines until end of input (or until the dispatcher is gone).
pub(crate) async fn read_lines<R: AsyncRead + Unpin>(
    reader: R,
    max_message_bytes: usize,
    route: Route,
    incoming: mpsc::Sender<Incoming>,
) -> std::io::Result<()> {
    let mut lines = LineReader::new(BufReader::new(reader), max_message_bytes);
    while let Some(line) = lines.next().await? {
        let Some(item) = read_line(line, max_message_bytes, &route) else {
            continue;
        };
        if incoming.send(item).await.is_err() {
            break;
        }
    }
    Ok(())
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
        Some(_) => match JSONRPCMessage::parse_slice(bytes) {
            Ok(message) => Some(Incoming::Message(message, route.clone())),
            Err(error) => {
                tracing::debug!(%error, "unreadable message");
                Some(Incoming::Unreadable(error.to_response()))
            }
        },
    }
}
