//! Settings of the Streamable HTTP service.

use std::time::Duration;

/// Settings of the Streamable HTTP service: DNS-rebinding protection, stream keep-alives and
/// legacy sessions. Message size and concurrency come from the server's
/// [`Limits`](crate::Limits).
///
/// ```
/// use std::time::Duration;
/// use tether_mcp::transport::http::HttpConfig;
/// let config = HttpConfig::default()
///     .allow_host("mcp.example.com")
///     .session_idle_timeout(Duration::from_secs(600));
/// assert!(config.allows_host("mcp.example.com:443"));
/// assert!(config.allows_host("localhost:3000"));
/// assert!(!config.allows_host("evil.example"));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HttpConfig {
    allowed_hosts: Option<Vec<String>>,
    /// How often an idle SSE stream gets a `: keep-alive` comment (default 15 s).
    pub keep_alive: Duration,
    /// How long a legacy session may stay unused before it is ended (default 30 minutes).
    pub session_idle_timeout: Duration,
    /// Legacy sessions open at once (default 1024); past it `initialize` is answered 503.
    pub max_sessions: usize,
    /// 2026-07-28 `subscriptions/listen` streams open at once on this endpoint (default 1024).
    /// They are counted apart from the request slots of
    /// [`Limits::max_concurrent_requests`](crate::Limits::max_concurrent_requests), so open
    /// streams never keep calls waiting; past the limit a listen is answered 503 with -32600
    /// naming it.
    pub max_listens: usize,
    /// How long a client may take to send a request's head, its request line and headers
    /// (default 30 s), when served by [`serve`](fn@super::serve): a connection that trickles
    /// bytes to hold itself open (a slow-header attack) is closed after it. A server that
    /// mounts the service in its own hyper or axum setup configures this there.
    pub header_read_timeout: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            allowed_hosts: Some(vec![
                "localhost".to_owned(),
                "127.0.0.1".to_owned(),
                "[::1]".to_owned(),
            ]),
            keep_alive: Duration::from_secs(15),
            session_idle_timeout: Duration::from_secs(30 * 60),
            max_sessions: 1024,
            max_listens: 1024,
            header_read_timeout: Duration::from_secs(30),
        }
    }
}

impl HttpConfig {
    /// Also accepts requests whose `Host` (and `Origin`, when present) names `host` (any port).
    /// By default only `localhost`, `127.0.0.1` and `[::1]` are accepted, which protects a
    /// local server against DNS rebinding. `Origin: null` (sandboxed iframes, `file:` pages)
    /// is refused unless allowed with `allow_host("null")` or
    /// [`allow_any_host`](Self::allow_any_host).
    pub fn allow_host(mut self, host: impl Into<String>) -> Self {
        let host = host.into().to_ascii_lowercase();
        self.allowed_hosts.get_or_insert_with(Vec::new).push(host);
        self
    }

    /// Accepts any `Host` and `Origin`: for a server behind a proxy that checks them itself.
    pub fn allow_any_host(mut self) -> Self {
        self.allowed_hosts = None;
        self
    }

    /// See [`session_idle_timeout`](Self::session_idle_timeout).
    pub fn session_idle_timeout(mut self, timeout: Duration) -> Self {
        self.session_idle_timeout = timeout;
        self
    }

    /// See [`max_listens`](Self::max_listens).
    pub fn max_listens(mut self, streams: usize) -> Self {
        self.max_listens = streams;
        self
    }

    /// See [`header_read_timeout`](Self::header_read_timeout).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// See [`keep_alive`](Self::keep_alive).
    pub fn keep_alive(mut self, every: Duration) -> Self {
        self.keep_alive = every;
        self
    }

    /// Whether `authority` (`host` or `host:port`) is an accepted host.
    pub fn allows_host(&self, authority: &str) -> bool {
        let Some(allowed) = &self.allowed_hosts else {
            return true;
        };
        let authority = authority.trim();
        let host = if authority.starts_with('[') {
            authority
                .find(']')
                .map_or(authority, |end| &authority[..=end])
        } else {
            authority.rsplit_once(':').map_or(authority, |(h, _)| h)
        };
        allowed.iter().any(|a| a.eq_ignore_ascii_case(host))
    }
}
