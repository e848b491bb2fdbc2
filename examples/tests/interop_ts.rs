//! Interop with the TypeScript SDKs, one test per cell of `interop/ts_cells.rs`:
//!
//! - the TypeScript SDK 1.32.2 client (2025-11-25) against our server, stdio and HTTP;
//! - the TypeScript SDK v2 client (`@modelcontextprotocol/client` 2.4.0) pinned to 2026-07-28
//!   against our server (elicitation through an MRTR round), stdio and HTTP;
//! - our client against the v2 server (`@modelcontextprotocol/server` 2.4.0), stdio and HTTP,
//!   pinned to 2025-11-25 and probing its way to 2026-07-28.
//!
//! The peers live in npm prefixes under `<workspace>/target/interop/` (`ts`, `ts2`) that
//! `.ci/run` (stage `peers`) installs. The tests are ignored by default; run them with
//! `cargo test -p tether-mcp-examples --test interop_ts -- --include-ignored`.

#[path = "interop/common.rs"]
mod common;
#[path = "interop/ts_cells.rs"]
mod ts_cells;

/// A cell of our client against the v2 server; v2.4 serves both eras on both transports, so
/// "n/a" is a failure here.
async fn served(http: bool, modern: bool) {
    if let Err(why) = ts_cells::ts2_server(http, modern).await {
        panic!("the v2 server cell (http={http}, modern={modern}) answered n/a: {why}");
    }
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn ts1_client_stdio() {
    ts_cells::ts1_client(false);
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn ts1_client_http() {
    ts_cells::ts1_client(true);
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn ts2_client_stdio() {
    ts_cells::ts2_client(false);
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn ts2_client_http() {
    ts_cells::ts2_client(true);
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn ts2_server_stdio_legacy() {
    served(false, false).await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn ts2_server_stdio_modern() {
    served(false, true).await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn ts2_server_http_legacy() {
    served(true, false).await;
}

#[tokio::test]
#[ignore = "needs peers; .ci/run installs them"]
async fn ts2_server_http_modern() {
    served(true, true).await;
}
