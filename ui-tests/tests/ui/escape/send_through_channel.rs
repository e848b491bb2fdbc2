//~ ERROR E0521
// The token cannot be handed to a background worker through a channel: the channel's item type
// must be `'static`, and the token is not.
use tether_mcp::prelude::*;
use tokio::sync::mpsc::UnboundedSender;

struct ToWorker {
    worker: UnboundedSender<InFlight<'static>>,
}

impl ServerHandler for ToWorker {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let _ = self.worker.send(cx);
        Ok(CallToolResult::default())
    }
}

fn main() {}
