//~ ERROR two tools are named `status`
// Tool names are unique within a server: a renamed method cannot take another tool's name.
use tether_mcp::prelude::*;

struct Ops;

#[tether_mcp::tools]
impl ServerHandler for Ops {
    /// The status.
    #[tool]
    async fn status(&self) -> String {
        "up".into()
    }

    /// Also the status.
    #[tool(name = "status")]
    async fn health(&self) -> String {
        "ok".into()
    }
}

fn main() {}
