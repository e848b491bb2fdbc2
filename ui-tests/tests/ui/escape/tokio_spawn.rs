//~ ERROR E0521
// The token cannot move onto a `'static` task: `tokio::spawn` outlives the request, and an ask
// made from there would not belong to any client request (SEP-2260).
use tether_mcp::prelude::*;

struct Background;

impl ServerHandler for Background {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        tokio::spawn(async move {
            let roots = cx.roots()?.list().await?;
            Ok::<_, ToolError>(roots)
        });
        Ok(CallToolResult::default())
    }
}

fn main() {}
