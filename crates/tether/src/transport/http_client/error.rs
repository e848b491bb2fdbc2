//! `HttpClientError`: what can go wrong talking Streamable HTTP to a server.

/// How many characters of an unexpected response body an error quotes.
const SNIPPET_CHARS: usize = 200;

/// A Streamable HTTP exchange that failed below JSON-RPC: the server's JSON-RPC errors are
/// messages, not these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpClientError {
    /// A header given to [`StreamableHttpClient::header`](super::StreamableHttpClient::header),
    /// or computed for a request, is not a valid HTTP header.
    #[error("invalid HTTP header `{name}`: {reason}")]
    InvalidHeader {
        /// The header's name.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The request could not be sent or its response not read (connection refused, reset, ...).
    #[error("HTTP {method} {url} failed: {message}")]
    Connection {
        /// `POST`, `GET` or `DELETE`.
        method: &'static str,
        /// The endpoint.
        url: String,
        /// The error and its causes.
        message: String,
    },
    /// A status the exchange does not allow, with a body that is not a JSON-RPC message.
    #[error("HTTP {status} from the MCP endpoint: {body_snippet:?}")]
    Status {
        /// The status code.
        status: u16,
        /// The first characters of the body.
        body_snippet: String,
    },
    /// A successful response that is neither `application/json` nor `text/event-stream`.
    #[error(
        "HTTP {status} with content type {content_type:?}: expected application/json or text/event-stream"
    )]
    ContentType {
        /// The status code.
        status: u16,
        /// The `Content-Type` the server sent (empty if none).
        content_type: String,
    },
    /// HTTP 404 while in a session: the server ended it (or never knew it). The session id is
    /// forgotten; initialize a new session without one.
    #[error(
        "the MCP session `{session_id}` has expired or been terminated (HTTP 404): initialize a new one"
    )]
    SessionExpired {
        /// The id of the session that is gone.
        session_id: String,
    },
    /// The response stream ended before the response to the request, and cannot be resumed
    /// (the server gave no SSE event id).
    #[error("the response stream ended before the response to request {request_id}")]
    StreamEnded {
        /// The request's id.
        request_id: String,
    },
    /// Resuming a cut SSE response stream failed repeatedly.
    #[error(
        "gave up resuming the response stream of request {request_id} after {attempts} reconnections that delivered nothing (Last-Event-ID {last_event_id:?}): {last_error}"
    )]
    ResumeFailed {
        /// The request's id.
        request_id: String,
        /// The reconnections tried in a row.
        attempts: u32,
        /// The event id resumed from.
        last_event_id: String,
        /// What went wrong the last time.
        last_error: String,
    },
    /// An SSE body that is not valid UTF-8 or not valid SSE.
    #[error("invalid SSE stream: {0}")]
    Sse(String),
}

impl HttpClientError {
    pub(crate) fn connection(method: &'static str, url: &str, error: &reqwest::Error) -> Self {
        Self::Connection {
            method,
            url: url.to_owned(),
            message: super::error_chain(error),
        }
    }

    pub(crate) fn status(status: u16, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let mut body_snippet: String = text.chars().take(SNIPPET_CHARS).collect();
        if text.chars().nth(SNIPPET_CHARS).is_some() {
            body_snippet.push('…');
        }
        Self::Status {
            status,
            body_snippet,
        }
    }
}
