//! Logging end to end, a scripted-peer replica of the conformance scenario
//! `tools-call-with-logging`: before `logging/setLevel` every level passes (the tool's three
//! `info` logs all reach the client, before the response); after `logging/setLevel` to
//! `warning` the same call sends none. At every legacy revision.

mod support;

use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::types::{LoggingLevel, ServerCapabilities};

use support::{Kind, Peer, QUIET};

const LEGACY: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// `test_tool_with_logging`: three `info` logs during the call, then a text result.
struct Logging;

impl ServerHandler for Logging {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        if params.name != "test_tool_with_logging" {
            return Err(ToolError::unknown_tool(&params.name));
        }
        for step in [
            "Tool execution started",
            "Tool processing data",
            "Tool execution completed",
        ] {
            cx.log(LoggingLevel::Info, json!(step)).await?;
        }
        Ok(CallToolResult {
            content: vec![ContentBlock::text("done")],
            ..Default::default()
        })
    }
}

fn peer() -> Peer {
    let server = Server::builder(Logging)
        .capabilities(ServerCapabilities {
            tools: Some(Default::default()),
            logging: Some(Default::default()),
            ..Default::default()
        })
        .build();
    Peer::in_memory(&server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tools_call_with_logging_at_every_legacy_revision() {
    for version in LEGACY {
        let mut peer = peer();
        let init = peer.initialize(version, json!({})).await;
        assert!(
            init["capabilities"]["logging"].is_object(),
            "{version}: the server advertises `logging`: {init}"
        );

        // No `logging/setLevel` yet: everything passes.
        peer.call_tool(1, "test_tool_with_logging", json!({})).await;
        for expected in [
            "Tool execution started",
            "Tool processing data",
            "Tool execution completed",
        ] {
            let log = peer.expect_notification("notifications/message").await;
            assert_eq!(log["level"], "info", "{version}: {log}");
            assert_eq!(log["data"], expected, "{version}: {log}");
        }
        assert_eq!(peer.expect_tool_text(1).await, "done", "{version}");

        // After `logging/setLevel` to `warning`, `info` is filtered out.
        peer.request(
            json!(2),
            "logging/setLevel",
            Some(json!({"level": "warning"})),
        )
        .await;
        assert_eq!(peer.expect_response(2).await, json!({}), "{version}");
        peer.call_tool(3, "test_tool_with_logging", json!({})).await;
        let msg = peer.recv().await;
        assert!(
            msg.kind == Kind::Response && msg.id() == &json!(3),
            "{version}: expected only the response, got {}",
            msg.value
        );
        peer.expect_nothing_for(QUIET).await;
        peer.finish().await;
    }
}
