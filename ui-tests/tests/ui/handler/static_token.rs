//~ ERROR E0308
// A handler cannot demand a `'static` token: every request's token lives only as long as that
// request, and the trait hands out a fresh lifetime per call.
use tether_mcp::prelude::*;

struct Forever;

impl ServerHandler for Forever {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'static>,
    ) -> Result<CallToolResult, ToolError> {
        let _ = cx;
        Ok(CallToolResult::default())
    }
}

fn main() {}
