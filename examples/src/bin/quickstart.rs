//! The README's "A server in 20 lines", verbatim: one tool, `deploy`, that asks the user to
//! confirm (a nested `elicitation/create` for a legacy client, a Multi Round-Trip round for a
//! 2026-07-28 client). `cargo run -p tether-mcp-examples --bin demo` drives it in both eras.
//!
//! The code below is the README's block character for character, so rustfmt leaves it as is.
#![cfg_attr(rustfmt, rustfmt::skip)]

use tether_mcp::prelude::*;

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm { yes: bool }

struct Deployer;

#[tether_mcp::tools]
impl ServerHandler for Deployer {
    /// Deploys the service once the user confirms.
    #[tool]
    async fn deploy(&self, cx: InFlight<'_>) -> Result<&'static str, ToolError> {
        // Borrowed from `cx`: this ask cannot outlive the request it belongs to.
        match cx.elicitation()?.form::<Confirm>("Deploy?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok("deployed"),
            _ => Ok("not deployed"),
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    Server::new(Deployer).serve_stdio().await
}
