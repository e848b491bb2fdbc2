//~ ERROR E0521
// Sharing the token behind an `Arc` does not make it `'static`: the `Arc` still holds a value
// that borrows the request, so it cannot move onto a `'static` task either.
use std::sync::Arc;

use tether_mcp::prelude::*;

struct Background;

impl ServerHandler for Background {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let shared = Arc::new(cx);
        let for_task = Arc::clone(&shared);
        tokio::spawn(async move {
            let roots = for_task.roots()?.list().await?;
            Ok::<_, ToolError>(roots)
        });
        drop(shared);
        Ok(CallToolResult::default())
    }
}

fn main() {}
