// A handler that forwards to another one, as an `async fn` and as a hand-written `impl Future`,
// with plain elided lifetimes: the trait's futures capture both `&self` and the token.
use std::future::Future;

use tether_mcp::prelude::*;

struct Inner;
impl ServerHandler for Inner {}

struct Logged {
    inner: Inner,
}

impl ServerHandler for Logged {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let name = params.name.clone();
        let result = self.inner.call_tool(params, cx).await;
        let _ = (name, result.is_ok());
        result
    }

    fn get_prompt(
        &self,
        params: GetPromptRequestParams,
        cx: InFlight<'_>,
    ) -> impl Future<Output = Result<GetPromptResult, ServerError>> + Send {
        self.inner.get_prompt(params, cx)
    }
}

fn main() {
    let _ = Logged { inner: Inner };
}
