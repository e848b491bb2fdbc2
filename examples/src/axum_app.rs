//! The router of the `axum-server` example: the demo server's Streamable HTTP endpoint at `/mcp`
//! and an ordinary route at `/health`.

use axum::Router;
use axum::routing::get;
use tether_mcp::transport::http::HttpConfig;

use crate::demo;

/// `/mcp` (both protocol eras) and `/health`.
pub fn router() -> Router {
    let server = demo::server();
    Router::new()
        .route_service("/mcp", server.streamable_http(HttpConfig::default()))
        .route("/health", get(|| async { "ok" }))
}
