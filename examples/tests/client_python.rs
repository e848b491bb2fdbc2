//! Interop: OUR client (`tether_mcp::client`) against the Python `mcp` 2.3.0 server
//! (`MCPServer`, `tests/interop/py_server.py`), over stdio (the server as a child process) and
//! over Streamable HTTP (the server listening on 127.0.0.1, endpoint `/mcp`), in both eras:
//! 2025-11-25 pinned (the `initialize` handshake; elicitation arrives as an `elicitation/create`
//! request during the call) and 2026-07-28 reached through the client's `server/discover` probe
//! (elicitation arrives as an MRTR `input_required` round that the client answers by retrying).
//! Each cell lists the tools, calls `add`, and calls `confirm_deploy`, whose form our
//! elicitation handler answers.
//!
//! The Python SDK lives in a venv at `<workspace>/target/interop/py`, which `.ci/run` (stage
//! `peers`) creates. The tests are ignored by default; run them with
//! `cargo test -p tether-mcp-examples --test client_python -- --include-ignored`.

#[path = "interop/common.rs"]
mod common;
#[path = "interop/python_server_cells.rs"]
mod python_server_cells;

use tether_mcp::ProtocolVersion;

use python_server_cells::{Answer, Transport, cell};

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn stdio_legacy_pinned() {
    cell(
        "stdio_legacy_pinned",
        Transport::Stdio,
        Some(ProtocolVersion::V_2025_11_25),
        Answer::Accept,
    )
    .await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn stdio_modern_probed() {
    cell(
        "stdio_modern_probed",
        Transport::Stdio,
        None,
        Answer::Accept,
    )
    .await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn http_legacy_pinned() {
    cell(
        "http_legacy_pinned",
        Transport::Http,
        Some(ProtocolVersion::V_2025_11_25),
        Answer::Accept,
    )
    .await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn http_modern_probed() {
    cell("http_modern_probed", Transport::Http, None, Answer::Accept).await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn stdio_legacy_decline() {
    cell(
        "stdio_legacy_decline",
        Transport::Stdio,
        Some(ProtocolVersion::V_2025_11_25),
        Answer::Decline,
    )
    .await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn http_modern_decline() {
    cell(
        "http_modern_decline",
        Transport::Http,
        None,
        Answer::Decline,
    )
    .await;
}
