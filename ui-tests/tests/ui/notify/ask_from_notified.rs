//~ ERROR E0277
// A notification is not a request: a helper that asks the client cannot be called with a
// notification handler's context.
use tether_mcp::prelude::*;

async fn roots_count(cx: &impl ClientRequester) -> Result<usize, ToolError> {
    Ok(cx.roots()?.list().await?.roots.len())
}

struct Eager;

impl ServerHandler for Eager {
    async fn on_initialized(&self, cx: Notified<'_>) {
        let _ = roots_count(&cx).await;
    }
}

fn main() {}
