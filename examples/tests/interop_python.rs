//! Interop: the Python `mcp` 2.3.0 client drives the `stdio-server` example over stdio, in
//! `mode="legacy"` (the initialize handshake, 2025-11-25) and in `mode="2026-07-28"` (that
//! version pinned: per-request `_meta`, and Multi Round-Trip Requests where the legacy era sends
//! server-to-client requests). The driver is `tests/interop/py_client.py`; it prints one JSON
//! object (negotiated version, what its callbacks received, the server-to-client requests seen on
//! the wire, each `tools/call` round it sent and what came back, the tool results, in order, plus
//! named members for the resource, prompt, completion and discover scenarios) and these tests
//! assert on it.
//!
//! The Python SDK lives in a venv at `<workspace>/target/interop/py`, which `.ci/run` (stage
//! `peers`) creates. The tests are ignored by default; run them with
//! `cargo test -p tether-mcp-examples --test interop_python -- --include-ignored`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A driver run (Python start-up, server spawn, handshake, one scenario) takes 2-3 s, most of it
/// importing `mcp`, and longer when the tests run side by side on a small machine. The driver
/// gives up on its own 60 s after its imports; we kill it after this.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

const INSTALL: &str = "python3 -m venv target/interop/py && \
                       target/interop/py/bin/pip install mcp==2.3.0   (or: bash .ci/run)";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the examples package sits in the workspace")
        .to_path_buf()
}

/// The venv's python; a missing venv is a failure (under `CI=true` and otherwise: these tests
/// only run when asked for with `--include-ignored`).
fn venv_python() -> PathBuf {
    let python = workspace().join("target/interop/py/bin/python");
    if !python.exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "CI=true but the Python interop peer is missing: {} does not exist; \
                 .ci/run's `peers` stage should have installed it",
                python.display()
            );
        }
        panic!(
            "the Python interop peer is missing: {} does not exist; install it from the \
             workspace root with: {INSTALL}",
            python.display()
        );
    }
    python
}

/// Reads a child's pipe to the end on a thread; the text arrives on the returned channel.
fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    rx
}

/// The version the driver's `--mode` argument names: `legacy` negotiates 2025-11-25 with
/// `initialize`, the modern mode pins 2026-07-28.
const LEGACY: &str = "legacy";
const MODERN: &str = "2026-07-28";

/// Runs `py_client.py SCENARIO <stdio-server>` (legacy mode) and returns its JSON report.
fn run_python(scenario: &str) -> Value {
    let report = run_driver(LEGACY, scenario);
    assert_eq!(
        report["protocol_version"], "2025-11-25",
        "scenario {scenario}: negotiated version in {report:#}"
    );
    assert_eq!(
        report["server_info"]["name"], "tether-mcp",
        "scenario {scenario}: server info in {report:#}"
    );
    report
}

/// Runs `py_client.py --mode 2026-07-28 SCENARIO <stdio-server>` and returns its JSON report,
/// having checked that the client spoke 2026-07-28 throughout and that no server-to-client
/// JSON-RPC request reached it (the modern wire has none: input goes through MRTR).
fn run_modern(scenario: &str) -> Value {
    let report = run_driver(MODERN, scenario);
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
        events(&report, "server_request").is_empty(),
        "scenario {scenario}: no server-to-client requests on the modern wire: {report:#}"
    );
    report
}

/// Runs `py_client.py --mode MODE SCENARIO <stdio-server>` and returns its JSON report.
fn run_driver(mode: &str, scenario: &str) -> Value {
    let python = venv_python();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/py_client.py");
    let server = env!("CARGO_BIN_EXE_stdio-server");
    let mut child = Command::new(&python)
        .arg(&driver)
        .args(["--mode", mode])
        .arg(scenario)
        .arg(server)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawning {}: {e}", python.display()));
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the Python client") {
            break Some(status);
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    // The server inherits the driver's stderr and exits on stdin EOF, once the driver is gone.
    let grace = Duration::from_secs(5);
    let stdout = stdout.recv_timeout(grace).unwrap_or_default();
    let stderr = stderr.recv_timeout(grace).unwrap_or_default();
    let Some(status) = status else {
        panic!(
            "scenario {scenario} ({mode}): the Python client did not finish within {RUN_TIMEOUT:?} and \
             was killed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        );
    };
    assert!(
        status.success(),
        "scenario {scenario}: the Python client exited with {status}\n--- stdout\n{stdout}\n\
         --- stderr\n{stderr}"
    );
    eprintln!(
        "scenario {scenario} ({mode}): {:.2?}; python output: {stdout}",
        started.elapsed()
    );
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|e| {
        panic!("scenario {scenario}: the Python output is not JSON ({e}):\n{stdout}\n{stderr}")
    })
}

/// The events of the report whose `event` field is `kind`, with their positions.
fn events<'a>(report: &'a Value, kind: &str) -> Vec<(usize, &'a Value)> {
    report["events"]
        .as_array()
        .expect("the report has an events list")
        .iter()
        .enumerate()
        .filter(|(_, e)| e["event"] == kind)
        .collect()
}

/// The one event of `kind`, with its position.
fn event<'a>(report: &'a Value, kind: &str) -> (usize, &'a Value) {
    let found = events(report, kind);
    assert_eq!(found.len(), 1, "one `{kind}` event in {report:#}");
    found[0]
}

/// The text blocks of the one tool result in the report.
fn result_text(report: &Value) -> String {
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
fn one_request_during_call<'a>(report: &'a Value, method: &str, callback: &str) -> &'a Value {
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
const TOOLS: [&str; 7] = [
    "add",
    "deploy",
    "summarize",
    "roots",
    "onboard",
    "onboard_joined",
    "slow",
];

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_lists_tools_and_calls_add() {
    let report = run_python("add");
    let names: Vec<&str> = report["tools"]
        .as_array()
        .expect("tools list")
        .iter()
        .map(|t| t["name"].as_str().expect("tool name"))
        .collect();
    assert_eq!(names, TOOLS);
    assert_eq!(
        report["tools"][0]["inputSchema"],
        json!({"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}})
    );
    assert!(
        events(&report, "server_request").is_empty(),
        "add asks the client nothing: {report:#}"
    );
    assert_eq!(result_text(&report), "5");
}

/// The form `deploy` asks for.
fn deploy_form() -> Value {
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
fn assert_deploy_elicitation(report: &Value) {
    let expected = deploy_form();
    let wire = one_request_during_call(report, "elicitation/create", "elicitation");
    assert_eq!(wire, &expected, "elicitation/create params on the wire");
    let (_, callback) = event(report, "elicitation");
    assert_eq!(
        callback["params"], expected,
        "what the elicitation callback got"
    );
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_elicitation_accept_deploys() {
    let report = run_python("deploy-accept");
    assert_deploy_elicitation(&report);
    assert_eq!(result_text(&report), "deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_elicitation_decline_does_not_deploy() {
    let report = run_python("deploy-decline");
    assert_deploy_elicitation(&report);
    assert_eq!(result_text(&report), "not deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_elicitation_accept_false_does_not_deploy() {
    let report = run_python("deploy-accept-false");
    assert_deploy_elicitation(&report);
    assert_eq!(result_text(&report), "not deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_elicitation_cancel_does_not_deploy() {
    let report = run_python("deploy-cancel");
    assert_deploy_elicitation(&report);
    assert_eq!(result_text(&report), "not deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_sampling_answers_summarize() {
    let report = run_python("summarize");
    let wire = one_request_during_call(&report, "sampling/createMessage", "sampling");
    let expected = json!({
        "messages": [{
            "role": "user",
            "content": {
                "type": "text",
                "text": "Summarize in one line: The quick brown fox jumps over the lazy dog.",
            },
        }],
        "maxTokens": 100,
    });
    assert_eq!(wire, &expected, "sampling/createMessage params on the wire");
    assert_eq!(event(&report, "sampling").1["params"], expected);
    assert_eq!(result_text(&report), "A stub summary from Python.");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_roots_are_listed() {
    let report = run_python("roots");
    let wire = one_request_during_call(&report, "roots/list", "list_roots");
    assert!(
        wire.as_object().is_none_or(|params| params.is_empty()),
        "roots/list carries no params: {wire}"
    );
    assert_eq!(
        result_text(&report),
        "file:///work/alpha\nfile:///work/beta"
    );
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_receives_progress_from_slow() {
    let report = run_python("slow");
    assert!(events(&report, "server_request").is_empty(), "{report:#}");
    let (start, _) = event(&report, "call_start");
    let (end, _) = event(&report, "call_end");
    let progress: Vec<Value> = events(&report, "progress")
        .into_iter()
        .map(|(at, p)| {
            assert!(
                start < at && at < end,
                "progress outside the call: {report:#}"
            );
            json!([p["progress"], p["total"], p["message"]])
        })
        .collect();
    assert_eq!(
        progress,
        [
            json!([1.0, 3.0, "step 1"]),
            json!([2.0, 3.0, "step 2"]),
            json!([3.0, 3.0, "step 3"]),
        ]
    );
    assert_eq!(result_text(&report), "counted to 3");
}

/// The `contents` of a `resources/read` result the Python client got (the SDK's model fills in
/// defaults such as `ttlMs` that the legacy wire never carried, so only `contents` is compared).
fn contents(read: &Value) -> &Value {
    &read["contents"]
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_lists_every_resource_page_and_reads_resources() {
    let report = run_python("resources");
    assert_eq!(
        report["server_capabilities"],
        json!({"tools": {}, "resources": {}, "prompts": {}, "completions": {}}),
        "what the binary advertises"
    );
    let resource =
        |uri: &str, name: &str, mime: &str| json!({"uri": uri, "name": name, "mimeType": mime});
    assert_eq!(
        report["resource_pages"],
        json!([
            {
                "resources": [
                    resource("file:///demo/readme.md", "readme", "text/markdown"),
                    resource("file:///demo/config.json", "config", "application/json"),
                ],
                "has_next": true,
            },
            {
                "resources": [resource("file:///demo/changelog.txt", "changelog", "text/plain")],
                "has_next": false,
            },
        ]),
        "two pages, two resources then one: {report:#}"
    );
    assert_eq!(
        report["templates"],
        json!([{
            "uriTemplate": "file:///demo/notes/{name}",
            "name": "note",
            "description": "A note, by name.",
            "mimeType": "text/plain",
        }])
    );
    assert_eq!(
        contents(&report["read_readme"]),
        &json!([{
            "uri": "file:///demo/readme.md",
            "mimeType": "text/markdown",
            "text": "# Demo\nThe tether-mcp demo server.",
        }])
    );
    assert_eq!(
        contents(&report["read_note"]),
        &json!([{
            "uri": "file:///demo/notes/meeting",
            "mimeType": "text/plain",
            "text": "Monday 10:00",
        }]),
        "the template-matched note"
    );
    assert_eq!(
        report["read_missing"],
        json!({"code": -32002, "message": "resource not found: file:///demo/nope.txt"})
    );
    assert_eq!(
        report["read_missing_note"],
        json!({"code": -32002, "message": "resource not found: file:///demo/notes/nope"}),
        "the template matches, but there is no such note"
    );
    assert!(events(&report, "server_request").is_empty(), "{report:#}");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_lists_and_gets_the_greet_prompt() {
    let report = run_python("prompts");
    assert_eq!(
        report["prompts"],
        json!([{
            "name": "greet",
            "description": "Greets someone.",
            "arguments": [
                {"name": "name", "description": "Who to greet.", "required": true},
                {"name": "team", "description": "Their team.", "required": false},
            ],
        }])
    );
    let greeting = |description: &str, text: &str| {
        json!({
            "description": description,
            "messages": [{"role": "user", "content": {"type": "text", "text": text}}],
        })
    };
    for (member, expected) in [
        (
            "greet",
            greeting(
                "A greeting for Alice",
                "Greet Alice from the core team warmly.",
            ),
        ),
        (
            "greet_plain",
            greeting("A greeting for Bob", "Greet Bob warmly."),
        ),
    ] {
        let got = &report[member];
        assert_eq!(got["description"], expected["description"], "{member}");
        assert_eq!(got["messages"], expected["messages"], "{member}");
    }
    assert_eq!(
        report["greet_missing"],
        json!({"code": -32602, "message": "greet: missing required argument `name`"})
    );
    assert_eq!(
        report["unknown_prompt"],
        json!({"code": -32602, "message": "unknown prompt: nope"})
    );
    assert!(events(&report, "server_request").is_empty(), "{report:#}");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_completes_prompt_and_template_arguments() {
    let report = run_python("complete");
    let values =
        |values: &[&str]| json!({"values": values, "total": values.len(), "hasMore": false});
    assert_eq!(
        report["completions"],
        json!({
            // `greet`'s `name`: by prefix, ignoring case; narrowed by the `team` in the context.
            "greet_name_c": values(&["Carol", "Charlie"]),
            "greet_name_c_docs": values(&["Charlie"]),
            "greet_name_all_core": values(&["Alice", "Bob", "Carol"]),
            "greet_team": values(&["docs"]),
            // The template's `name`: the notes.
            "note_name_m": values(&["meeting"]),
            "note_name_all": values(&["groceries", "ideas", "meeting", "todo"]),
            "note_name_none": values(&[]),
        })
    );
    assert!(events(&report, "server_request").is_empty(), "{report:#}");
}

/// The legacy `onboard` tools: one `tools/call`, during which the server's requests arrive as
/// JSON-RPC requests of the `methods` (the first in order, the rest in any order: `onboard_joined`
/// sends them concurrently), each reaching its callback before the call returns.
fn assert_legacy_onboard(report: &Value, first: &str, rest: &[&str]) {
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

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_onboard_elicits_then_samples_then_lists_roots() {
    let report = run_python("onboard");
    assert_legacy_onboard(
        &report,
        "elicitation/create",
        &["sampling/createMessage", "roots/list"],
    );
    let methods: Vec<&Value> = events(&report, "server_request")
        .into_iter()
        .map(|(_, r)| &r["method"])
        .collect();
    assert_eq!(
        methods,
        ["elicitation/create", "sampling/createMessage", "roots/list"],
        "in order: {report:#}"
    );
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_onboard_joined_samples_and_lists_roots_after_eliciting() {
    let report = run_python("onboard-joined");
    assert_legacy_onboard(
        &report,
        "elicitation/create",
        &["sampling/createMessage", "roots/list"],
    );
}

// ---------------------------------------------------------------------------------------------
// mode="2026-07-28": the same tools, with Multi Round-Trip Requests instead of server-to-client
// requests.

/// The callback event the Python client records for an input request's `method`.
fn callback_of(method: &str) -> &'static str {
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
fn assert_rounds<'a>(report: &'a Value, asked: &[&[&str]]) -> Vec<&'a Value> {
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
fn only_request(round: &Value) -> (&String, &Value) {
    let requests = round["input_requests"].as_object().expect("input requests");
    assert_eq!(requests.len(), 1, "one input request in {round:#}");
    requests.iter().next().expect("one")
}

/// The `sampling/createMessage` params the `onboard` tools send for `project`.
fn summary_request(project: &str) -> Value {
    json!({
        "messages": [{
            "role": "user",
            "content": {"type": "text", "text": format!("Summarize in one line: {project}")},
        }],
        "maxTokens": 100,
    })
}

/// The form the `onboard` tools ask for.
fn onboarding_form() -> Value {
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
const ONBOARDED: &str =
    "onboarded tether: A stub summary from Python.; roots file:///work/alpha, file:///work/beta";

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_modern_discovers_lists_tools_and_calls_add() {
    let report = run_modern("add");
    let discover = &report["discover"]["ok"];
    assert!(
        discover["supportedVersions"]
            .as_array()
            .is_some_and(|v| v.contains(&json!(MODERN))),
        "server/discover lists 2026-07-28: {report:#}"
    );
    assert_eq!(discover["resultType"], "complete", "{report:#}");
    assert_eq!(
        discover["capabilities"],
        json!({"tools": {}, "resources": {}, "prompts": {}, "completions": {}}),
        "what the binary advertises, now in server/discover"
    );
    assert_eq!(
        report["server_info"]["name"], "tether-mcp",
        "the serverInfo stamp of server/discover: {report:#}"
    );
    let names: Vec<&str> = report["tools"]
        .as_array()
        .expect("tools list")
        .iter()
        .map(|t| t["name"].as_str().expect("tool name"))
        .collect();
    assert_eq!(names, TOOLS);
    assert_rounds(&report, &[]);
    assert_eq!(result_text(&report), "5");
    let (_, end) = event(&report, "call_end");
    assert_eq!(end["result"]["resultType"], "complete", "{report:#}");
    assert_eq!(
        end["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "tether-mcp",
        "the result's serverInfo stamp: {report:#}"
    );
}

/// `deploy` over MRTR: one `input_required` round asking the form, then the retry with
/// `answer` completes. Returns the report.
fn modern_deploy(scenario: &str, answer: Value) -> Value {
    let report = run_modern(scenario);
    let rounds = assert_rounds(&report, &[&["elicitation/create"]]);
    let (key, request) = only_request(rounds[0]);
    assert_eq!(
        request["params"],
        deploy_form(),
        "the form in inputRequests"
    );
    assert_eq!(
        event(&report, "elicitation").1["params"],
        deploy_form(),
        "what the elicitation callback got"
    );
    assert_eq!(
        rounds[1]["input_responses"],
        json!({ key: answer }),
        "the retry's inputResponses"
    );
    report
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_modern_elicitation_accept_deploys() {
    let report = modern_deploy(
        "deploy-accept",
        json!({"action": "accept", "content": {"confirm": true}}),
    );
    assert_eq!(result_text(&report), "deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_modern_elicitation_decline_does_not_deploy() {
    let report = modern_deploy("deploy-decline", json!({"action": "decline"}));
    assert_eq!(result_text(&report), "not deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_modern_onboard_elicits_then_samples_then_lists_roots() {
    let report = run_modern("onboard");
    let rounds = assert_rounds(
        &report,
        &[
            &["elicitation/create"],
            &["sampling/createMessage"],
            &["roots/list"],
        ],
    );
    assert_eq!(only_request(rounds[0]).1["params"], onboarding_form());
    assert_eq!(
        only_request(rounds[1]).1["params"],
        summary_request("tether")
    );
    let (elicited, _) = event(&report, "elicitation");
    let (sampled, _) = event(&report, "sampling");
    let (listed, _) = event(&report, "list_roots");
    assert!(
        elicited < sampled && sampled < listed,
        "elicitation, then sampling, then roots: {report:#}"
    );
    assert_eq!(result_text(&report), ONBOARDED);
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_modern_onboard_joined_asks_sampling_and_roots_in_one_round() {
    let report = run_modern("onboard-joined");
    let rounds = assert_rounds(
        &report,
        &[
            &["elicitation/create"],
            &["sampling/createMessage", "roots/list"],
        ],
    );
    assert_eq!(only_request(rounds[0]).1["params"], onboarding_form());
    let sampling = rounds[1]["input_requests"]
        .as_object()
        .expect("input requests")
        .values()
        .find(|r| r["method"] == "sampling/createMessage")
        .expect("a sampling request");
    assert_eq!(sampling["params"], summary_request("tether"));
    let (elicited, _) = event(&report, "elicitation");
    let (sampled, _) = event(&report, "sampling");
    let (listed, _) = event(&report, "list_roots");
    assert!(
        elicited < sampled && elicited < listed,
        "elicitation before sampling and roots: {report:#}"
    );
    assert_eq!(result_text(&report), ONBOARDED);
}
