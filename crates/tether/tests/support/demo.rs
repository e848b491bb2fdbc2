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
//!
//! And tools that show how the eras differ for one handler (2026-07-28 replays it each round):
//!
//! - `replayed`: a side effect (counted on [`Demo::side_effects`]) and progress 1 before an
//!   elicitation, progress 2 after it; answers the ids it saw: `request <id> call <id>`.
//! - `joined_work`: roots joined with 20 ms of work that counts on [`Demo::joined_work`].
//! - `timeout_ask`: roots under a 50 ms `timeout`: `timed out` or the number of roots.
//! - `select_ready`: a `biased` `select!` of a ready future and roots: `ready won`.
//! - `scoped_thread`: roots asked from a scoped thread: the error's text.
//! - `nested_block_on`: roots asked through `block_in_place` + `Handle::block_on` on the
//!   handler's own thread (needs a multi-thread runtime): `answered` or the error's text.
//! - `changing`: an elicitation whose message changes every run (a counter in it).
//! - `wizard`: the low-level path: its own `InputRequiredResult` and `requestState`.
//! - `visit`: URL-mode elicitation.
//! - `progress_then_wait`: progress 1, then waits for `cancelled()` and reports like
//!   `after_cancel`.
//! - `ask_and_report`: an elicitation whose outcome it reports on [`Reports`] (in `ask`).
//! - `chatty`: logs at `debug`, `info` and `warning`, then answers `logged`.
//! - `structured`: structured content that is an array, `[1, 2, 3]`.
//! - `meta`: what it sees of its request: `{"meta": <params._meta>, "client": <client_info
//!   name>, "version": <protocol_version>}` as JSON text.
//!
//! Its prompt `confirm_greeting` and resource `file:///demo/secret` ask for a confirmation
//! before they answer (the resource sets its own cache hints: `ttlMs` 5000, `private`); other
//! prompts and resources are the example's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration as StdDuration;
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
    side_effects: Arc<AtomicUsize>,
    joined_work: Arc<AtomicUsize>,
    changes: AtomicUsize,
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
            side_effects: Arc::new(AtomicUsize::new(0)),
            joined_work: Arc::new(AtomicUsize::new(0)),
            changes: AtomicUsize::new(0),
        };
        (demo, Reports { rx })
    }

    /// A server of this handler declaring every server capability (tools and resources with
    /// list changes and subscriptions, prompts, completions, logging).
    pub(crate) fn served(self) -> Server<Demo> {
        self.served_with(tether_mcp::Limits::default())
    }

    /// [`served`](Self::served) with these limits.
    pub(crate) fn served_with(self, limits: tether_mcp::Limits) -> Server<Demo> {
        use tether_mcp::types::{ListChangedCapability, ResourcesCapability, ServerCapabilities};
        Server::builder(self)
            .capabilities(ServerCapabilities {
                tools: Some(ListChangedCapability {
                    list_changed: Some(true),
                    ..Default::default()
                }),
                resources: Some(ResourcesCapability {
                    subscribe: Some(true),
                    list_changed: Some(true),
                    ..Default::default()
                }),
                prompts: Some(ListChangedCapability::default()),
                completions: Some(Default::default()),
                logging: Some(Default::default()),
                ..Default::default()
            })
            .limits(limits)
            .build()
    }

    /// How many times `guarded` ran (shared with the server's copy of the handler).
    pub(crate) fn guarded_runs(&self) -> Arc<AtomicUsize> {
        self.guarded_runs.clone()
    }

    /// How many times `replayed` did its side effect.
    pub(crate) fn side_effects(&self) -> Arc<AtomicUsize> {
        self.side_effects.clone()
    }

    /// How many times `joined_work` finished its work.
    pub(crate) fn joined_work(&self) -> Arc<AtomicUsize> {
        self.joined_work.clone()
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

    async fn list_resources(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListResourcesResult, ServerError> {
        self.example.list_resources(params, cx).await
    }

    async fn list_resource_templates(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListResourceTemplatesResult, ServerError> {
        self.example.list_resource_templates(params, cx).await
    }

    async fn list_prompts(
        &self,
        params: Option<PaginatedRequestParams>,
        cx: RequestCx<'_>,
    ) -> Result<ListPromptsResult, ServerError> {
        self.example.list_prompts(params, cx).await
    }

    async fn complete(
        &self,
        params: CompleteRequestParams,
        cx: RequestCx<'_>,
    ) -> Result<CompleteResult, ServerError> {
        self.example.complete(params, cx).await
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
            "replayed" => {
                self.side_effects.fetch_add(1, Ordering::SeqCst);
                cx.progress(1.0, None, None).await?;
                let _ = cx.elicitation()?.form::<Confirm>("Replay?").await?;
                cx.progress(2.0, None, None).await?;
                Ok(text(format!(
                    "request {} call {}",
                    cx.request_id(),
                    cx.call_id()
                )))
            }
            "joined_work" => {
                let work = async {
                    tokio::time::sleep(StdDuration::from_millis(20)).await;
                    self.joined_work.fetch_add(1, Ordering::SeqCst);
                };
                let (roots, ()) = tokio::join!(cx.roots()?.list(), work);
                Ok(text(format!("{} roots", roots?.roots.len())))
            }
            "timeout_ask" => {
                match tokio::time::timeout(StdDuration::from_millis(50), cx.roots()?.list()).await {
                    Ok(roots) => Ok(text(format!("{} roots", roots?.roots.len()))),
                    Err(_) => Ok(text("timed out")),
                }
            }
            "select_ready" => {
                let roots = cx.roots()?;
                tokio::select! {
                    biased;
                    () = std::future::ready(()) => Ok(text("ready won")),
                    r = roots.list() => Ok(text(format!("ask won: {}", r?.roots.len()))),
                }
            }
            "scoped_thread" => {
                let roots = cx.roots()?;
                let outcome = std::thread::scope(|s| {
                    s.spawn(|| {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .expect("a runtime");
                        runtime.block_on(roots.list())
                    })
                    .join()
                    .expect("the thread ends")
                });
                match outcome {
                    Ok(_) => Ok(text("answered")),
                    Err(e) => Ok(text(e.to_string())),
                }
            }
            "nested_block_on" => {
                let roots = cx.roots()?;
                let outcome = tokio::task::block_in_place(|| {
                    tokio::runtime::Handle::current().block_on(roots.list())
                });
                match outcome {
                    Ok(_) => Ok(text("answered")),
                    Err(e) => Ok(text(e.to_string())),
                }
            }
            "changing" => {
                let n = self.changes.fetch_add(1, Ordering::SeqCst);
                let _ = cx
                    .elicitation()?
                    .form::<Confirm>(format!("Attempt {n}: deploy?"))
                    .await?;
                Ok(text("changed"))
            }
            "wizard" => {
                use tether_mcp::types::{
                    InputRequest, InputRequests, InputRequiredResult, ListRootsRequest,
                };
                let Some(round) = cx.multi_round() else {
                    return Ok(text("wizard needs 2026-07-28"));
                };
                match round.request_state() {
                    Some("step-2") => {
                        let answered = round
                            .input_responses()
                            .map(|r| r.keys().cloned().collect::<Vec<_>>().join(","))
                            .unwrap_or_default();
                        Ok(text(format!(
                            "wizard done in round {} with {answered}",
                            round.number()
                        )))
                    }
                    other => {
                        let mut requests = InputRequests::new();
                        requests.insert(
                            "where".into(),
                            InputRequest::ListRoots(ListRootsRequest::input(None)),
                        );
                        assert!(other.is_none(), "unexpected wizard state {other:?}");
                        let error = round
                            .require_input(InputRequiredResult::new(
                                requests,
                                Some("step-2".into()),
                            ))
                            .await;
                        Err(error.into())
                    }
                }
            }
            "visit" => {
                let answer = cx
                    .url_elicitation()?
                    .url("Sign in to continue", "https://example.com/sign-in")
                    .await?;
                Ok(text(format!(
                    "visit {}, completion handle: {}",
                    if answer.accepted() {
                        "accepted"
                    } else {
                        "refused"
                    },
                    answer.completion.is_some()
                )))
            }
            "progress_then_wait" => {
                cx.progress(1.0, None, None).await?;
                cx.cancelled().await;
                let progress = cx.progress(2.0, None, None).await;
                let log = cx.log(LoggingLevel::Info, "too late").await;
                let _ = self.reports.send(AfterCancel {
                    ask: Ok(()),
                    progress,
                    log,
                });
                Err(ToolError::execution("cancelled"))
            }
            "ask_and_report" => {
                let ask = cx
                    .elicitation()?
                    .form::<Confirm>("Report?")
                    .await
                    .map(|_| ());
                let _ = self.reports.send(AfterCancel {
                    ask: ask.clone(),
                    progress: Ok(()),
                    log: Ok(()),
                });
                ask?;
                Ok(text("reported"))
            }
            "chatty" => {
                cx.log(LoggingLevel::Debug, "a debug line").await?;
                cx.log(LoggingLevel::Info, "an info line").await?;
                cx.log(LoggingLevel::Warning, "a warning line").await?;
                Ok(text("logged"))
            }
            "meta" => {
                let seen = serde_json::json!({
                    "meta": params.meta,
                    "client": cx.client_info().map(|info| info.name.clone()),
                    "version": cx.protocol_version().as_str(),
                });
                Ok(text(seen.to_string()))
            }
            "structured" => Ok(CallToolResult {
                content: vec![ContentBlock::text("[1,2,3]")],
                structured_content: Some(serde_json::json!([1, 2, 3])),
                ..Default::default()
            }),
            _ => self.example.call_tool(params, cx).await,
        }
    }

    async fn get_prompt(
        &self,
        params: GetPromptRequestParams,
        cx: InFlight<'_>,
    ) -> Result<GetPromptResult, ServerError> {
        if params.name != "confirm_greeting" {
            return self.example.get_prompt(params, cx).await;
        }
        let greet = match cx.elicitation()?.form::<Confirm>("Greet?").await? {
            Answer::Accepted(Confirm { confirm: true }) => "Hello!",
            _ => "No greeting.",
        };
        Ok(GetPromptResult {
            messages: vec![tether_mcp::types::PromptMessage {
                role: tether_mcp::types::Role::User,
                content: ContentBlock::text(greet),
                extra: Default::default(),
            }],
            ..Default::default()
        })
    }

    async fn read_resource(
        &self,
        params: ReadResourceRequestParams,
        cx: InFlight<'_>,
    ) -> Result<ReadResourceResult, ServerError> {
        if params.uri != "file:///demo/secret" {
            return self.example.read_resource(params, cx).await;
        }
        let text = match cx
            .elicitation()?
            .form::<Confirm>("Reveal the secret?")
            .await?
        {
            Answer::Accepted(Confirm { confirm: true }) => "42",
            _ => "hidden",
        };
        Ok(ReadResourceResult {
            contents: vec![tether_mcp::types::ResourceContents::Text(
                tether_mcp::types::TextResourceContents {
                    uri: params.uri,
                    text: text.to_owned(),
                    ..Default::default()
                },
            )],
            // The handler's own cache hints win over the server's.
            ttl_ms: Some(5_000),
            cache_scope: Some(tether_mcp::types::CacheScope::Private),
            ..Default::default()
        })
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
