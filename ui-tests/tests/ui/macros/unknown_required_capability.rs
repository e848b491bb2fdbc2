//~ ERROR a client capability is one of `elicitation`, `url_elicitation`, `sampling`, `roots`
// `requires(..)` names the client capabilities a declaration needs; the dispatcher refuses the
// request before the method runs when the client did not declare them.
use tether_mcp::prelude::*;

struct Ops;

#[tether_mcp::tools]
impl ServerHandler for Ops {
    /// Deploys once the user confirms.
    #[tool(requires(elicitations))]
    async fn deploy(&self) -> &'static str {
        "deployed"
    }
}

fn main() {}
