//! `sampling/createMessage` shaped for the client's revision, end to end: a tool samples with
//! audio and `tool_use` content and `tools` set, at every legacy revision, with and without the
//! client's `sampling.tools`. The peer validates the request against the revision's schema.

mod support;

use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::types::{
    AudioContent, CreateMessageRequestParams, IncludeContext, Role, SamplingContent,
    SamplingMessage, SamplingMessageContentBlock, ServerCapabilities, TextContent, Tool,
    ToolUseContent,
};

use support::{Peer, QUIET};

const LEGACY: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

struct Sampler;

fn text(s: impl Into<String>) -> CallToolResult {
    CallToolResult {
        content: vec![ContentBlock::text(s)],
        ..Default::default()
    }
}

fn with_tools() -> CreateMessageRequestParams {
    let input = json!({"city": "Paris"}).as_object().cloned().unwrap();
    CreateMessageRequestParams {
        messages: vec![
            SamplingMessage {
                role: Role::User,
                content: SamplingContent::Single(SamplingMessageContentBlock::Audio(
                    AudioContent {
                        data: "UklGRiQAAABXQVZF".into(),
                        mime_type: "audio/wav".into(),
                        ..Default::default()
                    },
                )),
                meta: None,
                extra: Default::default(),
            },
            SamplingMessage {
                role: Role::Assistant,
                content: SamplingContent::Multiple(vec![
                    SamplingMessageContentBlock::Text(TextContent::new("Checking.")),
                    SamplingMessageContentBlock::ToolUse(ToolUseContent {
                        id: "call_1".into(),
                        name: "get_weather".into(),
                        input,
                        ..Default::default()
                    }),
                ]),
                meta: None,
                extra: Default::default(),
            },
        ],
        max_tokens: 100,
        tools: Some(vec![Tool {
            name: "get_weather".into(),
            input_schema: json!({"type": "object"}).as_object().cloned().unwrap(),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

impl ServerHandler for Sampler {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let request = match params.name.as_str() {
            "sample" => with_tools(),
            "context" => CreateMessageRequestParams {
                include_context: Some(IncludeContext::ThisServer),
                ..Default::default()
            },
            other => return Err(ToolError::unknown_tool(other)),
        };
        match cx.sampling()?.create_message(request).await {
            Ok(result) => Ok(text(format!("model {}", result.model))),
            Err(RequestError::CapabilityNotDeclared(name)) => {
                Ok(text(format!("undeclared {name}")))
            }
            Err(other) => Err(other.into()),
        }
    }
}

fn connect() -> Peer {
    let server = Server::builder(Sampler)
        .capabilities(ServerCapabilities {
            tools: Some(Default::default()),
            ..Default::default()
        })
        .build();
    Peer::in_memory(&server)
}

fn answer() -> serde_json::Value {
    json!({"role": "assistant", "content": {"type": "text", "text": "sunny"}, "model": "m1"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sampling_with_tools_is_shaped_for_each_legacy_revision() {
    for rev in LEGACY {
        let mut peer = connect();
        peer.initialize(rev, json!({"sampling": {"tools": {}}}))
            .await;
        peer.call_tool(1, "sample", json!({})).await;
        // The peer has validated the request against `rev`'s schema.
        let (id, params) = peer.expect_request("sampling/createMessage").await;
        let messages = params["messages"].as_array().unwrap();
        let first = &messages[0]["content"];
        let second = &messages[1]["content"];
        if rev == "2024-11-05" {
            assert_eq!(
                *first,
                json!({"type": "text", "text": "[audio omitted: audio/wav, 12 bytes]"}),
                "{rev}"
            );
        } else {
            assert_eq!(first["type"], "audio", "{rev}: {params}");
        }
        if rev == "2025-11-25" {
            assert_eq!(second[1]["type"], "tool_use", "{rev}: {params}");
            assert_eq!(params["tools"][0]["name"], "get_weather", "{rev}");
        } else {
            assert_eq!(
                *second,
                json!({"type": "text", "text": "Checking.\n[tool use omitted: get_weather \
                       (id call_1), input {\"city\":\"Paris\"}]"}),
                "{rev}"
            );
            assert!(params.get("tools").is_none(), "{rev}: {params}");
        }
        peer.respond(&id, answer()).await;
        assert_eq!(peer.expect_tool_text(1).await, "model m1", "{rev}");
        peer.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tools_without_sampling_tools_fail_without_sending_at_each_legacy_revision() {
    for rev in LEGACY {
        let mut peer = connect();
        peer.initialize(rev, json!({"sampling": {}})).await;
        peer.call_tool(1, "sample", json!({})).await;
        // The tool's answer is the first and only message: no request was sent.
        assert_eq!(
            peer.expect_tool_text(1).await,
            "undeclared sampling.tools",
            "{rev}"
        );
        peer.expect_nothing_for(QUIET).await;
        peer.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn include_context_needs_sampling_context() {
    for rev in LEGACY {
        let mut peer = connect();
        peer.initialize(rev, json!({"sampling": {}})).await;
        peer.call_tool(1, "context", json!({})).await;
        assert_eq!(
            peer.expect_tool_text(1).await,
            "undeclared sampling.context",
            "{rev}"
        );
        peer.expect_nothing_for(QUIET).await;
        peer.finish().await;

        let mut peer = connect();
        peer.initialize(rev, json!({"sampling": {"context": {}}}))
            .await;
        peer.call_tool(1, "context", json!({})).await;
        let (id, params) = peer.expect_request("sampling/createMessage").await;
        assert_eq!(params["includeContext"], "thisServer", "{rev}");
        peer.respond(&id, answer()).await;
        assert_eq!(peer.expect_tool_text(1).await, "model m1", "{rev}");
        peer.finish().await;
    }
}
