//! A stdio server with one tool per feature of the legacy era: a plain tool, a tool that asks
//! the user (elicitation), one that asks the client's model (sampling), one that lists the
//! client's roots, and a slow one that reports progress and stops when cancelled. It also
//! offers resources (paginated, and a URI template), a prompt, and argument completion.
//!
//! Run it under any MCP client: `cargo run -p tether-mcp-examples --bin stdio-server`.

use tether_mcp_examples::demo;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    demo::server().serve_stdio().await
}
