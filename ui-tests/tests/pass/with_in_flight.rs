// The test harness round trip: code that takes `&InFlight<'_>` runs against a scripted client,
// and what comes out of the closure is owned data.
use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::testing::{ScriptedClient, with_in_flight};

async fn first_root(cx: &InFlight<'_>) -> Result<Option<String>, ToolError> {
    let roots = cx.roots()?.list().await?;
    Ok(roots.roots.into_iter().next().map(|r| r.uri))
}

#[tokio::main]
async fn main() {
    let client = ScriptedClient::new()
        .with_capabilities(ClientCapabilities {
            roots: Some(Default::default()),
            ..Default::default()
        })
        .answer("roots/list", json!({"roots": [{"uri": "file:///work"}]}));
    let uri = with_in_flight(client, async |cx| first_root(&cx).await)
        .await
        .expect("scripted answer");
    assert_eq!(uri.as_deref(), Some("file:///work"));

    // Without the capability the view is refused before anything is sent.
    let missing = with_in_flight(ScriptedClient::new(), async |cx| cx.roots().is_err()).await;
    assert!(missing);
}
