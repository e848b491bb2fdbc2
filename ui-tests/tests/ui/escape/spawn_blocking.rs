//~ ERROR E0521
// The token cannot move onto the blocking pool: `spawn_blocking` needs `'static`.
use tether_mcp::prelude::*;

struct Blocking;

impl ServerHandler for Blocking {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let id = tokio::task::spawn_blocking(move || cx.call_id()).await;
        drop(id);
        Ok(CallToolResult::default())
    }
}

fn main() {}
