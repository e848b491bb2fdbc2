//! The README's demo: the quickstart server (`quickstart`, the README's "A server in 20 lines")
//! started as a child process twice and driven by tether-mcp's `Client`, once pinned to the
//! legacy revision 2025-11-25 and once on the modern revision 2026-07-28. Each time it calls the
//! `deploy` tool, the server asks "Deploy?", and this program answers: on the terminal
//! (`Deploy? [y/N]`), or `yes` with `--yes`.
//!
//! ```text
//! demo [--yes] [--wire]
//! ```
//!
//! - `--yes` (`-y`): answer yes without asking.
//! - `--wire`: also print every JSON-RPC message in full.
//!
//! Without `--yes`, each answer is one line read from stdin (`y`/`yes` is yes, anything else
//! no, end of input is no), also when stdin is not a terminal: `printf 'y\nn\n' | demo`.
//!
//! **What it shows is what crossed the pipes.** The demo starts the child itself and hands its
//! stdout and stdin to the client as a byte stream, through a tap that prints a line for every
//! newline-delimited message in either direction (the same client over
//! `ChildProcess::new(path)` behaves identically; it just cannot be watched). In the legacy era
//! the question is a nested `elicitation/create` request sent by the server while the
//! `tools/call` is still in flight; in the modern era the `tools/call` returns an
//! `InputRequiredResult` (round 1) and the client sends the call again with its answer and the
//! server's `requestState` (round 2). The elicitation handler prints the `Origin` the client
//! gave it, and each era ends with the tool's result (`deployed` or `not deployed`) and a
//! summary counted from the wire.
//!
//! **Where the server comes from**, first match wins:
//!
//! 1. `TETHER_QUICKSTART`: the path of a built `quickstart` (the tests use this).
//! 2. Under `cargo run` (cargo sets `CARGO`): `cargo build -p tether-mcp-examples --bin
//!    quickstart`, which is quick when it is fresh, and the path cargo reports. `cargo run
//!    --bin demo` builds only the demo, so this is what makes the README's one command work
//!    from a fresh checkout, and never runs a stale server.
//! 3. Otherwise the `quickstart` next to this program (`cargo build -p tether-mcp-examples`
//!    builds both).
//!
//! ```sh
//! cargo run -p tether-mcp-examples --bin demo
//! cargo run -p tether-mcp-examples --bin demo -- --yes
//! ```

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use serde_json::Value;
use tether_mcp::ProtocolVersion;
use tether_mcp::client::{Client, EraCache, Origin};
use tether_mcp::types::{ElicitRequestParams, ElicitResult, ElicitValue};

mod wire;

use wire::{Counts, Direction, Tap, Wire, say};

/// The environment variable naming a built quickstart server.
const QUICKSTART_VARIABLE: &str = "TETHER_QUICKSTART";

/// The longest one era may take when nobody answers at a terminal.
const ERA_TIMEOUT: Duration = Duration::from_secs(30);

const USAGE: &str = "usage: demo [--yes] [--wire]";

/// What the command line asks for.
#[derive(Clone, Copy, Debug)]
struct Options {
    /// Answer yes without asking.
    yes: bool,
    /// Print every message in full as well.
    wire: bool,
}

fn parse_options(args: impl Iterator<Item = OsString>) -> Result<Options, String> {
    let mut options = Options {
        yes: false,
        wire: false,
    };
    for arg in args {
        match arg.to_str() {
            Some("-y" | "--yes") => options.yes = true,
            Some("--wire") => options.wire = true,
            Some("-h" | "--help") => return Err(USAGE.to_owned()),
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    Ok(options)
}

// ---------------------------------------------------------------------------------------------
// Finding the server

/// The quickstart server's path: `$TETHER_QUICKSTART`, cargo's fresh build, or the sibling.
fn quickstart() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(QUICKSTART_VARIABLE) {
        return Ok(PathBuf::from(path));
    }
    if let Some(cargo) = std::env::var_os("CARGO") {
        return build_with(&cargo);
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate this program: {e}"))?;
    let sibling = exe.with_file_name(format!("quickstart{}", std::env::consts::EXE_SUFFIX));
    if sibling.exists() {
        Ok(sibling)
    } else {
        Err(format!(
            "{} does not exist and {QUICKSTART_VARIABLE} is not set; build it with \
             `cargo build -p tether-mcp-examples --bin quickstart`, or run this demo with \
             `cargo run -p tether-mcp-examples --bin demo`",
            sibling.display()
        ))
    }
}

/// Builds the quickstart with `cargo` (its progress on stderr) and returns the executable
/// cargo reports.
fn build_with(cargo: &std::ffi::OsStr) -> Result<PathBuf, String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    eprintln!(
        "demo: building the quickstart server (cargo build -p tether-mcp-examples --bin quickstart)"
    );
    let output = std::process::Command::new(cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["-p", "tether-mcp-examples", "--bin", "quickstart"])
        .arg("--message-format=json-render-diagnostics")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cargo.to_string_lossy()))?;
    if !output.status.success() {
        return Err(format!(
            "building the quickstart failed ({})",
            output.status
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "quickstart")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built the quickstart but reported no executable".to_owned())
}

// ---------------------------------------------------------------------------------------------
// Answering

/// Reads the user's answer: `--yes`, or one line from stdin (end of input: no).
async fn ask_user(question: &str, yes: bool) -> Result<bool, String> {
    if yes {
        say(&format!("  user: {question} [y/N] y (--yes)"));
        return Ok(true);
    }
    let question = question.to_owned();
    tokio::task::spawn_blocking(move || {
        let stdin = std::io::stdin();
        let terminal = stdin.is_terminal();
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "  user: {question} [y/N] ");
        let _ = out.flush();
        drop(out);
        let mut line = String::new();
        let read = stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("reading the answer: {e}"))?;
        let answer = line.trim();
        let yes = matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes");
        if read == 0 {
            say("(end of input: no)");
        } else if !terminal {
            say(&format!("{answer} (from stdin)"));
        }
        Ok(yes)
    })
    .await
    .map_err(|e| format!("the prompt failed: {e}"))?
}

/// How the handler describes the call its request serves.
fn describe(origin: &Origin) -> String {
    match origin {
        Origin::Call { method, name, id } => format!(
            "Origin::Call {{ {method} `{}`, id {id} }}",
            name.as_deref().unwrap_or("?")
        ),
        Origin::AnyOf(calls) => format!("Origin::AnyOf({} calls)", calls.len()),
        Origin::Unassociated => "Origin::Unassociated".to_owned(),
        other => format!("{other:?}"),
    }
}

/// The elicitation handler: asks the user, fills every boolean field of the form with the
/// answer.
async fn elicit(params: ElicitRequestParams, origin: Origin, yes: bool) -> ElicitResult {
    let ElicitRequestParams::Form(form) = params else {
        say("  handler: a URL elicitation; declined");
        return ElicitResult::decline();
    };
    say(&format!(
        "  handler: the client hands the question to its elicitation handler, for {}",
        describe(&origin)
    ));
    let answer = match ask_user(&form.message, yes).await {
        Ok(answer) => answer,
        Err(error) => {
            eprintln!("demo: {error}; declining");
            return ElicitResult::decline();
        }
    };
    let schema = serde_json::to_value(&form.requested_schema).unwrap_or(Value::Null);
    let content = form
        .requested_schema
        .properties
        .keys()
        .filter(|name| schema["properties"][name.as_str()]["type"] == "boolean")
        .map(|name| (name.clone(), ElicitValue::Boolean(answer)))
        .collect::<Vec<_>>();
    ElicitResult::accept(content)
}

// ---------------------------------------------------------------------------------------------
// The two eras

/// One run of the quickstart.
struct Era {
    title: &'static str,
    version: ProtocolVersion,
}

/// What one era ended with.
struct Outcome {
    result: String,
    counts: Counts,
}

/// Starts the quickstart, calls `deploy` through the client in `era`, and prints the wire.
async fn run_era(server: &Path, era: &Era, options: Options) -> Result<Outcome, String> {
    say(&format!("== {} ==", era.title));
    let mut child = tokio::process::Command::new(server)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err("the child has no pipes".to_owned());
    };
    let wire = Wire::new(options.wire, era.version.is_modern());
    let pipes = (
        Tap::new(stdout, Direction::ServerToClient, &wire),
        Tap::new(stdin, Direction::ClientToServer, &wire),
    );
    let yes = options.yes;
    let client = Client::builder()
        .name("tether-mcp-demo", env!("CARGO_PKG_VERSION"))
        .protocol_version(era.version.clone())
        .era_cache(EraCache::new())
        .on_elicitation(move |params, origin| async move { Ok(elicit(params, origin, yes).await) })
        .connect(pipes)
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    say(&format!(
        "  (connected: protocol {}, {})",
        client.protocol_version(),
        if client.is_modern() {
            "modern"
        } else {
            "legacy"
        }
    ));
    let outcome = client.call_tool("deploy", ()).no_timeout().await;
    client.shutdown().await;
    if tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .is_err()
    {
        let _ = child.kill().await;
    }
    let result = outcome.map_err(|e| format!("tools/call deploy failed: {e}"))?;
    let text = result.text();
    if result.is_error == Some(true) {
        return Err(format!("the tool failed: {text}"));
    }
    say(&format!("  result: {text}"));
    let counts = std::mem::take(&mut *wire.counts());
    Ok(Outcome {
        result: text,
        counts,
    })
}

async fn run(options: Options) -> Result<(), String> {
    let server = quickstart()?;
    let eras = [
        Era {
            title: "legacy era: pinned to 2025-11-25 (initialize handshake, nested requests)",
            version: ProtocolVersion::V_2025_11_25,
        },
        Era {
            title: "modern era: 2026-07-28 (stateless, Multi Round-Trip Requests)",
            version: ProtocolVersion::V_2026_07_28,
        },
    ];
    // Nobody waits on the terminal: each era gets a deadline. A person at the prompt gets none.
    let unattended = options.yes || !std::io::stdin().is_terminal();
    let mut outcomes = Vec::new();
    for era in &eras {
        let run = run_era(&server, era, options);
        let outcome = if unattended {
            tokio::time::timeout(ERA_TIMEOUT, run)
                .await
                .map_err(|_| format!("the {} run took over {ERA_TIMEOUT:?}", era.version))??
        } else {
            run.await?
        };
        outcomes.push(outcome);
        say("");
    }
    say("== side by side (counted on the wire) ==");
    say(&format!(
        "  {:<12}{:>12}{:>16}{:>22}{:>28}  result",
        "revision",
        "tools/call",
        "input_required",
        "retry with answers",
        "nested elicitation/create"
    ));
    for (era, outcome) in eras.iter().zip(&outcomes) {
        let c = &outcome.counts;
        say(&format!(
            "  {:<12}{:>12}{:>16}{:>22}{:>28}  {}",
            era.version.to_string(),
            c.tool_calls,
            c.input_required,
            c.retries,
            c.nested_elicitations,
            outcome.result
        ));
    }
    say("  one handler, `cx.elicitation()?.form::<Confirm>(\"Deploy?\")`, served both.");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_options(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("demo: {message}");
            ExitCode::FAILURE
        }
    }
}
