//~ ERROR E0597
// Lending the token does not help: a `&InFlight` moved into a `'static` task still borrows a
// value that dies with the handler.
use tether_mcp::prelude::*;

struct Background;

impl ServerHandler for Background {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let lent = &cx;
        tokio::spawn(async move {
            let roots = lent.roots()?.list().await?;
            Ok::<_, ToolError>(roots)
        });
        Ok(CallToolResult::default())
    }
}

fn main() {}
