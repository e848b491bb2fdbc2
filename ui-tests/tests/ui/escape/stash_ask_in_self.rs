//~ ERROR E0597
// An ask cannot be stored in the handler to be awaited later: it borrows the token, which dies
// with the request.
use std::sync::Mutex;

use tether_mcp::Ask;
use tether_mcp::prelude::*;

struct Later {
    pending: Mutex<Option<Ask<'static, ListRootsResult>>>,
}

impl ServerHandler for Later {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let ask = cx.roots()?.list();
        *self.pending.lock().unwrap() = Some(ask);
        Ok(CallToolResult::default())
    }
}

fn main() {}
