//~ ERROR E0599
// A request token cannot be duplicated: `InFlight` is not `Clone`. Handlers take it by value, so
// `cx.clone()` cannot quietly clone a reference either.
use tether_mcp::prelude::*;

struct Twins;

impl ServerHandler for Twins {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let twin = cx.clone();
        drop((cx, twin));
        Ok(CallToolResult::default())
    }
}

fn main() {}
