//~ ERROR gets the request's token as `cx: InFlight<'_>`
// A tool that asks the client (elicitation, sampling, roots) takes `InFlight<'_>`: the narrow
// `RequestCx` of list handlers has no asks.
use tether_mcp::prelude::*;

struct Ops;

#[tether_mcp::tools]
impl ServerHandler for Ops {
    /// Deploys.
    #[tool]
    async fn deploy(&self, cx: RequestCx<'_>) -> String {
        let _ = cx;
        "deployed".into()
    }
}

fn main() {}
