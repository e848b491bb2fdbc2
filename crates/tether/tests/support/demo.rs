//! The handler the in-memory tests serve: the `stdio-server` example's handler itself (so the
//! shared scenarios run against both), wrapped with unlisted tools that exercise the
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

use tether_mcp::prelude::*;
use tether_mcp::types::LoggingLevel;
use tether_mcp::{Answer, Target};
use tokio::sync::mpsc;

// The example's own handler; `pub` there because the examples crate exports it.
#[allow(unreachable_pub)]
#[path = "../../../../examples/src/demo.rs"]
mod example;

pub(crate) use example::Confirm;
use example::text;

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
    example: example::Demo,
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
            example: example::Demo,
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

impl ServerHandler for Demo {
    async fn list_tools(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        self.example.list_tools(params, cx).await
    }

    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        match params.name.as_str() {
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
            _ => self.example.call_tool(params, cx).await,
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
