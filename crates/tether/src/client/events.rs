//! What the server tells the client outside any call's response: notifications, and the
//! requests a 2026-07-28 server must not send.

use tether_mcp_types::{RequestId, ServerNotification};

/// An event of the connection, from [`Client::events`](super::Client::events).
///
/// Progress notifications go to the call that asked for them and listen-stream notifications
/// to their [`Listen`](super::Listen); everything else the server sends arrives here.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ClientEvent {
    /// A server notification: list changes, resource updates, log messages, URL elicitation
    /// completions, task status.
    Notification(Box<ServerNotification>),
    /// The server sent a request on a 2026-07-28 connection, where servers send none. It was
    /// not answered (on 2026-07-28 stdio a client writes no responses).
    UnexpectedRequest {
        /// The request's method.
        method: String,
        /// The request's id.
        id: RequestId,
    },
    /// The connection closed.
    Closed {
        /// Why, when known.
        reason: String,
    },
}
