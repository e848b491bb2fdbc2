// The fix for "future cannot be sent between threads safely": end the `MutexGuard`'s block
// before the ask's `.await` (or use `tokio::sync::Mutex` if the lock must span it).
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
        let count = {
            let mut asked = self.asked.lock().unwrap();
            *asked += 1;
            *asked
        };
        let roots = cx.roots()?.list().await?;
        Ok(CallToolResult {
            content: vec![ContentBlock::text(format!("{count} {}", roots.roots.len()))],
            ..Default::default()
        })
    }
}

fn main() {
    let _server = Server::new(Counter {
        asked: Mutex::new(0),
    });
}
