//! JSON-RPC batches on a stdio-style connection (2025-03-26, the one revision with them).

use tether_mcp_types::error_codes::INVALID_REQUEST;
use tether_mcp_types::{JSONRPCMessage, JsonValue};

use super::Connection;
use crate::route::{Peeked, Route, peek};
use crate::server::ServerHandler;

impl<H: ServerHandler> Connection<H> {
    /// A JSON-RPC batch on a stdio-style connection: served on 2025-03-26 sessions (the one
    /// revision with batches), its responses gathered into one array line while its
    /// notifications and nested requests go out at once; refused with -32600 otherwise.
    pub(super) async fn on_batch(&mut self, members: Vec<JsonValue>, route: Route) {
        let batches = self
            .session
            .negotiated()
            .is_some_and(|n| n.version.has_batches());
        if !batches {
            return self
                .reply_error(
                    &route,
                    None,
                    INVALID_REQUEST,
                    "JSON-RPC batches exist only in 2025-03-26; send one message per line",
                )
                .await;
        }
        let (batch_route, mut replies) = Route::channel(self.server.limits.outbound_capacity);
        let gathered = route.clone();
        // A member that is no message gets its error in the batch reply (JSON-RPC 2.0 §6). Its
        // error has no id, which `peek` does not count as a response, so it is put in the
        // reply here rather than sent on `batch_route` (it went out alone, before the array).
        let mut messages = Vec::with_capacity(members.len());
        let mut invalid = Vec::new();
        for member in members {
            match JSONRPCMessage::from_value(member) {
                Ok(message) => messages.push(message),
                Err(error) => match serde_json::to_string(&error.to_response()) {
                    Ok(line) => invalid.push(line),
                    Err(e) => tracing::debug!(error = %e, "could not encode an error response"),
                },
            }
        }
        self.tasks.spawn(async move {
            let mut responses = invalid;
            while let Some(line) = replies.recv().await {
                if matches!(peek(&line), Peeked::Response(_)) {
                    responses.push(line);
                } else if gathered.send_line(line).await.is_err() {
                    return;
                }
            }
            if !responses.is_empty() {
                let _ = gathered
                    .send_line(format!("[{}]", responses.join(",")))
                    .await;
            }
        });
        for message in messages {
            self.on_message(message, batch_route.clone()).await;
        }
    }
}
