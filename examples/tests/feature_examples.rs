//! The feature examples as real child processes, driven by our client in both eras (pinned to
//! 2025-11-25, and the default negotiation, which settles on 2026-07-28):
//!
//! - `wizard`: three questions in order, each a nested request (legacy) or one Multi
//!   Round-Trip round (2026-07-28, also checked round by round with `call_tool_once`);
//! - `progress`: increasing progress notifications, and a run stopped early by cancellation
//!   (a dropped call, a timed-out call), observed through the `last_run` tool;
//! - `library-helper`: one `confirm` helper asking for two tools, and the error a client
//!   without elicitation gets;
//! - `client`: the client program run as a process against the other servers, its stdout
//!   checked line by line.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::client::{Client, ClientBuilder, ClientError, EraCache, Origin};
use tether_mcp::transport::ChildProcess;
use tether_mcp::types::{
    CallToolRequestParams, CallToolResult, ContentBlock, ElicitRequestParams, ElicitResult,
    ElicitValue, InputRequest, InputResponse, InputResponses, MultiRoundResult, ProtocolVersion,
};

const WIZARD: &str = env!("CARGO_BIN_EXE_wizard");
const PROGRESS: &str = env!("CARGO_BIN_EXE_progress");
const LIBRARY_HELPER: &str = env!("CARGO_BIN_EXE_library-helper");
const CLIENT: &str = env!("CARGO_BIN_EXE_client");
const STDIO_SERVER: &str = env!("CARGO_BIN_EXE_stdio-server");

/// The longest any one step of a test may take.
const WAIT: Duration = Duration::from_secs(20);

/// The two eras every example is driven in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Era {
    /// Pinned to 2025-11-25: the `initialize` handshake, nested server requests.
    Legacy,
    /// The default negotiation: `server/discover` finds 2026-07-28.
    Modern,
}

impl Era {
    const BOTH: [Self; 2] = [Self::Legacy, Self::Modern];

    fn version(self) -> ProtocolVersion {
        match self {
            Self::Legacy => ProtocolVersion::V_2025_11_25,
            Self::Modern => ProtocolVersion::V_2026_07_28,
        }
    }

    /// A fresh builder for this era (its own era cache, so no test sees another's).
    fn builder(self) -> ClientBuilder {
        let builder = Client::builder()
            .name("feature-examples", "0.0.1")
            .era_cache(EraCache::new());
        match self {
            Self::Legacy => builder.protocol_version(ProtocolVersion::V_2025_11_25),
            Self::Modern => builder,
        }
    }
}

async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(WAIT, f)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {WAIT:?}"))
}

/// Connects `builder` to `program` and checks the era it settled on.
async fn connect(builder: ClientBuilder, program: &str, era: Era) -> Client {
    let client = within(
        "connect",
        builder.connect(ChildProcess::new(program).shutdown_grace(Duration::from_secs(2))),
    )
    .await
    .unwrap_or_else(|e| panic!("{era:?}: cannot connect to {program}: {e}"));
    assert_eq!(client.protocol_version(), era.version(), "{era:?}");
    client
}

/// The text blocks of a result, joined by newlines.
fn text_of(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| match c {
            ContentBlock::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One form the server asked for, as the client's handler saw it.
#[derive(Clone, Debug)]
struct Asked {
    message: String,
    /// The form's schema as JSON.
    schema: Value,
    /// The tool the ask served (`None` if the origin was not one call).
    tool: Option<String>,
}

impl Asked {
    fn fields(&self) -> Vec<String> {
        self.schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// The forms a client was asked to fill, in order.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<Asked>>>);

impl Log {
    fn record(&self, params: &ElicitRequestParams, origin: &Origin) -> Option<Asked> {
        let ElicitRequestParams::Form(form) = params else {
            return None;
        };
        let asked = Asked {
            message: form.message.clone(),
            schema: serde_json::to_value(&form.requested_schema).expect("a schema serializes"),
            tool: match origin {
                Origin::Call { name, .. } => name.clone(),
                _ => None,
            },
        };
        self.0.lock().unwrap().push(asked.clone());
        Some(asked)
    }

    fn take(&self) -> Vec<Asked> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// A builder whose elicitation handler records every form and answers it with `answer`
/// (`None`: decline).
fn answering(
    era: Era,
    log: &Log,
    answer: impl Fn(&Asked) -> Option<Vec<(String, ElicitValue)>> + Send + Sync + 'static,
) -> ClientBuilder {
    let log = log.clone();
    era.builder().on_elicitation(move |params, origin| {
        let result = match log.record(&params, &origin) {
            Some(asked) => match answer(&asked) {
                Some(content) => ElicitResult::accept(content),
                None => ElicitResult::decline(),
            },
            None => ElicitResult::decline(),
        };
        async move { Ok(result) }
    })
}

// ---------------------------------------------------------------------------------------------
// wizard

/// The wizard's answers: `name`, `language` (which must be offered), then `confirm`.
fn wizard_answers(
    name: &'static str,
    language: &'static str,
    confirm: bool,
) -> impl Fn(&Asked) -> Option<Vec<(String, ElicitValue)>> + Send + Sync + 'static {
    move |asked| {
        let fields = asked.fields();
        let value = match fields.as_slice() {
            [field] if field == "name" => ElicitValue::String(name.into()),
            [field] if field == "language" => ElicitValue::String(language.into()),
            [field] if field == "confirm" => ElicitValue::Boolean(confirm),
            other => panic!("the wizard asks one field at a time: {other:?}"),
        };
        Some(vec![(fields[0].clone(), value)])
    }
}

#[tokio::test]
async fn wizard_asks_name_language_and_confirmation_in_order() {
    for era in Era::BOTH {
        let log = Log::default();
        let client = connect(
            answering(era, &log, wizard_answers("atlas", "Python", true)),
            WIZARD,
            era,
        )
        .await;
        let tools = within("tools/list", client.list_all_tools())
            .await
            .expect("tools/list");
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["create_project"], "{era:?}");

        let result = within(
            "create_project",
            client.call_tool("create_project", ()).into_future(),
        )
        .await
        .expect("create_project");
        assert_ne!(result.is_error, Some(true), "{era:?}: {result:?}");
        assert_eq!(
            text_of(&result),
            "created project atlas (Python)",
            "{era:?}"
        );

        let asked = log.take();
        let messages: Vec<&str> = asked.iter().map(|a| a.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "What is the project called?",
                "Which language is atlas written in?",
                "Create the Python project atlas?",
            ],
            "{era:?}: three questions, in order, each asked once"
        );
        assert!(
            asked
                .iter()
                .all(|a| a.tool.as_deref() == Some("create_project")),
            "{era:?}: every question serves the call: {asked:?}"
        );
        assert_eq!(asked[0].schema["properties"]["name"]["type"], "string");
        assert_eq!(
            asked[1].schema["properties"]["language"]["enum"],
            json!(["Rust", "Python", "TypeScript"]),
            "{era:?}: the language is a single choice: {:#}",
            asked[1].schema
        );
        assert_eq!(asked[2].schema["properties"]["confirm"]["type"], "boolean");
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn wizard_stops_when_the_user_says_no() {
    for era in Era::BOTH {
        // "No" at the confirmation: all three asked, nothing created.
        let log = Log::default();
        let client = connect(
            answering(era, &log, wizard_answers("borealis", "Rust", false)),
            WIZARD,
            era,
        )
        .await;
        let result = within(
            "create_project",
            client.call_tool("create_project", ()).into_future(),
        )
        .await
        .expect("create_project");
        assert_eq!(
            text_of(&result),
            "did not create project borealis (Rust)",
            "{era:?}"
        );
        assert_eq!(log.take().len(), 3, "{era:?}");
        within("shutdown", client.shutdown()).await;

        // Declining the first question ends the wizard there.
        let log = Log::default();
        let client = connect(answering(era, &log, |_| None), WIZARD, era).await;
        let result = within(
            "create_project",
            client.call_tool("create_project", ()).into_future(),
        )
        .await
        .expect("create_project");
        assert_eq!(
            text_of(&result),
            "project creation cancelled: no name given",
            "{era:?}"
        );
        let asked = log.take();
        assert_eq!(
            asked.len(),
            1,
            "{era:?}: only the name was asked: {asked:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

/// On 2026-07-28, round by round: each question is one `InputRequiredResult` with exactly one
/// input request; the answers of earlier rounds travel in `requestState`, so each retry
/// carries only the newest answer.
#[tokio::test]
async fn wizard_asks_one_question_per_round_on_2026_07_28() {
    let log = Log::default();
    // The handler declares the capability; the rounds below are answered by hand.
    let client = connect(answering(Era::Modern, &log, |_| None), WIZARD, Era::Modern).await;
    let base = CallToolRequestParams {
        name: "create_project".into(),
        ..Default::default()
    };
    let mut params = base.clone();
    let mut messages = Vec::new();
    let mut rounds = 0;
    let result = loop {
        rounds += 1;
        assert!(
            rounds <= 4,
            "the wizard needs three rounds of input, then completes"
        );
        let round = within(
            "a round",
            client.call_tool_once(params.clone()).into_future(),
        )
        .await
        .unwrap_or_else(|e| panic!("round {rounds}: {e}"));
        let needed = match round {
            MultiRoundResult::Complete(result) => break result,
            MultiRoundResult::InputRequired(needed) => needed,
        };
        let requests = needed.input_requests.expect("input requests");
        assert_eq!(
            requests.len(),
            1,
            "round {rounds}: one question per round: {requests:?}"
        );
        let mut answers = InputResponses::new();
        for (key, request) in requests {
            let InputRequest::Elicit(elicit) = request else {
                panic!("round {rounds}: an elicitation: {request:?}");
            };
            let ElicitRequestParams::Form(form) = elicit.params else {
                panic!("round {rounds}: a form");
            };
            messages.push(form.message.clone());
            let field = form
                .requested_schema
                .properties
                .keys()
                .next()
                .expect("one field")
                .clone();
            let value = match field.as_str() {
                "name" => ElicitValue::String("cirrus".into()),
                "language" => ElicitValue::String("TypeScript".into()),
                "confirm" => ElicitValue::Boolean(true),
                other => panic!("unexpected field {other}"),
            };
            answers.insert(
                key,
                InputResponse::Elicit(ElicitResult::accept([(field, value)])),
            );
        }
        params = CallToolRequestParams {
            input_responses: Some(answers),
            request_state: needed.request_state,
            ..base.clone()
        };
    };
    assert_eq!(rounds, 4, "three rounds of input, then the result");
    assert_eq!(
        messages,
        [
            "What is the project called?",
            "Which language is cirrus written in?",
            "Create the TypeScript project cirrus?",
        ]
    );
    assert_eq!(text_of(&result), "created project cirrus (TypeScript)");
    assert!(
        log.take().is_empty(),
        "the rounds were answered by hand, not by the handler"
    );
    within("shutdown", client.shutdown()).await;
}

// ---------------------------------------------------------------------------------------------
// progress

/// `last_run` of the progress server.
async fn last_run(client: &Client) -> String {
    let result = within("last_run", client.call_tool("last_run", ()).into_future())
        .await
        .expect("last_run");
    text_of(&result)
}

/// Waits until `last_run` reports a cancelled run; returns how many steps it had done.
async fn cancelled_run(client: &Client, steps: u32) -> u32 {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let last = last_run(client).await;
        let suffix = format!(" of {steps} steps");
        if let Some(done) = last
            .strip_prefix("cancelled after ")
            .and_then(|rest| rest.strip_suffix(&suffix))
        {
            return done.parse().expect("a step count");
        }
        assert_ne!(
            last,
            format!("counted to {steps} of {steps} steps"),
            "the run was not stopped"
        );
        assert!(
            tokio::time::Instant::now() < deadline,
            "no cancelled run within {WAIT:?}: last_run says {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn progress_reports_every_step_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), PROGRESS, era).await;
        assert_eq!(last_run(&client).await, "no run yet", "{era:?}");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let result = within(
            "count",
            client
                .call_tool("count", json!({"steps": 5, "delay_ms": 10}))
                .on_progress(move |p| {
                    sink.lock()
                        .unwrap()
                        .push((p.progress, p.total, p.message.unwrap_or_default()))
                })
                .into_future(),
        )
        .await
        .expect("count");
        assert_eq!(text_of(&result), "counted to 5 of 5 steps", "{era:?}");
        let seen = seen.lock().unwrap().clone();
        let progress: Vec<f64> = seen.iter().map(|p| p.0).collect();
        assert_eq!(progress, [1.0, 2.0, 3.0, 4.0, 5.0], "{era:?}: {seen:?}");
        assert!(
            seen.iter().all(|p| p.1 == Some(5.0)),
            "{era:?}: the total: {seen:?}"
        );
        assert_eq!(seen[2].2, "step 3 of 5", "{era:?}");
        assert_eq!(
            last_run(&client).await,
            "counted to 5 of 5 steps",
            "{era:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn progress_stops_early_when_the_call_is_dropped() {
    const STEPS: u32 = 100_000;
    for era in Era::BOTH {
        let client = connect(era.builder(), PROGRESS, era).await;
        let (sender, mut received) = tokio::sync::mpsc::unbounded_channel();
        let call = client
            .call_tool("count", json!({"steps": STEPS, "delay_ms": 10}))
            .on_progress(move |p| {
                let _ = sender.send(p.progress);
            })
            .into_future();
        let mut progress = Vec::new();
        within("three progress notifications", async {
            tokio::pin!(call);
            while progress.len() < 3 {
                tokio::select! {
                    outcome = &mut call => panic!("{era:?}: the count ended: {outcome:?}"),
                    Some(p) = received.recv() => progress.push(p),
                }
            }
            // Dropping the call here withdraws it: `notifications/cancelled`.
        })
        .await;
        assert!(
            progress.windows(2).all(|w| w[0] < w[1]),
            "{era:?}: increasing: {progress:?}"
        );
        let done = cancelled_run(&client, STEPS).await;
        assert!(
            (3..STEPS).contains(&done),
            "{era:?}: stopped after the progress seen and before the end: {done}"
        );
        // The connection still serves.
        let again = within(
            "a short count",
            client
                .call_tool("count", json!({"steps": 2, "delay_ms": 1}))
                .into_future(),
        )
        .await
        .expect("count");
        assert_eq!(text_of(&again), "counted to 2 of 2 steps", "{era:?}");
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn progress_stops_early_when_the_call_times_out() {
    const STEPS: u32 = 100_000;
    for era in Era::BOTH {
        let client = connect(era.builder(), PROGRESS, era).await;
        let outcome = within(
            "count with a timeout",
            client
                .call_tool("count", json!({"steps": STEPS, "delay_ms": 10}))
                .timeout(Duration::from_millis(300))
                .into_future(),
        )
        .await;
        assert!(
            matches!(outcome, Err(ClientError::Timeout { .. })),
            "{era:?}: {outcome:?}"
        );
        let done = cancelled_run(&client, STEPS).await;
        assert!(done < STEPS, "{era:?}: {done}");
        within("shutdown", client.shutdown()).await;
    }
}

// ---------------------------------------------------------------------------------------------
// library-helper

#[tokio::test]
async fn library_helper_confirms_for_two_tools_in_both_eras() {
    for era in Era::BOTH {
        let log = Log::default();
        // Yes to deleting, no to sending.
        let answer = |asked: &Asked| {
            Some(vec![(
                "confirm".to_owned(),
                ElicitValue::Boolean(asked.message.starts_with("Delete")),
            )])
        };
        let client = connect(answering(era, &log, answer), LIBRARY_HELPER, era).await;
        let tools = within("tools/list", client.list_all_tools())
            .await
            .expect("tools/list");
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["delete_file", "send_email"], "{era:?}");

        let deleted = within(
            "delete_file",
            client
                .call_tool("delete_file", json!({"path": "notes.txt"}))
                .into_future(),
        )
        .await
        .expect("delete_file");
        assert_eq!(text_of(&deleted), "deleted notes.txt", "{era:?}");
        let sent = within(
            "send_email",
            client
                .call_tool(
                    "send_email",
                    json!({"to": "ada@example.com", "subject": "Hello"}),
                )
                .into_future(),
        )
        .await
        .expect("send_email");
        assert_eq!(
            text_of(&sent),
            "did not send \"Hello\" to ada@example.com",
            "{era:?}"
        );

        let asked = log.take();
        let seen: Vec<(&str, Option<&str>)> = asked
            .iter()
            .map(|a| (a.message.as_str(), a.tool.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Delete notes.txt?", Some("delete_file")),
                ("Send \"Hello\" to ada@example.com?", Some("send_email")),
            ],
            "{era:?}"
        );
        assert!(
            asked.iter().all(|a| a.fields() == ["confirm"]
                && a.schema["properties"]["confirm"]["type"] == "boolean"),
            "{era:?}: both ask through the same yes/no form: {asked:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

/// A client without elicitation: the helper's `cx.elicitation()?` fails, naming the
/// capability: a tool error on legacy revisions, -32021 on 2026-07-28.
#[tokio::test]
async fn library_helper_names_the_missing_capability() {
    for era in Era::BOTH {
        let client = connect(era.builder(), LIBRARY_HELPER, era).await;
        assert!(client.capabilities().elicitation.is_none());
        let outcome = within(
            "delete_file",
            client
                .call_tool("delete_file", json!({"path": "notes.txt"}))
                .into_future(),
        )
        .await;
        match (era, outcome) {
            (Era::Legacy, Ok(result)) => {
                assert_eq!(result.is_error, Some(true), "{result:?}");
                assert!(text_of(&result).contains("elicitation"), "{result:?}");
            }
            (Era::Modern, Err(error)) => {
                let error = error.server_error().expect("a server error").clone();
                assert_eq!(error.code, -32021, "{error:?}");
                assert!(error.message.contains("elicitation"), "{error:?}");
            }
            (era, outcome) => panic!("{era:?}: unexpected {outcome:?}"),
        }
        within("shutdown", client.shutdown()).await;
    }
}

// ---------------------------------------------------------------------------------------------
// client

/// What a run of the client program printed.
struct Run {
    success: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The lines starting with `prefix`.
    fn starting(&self, prefix: &str) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with(prefix))
            .collect()
    }

    fn assert_has(&self, line: &str) {
        assert!(
            self.lines().contains(&line),
            "no line {line:?} in stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }
}

/// Runs the client program with `args` (and `env`), waiting at most [`WAIT`].
async fn run_client(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = tokio::process::Command::new(CLIENT);
    command
        .args(args)
        .env_remove("TETHER_MCP_SERVER")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = within("the client program", command.output())
        .await
        .expect("the client program runs");
    Run {
        success: output.status.success(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The client's arguments pinning `era` (none for the default negotiation).
fn era_args(era: Era) -> Vec<&'static str> {
    match era {
        Era::Legacy => vec!["--protocol-version", "2025-11-25"],
        Era::Modern => Vec::new(),
    }
}

fn connected_line(era: Era) -> &'static str {
    match era {
        Era::Legacy => "protocol 2025-11-25 (legacy)",
        Era::Modern => "protocol 2026-07-28 (modern)",
    }
}

#[tokio::test]
async fn client_lists_calls_and_answers_the_stdio_server() {
    for era in Era::BOTH {
        let mut args = era_args(era);
        args.extend(["--", STDIO_SERVER]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        let connected = run.starting("connected: ");
        assert_eq!(connected.len(), 1, "{era:?}: {}", run.stdout);
        assert!(
            connected[0].ends_with(connected_line(era)),
            "{era:?}: {connected:?}"
        );
        run.assert_has("tool: add: Adds two numbers.");
        run.assert_has("tool: deploy: Deploys after asking the user to confirm.");
        assert!(run.starting("tool: ").len() >= 7, "{era:?}: {}", run.stdout);
        run.assert_has("calling: deploy");
        run.assert_has("elicitation: Deploy to production? (for deploy)");
        run.assert_has("answer: confirm=true");
        run.assert_has("result: deployed");
        // In this order.
        let lines = run.lines();
        let at = |line: &str| lines.iter().position(|l| *l == line).expect("present");
        assert!(
            at("calling: deploy") < at("elicitation: Deploy to production? (for deploy)")
                && at("answer: confirm=true") < at("result: deployed"),
            "{era:?}: {}",
            run.stdout
        );
    }
}

#[tokio::test]
async fn client_declines_when_asked_to() {
    let run = run_client(&["--decline", STDIO_SERVER], &[]).await;
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    run.assert_has("elicitation: Deploy to production? (for deploy)");
    run.assert_has("answer: declined");
    run.assert_has("result: not deployed");
}

/// Without a server on the command line: `$TETHER_MCP_SERVER`, else the `stdio-server` next
/// to the client binary.
#[tokio::test]
async fn client_finds_its_default_server() {
    let args = ["--tool", "add", "--arguments", r#"{"a": 2, "b": 3}"#];
    let from_env = run_client(&args, &[("TETHER_MCP_SERVER", STDIO_SERVER)]).await;
    assert!(from_env.success, "{}\n{}", from_env.stdout, from_env.stderr);
    from_env.assert_has("result: 5");
    assert!(from_env.starting("elicitation: ").is_empty());

    let sibling = run_client(&args, &[]).await;
    assert!(sibling.success, "{}\n{}", sibling.stdout, sibling.stderr);
    sibling.assert_has("result: 5");
}

#[tokio::test]
async fn client_walks_the_wizard_in_both_eras() {
    for era in Era::BOTH {
        let mut args = era_args(era);
        args.extend([
            "--tool",
            "create_project",
            "--answer",
            "name=atlas",
            "--answer",
            "language=TypeScript",
            WIZARD,
        ]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        assert!(
            run.starting("connected: ")[0].ends_with(connected_line(era)),
            "{era:?}: {}",
            run.stdout
        );
        assert_eq!(
            run.starting("elicitation: "),
            [
                "elicitation: What is the project called? (for create_project)",
                "elicitation: Which language is atlas written in? (for create_project)",
                "elicitation: Create the TypeScript project atlas? (for create_project)",
            ],
            "{era:?}"
        );
        assert_eq!(
            run.starting("answer: "),
            [
                "answer: name=atlas",
                "answer: language=TypeScript",
                "answer: confirm=true"
            ],
            "{era:?}"
        );
        run.assert_has("result: created project atlas (TypeScript)");
    }
}

#[tokio::test]
async fn client_prints_progress_and_the_helpers_answers() {
    for era in Era::BOTH {
        let mut args = era_args(era);
        args.extend([
            "--tool",
            "count",
            "--arguments",
            r#"{"steps": 3, "delay_ms": 5}"#,
            PROGRESS,
        ]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(
            run.starting("progress: "),
            [
                "progress: 1 of 3: step 1 of 3",
                "progress: 2 of 3: step 2 of 3",
                "progress: 3 of 3: step 3 of 3",
            ],
            "{era:?}"
        );
        run.assert_has("result: counted to 3 of 3 steps");

        let mut args = era_args(era);
        args.extend([
            "--tool",
            "send_email",
            "--arguments",
            r#"{"to": "ada@example.com", "subject": "Hi"}"#,
            "--answer",
            "confirm=false",
            LIBRARY_HELPER,
        ]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        run.assert_has("elicitation: Send \"Hi\" to ada@example.com? (for send_email)");
        run.assert_has("answer: confirm=false");
        run.assert_has("result: did not send \"Hi\" to ada@example.com");
    }
}

#[tokio::test]
async fn client_reports_a_missing_tool_and_bad_usage() {
    let run = run_client(&["--tool", "nope", STDIO_SERVER], &[]).await;
    assert_eq!(run.code, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("the server has no tool `nope`"),
        "{}",
        run.stderr
    );
    assert!(
        run.starting("tool: ").len() >= 7,
        "the tools were listed first"
    );

    let run = run_client(&["--answer", "no-equals-sign", STDIO_SERVER], &[]).await;
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("KEY=VALUE"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
