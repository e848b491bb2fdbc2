//! What the fuzz targets of the server (feature `server`) share: the server under test, the
//! runtime it runs on and the checks of what it writes.
//!
//! `TETHER_FUZZ_ECHO=1` makes the targets print what the server wrote for each input (run a
//! target binary on one file to see it: `fuzz/target/*/release/dispatch_lines FILE`).
#![cfg(feature = "server")]

use std::sync::OnceLock;

use tether_mcp::prelude::*;
use tokio::runtime::Runtime;

/// What the `confirm` tool asks.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
pub struct Confirm {
    /// Go ahead?
    pub yes: bool,
}

/// A small handler: two tools (one asks the client, so MRTR rounds and nested requests are
/// reachable), a prompt, a resource and a resource template.
#[derive(Debug)]
pub struct Fuzzed;

#[tether_mcp::tools]
impl ServerHandler for Fuzzed {
    /// Adds two numbers.
    #[tool]
    async fn add(&self, a: i64, b: i64) -> String {
        a.wrapping_add(b).to_string()
    }

    /// Asks before it answers.
    #[tool]
    async fn confirm(&self, cx: InFlight<'_>) -> Result<&'static str, ToolError> {
        match cx.elicitation()?.form::<Confirm>("Go ahead?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok("done"),
            _ => Ok("not done"),
        }
    }

    /// Greets someone.
    #[prompt]
    async fn greet(&self, name: String, mood: Option<String>) -> String {
        match mood {
            Some(mood) => format!("Say hello to {name}, who is {mood}."),
            None => format!("Say hello to {name}."),
        }
    }

    /// The README.
    #[resource(uri = "docs://readme", mime_type = "text/markdown")]
    async fn readme(&self) -> &'static str {
        "# Fuzzed"
    }

    /// A note by name.
    #[resource(uri = "notes://{name}", mime_type = "text/plain")]
    async fn note(&self, name: String) -> String {
        format!("note {name}")
    }
}

/// The server under test, built once (its sealing key and identity are per process).
pub fn server() -> &'static Server<Fuzzed> {
    static SERVER: OnceLock<Server<Fuzzed>> = OnceLock::new();
    SERVER.get_or_init(|| Server::new(Fuzzed))
}

/// A current-thread runtime created once, its clock paused: a timeout fires as soon as every
/// task waits, so an input that leaves a request in flight costs no wall-clock time.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .expect("a tokio runtime")
    })
}

/// Whether `TETHER_FUZZ_ECHO` is set: print what the server wrote.
pub fn echo() -> bool {
    static ECHO: OnceLock<bool> = OnceLock::new();
    *ECHO.get_or_init(|| std::env::var_os("TETHER_FUZZ_ECHO").is_some_and(|v| !v.is_empty()))
}

/// Checks that a line the server wrote is JSON, and a JSON-RPC message (or a batch of them).
pub fn check_output_line(line: &[u8]) {
    let value: serde_json::Value = serde_json::from_slice(line).unwrap_or_else(|e| {
        panic!(
            "the server wrote a line that is not JSON ({e}): {}",
            String::from_utf8_lossy(line)
        )
    });
    check_message(&value);
}

/// Checks that a JSON value the server wrote is a JSON-RPC message or a non-empty batch of them.
pub fn check_message(value: &serde_json::Value) {
    if echo() {
        eprintln!("<- {value}");
    }
    match value {
        serde_json::Value::Array(items) => {
            assert!(!items.is_empty(), "the server wrote an empty batch");
            for item in items {
                check_single(item);
            }
        }
        single => check_single(single),
    }
}

fn check_single(value: &serde_json::Value) {
    if let Err(e) = tether_mcp_types::JSONRPCMessage::from_value(value.clone()) {
        panic!("the server wrote something that is not a JSON-RPC message ({e}): {value}");
    }
}
