//! The handler the in-memory tests serve: the tools of the `stdio-server` example, with the same
//! behaviour (so the shared scenarios run against both), plus unlisted tools that exercise the
//! dispatcher's guards:
//!
//! - `race`: an elicitation raced against a 100 ms timer with `select!`; the timer wins unless
//!   the client answers at once, and the dropped ask is withdrawn.
//! - `after_cancel`: waits for `cancelled()`, then tries an ask, a progress notification and a
//!   log message, and reports what each returned on [`Reports`].
//! - `panic`: panics.
//! - `stubborn`: sleeps 30 s, ignoring cancellation.
//! - `guarded`: declares (`required_capabilities`) that it needs `elicitation`; counts its runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::types::{
    LoggingLevel, Role, SamplingContent, SamplingMessage, SamplingMessageContentBlock, TextContent,
};
use tether_mcp::{Answer, Target};
use tokio::sync::mpsc;

/// What the `deploy` tool asks the user.
#[derive(Debug, serde::Deserialize, JsonSchema)]
pub(crate) struct Confirm {
    /// Deploy now?
    pub(crate) confirm: bool,
}

/// What `after_cancel` saw when it tried to write after the cancellation.
#[derive(Debug)]
pub(crate) struct AfterCancel {
    /// The elicitation.
    pub(crate) ask: Result<(), RequestError>,
    /// `progress(..)`.
    pub(crate) progress: Result<(), RequestError>,
    /// `log(..)`.
    pub(crate) log: Result<(), RequestError>,
}

/// The receiving end of the handler's reports.
pub(crate) struct Reports {
    rx: mpsc::UnboundedReceiver<AfterCancel>,
}

impl Reports {
    /// The next report, within the read timeout.
    pub(crate) async fn next(&mut self) -> AfterCancel {
        tokio::time::timeout(super::READ_TIMEOUT, self.rx.recv())
            .await
            .expect("a report from the handler in time")
            .expect("the handler is alive")
    }
}

/// The test handler.
pub(crate) struct Demo {
    reports: mpsc::UnboundedSender<AfterCancel>,
    guarded_runs: Arc<AtomicUsize>,
}

impl Default for Demo {
    fn default() -> Self {
        Self::new().0
    }
}

impl Demo {
    /// The handler and its reports.
    pub(crate) fn new() -> (Demo, Reports) {
        let (tx, rx) = mpsc::unbounded_channel();
        let demo = Demo {
            reports: tx,
            guarded_runs: Arc::new(AtomicUsize::new(0)),
        };
        (demo, Reports { rx })
    }

    /// How many times `guarded` ran (shared with the server's copy of the handler).
    pub(crate) fn guarded_runs(&self) -> Arc<AtomicUsize> {
        self.guarded_runs.clone()
    }
}

fn text(s: impl Into<String>) -> CallToolResult {
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
            "race" => {
                let elicitation = cx.elicitation()?;
                tokio::select! {
                    answer = elicitation.form::<Confirm>("Quick: deploy?") => match answer? {
                        Answer::Accepted(Confirm { confirm: true }) => Ok(text("deployed")),
                        _ => Ok(text("not deployed")),
                    },
                    () = tokio::time::sleep(Duration::from_millis(100)) => Ok(text("too slow")),
                }
            }
            "after_cancel" => {
                cx.cancelled().await;
                let ask = match cx.elicitation() {
                    Ok(e) => e.form::<Confirm>("Still there?").await.map(|_| ()),
                    Err(m) => Err(RequestError::Peer(tether_mcp::types::ErrorObject::new(
                        0,
                        m.to_string(),
                    ))),
                };
                let progress = cx.progress(1.0, None, None).await;
                let log = cx.log(LoggingLevel::Info, "too late").await;
                let _ = self.reports.send(AfterCancel { ask, progress, log });
                Err(ToolError::execution("cancelled"))
            }
            "panic" => panic!("the `panic` tool panics"),
            "stubborn" => {
                // Ignores cancellation: only the dispatcher's grace period ends it.
                tokio::time::sleep(Duration::from_secs(30)).await;
                Ok(text("woke up"))
            }
            "guarded" => {
                self.guarded_runs.fetch_add(1, Ordering::SeqCst);
                match cx.elicitation()?.form::<Confirm>("Guarded?").await? {
                    Answer::Accepted(Confirm { confirm: true }) => Ok(text("guarded yes")),
                    _ => Ok(text("guarded no")),
                }
            }
            other => Err(ToolError::unknown_tool(other)),
        }
    }

    fn required_capabilities(&self, target: Target<'_>) -> Option<ClientCapabilities> {
        match target {
            Target::Tool("guarded") => Some(ClientCapabilities {
                elicitation: Some(Default::default()),
                ..Default::default()
            }),
            _ => None,
        }
    }
}
