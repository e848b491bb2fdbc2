// Several asks in flight at once, inside the handler: `tokio::join!` of an elicitation and a
// sampling ask (one MRTR round on a modern peer, two nested requests on a legacy one), and
// `tokio::select!` of an ask against cancellation (the losing ask is dropped, so withdrawn).
// `main` drives the handler against a scripted client.
use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::testing::{ScriptedClient, with_in_flight};

#[derive(serde::Deserialize, JsonSchema)]
struct Confirm {
    yes: bool,
}

struct Both;

impl ServerHandler for Both {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let elicitation = cx.elicitation()?;
        let sampling = cx.sampling()?;
        let (answer, reply) = tokio::join!(
            elicitation.form::<Confirm>("Go ahead?"),
            sampling.create_message(CreateMessageRequestParams {
                max_tokens: 10,
                ..Default::default()
            }),
        );
        let go = matches!(answer?, Answer::Accepted(Confirm { yes: true }));
        let model = reply?.model;

        let roots = tokio::select! {
            roots = cx.roots()?.list() => roots?.roots.len(),
            () = cx.cancelled() => return Err(RequestError::Cancelled.into()),
        };

        let (again, more) = tokio::try_join!(cx.roots()?.list(), cx.roots()?.list())?;
        let total = roots + again.roots.len() + more.roots.len();
        Ok(CallToolResult {
            content: vec![ContentBlock::text(format!("{go} {model} {total}"))],
            ..Default::default()
        })
    }
}

#[tokio::main]
async fn main() {
    let roots = json!({"roots": [{"uri": "file:///a"}]});
    let client = ScriptedClient::new()
        .with_capabilities(ClientCapabilities {
            elicitation: Some(Default::default()),
            sampling: Some(Default::default()),
            roots: Some(Default::default()),
            ..Default::default()
        })
        .answer(
            "elicitation/create",
            json!({"action": "accept", "content": {"yes": true}}),
        )
        .answer(
            "sampling/createMessage",
            json!({"role": "assistant", "content": {"type": "text", "text": "hi"}, "model": "m"}),
        )
        .answer("roots/list", roots.clone())
        .answer("roots/list", roots.clone())
        .answer("roots/list", roots);
    let result = with_in_flight(client, async |cx| {
        Both.call_tool(CallToolRequestParams::default(), cx).await
    })
    .await
    .expect("the handler succeeds");
    assert_eq!(result.content, vec![ContentBlock::text("true m 3")]);
}
