//! The `stdio-server` example's server (`tether_mcp_examples::demo::Demo`, same tools,
//! resources, prompt and completions) over Streamable HTTP: both protocol eras on one endpoint,
//! `http://127.0.0.1:$PORT/mcp` (`PORT` from the environment; unset or `0` picks a free port).
//!
//! Once it listens it prints exactly one line on stdout, `listening http://127.0.0.1:<port>/mcp`,
//! so a test can read the port. Ctrl-C stops it gracefully: the requests in flight finish.
//!
//! Run it: `PORT=3000 cargo run -p tether-mcp-examples --bin http-server`.

use std::io::Write;

use tether_mcp::transport::http::{self, HttpConfig};
use tether_mcp_examples::{demo, listener};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = listener::from_env(0).await?;
    let port = listener.local_addr()?.port();
    let server = demo::server();
    let service = server.streamable_http(HttpConfig::default());
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening http://127.0.0.1:{port}/mcp")?;
        stdout.flush()?;
    }
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    http::serve(listener, service, ctrl_c).await
}
