//! A first end-to-end check over the in-memory transport.

use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::prelude::*;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm {
    yes: bool,
}

struct Deployer;

impl ServerHandler for Deployer {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let answer: Answer<Confirm> = cx.elicitation()?.form::<Confirm>("Deploy?").await?;
        let text = match answer {
            Answer::Accepted(Confirm { yes: true }) => format!("{} deployed", params.name),
            _ => "not deployed".to_owned(),
        };
        Ok(CallToolResult {
            content: vec![ContentBlock::text(text)],
            ..Default::default()
        })
    }
}

#[tokio::test]
async fn initialize_then_a_tool_that_elicits() {
    let (server_side, client_side) = tether_mcp::transport::memory::duplex(64 * 1024);
    let server = Server::new(Deployer);
    let connection = server.spawn(server_side);
    let (read, mut write) = tokio::io::split(client_side);
    let mut lines = BufReader::new(read).lines();
    let mut send = async |v: Value| {
        write.write_all(format!("{v}\n").as_bytes()).await.unwrap();
    };
    send(json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"1"}}})).await;
    let init: Value = serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
    assert_eq!(init["result"]["protocolVersion"], "2025-06-18");
    send(json!({"jsonrpc":"2.0","method":"notifications/initialized"})).await;
    send(json!({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"prod"}})).await;
    let ask: Value = serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
    assert_eq!(ask["method"], "elicitation/create");
    assert_eq!(
        ask["params"]["requestedSchema"]["properties"]["yes"]["type"],
        "boolean"
    );
    assert!(
        ask["params"].get("mode").is_none(),
        "2025-06-18 has no mode: {ask}"
    );
    send(
        json!({"jsonrpc":"2.0","id":ask["id"],"result":{"action":"accept","content":{"yes":true}}}),
    )
    .await;
    let done: Value = tokio::time::timeout(Duration::from_secs(5), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .map(|l| serde_json::from_str(&l).unwrap())
        .unwrap();
    assert_eq!(done["id"], 2);
    assert_eq!(done["result"]["content"][0]["text"], "prod deployed");
    drop(lines);
    assert!(connection.session().protocol_version().is_some());
}
