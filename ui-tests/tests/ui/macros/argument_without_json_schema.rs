//~ ERROR cannot be a tool argument
// Every argument of a #[tool] method needs `Deserialize` (to read it) and `JsonSchema` (for the
// tool's input schema): derive both on the argument's type.
use tether_mcp::prelude::*;

#[derive(serde::Deserialize)]
struct Target {
    host: String,
}

struct Ops;

#[tether_mcp::tools]
impl ServerHandler for Ops {
    /// Pings a host.
    #[tool]
    async fn ping_host(&self, target: Target) -> String {
        target.host
    }
}

fn main() {}
