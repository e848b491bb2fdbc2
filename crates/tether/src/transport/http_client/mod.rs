//! The client side of Streamable HTTP (feature `http-client`): one MCP endpoint URL, every
//! client message its own POST, answers as one JSON body or an SSE stream.
//!
//! - 2026-07-28: stateless; `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` and
//!   `Mcp-Param-*` headers on every request; dropping a response stream cancels the call.
//! - 2025-03-26 … 2025-11-25: the `Mcp-Session-Id` the `initialize` response carries is echoed on
//!   every later request; an SSE response cut before its JSON-RPC response is resumed with a GET
//!   and `Last-Event-ID` after the server's `retry:` delay; the standalone GET stream carries the
//!   session's server notifications and requests; `DELETE` ends the session.
//!
//! Plain `http://` works without TLS; HTTPS needs the feature `http-client-tls`.

// The client engine that calls `post`, `standalone` and `end_session` is written separately;
// until it lands, only the tests use them.

mod error;
mod message_stream;
#[cfg(all(test, feature = "http"))]
pub(crate) mod mock;
mod outgoing;
pub(crate) mod param_headers;
mod standalone;

use std::sync::{Arc, Mutex, PoisonError};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use tether_mcp_types::ProtocolVersion;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

pub use error::HttpClientError;
pub(crate) use message_stream::MessageStream;
pub(crate) use outgoing::{Outgoing, Posted};

/// `MCP-Protocol-Version`.
const PROTOCOL_VERSION: &str = "mcp-protocol-version";
/// `Mcp-Session-Id`.
const SESSION_ID: &str = "mcp-session-id";
/// `Last-Event-ID`.
const LAST_EVENT_ID: &str = "last-event-id";
/// How many POSTs may be open at once unless [`StreamableHttpClient::max_concurrent_requests`]
/// says otherwise.
const DEFAULT_CONCURRENT_REQUESTS: usize = 32;

/// The client side of Streamable HTTP for one MCP endpoint URL.
///
/// Cloning is cheap and the clones share the session and the bound on concurrent requests.
///
/// ```
/// use tether_mcp::transport::http_client::StreamableHttpClient;
///
/// let client = StreamableHttpClient::new("http://127.0.0.1:3000/mcp")
///     .header("Authorization", "Bearer secret")?
///     .max_concurrent_requests(8);
/// assert_eq!(client.url(), "http://127.0.0.1:3000/mcp");
/// assert_eq!(client.session_id(), None);
/// # Ok::<(), tether_mcp::transport::http_client::HttpClientError>(())
/// ```
#[derive(Clone, Debug)]
pub struct StreamableHttpClient {
    pub(crate) http: reqwest::Client,
    pub(crate) url: Arc<str>,
    /// Sent on every request (authorization and the like).
    pub(crate) extra_headers: Arc<HeaderMap>,
    pub(crate) session: Arc<Mutex<Session>>,
    /// One permit per open POST, held until its [`MessageStream`] ends or is dropped.
    pub(crate) permits: Arc<Semaphore>,
}

/// The legacy session this client is in, if any.
#[derive(Debug, Default)]
pub(crate) struct Session {
    /// The `Mcp-Session-Id` the server gave.
    pub(crate) id: Option<String>,
    /// The protocol version of the latest request that named one (sent on `DELETE`).
    pub(crate) protocol_version: Option<ProtocolVersion>,
    /// Cancelled when the session ends: stops the standalone GET streams opened in it.
    pub(crate) ended: CancellationToken,
}

impl StreamableHttpClient {
    /// A client for the MCP endpoint at `url` (for example `http://127.0.0.1:3000/mcp`).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            url: Arc::from(url.into()),
            extra_headers: Arc::new(HeaderMap::new()),
            session: Arc::new(Mutex::new(Session::default())),
            permits: Arc::new(Semaphore::new(DEFAULT_CONCURRENT_REQUESTS)),
        }
    }

    /// Adds a header sent on every request (for example `Authorization`); a second call with
    /// the same name adds another value.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, HttpClientError> {
        let invalid = |reason: String| HttpClientError::InvalidHeader {
            name: name.to_owned(),
            reason,
        };
        let header_name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()))?;
        let header_value = HeaderValue::from_str(value).map_err(|e| invalid(e.to_string()))?;
        Arc::make_mut(&mut self.extra_headers).append(header_name, header_value);
        Ok(self)
    }

    /// Bounds the POSTs open at once (default 32; at least 1). A POST beyond the bound waits for
    /// an earlier response stream to end or be dropped.
    pub fn max_concurrent_requests(mut self, n: usize) -> Self {
        self.permits = Arc::new(Semaphore::new(n.clamp(1, Semaphore::MAX_PERMITS)));
        self
    }

    /// The MCP endpoint URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `Mcp-Session-Id` of the current legacy session, if the server gave one.
    pub fn session_id(&self) -> Option<String> {
        self.lock_session().id.clone()
    }

    pub(crate) fn lock_session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets the session (after a `DELETE`, or a 404 naming `only`, when given, so a newer
    /// session is kept), stopping its standalone streams. Returns the id it had.
    pub(crate) fn forget_session(&self, only: Option<&str>) -> Option<String> {
        let mut session = self.lock_session();
        if only.is_some() && session.id.as_deref() != only {
            return None;
        }
        session.ended.cancel();
        session.ended = CancellationToken::new();
        session.id.take()
    }

    /// A `GET` of the endpoint for an SSE stream: the standalone stream, or the resumption of a
    /// cut POST stream after `last_event_id`.
    pub(crate) fn sse_get(
        &self,
        protocol_version: Option<&ProtocolVersion>,
        last_event_id: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .get(&*self.url)
            .headers((*self.extra_headers).clone())
            .header(http::header::ACCEPT, "text/event-stream");
        if let Some(version) = protocol_version {
            request = request.header(PROTOCOL_VERSION, version.as_str());
        }
        if let Some(id) = self.session_id() {
            request = request.header(SESSION_ID, id);
        }
        if let Some(last) = last_event_id {
            request = request.header(LAST_EVENT_ID, last);
        }
        request
    }

    /// Ends the legacy session: `DELETE` with its `Mcp-Session-Id` if there is one, and stops
    /// its standalone streams. Errors are only logged (at debug): the session is forgotten
    /// either way.
    pub(crate) async fn end_session(&self) {
        let version = self.lock_session().protocol_version.clone();
        let Some(id) = self.forget_session(None) else {
            return;
        };
        let mut request = self
            .http
            .delete(&*self.url)
            .headers((*self.extra_headers).clone())
            .header(SESSION_ID, &id);
        if let Some(version) = version {
            request = request.header(PROTOCOL_VERSION, version.as_str());
        }
        match request.send().await {
            Ok(response) => {
                tracing::debug!(status = %response.status(), session = %id, "DELETE of the MCP session");
            }
            Err(error) => {
                tracing::debug!(error = %error_chain(&error), session = %id, "DELETE of the MCP session failed");
            }
        }
    }
}

/// An error and its sources, joined with `: ` (reqwest's own message hides the cause).
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The media type of a response without parameters, lowercase (`text/event-stream`).
pub(crate) fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}
