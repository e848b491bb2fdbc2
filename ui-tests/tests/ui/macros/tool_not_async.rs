//~ ERROR a #[tool] method must be an `async fn`
// Tools run as futures the dispatcher polls (and cancels): write them as `async fn`.
use tether_mcp::prelude::*;

struct Ops;

#[tether_mcp::tools]
impl ServerHandler for Ops {
    /// The status.
    #[tool]
    fn status(&self) -> String {
        "up".into()
    }
}

fn main() {}
