//! Helpers shared by the interop tests (`interop_python.rs`, stdio; `interop_http.rs`, Streamable
//! HTTP), each of which includes this file with `#[path = "interop/common.rs"] mod common;`:
//! locating the peers, running a driver with a bounded wait, and reading the JSON report of the
//! Python driver `py_client.py` (its `events` list, its `tools/call` rounds).

// Each test crate uses a subset of these helpers.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A driver run (Python start-up, server spawn, handshake, one scenario) takes 2-3 s, most of it
/// importing `mcp`, and longer when the tests run side by side on a small machine. The driver
/// gives up on its own 60 s after its imports; we kill it after this.
pub(crate) const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// How to install the Python peer, from the workspace root.
pub(crate) const PY_INSTALL: &str = "python3 -m venv target/interop/py && \
                                     target/interop/py/bin/pip install mcp==2.3.0   (or: bash .ci/run)";

pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the examples package sits in the workspace")
        .to_path_buf()
}

/// `path`, which a peer install leaves behind; a missing peer is a failure (under `CI=true` and
/// otherwise: these tests only run when asked for with `--include-ignored`), naming `install`.
pub(crate) fn require_peer(path: PathBuf, peer: &str, install: &str) -> PathBuf {
    if !path.exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "CI=true but the {peer} interop peer is missing: {} does not exist; \
                 .ci/run's `peers` stage should have installed it",
                path.display()
            );
        }
        panic!(
            "the {peer} interop peer is missing: {} does not exist; install it from the \
             workspace root with: {install}",
            path.display()
        );
    }
    path
}

/// The venv's python.
pub(crate) fn venv_python() -> PathBuf {
    require_peer(
        workspace().join("target/interop/py/bin/python"),
        "Python",
        PY_INSTALL,
    )
}

/// Reads a child's pipe to the end on a thread; the text arrives on the returned channel.
pub(crate) fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    rx
}

/// Runs `command` (stdin closed, stdout and stderr captured) and waits at most `timeout` for it;
/// panics, with its output, when it takes longer (having killed it) or exits unsuccessfully.
/// Returns its stdout. `what` names the run in messages.
pub(crate) fn run_bounded(mut command: Command, what: &str, timeout: Duration) -> String {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: spawning {command:?}: {e}"));
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));

    let started = Instant::now();
    let status: Option<ExitStatus> = loop {
        if let Some(status) = child.try_wait().expect("waiting for the driver") {
            break Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    // A stdio server inherits the driver's stderr and exits on stdin EOF, once the driver is gone.
    let grace = Duration::from_secs(5);
    let stdout = stdout.recv_timeout(grace).unwrap_or_default();
    let stderr = stderr.recv_timeout(grace).unwrap_or_default();
    let Some(status) = status else {
        panic!(
            "{what}: the driver did not finish within {timeout:?} and was killed\n\
             --- stdout\n{stdout}\n--- stderr\n{stderr}"
        );
    };
    assert!(
        status.success(),
        "{what}: the driver exited with {status}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    eprintln!("{what}: {:.2?}; driver output: {stdout}", started.elapsed());
    stdout
}

/// The last line of a driver's stdout, as JSON.
pub(crate) fn last_json_line(what: &str, stdout: &str) -> Value {
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("{what}: the driver's output is not JSON ({e}):\n{stdout}"))
}

/// The version the driver's `--mode` argument names: `legacy` negotiates 2025-11-25 with
/// `initialize`, the modern mode pins 2026-07-28.
pub(crate) const LEGACY: &str = "legacy";
pub(crate) const MODERN: &str = "2026-07-28";

/// Runs `py_client.py --mode MODE SCENARIO SERVER...` (`server`: a stdio server's command, or
/// a Streamable HTTP URL) and returns its JSON report.
pub(crate) fn run_py_driver(mode: &str, scenario: &str, server: &[&OsStr]) -> Value {
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/py_client.py");
    let mut command = Command::new(venv_python());
    command
        .arg(&driver)
        .args(["--mode", mode])
        .arg(scenario)
        .args(server);
    let what = format!("scenario {scenario} ({mode})");
    let stdout = run_bounded(command, &what, RUN_TIMEOUT);
    last_json_line(&what, &stdout)
}

/// Checks a legacy-mode report: the client negotiated 2025-11-25 with our server.
pub(crate) fn check_legacy(report: &Value, scenario: &str) {
    assert_eq!(
        report["protocol_version"], "2025-11-25",
        "scenario {scenario}: negotiated version in {report:#}"
    );
    assert_eq!(
        report["server_info"]["name"], "tether-mcp",
        "scenario {scenario}: server info in {report:#}"
    );
}

/// Checks a 2026-07-28-mode report: the client spoke 2026-07-28 throughout and no
/// server-to-client JSON-RPC request reached it (the modern wire has none: input goes through
/// MRTR).
pub(crate) fn check_modern(report: &Value, scenario: &str) {
    assert_eq!(report["mode"], MODERN, "scenario {scenario}: {report:#}");
    assert_eq!(
        report["protocol_version"], MODERN,
        "scenario {scenario}: pinned version in {report:#}"
    );
    assert_eq!(
        report["protocol_version_after_discover"], MODERN,
        "scenario {scenario}: version after server/discover in {report:#}"
    );
    assert!(
        events(report, "server_request").is_empty(),
        "scenario {scenario}: no server-to-client requests on the modern wire: {report:#}"
    );
}

/// `deploy` over MRTR: one `input_required` round asking the form, then the retry with
/// `answer` completes.
pub(crate) fn check_modern_deploy(report: &Value, answer: Value) {
    let rounds = assert_rounds(report, &[&["elicitation/create"]]);
    let (key, request) = only_request(rounds[0]);
    assert_eq!(
        request["params"],
        deploy_form(),
        "the form in inputRequests"
    );
    assert_eq!(
        event(report, "elicitation").1["params"],
        deploy_form(),
        "what the elicitation callback got"
    );
    assert_eq!(
        rounds[1]["input_responses"],
        json!({ key: answer }),
        "the retry's inputResponses"
    );
}

/// The names of the tools in a report's `tools` list.
pub(crate) fn tool_names(report: &Value) -> Vec<&str> {
    report["tools"]
        .as_array()
        .expect("tools list")
        .iter()
        .map(|t| t["name"].as_str().expect("tool name"))
        .collect()
}

/// The events of the report whose `event` field is `kind`, with their positions.
pub(crate) fn events<'a>(report: &'a Value, kind: &str) -> Vec<(usize, &'a Value)> {
    report["events"]
        .as_array()
        .expect("the report has an events list")
        .iter()
        .enumerate()
        .filter(|(_, e)| e["event"] == kind)
        .collect()
}

/// The one event of `kind`, with its position.
pub(crate) fn event<'a>(report: &'a Value, kind: &str) -> (usize, &'a Value) {
    let found = events(report, kind);
    assert_eq!(found.len(), 1, "one `{kind}` event in {report:#}");
    found[0]
}

/// The text blocks of the one tool result in the report.
pub(crate) fn result_text(report: &Value) -> String {
    let (_, end) = event(report, "call_end");
    let result = &end["result"];
    assert_ne!(result["isError"], true, "tool error: {result:#}");
    result["content"]
        .as_array()
        .expect("content is a list")
        .iter()
        .map(|block| {
            assert_eq!(block["type"], "text", "content block {block}");
            block["text"].as_str().expect("text block").to_owned()
        })
        .collect()
}

/// Asserts that exactly one server-to-client request `method` reached the client during the tool
/// call, and that its callback (`callback` event) ran after it and before the call returned.
/// Returns the request's wire params.
pub(crate) fn one_request_during_call<'a>(
    report: &'a Value,
    method: &str,
    callback: &str,
) -> &'a Value {
    let requests = events(report, "server_request");
    assert_eq!(requests.len(), 1, "one server request in {report:#}");
    let (at, request) = requests[0];
    assert_eq!(request["method"], method, "server request in {report:#}");
    let (start, _) = event(report, "call_start");
    let (called, _) = event(report, callback);
    let (end, _) = event(report, "call_end");
    assert!(
        start < at && at < called && called < end,
        "{method} should arrive during the call and reach `{callback}` before it returns: \
         {report:#}"
    );
    &request["params"]
}

/// The example's tools, in the order `tools/list` gives them.
pub(crate) const TOOLS: [&str; 7] = [
    "add",
    "deploy",
    "summarize",
    "roots",
    "onboard",
    "onboard_joined",
    "slow",
];
/// The form `deploy` asks for.
pub(crate) fn deploy_form() -> Value {
    json!({
        "mode": "form",
        "message": "Deploy to production?",
        "requestedSchema": {
            "type": "object",
            "properties": {"confirm": {"type": "boolean", "description": "Deploy now?"}},
            "required": ["confirm"],
        },
    })
}

/// The form `deploy` asks for, as the Python client received it.
pub(crate) fn assert_deploy_elicitation(report: &Value) {
    let expected = deploy_form();
    let wire = one_request_during_call(report, "elicitation/create", "elicitation");
    assert_eq!(wire, &expected, "elicitation/create params on the wire");
    let (_, callback) = event(report, "elicitation");
    assert_eq!(
        callback["params"], expected,
        "what the elicitation callback got"
    );
}

/// The legacy `onboard` tools: one `tools/call`, during which the server's requests arrive as
/// JSON-RPC requests of the `methods` (the first in order, the rest in any order: `onboard_joined`
/// sends them concurrently), each reaching its callback before the call returns.
/// The legacy `onboard` call: its elicitation, sampling and roots requests arrived during the
/// call, in that order, each as a server request on the wire.
pub(crate) fn assert_onboard_nested_in_order(report: &Value) {
    assert_legacy_onboard(
        report,
        "elicitation/create",
        &["sampling/createMessage", "roots/list"],
    );
    let methods: Vec<&Value> = events(report, "server_request")
        .into_iter()
        .map(|(_, r)| &r["method"])
        .collect();
    assert_eq!(
        methods,
        ["elicitation/create", "sampling/createMessage", "roots/list"],
        "in order: {report:#}"
    );
}

pub(crate) fn assert_legacy_onboard(report: &Value, first: &str, rest: &[&str]) {
    assert_eq!(events(report, "tools_call").len(), 1, "{report:#}");
    let (start, _) = event(report, "call_start");
    let (end, _) = event(report, "call_end");
    let requests = events(report, "server_request");
    let methods: Vec<&str> = requests
        .iter()
        .map(|(at, r)| {
            assert!(
                start < *at && *at < end,
                "request outside the call: {report:#}"
            );
            r["method"].as_str().expect("method")
        })
        .collect();
    assert_eq!(methods.first(), Some(&first), "{report:#}");
    let mut later = methods[1..].to_vec();
    later.sort_unstable();
    let mut want = rest.to_vec();
    want.sort_unstable();
    assert_eq!(later, want, "{report:#}");
    for method in methods {
        let (called, _) = event(report, callback_of(method));
        assert!(
            called < end,
            "`{method}` answered within the call: {report:#}"
        );
    }
    assert_eq!(event(report, "elicitation").1["params"], onboarding_form());
    assert_eq!(
        event(report, "sampling").1["params"],
        summary_request("tether")
    );
    assert_eq!(result_text(report), ONBOARDED);
}

/// The callback event the Python client records for an input request's `method`.
pub(crate) fn callback_of(method: &str) -> &'static str {
    match method {
        "elicitation/create" => "elicitation",
        "sampling/createMessage" => "sampling",
        "roots/list" => "list_roots",
        other => panic!("not an input request method: {other}"),
    }
}

/// Checks the `tools/call` rounds of the report's one tool call against `asked`: round `i`
/// (for each `i < asked.len()`) answered `input_required` with input requests of exactly the
/// methods `asked[i]` (in any order), and the round after them completed. The first round
/// carries neither `inputResponses` nor `requestState`; each retry carries a response for
/// exactly the keys the round before asked, and a `requestState` exactly when that round's
/// result had one. Every input request reached its callback between its round and the retry,
/// with the params the server sent. Returns the rounds.
pub(crate) fn assert_rounds<'a>(report: &'a Value, asked: &[&[&str]]) -> Vec<&'a Value> {
    let (start, _) = event(report, "call_start");
    let (end, _) = event(report, "call_end");
    let rounds = events(report, "tools_call");
    assert_eq!(
        rounds.len(),
        asked.len() + 1,
        "tools/call requests for one call: {report:#}"
    );
    for (i, &(at, round)) in rounds.iter().enumerate() {
        assert!(
            start < at && at < end,
            "round {i} outside the call: {report:#}"
        );
        let next_at = rounds.get(i + 1).map_or(end, |r| r.0);
        if i == 0 {
            assert_eq!(
                round["input_responses"],
                Value::Null,
                "first round: {round:#}"
            );
            assert_eq!(round["has_request_state"], false, "first round: {round:#}");
        }
        let Some(methods) = asked.get(i) else {
            assert_eq!(round["result_type"], "complete", "last round: {report:#}");
            break;
        };
        assert_eq!(
            round["result_type"], "input_required",
            "round {i}: {report:#}"
        );
        let requests = round["input_requests"]
            .as_object()
            .unwrap_or_else(|| panic!("round {i} asks for input: {report:#}"));
        let mut got: Vec<&str> = requests
            .values()
            .map(|r| r["method"].as_str().expect("input request method"))
            .collect();
        got.sort_unstable();
        let mut want = methods.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "round {i}'s input requests: {report:#}");
        for (key, request) in requests {
            let method = request["method"].as_str().expect("method");
            let kind = callback_of(method);
            let called: Vec<(usize, &Value)> = events(report, kind)
                .into_iter()
                .filter(|(_, e)| e["key"] == key.as_str())
                .collect();
            assert_eq!(
                called.len(),
                1,
                "one `{kind}` callback for {key}: {report:#}"
            );
            let (called_at, callback) = called[0];
            assert!(
                at < called_at && called_at < next_at,
                "{key} should reach `{kind}` after round {i} and before the retry: {report:#}"
            );
            if kind != "list_roots" {
                assert_eq!(
                    callback["params"], request["params"],
                    "what `{kind}` got for {key}"
                );
            }
        }
        let retry = rounds[i + 1].1;
        let answered: Vec<&String> = retry["input_responses"]
            .as_object()
            .unwrap_or_else(|| panic!("round {} carries inputResponses: {report:#}", i + 1))
            .keys()
            .collect();
        let mut asked_keys: Vec<&String> = requests.keys().collect();
        asked_keys.sort_unstable();
        let mut answered = answered;
        answered.sort_unstable();
        assert_eq!(answered, asked_keys, "round {}'s inputResponses", i + 1);
        assert_eq!(
            retry["has_request_state"],
            round["result_has_request_state"],
            "round {} echoes requestState iff round {i} sent one: {report:#}",
            i + 1
        );
    }
    rounds.into_iter().map(|(_, r)| r).collect()
}

/// The one input request of a round, with its key.
pub(crate) fn only_request(round: &Value) -> (&String, &Value) {
    let requests = round["input_requests"].as_object().expect("input requests");
    assert_eq!(requests.len(), 1, "one input request in {round:#}");
    requests.iter().next().expect("one")
}

/// The `sampling/createMessage` params the `onboard` tools send for `project`.
pub(crate) fn summary_request(project: &str) -> Value {
    json!({
        "messages": [{
            "role": "user",
            "content": {"type": "text", "text": format!("Summarize in one line: {project}")},
        }],
        "maxTokens": 100,
    })
}

/// The form the `onboard` tools ask for.
pub(crate) fn onboarding_form() -> Value {
    json!({
        "mode": "form",
        "message": "Which project should I onboard?",
        "requestedSchema": {
            "type": "object",
            "properties": {"project": {"type": "string", "description": "The project to onboard."}},
            "required": ["project"],
        },
    })
}

/// What the `onboard` tools answer with the driver's answers.
pub(crate) const ONBOARDED: &str =
    "onboarded tether: A stub summary from Python.; roots file:///work/alpha, file:///work/beta";

// ---------------------------------------------------------------------------------------------
// Server children that print `listening http://127.0.0.1:PORT/mcp` once they accept connections.

/// How long a server child may take to print its `listening` line.
pub(crate) const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// Reads a server child's first stdout line, `listening http://127.0.0.1:PORT/mcp`, within
/// [`READY_TIMEOUT`], and keeps draining its stdout so it never blocks; returns the URL.
pub(crate) fn listening_url(child: &mut Child, what: &str) -> String {
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let _ = tx.send(lines.next());
        for _ in lines {}
    });
    let line = match rx.recv_timeout(READY_TIMEOUT) {
        Ok(Some(Ok(line))) => line,
        Ok(other) => panic!("{what} ended before listening: {other:?}"),
        Err(_) => panic!("{what} printed no `listening` line within {READY_TIMEOUT:?}"),
    };
    line.strip_prefix("listening ")
        .filter(|url| url.starts_with("http://127.0.0.1:") && url.ends_with("/mcp"))
        .unwrap_or_else(|| panic!("{what}: unexpected first line {line:?}"))
        .to_owned()
}

/// A server child listening on Streamable HTTP (our `http-server` with `PORT=0`, or a peer's
/// server); killed and reaped on drop.
pub(crate) struct HttpServer {
    child: Child,
    pub(crate) url: String,
}

impl HttpServer {
    /// Our `http-server` example on a free port.
    pub(crate) fn start() -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_http-server"));
        command.env("PORT", "0");
        Self::spawn(command, "http-server")
    }

    /// Spawns `command` (stdin closed, stdout piped) and waits for its `listening` line.
    pub(crate) fn spawn(mut command: Command, what: &str) -> Self {
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{what}: spawning {command:?}: {e}"));
        let mut server = Self {
            child,
            url: String::new(),
        };
        server.url = listening_url(&mut server.child, what);
        server
    }

    /// The endpoint URL.
    pub(crate) fn url(&self) -> &OsStr {
        OsStr::new(&self.url)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What our client's elicitation handler saw in a cell: exactly one form, "Deploy to
/// production?" with a boolean `confirm`, serving the `tools/call` of `tool`.
pub(crate) fn assert_one_deploy_form(
    name: &str,
    tool: &str,
    seen: &[(
        tether_mcp::types::ElicitRequestParams,
        tether_mcp::client::Origin,
    )],
) {
    use tether_mcp::client::Origin;
    use tether_mcp::types::ElicitRequestParams;
    assert_eq!(seen.len(), 1, "{name}: one elicitation: {seen:#?}");
    let (params, origin) = &seen[0];
    let ElicitRequestParams::Form(form) = params else {
        panic!("{name}: a form elicitation: {params:#?}");
    };
    assert_eq!(form.message, "Deploy to production?", "{name}");
    let schema = serde_json::to_value(&form.requested_schema).expect("schema");
    assert_eq!(
        schema["properties"]["confirm"]["type"], "boolean",
        "{name}: {schema:#}"
    );
    assert!(
        matches!(
            origin,
            Origin::Call { method, name: Some(called), .. }
                if method == "tools/call" && called == tool
        ),
        "{name}: origin {origin:?}"
    );
}

/// One MRTR round by hand (2026-07-28): `tools/call` with `call` (`{name, arguments}`) answers
/// `input_required` with exactly one elicitation.
pub(crate) async fn assert_round_one_asks_a_form(
    client: &tether_mcp::client::Client,
    name: &str,
    call: Value,
) {
    use tether_mcp::types::{CallToolRequestParams, InputRequest, MultiRoundResult};
    let params: CallToolRequestParams = serde_json::from_value(call).expect("params");
    let round = client
        .call_tool_once(params)
        .await
        .unwrap_or_else(|e| panic!("{name}: round one: {e}"));
    let MultiRoundResult::InputRequired(round) = round else {
        panic!("{name}: round one asks for input: {round:#?}");
    };
    let requests = round.input_requests.as_ref().expect("inputRequests");
    assert_eq!(requests.len(), 1, "{name}: one input request: {round:#?}");
    assert!(
        matches!(requests[0], InputRequest::Elicit(_)),
        "{name}: an elicitation: {round:#?}"
    );
}
