//! The server the official MCP conformance suite tests: every fixture its server scenarios call
//! (`tether_mcp_examples::conformance`), both protocol eras on one Streamable HTTP endpoint,
//! `http://127.0.0.1:$PORT/mcp` (`PORT` from the environment, default 3000).
//!
//! `scripts/conformance` builds it, starts it and runs the suite against it.

use tether_mcp::transport::http::{self, HttpConfig};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tether_mcp_examples::listener::from_env(3000).await?;
    eprintln!(
        "conformance-server listening on http://127.0.0.1:{}/mcp",
        listener.local_addr()?.port()
    );
    let server = tether_mcp_examples::conformance::server();
    let service = server.streamable_http(HttpConfig::default());
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    http::serve(listener, service, ctrl_c).await
}
