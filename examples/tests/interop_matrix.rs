//! The interop matrix: each cell is an end-to-end call of an eliciting tool and a plain tool,
//! over stdio and over Streamable HTTP on 127.0.0.1, between tether-mcp and an SDK people
//! already use — their clients against our server, our client against their servers, in both
//! protocol eras. The test prints the table (to the terminal, bypassing the test harness's
//! capture, and to `target/interop/matrix.md`) and fails if any cell failed; a cell the peer
//! cannot serve is `n/a` with the evidence.
//!
//! The peers are installed by `.ci/run` (stage `peers`); the test is ignored without them and
//! runs with `--include-ignored`.

#[path = "interop/common.rs"]
mod common;
#[path = "interop/python_server_cells.rs"]
mod python_server_cells;
#[path = "interop/ts_cells.rs"]
mod ts_cells;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::future::Future;
use std::io::Write as _;
use std::pin::Pin;
use std::time::{Duration, Instant};

use serde_json::json;
use tether_mcp::ProtocolVersion;

use common::*;

/// How one cell went.
enum Outcome {
    Pass(Duration),
    NotApplicable(String),
    Fail(String),
}

impl Outcome {
    fn cell(&self) -> String {
        match self {
            Self::Pass(took) => format!("pass ({:.1} s)", took.as_secs_f64()),
            Self::NotApplicable(why) => format!("n/a: {why}"),
            Self::Fail(_) => "**FAIL**".to_owned(),
        }
    }
}

type Cell = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send>;

/// A cell from a blocking function that panics on failure.
fn blocking(f: impl FnOnce() + Send + 'static) -> Cell {
    Box::new(move || {
        Box::pin(async move {
            tokio::task::spawn_blocking(f)
                .await
                .map_err(|e| panic_text(e.into_panic()))
        })
    })
}

/// A cell from a future that panics on failure, or answers `Err(why)` for "not applicable".
fn asynchronous<F>(f: impl FnOnce() -> F + Send + 'static) -> Cell
where
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    Box::new(move || {
        Box::pin(async move {
            match tokio::spawn(f()).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(why)) => Err(format!("n/a:{why}")),
                Err(e) => Err(panic_text(e.into_panic())),
            }
        })
    })
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic".to_owned())
}

async fn run(cell: Cell) -> Outcome {
    let started = Instant::now();
    match cell().await {
        Ok(()) => Outcome::Pass(started.elapsed()),
        Err(why) => match why.strip_prefix("n/a:") {
            Some(why) => Outcome::NotApplicable(why.to_owned()),
            None => Outcome::Fail(why),
        },
    }
}

/// The Python `mcp` client in `mode` against our server: `add`, then `deploy` with its
/// elicitation accepted (a nested request on legacy, an MRTR round on 2026-07-28).
fn python_client(mode: &'static str, http: bool) {
    let server = http.then(HttpServer::start);
    let stdio = OsStr::new(env!("CARGO_BIN_EXE_stdio-server"));
    let target = server.as_ref().map_or(stdio, HttpServer::url);
    let add = run_py_driver(mode, "add", &[target]);
    let deploy = run_py_driver(mode, "deploy-accept", &[target]);
    if mode == MODERN {
        check_modern(&add, "add");
        check_modern(&deploy, "deploy-accept");
        check_modern_deploy(
            &deploy,
            json!({"action": "accept", "content": {"confirm": true}}),
        );
    } else {
        check_legacy(&add, "add");
        check_legacy(&deploy, "deploy-accept");
        assert_deploy_elicitation(&deploy);
    }
    assert_eq!(result_text(&add), "5");
    assert_eq!(result_text(&deploy), "deployed");
}

/// Our client against the Python `MCPServer`.
fn tether_to_python(http: bool, modern: bool) -> Cell {
    use python_server_cells::{Answer, Transport, cell};
    let transport = if http {
        Transport::Http
    } else {
        Transport::Stdio
    };
    let pinned = (!modern).then_some(ProtocolVersion::V_2025_11_25);
    let name = format!(
        "matrix {} {}",
        if http { "http" } else { "stdio" },
        if modern { "modern" } else { "legacy" }
    );
    asynchronous(move || async move {
        cell(&name, transport, pinned, Answer::Accept).await;
        Ok(())
    })
}

struct Row {
    client: &'static str,
    server: &'static str,
    cells: [Cell; 2],
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            client: "Python mcp 2.3 client, mode=\"legacy\"",
            server: "tether-mcp",
            cells: [
                blocking(|| python_client(LEGACY, false)),
                blocking(|| python_client(LEGACY, true)),
            ],
        },
        Row {
            client: "Python mcp 2.3 client, mode=\"2026-07-28\"",
            server: "tether-mcp",
            cells: [
                blocking(|| python_client(MODERN, false)),
                blocking(|| python_client(MODERN, true)),
            ],
        },
        Row {
            client: "TypeScript SDK 1.32 client (2025-11-25)",
            server: "tether-mcp",
            cells: [
                blocking(|| ts_cells::ts1_client(false)),
                blocking(|| ts_cells::ts1_client(true)),
            ],
        },
        Row {
            client: "TypeScript v2 2.4 client, pinned 2026-07-28",
            server: "tether-mcp",
            cells: [
                blocking(|| ts_cells::ts2_client(false)),
                blocking(|| ts_cells::ts2_client(true)),
            ],
        },
        Row {
            client: "tether-mcp client, pinned 2025-11-25",
            server: "Python MCPServer (mcp 2.3)",
            cells: [
                tether_to_python(false, false),
                tether_to_python(true, false),
            ],
        },
        Row {
            client: "tether-mcp client, probing (2026-07-28)",
            server: "Python MCPServer (mcp 2.3)",
            cells: [tether_to_python(false, true), tether_to_python(true, true)],
        },
        Row {
            client: "tether-mcp client, pinned 2025-11-25",
            server: "TypeScript v2 2.4 server",
            cells: [
                asynchronous(|| ts_cells::ts2_server(false, false)),
                asynchronous(|| ts_cells::ts2_server(true, false)),
            ],
        },
        Row {
            client: "tether-mcp client, probing (2026-07-28)",
            server: "TypeScript v2 2.4 server",
            cells: [
                asynchronous(|| ts_cells::ts2_server(false, true)),
                asynchronous(|| ts_cells::ts2_server(true, true)),
            ],
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs peers; .ci/run installs them"]
async fn interop_matrix() {
    let mut table =
        String::from("| client | server | stdio | Streamable HTTP |\n|---|---|---|---|\n");
    let mut failures = Vec::new();
    for row in rows() {
        let [stdio, http] = row.cells;
        let stdio = run(stdio).await;
        let http = run(http).await;
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} |",
            row.client,
            row.server,
            stdio.cell(),
            http.cell()
        );
        for (transport, outcome) in [("stdio", &stdio), ("HTTP", &http)] {
            if let Outcome::Fail(why) = outcome {
                failures.push(format!(
                    "{} -> {} over {transport}: {why}",
                    row.client, row.server
                ));
            }
        }
    }
    let dir = workspace().join("target/interop");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("matrix.md"), &table);
    // Straight to the process's stderr: the harness captures only the print macros.
    let _ = std::io::stderr().write_all(format!("\ninterop matrix:\n{table}\n").as_bytes());
    assert!(
        failures.is_empty(),
        "failed cells:\n{}",
        failures.join("\n\n")
    );
}
