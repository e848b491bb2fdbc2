//~ ERROR unused `Answer` that must be used
// The user may decline or cancel an elicitation: an answer that is not looked at is a bug.
#![deny(unused_must_use)]

use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};

#[derive(serde::Deserialize, JsonSchema)]
struct Confirm {
    #[allow(dead_code)]
    yes: bool,
}

struct Hasty;

impl ServerHandler for Hasty {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        cx.elicitation()?.form::<Confirm>("Deploy?").await?;
        Ok(CallToolResult::default())
    }
}

fn main() {}
