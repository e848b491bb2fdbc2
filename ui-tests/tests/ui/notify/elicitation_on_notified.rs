//~ ERROR E0599
// A notification handler's context has no capability views: nothing can ask the client from
// `on_initialized`.
use tether_mcp::prelude::*;

struct Greeter;

impl ServerHandler for Greeter {
    async fn on_initialized(&self, cx: Notified<'_>) {
        let _ = cx.elicitation();
    }
}

fn main() {}
