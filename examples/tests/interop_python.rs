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

#[path = "interop/common.rs"]
mod common;

use std::ffi::OsStr;

use serde_json::{Value, json};

use common::*;

/// Runs `py_client.py SCENARIO <stdio-server>` (legacy mode) and returns its JSON report,
/// having checked that it negotiated 2025-11-25.
fn run_python(scenario: &str) -> Value {
    let report = run_py_driver(LEGACY, scenario, &[stdio_server()]);
    check_legacy(&report, scenario);
    report
}

/// Runs `py_client.py --mode 2026-07-28 SCENARIO <stdio-server>` and returns its JSON report,
/// having checked that the client spoke 2026-07-28 throughout and that no server-to-client
/// JSON-RPC request reached it.
fn run_modern(scenario: &str) -> Value {
    let report = run_py_driver(MODERN, scenario, &[stdio_server()]);
    check_modern(&report, scenario);
    report
}

fn stdio_server() -> &'static OsStr {
    OsStr::new(env!("CARGO_BIN_EXE_stdio-server"))
}

/// `deploy` over MRTR: one `input_required` round asking the form, then the retry with
/// `answer` completes. Returns the report.
fn modern_deploy(scenario: &str, answer: Value) -> Value {
    let report = run_modern(scenario);
    check_modern_deploy(&report, answer);
    report
}

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

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn python_onboard_elicits_then_samples_then_lists_roots() {
    let report = run_python("onboard");
    assert_onboard_nested_in_order(&report);
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
