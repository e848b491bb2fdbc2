//~ ERROR E0521
// The token cannot be stored in the handler: the handler is `'static` and outlives every
// request, so a slot in it can only hold an `InFlight<'static>`, which no request ever has.
use std::sync::Mutex;

use tether_mcp::prelude::*;

struct Stash {
    saved: Mutex<Option<InFlight<'static>>>,
}

impl ServerHandler for Stash {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        *self.saved.lock().unwrap() = Some(cx);
        Ok(CallToolResult::default())
    }
}

fn main() {}
