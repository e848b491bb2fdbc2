//! Interop over Streamable HTTP: real client SDKs drive the `http-server` example (the
//! `stdio-server`'s `Demo` handler on one HTTP endpoint that serves both protocol eras).
//!
//! - The Python `mcp` 2.3.0 client (`tests/interop/py_client.py`, given the URL instead of a
//!   server command) in `mode="legacy"` (an `initialize`d session with `Mcp-Session-Id`; the
//!   server's requests arrive on the SSE stream of the `tools/call` POST) and in
//!   `mode="2026-07-28"` (stateless POSTs; input through Multi Round-Trip Requests).
//! - The TypeScript SDK 1.32.2 client (`tests/interop/ts_client.mjs`,
//!   `StreamableHTTPClientTransport`, protocol 2025-11-25) with an elicitation handler.
//!
//! Each test starts its own `http-server` on a free port (`PORT=0`), reads the `listening` line
//! it prints, runs one driver with a bounded wait and kills the server when done. The peers live
//! under `<workspace>/target/interop/` (`py`: a venv; `ts`: an npm prefix), which `.ci/run`
//! (stage `peers`) installs. The tests are ignored by default; run them with
//! `cargo test -p tether-mcp-examples --test interop_http -- --include-ignored`.

#[path = "interop/common.rs"]
mod common;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use common::*;

/// Runs `py_client.py SCENARIO <url>` (legacy mode) against a fresh `http-server` and returns
/// its JSON report, having checked that it negotiated 2025-11-25.
fn run_python(scenario: &str) -> Value {
    let server = HttpServer::start();
    let report = run_py_driver(LEGACY, scenario, &[server.url()]);
    check_legacy(&report, scenario);
    report
}

/// Runs `py_client.py --mode 2026-07-28 SCENARIO <url>` against a fresh `http-server` and
/// returns its JSON report, having checked that the client spoke 2026-07-28 throughout and that
/// no server-to-client JSON-RPC request reached it.
fn run_modern(scenario: &str) -> Value {
    let server = HttpServer::start();
    let report = run_py_driver(MODERN, scenario, &[server.url()]);
    check_modern(&report, scenario);
    report
}

// ---------------------------------------------------------------------------------------------
// Python, mode="legacy": an initialized session over HTTP.

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn http_python_lists_tools_and_calls_add() {
    let report = run_python("add");
    assert_eq!(tool_names(&report), TOOLS);
    assert_eq!(
        report["server_capabilities"],
        json!({"tools": {}, "resources": {}, "prompts": {}, "completions": {}}),
        "what the binary advertises"
    );
    assert!(
        events(&report, "server_request").is_empty(),
        "add asks the client nothing: {report:#}"
    );
    assert_eq!(result_text(&report), "5");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn http_python_elicitation_accept_deploys() {
    let report = run_python("deploy-accept");
    assert_deploy_elicitation(&report);
    assert_eq!(result_text(&report), "deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn http_python_onboard_elicits_then_samples_then_lists_roots() {
    let report = run_python("onboard");
    assert_onboard_nested_in_order(&report);
}

// ---------------------------------------------------------------------------------------------
// Python, mode="2026-07-28": stateless POSTs, Multi Round-Trip Requests.

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn http_python_modern_discovers_lists_tools_and_calls_add() {
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
        "what the binary advertises, in server/discover"
    );
    assert_eq!(tool_names(&report), TOOLS);
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
fn http_python_modern_elicitation_accept_deploys() {
    let report = run_modern("deploy-accept");
    // Two `tools/call` POSTs: `input_required` with the form, then the retry that completes.
    check_modern_deploy(
        &report,
        json!({"action": "accept", "content": {"confirm": true}}),
    );
    assert_eq!(events(&report, "tools_call").len(), 2, "{report:#}");
    assert_eq!(result_text(&report), "deployed");
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn http_python_modern_onboard_elicits_then_samples_then_lists_roots() {
    let report = run_modern("onboard");
    // Four `tools/call` POSTs: three `input_required` rounds, then the result.
    let rounds = assert_rounds(
        &report,
        &[
            &["elicitation/create"],
            &["sampling/createMessage"],
            &["roots/list"],
        ],
    );
    assert_eq!(rounds.len(), 4, "{report:#}");
    assert_eq!(only_request(rounds[0]).1["params"], onboarding_form());
    assert_eq!(
        only_request(rounds[1]).1["params"],
        summary_request("tether")
    );
    assert_eq!(result_text(&report), ONBOARDED);
}

// ---------------------------------------------------------------------------------------------
// TypeScript SDK 1.32.2 (2025-11-25) over StreamableHTTPClientTransport.

const TS_SDK_VERSION: &str = "1.32.2";

const TS_INSTALL: &str = "npm install --prefix target/interop/ts @modelcontextprotocol/sdk@1.32.2 \
                          zod@4   (or: bash .ci/run)";

/// Runs `ts_client.mjs <url>` against a fresh `http-server` and returns its JSON report.
fn run_ts() -> Value {
    let prefix = workspace().join("target/interop/ts");
    let package = require_peer(
        prefix.join("node_modules/@modelcontextprotocol/sdk/package.json"),
        "TypeScript",
        TS_INSTALL,
    );
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(&package).unwrap_or_else(|e| panic!("{}: {e}", package.display())),
    )
    .expect("package.json is JSON");
    assert_eq!(
        manifest["version"],
        TS_SDK_VERSION,
        "the TypeScript SDK in {}; reinstall with: {TS_INSTALL}",
        prefix.display()
    );

    let server = HttpServer::start();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/ts_client.mjs");
    let mut command = Command::new("node");
    command
        .arg(&driver)
        .arg(server.url())
        .env("TS_PEER_DIR", &prefix);
    let stdout = run_bounded(command, "ts_client", RUN_TIMEOUT);
    last_json_line("ts_client", &stdout)
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn http_typescript_calls_add_and_answers_deploys_elicitation() {
    let report = run_ts();
    assert_eq!(report["protocol_version"], "2025-11-25", "{report:#}");
    assert!(
        report["session_id"].is_string(),
        "the server assigned an Mcp-Session-Id: {report:#}"
    );
    assert_eq!(report["server_info"]["name"], "tether-mcp", "{report:#}");
    let text = |tool: &str| {
        let result = &report["results"][tool];
        assert_ne!(result["isError"], true, "{tool}: {report:#}");
        assert_eq!(
            result["content"],
            json!([{"type": "text", "text": result["content"][0]["text"]}]),
            "{tool}: one text block: {report:#}"
        );
        result["content"][0]["text"].clone()
    };
    assert_eq!(text("add"), "5");
    assert_eq!(text("deploy"), "deployed");

    // The elicitation handler ran once, during the `deploy` call, with the form.
    let kinds: Vec<String> = report["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| format!("{} {}", e["event"], e["tool"]).replace('"', ""))
        .collect();
    assert_eq!(
        kinds,
        [
            "call_start add",
            "call_end add",
            "call_start deploy",
            "elicitation null",
            "call_end deploy",
        ],
        "{report:#}"
    );
    let (_, elicitation) = event(&report, "elicitation");
    assert_eq!(elicitation["params"], deploy_form(), "{report:#}");
}
