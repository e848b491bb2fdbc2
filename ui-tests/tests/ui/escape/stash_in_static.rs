//~ ERROR E0521
// The token cannot be stored in a static: a static can only hold an `InFlight<'static>`.
use std::sync::{Mutex, OnceLock};

use tether_mcp::prelude::*;

static SLOT: OnceLock<Mutex<Option<InFlight<'static>>>> = OnceLock::new();

struct Global;

impl ServerHandler for Global {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let slot = SLOT.get_or_init(|| Mutex::new(None));
        *slot.lock().unwrap() = Some(cx);
        Ok(CallToolResult::default())
    }
}

fn main() {}
