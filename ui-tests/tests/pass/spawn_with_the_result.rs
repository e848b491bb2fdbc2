// The fix for E0521/E0597 on `tokio::spawn`: ask first, inside the handler, then move the
// *answer* (owned data) onto the task or the blocking pool.
use tether_mcp::prelude::*;

struct Indexer;

impl ServerHandler for Indexer {
    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let roots = cx.roots()?.list().await?;
        let uris: Vec<String> = roots.roots.into_iter().map(|r| r.uri).collect();

        let for_task = uris.clone();
        tokio::spawn(async move {
            for uri in for_task {
                let _ = uri.len();
            }
        });
        let longest = tokio::task::spawn_blocking(move || uris.iter().map(String::len).max())
            .await
            .map_err(|e| ToolError::execution(e.to_string()))?;

        Ok(CallToolResult {
            content: vec![ContentBlock::text(format!("{longest:?}"))],
            ..Default::default()
        })
    }
}

fn main() {
    let _server = Server::new(Indexer);
}
