// Any number of asks, built in the handler and driven by a `FuturesUnordered` that lives in the
// handler: answers arrive in any order, and every ask still belongs to the request.
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tether_mcp::prelude::*;
use tether_mcp::{Ask, MissingCapability};

struct Fanout;

fn ask_model<'a>(
    cx: &'a InFlight<'_>,
    prompt_tokens: u64,
) -> Result<Ask<'a, CreateMessageResult>, MissingCapability> {
    Ok(cx.sampling()?.create_message(CreateMessageRequestParams {
        max_tokens: prompt_tokens,
        ..Default::default()
    }))
}

impl ServerHandler for Fanout {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let mut pending = FuturesUnordered::new();
        for tokens in [10, 20, 30] {
            pending.push(ask_model(&cx, tokens)?);
        }
        let mut models = Vec::new();
        while let Some(reply) = pending.next().await {
            models.push(reply?.model);
        }
        models.sort();
        Ok(CallToolResult {
            content: vec![ContentBlock::text(models.join(","))],
            ..Default::default()
        })
    }
}

fn main() {
    let _server = Server::new(Fanout);
}
