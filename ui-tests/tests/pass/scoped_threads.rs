// CPU work on scoped threads inside a handler is fine: the threads borrow the request's data
// (even the parameters) and finish before the scope ends, while the asks stay in the handler's
// own task.
use tether_mcp::prelude::*;

struct Crunch;

fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().map(|&b| u64::from(b)).sum()
}

impl ServerHandler for Crunch {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let name = params.name.as_bytes();
        let (left, right) = name.split_at(name.len() / 2);
        let sum = std::thread::scope(|s| {
            let a = s.spawn(|| checksum(left));
            let b = s.spawn(|| checksum(right));
            a.join().unwrap_or(0) + b.join().unwrap_or(0)
        });
        let roots = cx.roots()?.list().await?;
        Ok(CallToolResult {
            content: vec![ContentBlock::text(format!("{sum} {}", roots.roots.len()))],
            ..Default::default()
        })
    }
}

fn main() {
    let _server = Server::new(Crunch);
}
