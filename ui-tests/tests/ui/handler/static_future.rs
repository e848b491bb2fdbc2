//~ ERROR lifetime may not live long enough
// A handler's future cannot be `'static` while it holds the token: the future lives no longer
// than the request.
use std::future::Future;

use tether_mcp::prelude::*;

struct Detached;

impl ServerHandler for Detached {
    fn call_tool<'req>(
        &'req self,
        _params: CallToolRequestParams,
        cx: InFlight<'req>,
    ) -> impl Future<Output = Result<CallToolResult, ToolError>> + Send + 'static {
        async move {
            let _ = cx.roots()?.list().await?;
            Ok(CallToolResult::default())
        }
    }
}

fn main() {}
