//~ ERROR E0277
// The storable `Notifier` sends notifications, never requests: it cannot stand in for a token.
use tether_mcp::prelude::*;

async fn roots_count(cx: &impl ClientRequester) -> Result<usize, ToolError> {
    Ok(cx.roots()?.list().await?.roots.len())
}

async fn background(notifier: Notifier) {
    notifier.tools_list_changed();
    let _ = roots_count(&notifier).await;
}

fn main() {
    let _ = background;
}
