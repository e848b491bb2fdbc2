//~ ERROR E0597
// A capability view borrows the token: moving an `Elicitation` onto a `'static` task would
// let the task ask after the request ended.
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};

#[derive(serde::Deserialize, JsonSchema)]
struct Confirm {
    yes: bool,
}

struct Background;

impl ServerHandler for Background {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let elicitation = cx.elicitation()?;
        tokio::spawn(async move {
            let answer = elicitation.form::<Confirm>("Deploy?").await;
            matches!(answer, Ok(Answer::Accepted(Confirm { yes: true })))
        });
        Ok(CallToolResult::default())
    }
}

fn main() {}
