//! The TypeScript cells of the interop matrix, each one whole end-to-end run that panics with a
//! clear message when it fails: a plain tool (`add` {a: 2, b: 3} answers `5`) and an eliciting
//! one (`deploy` asks a form with a boolean `confirm`; accepted with `confirm: true` it answers
//! `deployed`), over stdio and over Streamable HTTP on 127.0.0.1 (OS-assigned ports only).
//!
//! - [`ts1_client`]: the TypeScript SDK 1.32.2 client (`ts_client.mjs`, 2025-11-25) against our
//!   `stdio-server` / `http-server` example binaries; the elicitation is an `elicitation/create`
//!   request during the call.
//! - [`ts2_client`]: the TypeScript SDK v2 client (`@modelcontextprotocol/client` 2.4.0,
//!   `ts2_client.mjs`) pinned to 2026-07-28 against the same binaries; the elicitation is an
//!   MRTR round (`input_required`), which the SDK's auto-fulfilment driver answers through the
//!   client's `elicitation/create` handler and a retry carrying `inputResponses`.
//! - [`ts2_server`]: OUR client against the v2 server (`@modelcontextprotocol/server` 2.4.0,
//!   `ts2_server.mjs`), pinned to 2025-11-25 (`modern: false`) or probing with `server/discover`
//!   and landing on 2026-07-28 (`modern: true`). v2.4 serves 2026-07-28 (`serveStdio`,
//!   `createMcpHandler`), so no cell of this module is "n/a"; the `Result` is the matrix's shape.
//!
//! Included with `#[path = "interop/ts_cells.rs"] mod ts_cells;` next to
//! `#[path = "interop/common.rs"] mod common;` (by `interop_ts.rs` and `interop_matrix.rs`).
//! The peers live in `<workspace>/target/interop/{ts,ts2}` (npm prefixes that `.ci/run`'s
//! `peers` stage installs); Node 20 or later runs them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tether_mcp::ProtocolVersion;
use tether_mcp::client::{Client, EraCache, Origin};
use tether_mcp::transport::ChildProcess;
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::{ElicitRequestParams, ElicitResult, ElicitValue};

use crate::common::{
    HttpServer, RUN_TIMEOUT, deploy_form, last_json_line, require_peer, run_bounded, workspace,
};

const TS1_VERSION: &str = "1.32.2";
const TS1_INSTALL: &str = "npm install --prefix target/interop/ts @modelcontextprotocol/sdk@1.32.2 \
                           zod@4   (or: bash .ci/run)";
const TS2_VERSION: &str = "2.4.0";
const TS2_INSTALL: &str = "npm install --prefix target/interop/ts2 \
                           @modelcontextprotocol/client@2.4.0 @modelcontextprotocol/server@2.4.0 \
                           zod@4   (or: bash .ci/run)";

/// One whole cell of our client against the v2 server.
const CELL_TIMEOUT: Duration = Duration::from_secs(90);

fn driver(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(name)
}

/// Checks that the npm prefix `dir` (under `target/interop`) holds `package` at `version`;
/// returns the prefix.
fn require_package(dir: &str, package: &str, version: &str, install: &str) -> PathBuf {
    let prefix = workspace().join("target/interop").join(dir);
    let manifest = require_peer(
        prefix
            .join("node_modules")
            .join(package)
            .join("package.json"),
        "TypeScript",
        install,
    );
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(&manifest)
            .unwrap_or_else(|e| panic!("{}: {e}", manifest.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    assert_eq!(
        manifest["version"],
        version,
        "{package} in {}; reinstall with: {install}",
        prefix.display()
    );
    prefix
}

fn ts1_prefix() -> PathBuf {
    require_package("ts", "@modelcontextprotocol/sdk", TS1_VERSION, TS1_INSTALL)
}

fn ts2_prefix() -> PathBuf {
    let prefix = require_package(
        "ts2",
        "@modelcontextprotocol/client",
        TS2_VERSION,
        TS2_INSTALL,
    );
    require_package(
        "ts2",
        "@modelcontextprotocol/server",
        TS2_VERSION,
        TS2_INSTALL,
    );
    prefix
}

/// Runs a node driver against our server (the `stdio-server` binary spawned by the driver, or
/// a fresh `http-server`) and returns its JSON report.
fn run_node_driver(name: &str, what: &str, peer: (&str, &Path), http: bool) -> Value {
    let server = http.then(HttpServer::start);
    let mut command = Command::new("node");
    command.arg(driver(name)).env(peer.0, peer.1);
    match &server {
        Some(server) => command.arg(&server.url),
        None => command.arg("stdio").arg(env!("CARGO_BIN_EXE_stdio-server")),
    };
    let stdout = run_bounded(command, what, RUN_TIMEOUT);
    drop(server);
    last_json_line(what, &stdout)
}

/// The text of a tool result in a driver's report: exactly one text block, not an error.
fn report_text(report: &Value, tool: &str) -> String {
    let result = &report["results"][tool];
    assert_ne!(result["isError"], true, "{tool}: {report:#}");
    let content = result["content"]
        .as_array()
        .unwrap_or_else(|| panic!("{tool}: content is a list: {report:#}"));
    assert_eq!(content.len(), 1, "{tool}: one content block: {report:#}");
    assert_eq!(
        content[0]["type"], "text",
        "{tool}: a text block: {report:#}"
    );
    content[0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("{tool}: text: {report:#}"))
        .to_owned()
}

/// The report's events as `"event tool"` strings, and the one elicitation event's params.
fn check_event_order(report: &Value) -> Value {
    let events = report["events"].as_array().expect("events");
    let kinds: Vec<String> = events
        .iter()
        .map(|e| {
            let tool = e["tool"].as_str().unwrap_or("-");
            format!("{} {tool}", e["event"].as_str().unwrap_or("?"))
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "call_start add",
            "call_end add",
            "call_start deploy",
            "elicitation -",
            "call_end deploy",
        ],
        "the elicitation handler ran once, during `deploy`: {report:#}"
    );
    events[3]["params"].clone()
}

/// Cell: the TypeScript SDK 1.32.2 client (2025-11-25) against our server, over stdio (the
/// driver spawns `stdio-server`) or Streamable HTTP (`http-server`).
pub(crate) fn ts1_client(http: bool) {
    let prefix = ts1_prefix();
    let what = format!("ts_client.mjs ({})", if http { "http" } else { "stdio" });
    let report = run_node_driver("ts_client.mjs", &what, ("TS_PEER_DIR", &prefix), http);
    assert_eq!(
        report["protocol_version"], "2025-11-25",
        "{what}: {report:#}"
    );
    assert_eq!(
        report["server_info"]["name"], "tether-mcp",
        "{what}: {report:#}"
    );
    if http {
        assert!(
            report["session_id"].is_string(),
            "{what}: the server assigned an Mcp-Session-Id: {report:#}"
        );
        assert_eq!(
            report["terminated"],
            json!({"ok": true}),
            "{what}: DELETE ended the session: {report:#}"
        );
    }
    assert_eq!(report_text(&report, "add"), "5", "{what}");
    assert_eq!(report_text(&report, "deploy"), "deployed", "{what}");
    assert_eq!(
        check_event_order(&report),
        deploy_form(),
        "{what}: {report:#}"
    );
}

/// Cell: the TypeScript SDK v2 client (2.4.0) pinned to 2026-07-28 against our server, over
/// stdio or Streamable HTTP. Besides the results, checks the wire the driver tapped: every
/// request carries the 2026-07-28 `_meta` envelope, there is no `initialize` and no
/// server-to-client request, and `deploy` took two `tools/call` rounds: `input_required` with
/// the form, then the retry with the accepted answer, which completed.
pub(crate) fn ts2_client(http: bool) {
    let prefix = ts2_prefix();
    let what = format!("ts2_client.mjs ({})", if http { "http" } else { "stdio" });
    let report = run_node_driver("ts2_client.mjs", &what, ("TS2_PEER_DIR", &prefix), http);
    assert_eq!(
        report["protocol_version"], "2026-07-28",
        "{what}: {report:#}"
    );
    assert_eq!(report["era"], "modern", "{what}: {report:#}");
    assert_eq!(
        report["server_info"]["name"], "tether-mcp",
        "{what}: {report:#}"
    );
    assert_eq!(report_text(&report, "add"), "5", "{what}");
    assert_eq!(report_text(&report, "deploy"), "deployed", "{what}");
    assert_eq!(
        check_event_order(&report),
        deploy_form(),
        "{what}: {report:#}"
    );
    for tool in ["add", "deploy"] {
        assert_eq!(
            report["results"][tool]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"],
            "tether-mcp",
            "{what}: {tool}'s result carries the serverInfo stamp: {report:#}"
        );
    }

    let wire = report["wire"].as_array().expect("wire");
    for message in wire {
        let method = message["method"].as_str();
        assert_ne!(
            method,
            Some("initialize"),
            "{what}: no initialize: {report:#}"
        );
        if message["dir"] == "in" {
            assert!(
                method.is_none(),
                "{what}: no server-to-client message on 2026-07-28: {message}"
            );
        } else if method.is_some() && !message["id"].is_null() {
            assert_eq!(
                message["meta_version"], "2026-07-28",
                "{what}: every request carries the envelope: {message}"
            );
        }
    }
    // The `deploy` window of the wire: between its call_start and call_end.
    let at = |kind: &str| {
        report["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["event"] == kind && e["tool"] == "deploy")
            .and_then(|e| e["wire_at"].as_u64())
            .unwrap_or_else(|| panic!("{what}: {kind} deploy has wire_at: {report:#}"))
            as usize
    };
    let window = &wire[at("call_start")..at("call_end")];
    let [first, asked, retry, done] = window else {
        panic!("{what}: deploy is two tools/call rounds (4 messages): {window:#?}");
    };
    for (out, round) in [(first, "first"), (retry, "retry")] {
        assert_eq!(out["dir"], "out", "{what}: {round}: {out}");
        assert_eq!(out["method"], "tools/call", "{what}: {round}: {out}");
        assert_eq!(out["name"], "deploy", "{what}: {round}: {out}");
    }
    assert!(
        first["input_responses"].is_null(),
        "{what}: the first round answers nothing: {first}"
    );
    assert_eq!(asked["dir"], "in", "{what}: {asked}");
    assert_eq!(asked["id"], first["id"], "{what}: {asked}");
    assert_eq!(asked["result_type"], "input_required", "{what}: {asked}");
    let requests = asked["input_requests"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: inputRequests: {asked}"));
    assert_eq!(requests.len(), 1, "{what}: one input request: {asked}");
    let (key, request) = requests.iter().next().expect("one");
    assert_eq!(request["method"], "elicitation/create", "{what}: {asked}");
    assert_eq!(request["params"], deploy_form(), "{what}: {asked}");
    assert_eq!(
        retry["input_responses"],
        json!({ key: {"action": "accept", "content": {"confirm": true}} }),
        "{what}: the retry answers the form: {retry}"
    );
    assert_ne!(retry["id"], first["id"], "{what}: a fresh id: {retry}");
    assert_eq!(done["dir"], "in", "{what}: {done}");
    assert_eq!(done["id"], retry["id"], "{what}: {done}");
    assert_eq!(done["result_type"], "complete", "{what}: {done}");
}

/// What our elicitation handler saw.
type Seen = Arc<Mutex<Vec<(ElicitRequestParams, Origin)>>>;

/// Text blocks of a tool result, joined; the result must not be an error.
fn text_of(result: &impl serde::Serialize) -> String {
    let result = serde_json::to_value(result).expect("a result serializes");
    assert_ne!(result["isError"], true, "tool error: {result:#}");
    result["content"]
        .as_array()
        .unwrap_or_else(|| panic!("content is a list: {result:#}"))
        .iter()
        .map(|block| {
            assert_eq!(block["type"], "text", "content block {block}");
            block["text"].as_str().expect("text block").to_owned()
        })
        .collect()
}

/// Cell: OUR client against the TypeScript SDK v2 server (2.4.0, `ts2_server.mjs`), over stdio
/// (the server as our child) or Streamable HTTP (`ts2_server.mjs http 0`), pinned to
/// 2025-11-25 (`modern: false`; the server's legacy shim sends `elicitation/create` during the
/// call) or probing with `server/discover` (`modern: true`; must land on 2026-07-28, and
/// `deploy`'s first round is `input_required`). Panics on failure; `Err(why)` would mean "n/a",
/// which v2.4 never needs: it serves both eras on both transports.
pub(crate) async fn ts2_server(http: bool, modern: bool) -> Result<(), String> {
    let name = format!(
        "ts2_server ({}, {})",
        if http { "http" } else { "stdio" },
        if modern {
            "2026-07-28 probed"
        } else {
            "2025-11-25 pinned"
        }
    );
    let prefix = ts2_prefix();
    let started = Instant::now();
    tokio::time::timeout(CELL_TIMEOUT, ts2_server_cell(&name, prefix, http, modern))
        .await
        .unwrap_or_else(|_| panic!("{name}: did not finish within {CELL_TIMEOUT:?}"));
    eprintln!("{name}: {:.2?}", started.elapsed());
    Ok(())
}

async fn ts2_server_cell(name: &str, prefix: PathBuf, http: bool, modern: bool) {
    let seen: Seen = Arc::default();
    let recorder = seen.clone();
    let mut builder = Client::builder()
        .name("tether-interop", "0.0.1")
        .era_cache(EraCache::new())
        .request_timeout(Some(Duration::from_secs(30)))
        .on_elicitation(move |params, origin| {
            let recorder = recorder.clone();
            async move {
                recorder
                    .lock()
                    .expect("the recorder")
                    .push((params, origin));
                Ok(ElicitResult::accept([(
                    "confirm".to_owned(),
                    ElicitValue::Boolean(true),
                )]))
            }
        });
    if !modern {
        builder = builder.protocol_version(ProtocolVersion::V_2025_11_25);
    }
    let script = driver("ts2_server.mjs");
    let (client, server) = if http {
        let server = tokio::task::spawn_blocking(move || {
            let mut command = Command::new("node");
            command
                .arg(script)
                .args(["http", "0"])
                .env("TS2_PEER_DIR", prefix);
            HttpServer::spawn(command, "ts2_server.mjs http")
        })
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        let client = builder
            .connect(StreamableHttpClient::new(server.url.clone()))
            .await;
        (client, Some(server))
    } else {
        let child = ChildProcess::new("node")
            .arg(script)
            .arg("stdio")
            .env("TS2_PEER_DIR", prefix);
        (builder.connect(child).await, None)
    };
    let client = client.unwrap_or_else(|e| panic!("{name}: connecting: {e}"));
    let expected = if modern {
        ProtocolVersion::V_2026_07_28
    } else {
        ProtocolVersion::V_2025_11_25
    };
    assert_eq!(client.protocol_version(), expected, "{name}: negotiated");
    assert_eq!(client.is_modern(), modern, "{name}: era");
    let info = client.server_info();
    assert_eq!(
        info.as_ref().map(|i| i.name.as_str()),
        Some("ts2-peer"),
        "{name}: server info {info:?}"
    );

    let tools = client.list_all_tools().await.expect("tools/list");
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["add", "deploy"], "{name}: tools");

    let sum = client
        .call_tool("add", json!({"a": 2, "b": 3}))
        .await
        .unwrap_or_else(|e| panic!("{name}: tools/call add: {e}"));
    assert_eq!(text_of(&sum), "5", "{name}: add");
    assert!(seen.lock().unwrap().is_empty(), "{name}: add asks nothing");

    if modern {
        // One round by hand: the v2 server answers `input_required` with the form (MRTR).
        crate::common::assert_round_one_asks_a_form(
            &client,
            name,
            json!({"name": "deploy", "arguments": {}}),
        )
        .await;
        assert!(
            seen.lock().unwrap().is_empty(),
            "{name}: nothing answered yet"
        );
    }

    let deployed = client
        .call_tool("deploy", json!({}))
        .await
        .unwrap_or_else(|e| panic!("{name}: tools/call deploy: {e}"));
    assert_eq!(text_of(&deployed), "deployed", "{name}: deploy");

    let seen = std::mem::take(&mut *seen.lock().unwrap());
    crate::common::assert_one_deploy_form(name, "deploy", &seen);
    client.shutdown().await;
    drop(server);
}
