//~ ERROR future cannot be sent between threads safely
// Handler futures must be `Send`: a `std::sync::MutexGuard` held across an ask's `.await`
// makes the whole handler `!Send`. Drop the guard (end its block) before awaiting.
use std::sync::Mutex;

use tether_mcp::prelude::*;

struct Counter {
    asked: Mutex<u64>,
}

impl ServerHandler for Counter {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let mut asked = self.asked.lock().unwrap();
        *asked += 1;
        let roots = cx.roots()?.list().await?;
        drop(asked);
        drop(roots);
        Ok(CallToolResult::default())
    }
}

fn main() {}
