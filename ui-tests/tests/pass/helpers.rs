// Library helpers over the token: `&InFlight<'_>`, `&impl ClientRequester`, a generic bound,
// and a helper that returns an ask borrowing the token. Two helper calls can be joined (the
// token is `Sync`), and the handler's future stays `Send`.
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::{Ask, MissingCapability};

#[derive(serde::Deserialize, JsonSchema)]
struct Confirm {
    yes: bool,
}

async fn confirm(cx: &InFlight<'_>, message: &str) -> Result<bool, ToolError> {
    let answer = cx.elicitation()?.form::<Confirm>(message).await?;
    Ok(matches!(answer, Answer::Accepted(Confirm { yes: true })))
}

async fn root_count(cx: &impl ClientRequester) -> Result<usize, ToolError> {
    Ok(cx.roots()?.list().await?.roots.len())
}

async fn summarize<C>(cx: &C, max_tokens: u64) -> Result<String, ToolError>
where
    C: ClientRequester + ?Sized,
{
    let reply = cx
        .sampling()?
        .create_message(CreateMessageRequestParams {
            max_tokens,
            ..Default::default()
        })
        .await?;
    Ok(reply.model)
}

fn roots_of<'a>(
    cx: &'a impl ClientRequester,
) -> Result<Ask<'a, ListRootsResult>, MissingCapability> {
    Ok(cx.roots()?.list())
}

struct Helpful;

impl ServerHandler for Helpful {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        if !confirm(&cx, "Proceed?").await? {
            return Ok(CallToolResult::default());
        }
        let (count, model) = tokio::try_join!(root_count(&cx), summarize(&cx, 50))?;
        let again = roots_of(&cx)?.await?;
        Ok(CallToolResult {
            content: vec![ContentBlock::text(format!(
                "{count} {model} {}",
                again.roots.len()
            ))],
            ..Default::default()
        })
    }
}

fn main() {
    let _server = Server::new(Helpful);
}
