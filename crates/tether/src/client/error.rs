//! What can go wrong with a client call.

use std::time::Duration;

use tether_mcp_types::{ErrorObject, ProtocolVersion};

/// The error of a client call or of connecting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The server answered with a JSON-RPC error.
    #[error("the server answered {method} with error {}: {}", .error.code, .error.message)]
    Server {
        /// The method called.
        method: String,
        /// The error the server sent.
        error: Box<ErrorObject>,
    },
    /// No answer in time; the request was cancelled.
    #[error("{method} got no answer within {after:?} and was cancelled")]
    Timeout {
        /// The method called.
        method: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The connection to the server is closed (the server exited or the transport failed).
    #[error("the connection to the server is closed{}", .reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default())]
    Closed {
        /// What closed it, when known.
        reason: Option<String>,
    },
    /// The server's answer is not a valid result for the method.
    #[error("the server's answer to {method} is not a valid result: {detail}")]
    InvalidResult {
        /// The method called.
        method: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A 2026-07-28 call still needed input after the configured number of rounds.
    #[error(
        "{method} still needed input after {rounds} rounds (raise ClientBuilder::max_rounds if the server needs more)"
    )]
    TooManyRounds {
        /// The method called.
        method: String,
        /// The rounds made.
        rounds: u32,
    },
    /// The server asked for input this client has no handler for.
    #[error(
        "the server asked for {method}, which this client does not offer (register a handler for it)"
    )]
    NotOffered {
        /// The method of the server's request.
        method: String,
    },
    /// A client handler failed while answering an MRTR input request.
    #[error("the {method} handler failed with error {}: {}", .error.code, .error.message)]
    Handler {
        /// The method of the server's request.
        method: String,
        /// The handler's error.
        error: Box<ErrorObject>,
    },
    /// The method does not exist in the protocol revision in use.
    #[error("{method} does not exist in protocol revision {version}{}", .hint.map(|h| format!("; {h}")).unwrap_or_default())]
    NotInRevision {
        /// The method called.
        method: &'static str,
        /// The revision in use.
        version: ProtocolVersion,
        /// What to use instead.
        hint: Option<&'static str>,
    },
    /// The request's parameters could not be serialized into a JSON object.
    #[error("the parameters of {method} are not a JSON object: {detail}")]
    InvalidParams {
        /// The method called.
        method: String,
        /// What is wrong with them.
        detail: String,
    },
    /// Negotiating a protocol revision with the server failed.
    #[error("no common protocol revision: {0}")]
    Negotiation(String),
    /// The transport failed.
    #[error("transport: {0}")]
    Transport(String),
    /// Starting or talking to a child process failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl ClientError {
    /// The JSON-RPC error the server sent, if that is what this is.
    pub fn server_error(&self) -> Option<&ErrorObject> {
        match self {
            Self::Server { error, .. } => Some(error),
            _ => None,
        }
    }

    pub(crate) fn closed(reason: impl Into<String>) -> Self {
        Self::Closed {
            reason: Some(reason.into()),
        }
    }
}
