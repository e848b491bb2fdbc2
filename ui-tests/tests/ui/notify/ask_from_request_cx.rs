//~ ERROR E0277
// Only `tools/call`, `prompts/get` and `resources/read` may ask the client: the context of the
// other request handlers (`RequestCx`) cannot be passed to a helper that asks.
use tether_mcp::prelude::*;

async fn roots_count(cx: &impl ClientRequester) -> Result<usize, ToolError> {
    Ok(cx.roots()?.list().await?.roots.len())
}

struct Lister;

impl ServerHandler for Lister {
    async fn list_tools(
        &self,
        _params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        let _ = roots_count(&cx).await;
        Ok(ListToolsResult::default())
    }
}

fn main() {}
