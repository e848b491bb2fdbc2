//~ ERROR E0597
// A helper's future borrows the token it was given: spawning it would run the helper's asks
// after the request ended.
use tether_mcp::prelude::*;

async fn count_roots(cx: &impl ClientRequester) -> Result<usize, ToolError> {
    Ok(cx.roots()?.list().await?.roots.len())
}

struct Background;

impl ServerHandler for Background {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        tokio::spawn(count_roots(&cx));
        Ok(CallToolResult::default())
    }
}

fn main() {}
