//~ ERROR E0277
// A context that cannot ask cannot be converted into one that can: there is no
// `From<RequestCx>` for `InFlight`.
use tether_mcp::prelude::*;

struct Upgrade;

impl ServerHandler for Upgrade {
    async fn list_tools(
        &self,
        _params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        let cx: InFlight<'_> = cx.into();
        let _ = cx.roots();
        Ok(ListToolsResult::default())
    }
}

fn main() {}
