//~ ERROR E0599
// `RequestCx` (tools/list, completion, subscribe, ...) has progress, logging and cancellation,
// but no capability views: those requests may not ask the client.
use tether_mcp::prelude::*;

struct Lister;

impl ServerHandler for Lister {
    async fn list_tools(
        &self,
        _params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        let _ = cx.sampling();
        Ok(ListToolsResult::default())
    }
}

fn main() {}
