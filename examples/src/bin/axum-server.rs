//! The example server mounted in an axum router: the Streamable HTTP service is an ordinary
//! `tower::Service`, so it sits at `/mcp` beside the application's own routes, and tower-http
//! layers (CORS, tracing, auth) wrap it like any other.
//!
//! `PORT=3000 cargo run -p tether-mcp-examples --bin axum-server`, then point an MCP client at
//! `http://127.0.0.1:3000/mcp`; `GET /health` answers `ok`.

use tether_mcp_examples::axum_app::router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tether_mcp_examples::listener::from_env(3000).await?;
    println!("listening http://{}/mcp", listener.local_addr()?);
    axum::serve(listener, router())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
