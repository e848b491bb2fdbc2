//! The router of the `axum-server` example: the demo server's Streamable HTTP endpoint at `/mcp`
//! and an ordinary route at `/health`.

use axum::Router;
use axum::routing::get;
use tether_mcp::Server;
use tether_mcp::transport::http::HttpConfig;
use tether_mcp::types::{ListChangedCapability, ResourcesCapability, ServerCapabilities};

use crate::demo::Demo;

/// `/mcp` (both protocol eras) and `/health`.
pub fn router() -> Router {
    let server = Server::builder(Demo)
        .capabilities(ServerCapabilities {
            tools: Some(ListChangedCapability::default()),
            resources: Some(ResourcesCapability::default()),
            prompts: Some(ListChangedCapability::default()),
            completions: Some(Default::default()),
            ..Default::default()
        })
        .build();
    Router::new()
        .route_service("/mcp", server.streamable_http(HttpConfig::default()))
        .route("/health", get(|| async { "ok" }))
}
