//~ ERROR E0597
// An ask borrows the token: spawning the `Ask` future itself would send the request from a task
// that outlives the client request.
use tether_mcp::prelude::*;

struct Background;

impl ServerHandler for Background {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let ask = cx
            .sampling()?
            .create_message(CreateMessageRequestParams::default());
        tokio::spawn(ask);
        Ok(CallToolResult::default())
    }
}

fn main() {}
