//~ ERROR E0521
// The token cannot move onto an OS thread: `std::thread::spawn` needs `'static`.
use tether_mcp::prelude::*;

struct Threaded;

impl ServerHandler for Threaded {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        std::thread::spawn(move || {
            let _ = cx.sampling();
        });
        Ok(CallToolResult::default())
    }
}

fn main() {}
