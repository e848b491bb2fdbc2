//~ ERROR unused `Ask` that must be used
// An ask sends nothing until it is awaited: building one and dropping it is a bug, and
// `unused_must_use` (denied here, as in a strict crate) says so.
#![deny(unused_must_use)]

use tether_mcp::prelude::*;

struct Forgetful;

impl ServerHandler for Forgetful {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        cx.roots()?.list();
        Ok(CallToolResult::default())
    }
}

fn main() {}
