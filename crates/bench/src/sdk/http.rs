//! The three Streamable HTTP servers of scenarios 4, 5c and 6, each run alone in a child
//! process (`--serve tether|rmcp|hyper`, see [`crate::child`]) on 127.0.0.1 with an
//! OS-assigned port, on HTTP/1.1 with hyper's default connection settings:
//!
//! - **tether**: `Server::streamable_http(HttpConfig)` under `transport::http::serve`; tools
//!   `echo(text)` and `wait` (never answers).
//! - **rmcp**: `StreamableHttpService` with `LocalSessionManager`, `json_response` on (JSON for
//!   2026-07-28 requests; rmcp answers legacy session requests with SSE whatever the setting),
//!   legacy session mode on (rmcp serves requests naming 2026-07-28 statelessly on the same
//!   endpoint); the same two tools through `#[tool_router]`, the router built once and cloned
//!   into each service the factory makes.
//! - **hyper**: the 5c bound: a bare hyper service that parses the request with serde_json
//!   and writes the echo's JSON-RPC response (an `initialize` gets a fixed session id, a
//!   notification 202, DELETE 200), no MCP logic at all.
//!
//! Both SDKs get limits that never refuse the load: 4,096 running (and queued) requests for
//! tether (default 64 per connection), 4,096 legacy sessions (default 1,024); rmcp has no such
//! bounds by default.

use std::convert::Infallible;
use std::error::Error as StdError;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// `wait` calls running right now, in this process (reported with the child's stats).
pub(crate) static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Counts a running `wait` call for as long as it lives.
struct Waiting;

impl Waiting {
    fn enter() -> Self {
        WAITING.fetch_add(1, Ordering::Relaxed);
        Self
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Holds a request in flight forever (scenario 6's in-flight requests).
async fn wait_forever() -> String {
    let _waiting = Waiting::enter();
    std::future::pending::<()>().await;
    String::new()
}

/// Which server a child runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// tether-mcp's Streamable HTTP service.
    Tether,
    /// rmcp's `StreamableHttpService`.
    Rmcp,
    /// The bare hyper echo (5c).
    Hyper,
}

impl Kind {
    /// The name on the command line and in the report.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Tether => "tether",
            Self::Rmcp => "rmcp",
            Self::Hyper => "hyper",
        }
    }

    /// The kind a label names.
    pub(crate) fn parse(label: &str) -> Option<Self> {
        [Self::Tether, Self::Rmcp, Self::Hyper]
            .into_iter()
            .find(|k| k.label() == label)
    }
}

/// Serves `kind` on `listener` until the process ends.
pub(crate) async fn serve(kind: Kind, listener: TcpListener) -> std::io::Result<()> {
    match kind {
        Kind::Tether => tether::serve(listener).await,
        Kind::Rmcp => {
            let service = rmcp::service();
            accept(
                listener,
                hyper_util::service::TowerToHyperService::new(service),
            )
            .await
        }
        Kind::Hyper => accept(listener, hyper::service::service_fn(bare)).await,
    }
}

/// The accept loop rmcp's service and the bare echo run on: one task per connection, HTTP/1.1
/// with hyper's defaults (what tether's `serve` does, without its graceful shutdown), plus
/// `TCP_NODELAY` on each accepted socket.
async fn accept<S, B>(listener: TcpListener, service: S) -> std::io::Result<()>
where
    S: hyper::service::Service<Request<Incoming>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn StdError + Send + Sync>>,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    let builder = hyper::server::conn::http1::Builder::new();
    loop {
        let (stream, _) = listener.accept().await?;
        // Without it, rmcp's legacy SSE answers (written in several pieces) stall ~40 ms per
        // request on Nagle + delayed ACK (measured: 23 requests/s on one connection). tether's
        // `serve` sets it on every connection too.
        let _ = stream.set_nodelay(true);
        let connection = builder.serve_connection(TokioIo::new(stream), service.clone());
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}

/// The bare echo (5c): parse, answer, nothing else.
async fn bare(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let reply = |status: StatusCode, body: Bytes| {
        let mut response = Response::new(Full::new(body));
        *response.status_mut() = status;
        response
    };
    if request.method() == Method::DELETE {
        return Ok(reply(StatusCode::OK, Bytes::new()));
    }
    let Ok(body) = request.into_body().collect().await else {
        return Ok(reply(StatusCode::BAD_REQUEST, Bytes::new()));
    };
    let Ok(message) = serde_json::from_slice::<Value>(&body.to_bytes()) else {
        return Ok(reply(StatusCode::BAD_REQUEST, Bytes::new()));
    };
    let Some(id) = message.get("id") else {
        return Ok(reply(StatusCode::ACCEPTED, Bytes::new()));
    };
    let initialize = message.get("method").and_then(Value::as_str) == Some("initialize");
    let result = if initialize {
        json!({"protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
               "serverInfo": {"name": "bare-hyper", "version": "0"}})
    } else {
        let text = &message["params"]["arguments"]["text"];
        json!({"content": [{"type": "text", "text": text}], "isError": false})
    };
    let out = json!({"jsonrpc": "2.0", "id": id, "result": result});
    let bytes = serde_json::to_vec(&out).unwrap_or_default();
    let mut response = reply(StatusCode::OK, Bytes::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    if initialize {
        headers.insert("mcp-session-id", http::HeaderValue::from_static("bare"));
    }
    Ok(response)
}

/// tether-mcp's server.
mod tether {
    use tether_mcp::Limits;
    use tether_mcp::prelude::*;
    use tether_mcp::transport::http::HttpConfig;
    use tether_mcp::types::ServerCapabilities;
    use tokio::net::TcpListener;

    /// The HTTP benchmark server.
    struct HttpBench;

    #[tether_mcp::tools]
    impl ServerHandler for HttpBench {
        /// Returns its argument.
        #[tool]
        async fn echo(&self, text: String) -> String {
            text
        }

        /// Never answers.
        #[tool]
        async fn wait(&self) -> String {
            super::wait_forever().await
        }
    }

    pub(super) async fn serve(listener: TcpListener) -> std::io::Result<()> {
        let mut limits = Limits::default();
        limits.max_concurrent_requests = 4096;
        limits.max_queued_requests = 4096;
        let server = Server::builder(HttpBench)
            .capabilities(ServerCapabilities {
                tools: Some(Default::default()),
                ..Default::default()
            })
            .limits(limits)
            .build();
        let mut config = HttpConfig::default();
        config.max_sessions = 4096;
        let service = server.streamable_http(config);
        tether_mcp::transport::http::serve(listener, service, std::future::pending()).await
    }
}

/// rmcp's server.
mod rmcp {
    use std::sync::Arc;

    use ::rmcp::handler::server::router::tool::ToolRouter;
    use ::rmcp::handler::server::wrapper::Parameters;
    use ::rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
    use ::rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService,
    };
    use ::rmcp::{ServerHandler, tool, tool_handler, tool_router};

    /// `echo`'s arguments.
    #[derive(serde::Deserialize, schemars::JsonSchema)]
    struct EchoArgs {
        text: String,
    }

    /// The HTTP benchmark server.
    #[derive(Clone)]
    pub(super) struct HttpBench {
        tool_router: ToolRouter<Self>,
    }

    #[tool_router]
    impl HttpBench {
        fn new() -> Self {
            Self {
                tool_router: Self::tool_router(),
            }
        }

        /// Returns its argument.
        #[tool(description = "Returns its argument.")]
        async fn echo(&self, Parameters(EchoArgs { text }): Parameters<EchoArgs>) -> String {
            text
        }

        /// Never answers.
        #[tool(description = "Never answers.")]
        async fn wait(&self) -> String {
            super::wait_forever().await
        }
    }

    #[tool_handler(router = self.tool_router)]
    impl ServerHandler for HttpBench {}

    /// The service: one prototype server cloned per request or session.
    pub(super) fn service() -> StreamableHttpService<HttpBench, LocalSessionManager> {
        let prototype = HttpBench::new();
        let config = StreamableHttpServerConfig::default().with_json_response(true);
        StreamableHttpService::new(
            move || Ok(prototype.clone()),
            Arc::new(LocalSessionManager::default()),
            config,
        )
    }
}
