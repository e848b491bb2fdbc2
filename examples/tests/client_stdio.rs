//! Our client against the `stdio-server` example as a real child process, in both eras: the
//! shared client scenarios over stdio, shutdown of the child, the era cache, and the restart
//! as a legacy server when a child exits on the `server/discover` probe.

#[path = "../../crates/tether/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use serde_json::json;
use tether_mcp::client::{Client, EraCache};
use tether_mcp::transport::ChildProcess;
use tether_mcp::types::ProtocolVersion;

use support::client_scenarios::{
    self as scenarios, Era, Seen, WAIT, answering, client_scenario_tests, text_of,
};

const SERVER: &str = env!("CARGO_BIN_EXE_stdio-server");

struct Connected {
    client: Client,
    seen: Seen,
}

async fn connect(era: Era) -> Connected {
    let seen = Seen::default();
    let client = tokio::time::timeout(
        WAIT,
        answering(&seen, era).connect(ChildProcess::new(SERVER)),
    )
    .await
    .expect("connected in time")
    .expect("connected");
    Connected { client, seen }
}

client_scenario_tests! {}

#[tokio::test]
async fn modern_manual_rounds_over_stdio() {
    let running = connect(Era::Modern).await;
    scenarios::manual_rounds(&running.client).await;
}

/// Shutdown closes the child's stdin; the child exits; the client reports closed.
#[tokio::test]
async fn shutdown_ends_the_child() {
    for era in [Era::Legacy, Era::Modern] {
        let running = connect(era).await;
        scenarios::shutdown(running.client).await;
    }
}

/// A `sh` wrapper around the stdio server that logs each start to `log` and exits (status 3)
/// when its first line is the `server/discover` probe, as a strict legacy server might.
fn legacy_only_server(log: &std::path::Path) -> ChildProcess {
    let script = r#"echo start >> "$1"; IFS= read -r line || exit 0
case "$line" in *server/discover*) exit 3;; esac
{ printf '%s\n' "$line"; cat; } | "$2""#;
    ChildProcess::new("sh")
        .args(["-c", script, "legacy-only"])
        .arg(log)
        .arg(SERVER)
}

/// A child that exits during the probe is restarted and spoken to as a legacy server; the
/// next connection to the same command skips the probe (the era is remembered).
#[tokio::test]
async fn a_child_that_exits_on_the_probe_is_restarted_as_legacy() {
    let dir = std::env::temp_dir().join(format!("tether-client-stdio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("starts.log");
    let _ = std::fs::remove_file(&log);
    let cache = EraCache::new();
    let connect = || {
        Client::builder()
            .era_cache(cache.clone())
            .connect(legacy_only_server(&log))
    };
    let client = tokio::time::timeout(WAIT, connect())
        .await
        .expect("in time")
        .expect("connected");
    assert_eq!(client.protocol_version(), ProtocolVersion::V_2025_11_25);
    let sum = client
        .call_tool("add", json!({"a": 20, "b": 22}))
        .await
        .expect("add");
    assert_eq!(text_of(&sum), "42");
    client.shutdown().await;
    let starts = std::fs::read_to_string(&log).expect("log").lines().count();
    assert_eq!(
        starts, 2,
        "one start for the probe, one for the legacy restart"
    );

    let again = tokio::time::timeout(WAIT, connect())
        .await
        .expect("in time")
        .expect("connected");
    assert!(!again.is_modern());
    again.shutdown().await;
    let starts = std::fs::read_to_string(&log).expect("log").lines().count();
    assert_eq!(
        starts, 3,
        "the remembered era skips the probe: one more start"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A shell that answers `initialize` (the client's first request, id 1, when pinned to a
/// legacy revision), then ignores its input, and logs the SIGTERM it gets to `$1`.
const STUBBORN: &str = r#"trap 'echo term >> "$1"; exit 0' TERM
IFS= read -r line
printf '%s\n' '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"stubborn","version":"1"}}}'
while :; do sleep 0.05; done"#;

/// A client connected (pinned to 2025-11-25) to a [`STUBBORN`] child with this shutdown
/// grace; the child logs to the returned file in the returned directory.
async fn stubborn(name: &str, grace: Duration) -> (Client, std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("tether-client-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("signals.log");
    let child = ChildProcess::new("sh")
        .args(["-c", STUBBORN, "stubborn"])
        .arg(&log)
        .shutdown_grace(grace);
    let client = tokio::time::timeout(
        WAIT,
        Client::builder()
            .protocol_version(ProtocolVersion::V_2025_11_25)
            .connect(child),
    )
    .await
    .expect("in time")
    .expect("connected");
    (client, dir, log)
}

/// A child that ignores the end of its input gets SIGTERM after the grace period. The child
/// is a shell that answers `initialize` (the client's first request, id 1, when pinned to a
/// legacy revision), then ignores its input, and logs the SIGTERM it gets.
#[tokio::test]
async fn a_child_that_ignores_eof_gets_sigterm() {
    let (client, dir, log) = stubborn("term", Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    tokio::time::timeout(WAIT, client.shutdown())
        .await
        .expect("shutdown escalates in time");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "it waited the grace period first"
    );
    let signals = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(signals.trim(), "term", "the child got SIGTERM");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Dropping the last handle shuts the child down as `shutdown` would: its input closes, and
/// after the grace period a child that ignores that gets SIGTERM.
#[tokio::test]
async fn dropping_the_client_shuts_the_child_down() {
    let (client, dir, log) = stubborn("drop", Duration::from_millis(100)).await;
    drop(client);
    let deadline = std::time::Instant::now() + WAIT;
    while std::fs::read_to_string(&log).unwrap_or_default().trim() != "term" {
        assert!(
            std::time::Instant::now() < deadline,
            "no SIGTERM after the drop"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}
