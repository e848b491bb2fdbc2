//! The handler of the `stdio-server` example, shared with the test suites that drive it (the
//! in-memory suite wraps it with extra tools that exercise the dispatcher's guards).

use std::time::Duration;

use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::types::{
    Role, SamplingContent, SamplingMessage, SamplingMessageContentBlock, TextContent,
};

/// What the `deploy` tool asks the user.
#[derive(Debug, serde::Deserialize, JsonSchema)]
pub struct Confirm {
    /// Deploy now?
    pub confirm: bool,
}

/// The demo server: `add`, `deploy` (elicitation), `summarize` (sampling), `roots`, `slow`
/// (progress and cancellation).
#[derive(Debug, Default)]
pub struct Demo;

/// A tool result with one text block.
pub fn text(s: impl Into<String>) -> CallToolResult {
    CallToolResult {
        content: vec![ContentBlock::text(s)],
        ..Default::default()
    }
}

fn tool(name: &str, description: &str, properties: serde_json::Value) -> Tool {
    let schema = json!({"type": "object", "properties": properties});
    Tool {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        input_schema: serde_json::from_value(schema).unwrap_or_default(),
        ..Default::default()
    }
}

fn number(params: &CallToolRequestParams, key: &str) -> Result<f64, ToolError> {
    params
        .arguments
        .as_ref()
        .and_then(|a| a.get(key))
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| ToolError::invalid_arguments(format!("`{key}` must be a number")))
}

impl ServerHandler for Demo {
    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        let number = json!({"type": "number"});
        Ok(ListToolsResult {
            tools: vec![
                tool(
                    "add",
                    "Adds two numbers.",
                    json!({"a": number, "b": number}),
                ),
                tool(
                    "deploy",
                    "Deploys after asking the user to confirm.",
                    json!({}),
                ),
                tool(
                    "summarize",
                    "Asks the client's model for a one-line summary.",
                    json!({"text": {"type": "string"}}),
                ),
                tool("roots", "Lists the client's roots.", json!({})),
                tool(
                    "slow",
                    "Counts to `steps`, reporting progress; stops when cancelled.",
                    json!({"steps": number}),
                ),
            ],
            ..Default::default()
        })
    }

    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        match params.name.as_str() {
            "add" => Ok(text(
                (number(&params, "a")? + number(&params, "b")?).to_string(),
            )),
            "deploy" => match cx
                .elicitation()?
                .form::<Confirm>("Deploy to production?")
                .await?
            {
                Answer::Accepted(Confirm { confirm: true }) => Ok(text("deployed")),
                Answer::Accepted(_) | Answer::Declined | Answer::Cancelled => {
                    Ok(text("not deployed"))
                }
            },
            "summarize" => {
                let input = params
                    .arguments
                    .as_ref()
                    .and_then(|a| a.get("text"))
                    .and_then(|t| t.as_str())
                    .unwrap_or_default();
                let request = CreateMessageRequestParams {
                    messages: vec![SamplingMessage {
                        role: Role::User,
                        content: SamplingContent::Single(SamplingMessageContentBlock::Text(
                            TextContent::new(format!("Summarize in one line: {input}")),
                        )),
                        meta: None,
                        extra: Default::default(),
                    }],
                    max_tokens: 100,
                    ..Default::default()
                };
                let reply = cx.sampling()?.create_message(request).await?;
                let summary = match reply.content {
                    SamplingContent::Single(SamplingMessageContentBlock::Text(t)) => t.text,
                    _ => "(no text)".to_owned(),
                };
                Ok(text(summary))
            }
            "roots" => {
                let roots = cx.roots()?.list().await?;
                Ok(text(
                    roots
                        .roots
                        .iter()
                        .map(|r| r.uri.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ))
            }
            "slow" => {
                let steps = number(&params, "steps")? as u32;
                for step in 1..=steps {
                    tokio::select! {
                        () = cx.cancelled() => return Err(ToolError::execution("cancelled")),
                        () = tokio::time::sleep(Duration::from_millis(50)) => {}
                    }
                    cx.progress(
                        f64::from(step),
                        Some(f64::from(steps)),
                        Some(format!("step {step}")),
                    )
                    .await?;
                }
                Ok(text(format!("counted to {steps}")))
            }
            other => Err(ToolError::unknown_tool(other)),
        }
    }
}
