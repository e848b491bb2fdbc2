//! End-to-end scenarios of our client against our server (the demo handler), shared by every
//! transport: in memory (`client_memory.rs`), Streamable HTTP (`client_http.rs`) and a real
//! stdio child process (`examples/tests/client_stdio.rs`). Each scenario takes a connected
//! client, in either era; the era-specific ones say so.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tether_mcp::client::{Client, ClientBuilder, ClientError, EraCache, Origin};
use tether_mcp::types::{
    CallToolRequestParams, CreateMessageResult, ElicitRequestParams, ElicitResult, ElicitValue,
    InputRequest, InputResponse, InputResponses, ListRootsResult, MultiRoundResult,
    ProtocolVersion, Root,
};

/// The longest any one step of a scenario may take.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// The two eras a scenario runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Era {
    /// Pinned to 2025-11-25 (the `initialize` handshake).
    Legacy,
    /// Found by the `server/discover` probe (2026-07-28).
    Modern,
}

/// What the client's handlers saw: the method and origin of every server request.
#[derive(Clone, Default)]
pub(crate) struct Seen {
    origins: Arc<Mutex<Vec<(String, Origin)>>>,
}

impl Seen {
    /// Records an elicitation's origin.
    pub(crate) fn origins_push(&self, origin: Origin) {
        self.push("elicitation/create", origin);
    }

    fn push(&self, method: &str, origin: Origin) {
        self.origins
            .lock()
            .unwrap()
            .push((method.to_owned(), origin));
    }

    /// Everything seen since the last call.
    pub(crate) fn take(&self) -> Vec<(String, Origin)> {
        std::mem::take(&mut self.origins.lock().unwrap())
    }
}

/// A client in `era` answering every kind of server request: forms accepted (`confirm: true`,
/// strings `"tether"`), sampling with the text `a summary`, one root `file:///work`.
pub(crate) fn answering(seen: &Seen, era: Era) -> ClientBuilder {
    let (e, s, r) = (seen.clone(), seen.clone(), seen.clone());
    let builder = Client::builder()
        .name("client-scenarios", "0.0.1")
        .era_cache(EraCache::new())
        .on_elicitation(move |params, origin| {
            e.push("elicitation/create", origin);
            async move {
                let ElicitRequestParams::Form(form) = params else {
                    return Ok(ElicitResult::decline());
                };
                let content = form.requested_schema.properties.keys().map(|name| {
                    let value = if name == "confirm" {
                        ElicitValue::Boolean(true)
                    } else {
                        ElicitValue::String("tether".into())
                    };
                    (name.clone(), value)
                });
                Ok(ElicitResult::accept(content))
            }
        })
        .on_sampling(move |_, origin| {
            s.push("sampling/createMessage", origin);
            async move { Ok(CreateMessageResult::text("test-model", "a summary")) }
        })
        .on_roots(move |origin| {
            r.push("roots/list", origin);
            async move {
                Ok(ListRootsResult {
                    meta: None,
                    roots: vec![Root {
                        uri: "file:///work".into(),
                        ..Default::default()
                    }],
                    extra: Default::default(),
                })
            }
        });
    match era {
        Era::Legacy => builder.protocol_version(ProtocolVersion::V_2025_11_25),
        Era::Modern => builder,
    }
}

/// The text blocks of a tool result, joined by newlines.
pub(crate) fn text_of(result: &tether_mcp::types::CallToolResult) -> String {
    result.text()
}

async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(WAIT, f)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {WAIT:?}"))
}

/// The era settled as asked, with the server's identity and capabilities.
pub(crate) async fn negotiation(client: &Client, era: Era) {
    assert_eq!(client.is_modern(), era == Era::Modern);
    let expected = match era {
        Era::Legacy => ProtocolVersion::V_2025_11_25,
        Era::Modern => ProtocolVersion::V_2026_07_28,
    };
    assert_eq!(client.protocol_version(), expected);
    assert!(
        client.server_info().is_some(),
        "the server's identity is known"
    );
    assert!(
        client.server_capabilities().tools.is_some(),
        "the server declared tools"
    );
    let declared = client.capabilities();
    assert!(
        declared.elicitation.is_some() && declared.sampling.is_some() && declared.roots.is_some()
    );
}

/// Plain tools: listing across pages and a call.
pub(crate) async fn tools(client: &Client) {
    let tools = within("tools/list", client.list_all_tools())
        .await
        .expect("tools/list");
    assert!(tools.iter().any(|t| t.name == "add"), "{tools:?}");
    let sum = within(
        "add",
        client
            .call_tool("add", json!({"a": 2, "b": 3}))
            .into_future(),
    )
    .await
    .expect("add");
    assert_eq!(text_of(&sum), "5");
    let unknown = within("nope", client.call_tool("nope", ()).into_future()).await;
    match unknown {
        Ok(result) => assert_eq!(result.is_error, Some(true), "{result:?}"),
        Err(ClientError::Server { error, .. }) => assert_eq!(error.code, -32602, "{error:?}"),
        Err(other) => panic!("an unknown tool is a tool error or -32602: {other}"),
    }
}

/// An elicitation served by the client's handler, for the call that asked.
pub(crate) async fn elicitation(client: &Client, seen: &Seen) {
    seen.take();
    let deployed = within("deploy", client.call_tool("deploy", ()).into_future())
        .await
        .expect("deploy");
    assert_eq!(text_of(&deployed), "deployed");
    let origins = seen.take();
    assert_eq!(origins.len(), 1, "{origins:?}");
    match &origins[0] {
        (
            method,
            Origin::Call {
                method: call, name, ..
            },
        ) => {
            assert_eq!(method, "elicitation/create");
            assert_eq!(call, "tools/call");
            assert_eq!(name.as_deref(), Some("deploy"));
        }
        other => panic!("the elicitation should serve the deploy call: {other:?}"),
    }
}

/// Elicitation, sampling and roots in one call.
pub(crate) async fn all_three(client: &Client, seen: &Seen) {
    seen.take();
    let onboarded = within("onboard", client.call_tool("onboard", ()).into_future())
        .await
        .expect("onboard");
    let text = text_of(&onboarded);
    assert!(
        text.contains("tether") && text.contains("a summary") && text.contains("file:///work"),
        "{text}"
    );
    let methods: Vec<String> = seen.take().into_iter().map(|(m, _)| m).collect();
    for method in ["elicitation/create", "sampling/createMessage", "roots/list"] {
        assert!(
            methods.iter().any(|m| m == method),
            "{method} missing from {methods:?}"
        );
    }
}

/// Progress notifications reach the call that asked for them, in order.
pub(crate) async fn progress(client: &Client) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let result = within(
        "slow",
        client
            .call_tool("slow", json!({"steps": 3}))
            .on_progress(move |p| sink.lock().unwrap().push(p.progress))
            .into_future(),
    )
    .await
    .expect("slow");
    assert_eq!(text_of(&result), "counted to 3");
    assert_eq!(*seen.lock().unwrap(), vec![1.0, 2.0, 3.0]);
}

/// A call that times out is withdrawn and the connection keeps serving.
pub(crate) async fn timeout(client: &Client) {
    let outcome = within(
        "slow with a timeout",
        client
            .call_tool("slow", json!({"steps": 100}))
            .timeout(Duration::from_millis(120))
            .into_future(),
    )
    .await;
    assert!(
        matches!(outcome, Err(ClientError::Timeout { .. })),
        "{outcome:?}"
    );
    let sum = within(
        "add",
        client
            .call_tool("add", json!({"a": 1, "b": 1}))
            .into_future(),
    )
    .await
    .expect("the connection still serves");
    assert_eq!(text_of(&sum), "2");
}

/// Dropping a call's future withdraws it; the connection keeps serving.
pub(crate) async fn dropped_call(client: &Client) {
    let (first, mut got_first) = tokio::sync::mpsc::unbounded_channel();
    let call = client
        .call_tool("slow", json!({"steps": 100}))
        .on_progress(move |_| {
            let _ = first.send(());
        })
        .into_future();
    tokio::select! {
        _ = call => panic!("the slow call should not finish"),
        _ = got_first.recv() => {}
    }
    let sum = within(
        "add",
        client
            .call_tool("add", json!({"a": 4, "b": 4}))
            .into_future(),
    )
    .await
    .expect("the connection still serves");
    assert_eq!(text_of(&sum), "8");
}

/// Pagination (the demo serves resources two per page), templates, prompts and reads.
pub(crate) async fn pages_and_reads(client: &Client) {
    let resources = within("resources", client.list_all_resources())
        .await
        .expect("resources/list");
    assert!(resources.len() > 2, "more than one page: {resources:?}");
    let first_page = within("one page", client.list_resources(None).into_future())
        .await
        .expect("one page");
    assert!(
        first_page.next_cursor.is_some(),
        "the first page has a next cursor"
    );
    let templates = within("templates", client.list_all_resource_templates())
        .await
        .expect("templates");
    assert!(templates.iter().any(|t| t.name == "note"), "{templates:?}");
    let prompts = within("prompts", client.list_all_prompts())
        .await
        .expect("prompts/list");
    assert!(prompts.iter().any(|p| p.name == "greet"), "{prompts:?}");
    let greeting = within(
        "greet",
        client.get_prompt("greet", [("name", "Ada")]).into_future(),
    )
    .await
    .expect("prompts/get");
    assert!(
        format!("{:?}", greeting.messages).contains("Greet Ada warmly"),
        "{greeting:?}"
    );
    let read = within(
        "read",
        client.read_resource(resources[0].uri.clone()).into_future(),
    )
    .await
    .expect("resources/read");
    assert_eq!(read.contents.len(), 1);
    let missing = within(
        "missing",
        client.read_resource("file:///nowhere").into_future(),
    )
    .await;
    assert!(
        matches!(missing, Err(ClientError::Server { .. })),
        "{missing:?}"
    );
}

/// `completion/complete` for a prompt argument.
pub(crate) async fn completion(client: &Client) {
    let params: tether_mcp::types::CompleteRequestParams = serde_json::from_value(json!({
        "ref": {"type": "ref/prompt", "name": "greet"},
        "argument": {"name": "team", "value": ""}
    }))
    .expect("params");
    let completed = within("complete", client.complete(params).into_future())
        .await
        .expect("completion/complete");
    assert!(!completed.completion.values.is_empty(), "{completed:?}");
}

/// Log messages at the level the client asked for reach its events (legacy:
/// `logging/setLevel`; 2026-07-28: the `logLevel` of each request). In-process servers only
/// (the test handler's `chatty` tool).
pub(crate) async fn logging(client: &Client) {
    use tether_mcp::client::ClientEvent;
    use tether_mcp::types::{LoggingLevel, ServerNotification};
    let mut events = client.events();
    within("set level", client.set_log_level(LoggingLevel::Info))
        .await
        .expect("set level");
    let result = within("chatty", client.call_tool("chatty", ()).into_future())
        .await
        .expect("chatty");
    assert_eq!(text_of(&result), "logged");
    let mut levels = Vec::new();
    while levels.len() < 2 {
        let event = within("a log event", events.recv())
            .await
            .expect("an event");
        if let ClientEvent::Notification(notification) = event
            && let ServerNotification::LoggingMessage(message) = *notification
        {
            levels.push(message.params.level);
        }
    }
    assert_eq!(
        levels,
        [LoggingLevel::Info, LoggingLevel::Warning],
        "debug is below the level"
    );
}

/// The test handler's prompt and resource that ask for a confirmation before they answer
/// (in-process servers only).
pub(crate) async fn confirming_prompt_and_resource(client: &Client, seen: &Seen) {
    seen.take();
    let prompt = within(
        "confirm_greeting",
        client
            .get_prompt("confirm_greeting", [("name", "Ada")])
            .into_future(),
    )
    .await
    .expect("prompts/get");
    assert!(
        format!("{:?}", prompt.messages).contains("Hello!"),
        "{prompt:?}"
    );
    let secret = within(
        "secret",
        client.read_resource("file:///demo/secret").into_future(),
    )
    .await
    .expect("resources/read");
    assert!(!secret.contents.is_empty());
    let asked: Vec<Origin> = seen.take().into_iter().map(|(_, o)| o).collect();
    assert_eq!(
        asked.len(),
        2,
        "the prompt and the resource each asked: {asked:?}"
    );
    assert!(
        matches!(&asked[0], Origin::Call { method, name, .. } if method == "prompts/get" && name.as_deref() == Some("confirm_greeting")),
        "{asked:?}"
    );
    assert!(
        matches!(&asked[1], Origin::Call { method, name, .. } if method == "resources/read" && name.as_deref() == Some("file:///demo/secret")),
        "{asked:?}"
    );
}

/// 2026-07-28: a handler's own `InputRequiredResult` and `requestState` (the low-level path),
/// driven by the client.
pub(crate) async fn low_level_rounds(client: &Client) {
    let result = within("wizard", client.call_tool("wizard", ()).into_future())
        .await
        .expect("wizard");
    assert_eq!(text_of(&result), "wizard done in round 2 with where");
}

/// 2026-07-28: one round at a time with `call_tool_once`, answered by hand.
pub(crate) async fn manual_rounds(client: &Client) {
    let params = CallToolRequestParams {
        name: "deploy".into(),
        ..Default::default()
    };
    let first = within(
        "round 1",
        client.call_tool_once(params.clone()).into_future(),
    )
    .await
    .expect("round 1");
    let MultiRoundResult::InputRequired(needed) = first else {
        panic!("deploy needs input first: {first:?}");
    };
    let asks = needed.input_requests.expect("input requests");
    let mut answers = InputResponses::new();
    for (key, ask) in asks {
        assert!(matches!(ask, InputRequest::Elicit(_)), "{ask:?}");
        answers.insert(
            key,
            InputResponse::Elicit(ElicitResult::accept([(
                "confirm".to_owned(),
                ElicitValue::Boolean(true),
            )])),
        );
    }
    let retry = CallToolRequestParams {
        input_responses: Some(answers),
        request_state: needed.request_state,
        ..params
    };
    let second = within("round 2", client.call_tool_once(retry).into_future())
        .await
        .expect("round 2");
    match second {
        MultiRoundResult::Complete(result) => assert_eq!(text_of(&result), "deployed"),
        other => panic!("the second round completes: {other:?}"),
    }
}

/// Dropping a call cancels its handler on the server (legacy and 2026-07-28 stdio:
/// `notifications/cancelled`; 2026-07-28 HTTP: the stream closes): the test handler's
/// `progress_then_wait`, woken by the cancellation, finds its later progress refused.
/// In-process servers only.
pub(crate) async fn cancels_the_handler(
    client: &Client,
    reports: &mut super::demo::Reports,
    era: Era,
) {
    let (first, mut got_first) = tokio::sync::mpsc::unbounded_channel();
    let call = client
        .call_tool("progress_then_wait", ())
        .on_progress(move |_| {
            let _ = first.send(());
        })
        .into_future();
    tokio::select! {
        _ = call => panic!("progress_then_wait only ends when cancelled"),
        _ = got_first.recv() => {}
    }
    let report = reports.next().await;
    assert!(
        report.progress.is_err(),
        "{era:?}: progress after the cancellation is refused: {report:?}"
    );
}

/// Shuts the client down; the connection reports closed.
pub(crate) async fn shutdown(client: Client) {
    let watcher = client.clone();
    within("shutdown", client.shutdown()).await;
    within("closed", watcher.closed()).await;
    assert!(watcher.is_closed());
    let after = within(
        "after shutdown",
        watcher
            .call_tool("add", json!({"a": 1, "b": 2}))
            .into_future(),
    )
    .await;
    assert!(
        matches!(after, Err(ClientError::Closed { .. })),
        "{after:?}"
    );
}

/// Declares each scenario once per era as `legacy::<name>` and `modern::<name>` tests. The
/// including file provides `async fn connect(era: Era) -> Connected` in scope, where
/// `Connected` has `client: Client` and `seen: Seen` fields.
#[allow(unused_macros)]
macro_rules! in_both_eras {
    ($($name:ident: |$client:ident, $seen:ident, $era:ident| $body:expr;)*) => {
        mod legacy {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let running = connect(Era::Legacy).await;
                    #[allow(unused_variables)]
                    let ($client, $seen, $era) = (&running.client, &running.seen, Era::Legacy);
                    $body.await;
                }
            )*
        }
        mod modern {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let running = connect(Era::Modern).await;
                    #[allow(unused_variables)]
                    let ($client, $seen, $era) = (&running.client, &running.seen, Era::Modern);
                    $body.await;
                }
            )*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use in_both_eras;

/// The scenarios every transport runs, in both eras, plus the transport's own `extra` entries
/// (same syntax as [`in_both_eras`]).
#[allow(unused_macros)]
macro_rules! client_scenario_tests {
    ($($extra:tt)*) => {
        $crate::support::client_scenarios::in_both_eras! {
            negotiation: |client, seen, era| scenarios::negotiation(client, era);
            tools: |client, seen, era| scenarios::tools(client);
            elicitation: |client, seen, era| scenarios::elicitation(client, seen);
            all_three: |client, seen, era| scenarios::all_three(client, seen);
            progress: |client, seen, era| scenarios::progress(client);
            timeout: |client, seen, era| scenarios::timeout(client);
            dropped_call: |client, seen, era| scenarios::dropped_call(client);
            pages_and_reads: |client, seen, era| scenarios::pages_and_reads(client);
            completion: |client, seen, era| scenarios::completion(client);
            $($extra)*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use client_scenario_tests;
