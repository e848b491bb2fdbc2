//! `Route`: where the messages of one client request go.
//!
//! On stdio every message goes on the connection. On Streamable HTTP the messages of a request
//! (its progress and log notifications, a legacy nested request, its response) go on the stream
//! of the POST that carried it, and the session's own messages (list changes, resource updates)
//! on the standalone GET stream. A request's scope holds its route; nothing it sends can take
//! another one, so a nested request never falls back to a standalone stream.

use serde::Serialize;
use tether_mcp_types::{JSONRPCNotification, JsonObject};
use tokio::sync::mpsc;

use crate::error::RequestError;

/// A bounded queue of serialized messages toward the client, drained by a transport writer.
#[derive(Clone, Debug)]
pub(crate) struct Route {
    tx: mpsc::Sender<String>,
}

impl Route {
    /// A route and the receiver its writer drains.
    pub(crate) fn channel(capacity: usize) -> (Self, mpsc::Receiver<String>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        (Self { tx }, rx)
    }

    /// Queues one message, waiting for room; `StreamClosed` once the writer is gone.
    pub(crate) async fn send<M: Serialize>(&self, message: &M) -> Result<(), RequestError> {
        let line = serde_json::to_string(message).map_err(|_| RequestError::StreamClosed)?;
        self.tx
            .send(line)
            .await
            .map_err(|_| RequestError::StreamClosed)
    }

    /// Queues one serialized message (a batch reply), waiting for room.
    pub(crate) async fn send_line(&self, line: String) -> Result<(), RequestError> {
        self.tx
            .send(line)
            .await
            .map_err(|_| RequestError::StreamClosed)
    }

    /// Queues one message if there is room now.
    pub(crate) fn try_send<M: Serialize>(&self, message: &M) -> Result<(), RequestError> {
        let line = serde_json::to_string(message).map_err(|_| RequestError::StreamClosed)?;
        self.tx.try_send(line).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => RequestError::Backpressure,
            mpsc::error::TrySendError::Closed(_) => RequestError::StreamClosed,
        })
    }

    /// Waits for room for one message; the permit holds it.
    pub(crate) async fn reserve(&self) -> Result<mpsc::OwnedPermit<String>, RequestError> {
        self.tx
            .clone()
            .reserve_owned()
            .await
            .map_err(|_| RequestError::StreamClosed)
    }

    /// Sends a notification.
    pub(crate) async fn notify(
        &self,
        method: &str,
        params: Option<JsonObject>,
    ) -> Result<(), RequestError> {
        self.send(&JSONRPCNotification::new(method, params)).await
    }

    /// Completes when the writer is gone (the stream closed).
    pub(crate) async fn closed(&self) {
        self.tx.closed().await;
    }

    /// Whether the writer is gone (the stream closed).
    pub(crate) fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

/// What a serialized message on a route is, read without building it: a response (with its
/// error code, if it is an error) or something else (a notification or a request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Peeked {
    /// A result or error response; the error's code if it is one.
    Response(Option<i64>),
    /// A notification or a request.
    Other,
}

/// Reads what `line` is (members other than `method`, `id` and `error.code` are skipped).
pub(crate) fn peek(line: &str) -> Peeked {
    if is_result_line(line) {
        return Peeked::Response(None);
    }
    peek_members(line)
}

/// Whether `line` is a result response as this crate's serializers write one:
/// `{"jsonrpc":"2.0","id":<number or plain string>,"result":…` (the members in the struct's
/// order, nothing before `result` but the id). Recognised from its first bytes; every other
/// line is read member by member.
fn is_result_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix(r#"{"jsonrpc":"2.0","id":"#) else {
        return false;
    };
    let after_id = match rest.strip_prefix('"') {
        // A string id without escapes: up to its closing quote.
        Some(id) => match id.find(['"', '\\']) {
            Some(end) if id.as_bytes()[end] == b'"' => &id[end + 1..],
            _ => return false,
        },
        None => rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-'),
    };
    after_id.len() < rest.len() && after_id.starts_with(r#","result":"#)
}

fn peek_members(line: &str) -> Peeked {
    #[derive(serde::Deserialize)]
    struct Message {
        method: Option<serde::de::IgnoredAny>,
        id: Option<serde::de::IgnoredAny>,
        error: Option<Error>,
    }
    #[derive(serde::Deserialize)]
    struct Error {
        code: Option<i64>,
    }
    match serde_json::from_str::<Message>(line) {
        Ok(m) if m.method.is_none() && m.id.is_some() => {
            Peeked::Response(m.error.and_then(|e| e.code))
        }
        _ => Peeked::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peek_tells_responses_from_the_rest() {
        assert_eq!(
            peek(r#"{"jsonrpc":"2.0","id":1,"result":{}}"#),
            Peeked::Response(None)
        );
        assert_eq!(
            peek(r#"{"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"m"}}"#),
            Peeked::Response(Some(-32601))
        );
        assert_eq!(
            peek(r#"{"jsonrpc":"2.0","method":"notifications/progress"}"#),
            Peeked::Other
        );
        assert_eq!(
            peek(r#"{"jsonrpc":"2.0","id":2,"method":"roots/list"}"#),
            Peeked::Other
        );
        assert_eq!(peek("not json"), Peeked::Other);
    }

    /// The first-bytes reading agrees with the member-by-member one on every kind of line the
    /// crate writes, and on near misses.
    #[test]
    fn result_lines_read_from_their_first_bytes_agree_with_the_full_reading() {
        use tether_mcp_types::{
            ErrorObject, JSONRPCErrorResponse, JSONRPCNotification, JSONRPCRequest,
            JSONRPCResultResponse, JsonObject, RequestId,
        };
        let written = [
            serde_json::to_string(&JSONRPCResultResponse::new(
                RequestId::Number(-7),
                JsonObject::new(),
            )),
            serde_json::to_string(&JSONRPCResultResponse::new(
                RequestId::String("a\"b".into()),
                JsonObject::new(),
            )),
            serde_json::to_string(&JSONRPCResultResponse::new(
                RequestId::String("plain".into()),
                JsonObject::new(),
            )),
            serde_json::to_string(&JSONRPCErrorResponse::new(
                Some(RequestId::Number(1)),
                ErrorObject::new(-32601, "m"),
            )),
            serde_json::to_string(&JSONRPCErrorResponse::new(
                None,
                ErrorObject::new(-32700, "m"),
            )),
            serde_json::to_string(&JSONRPCNotification::new("notifications/progress", None)),
            serde_json::to_string(&JSONRPCRequest::new(
                RequestId::Number(3),
                "roots/list",
                None,
            )),
        ];
        let near_misses = [
            r#"{"jsonrpc":"2.0","id":,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"x","result":{}}"#,
            r#"{"jsonrpc":"2.0","id":"x,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":null,"result":{}}"#,
        ];
        let mut fast = 0;
        for line in written.into_iter().map(Result::unwrap) {
            fast += usize::from(is_result_line(&line));
            assert_eq!(peek(&line), peek_members(&line), "{line}");
        }
        assert_eq!(
            fast, 2,
            "numeric and plain string ids take the first-bytes reading"
        );
        for line in near_misses {
            assert!(!is_result_line(line), "{line}");
        }
    }
}
