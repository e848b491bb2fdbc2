//~ ERROR E0382
// A token given away is gone: `InFlight` is not `Copy`, so after moving it into a helper the
// handler cannot ask with it again.
use tether_mcp::prelude::*;

struct Twice;

async fn consume(cx: InFlight<'_>) {
    let _ = cx.request_id();
}

impl ServerHandler for Twice {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        consume(cx).await;
        let roots = cx.roots()?.list().await?;
        drop(roots);
        Ok(CallToolResult::default())
    }
}

fn main() {}
