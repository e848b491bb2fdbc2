//! Child processes: the bench re-executes itself with a hidden flag to run a server alone in
//! its process (`--serve tether|rmcp|hyper`) or the load generator (`--loadgen PLAN`), so that
//! each server's CPU time and memory are its own and the load generator's are outside them.
//!
//! The parent talks to a child over its stdin and stdout, one line per message; a child's
//! protocol lines start with [`MARK`] (anything else on its stdout is ignored: under
//! `cargo test` the child is the test binary, which prints libtest's banner first).
//!
//! A server child prints `listening ADDR`, then answers each `stats` line on its stdin with
//! [`ServerStats`] as JSON (its own `getrusage(RUSAGE_SELF)` and `/proc/self/status`), and
//! exits at the end of its stdin.

use std::process::{ExitCode, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::sdk::http::{Kind, WAITING, serve};

/// The prefix of a child's protocol lines on its stdout.
pub(crate) const MARK: &str = "@bench ";

/// Under `cargo test`: the environment variable carrying a child's arguments (joined by
/// U+001F) to the test binary, which runs them from `tests::child_process`.
pub(crate) const CHILD_ENV: &str = "TETHER_MCP_BENCH_CHILD";

/// Runs the child role `args` names (`--serve KIND` or `--loadgen PLAN`), if it names one.
pub(crate) fn main_for(args: &[String]) -> Option<ExitCode> {
    match args {
        [flag, kind] if flag == "--serve" => Some(match Kind::parse(kind) {
            Some(kind) => server_main(kind),
            None => ExitCode::FAILURE,
        }),
        [flag, plan] if flag == "--loadgen" => Some(crate::loadgen::main(plan)),
        _ => None,
    }
}

/// Raises this process's open-file limit to its hard limit (1,000 connections need it).
pub(crate) fn raise_open_files() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((_, hard)) = getrlimit(Resource::RLIMIT_NOFILE) {
        let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
    }
}

/// A runtime like the bench's: multi-thread, 2 workers.
pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// What a server child says about itself.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub(crate) struct ServerStats {
    /// User + system CPU time of the whole process so far, in microseconds.
    pub(crate) cpu_us: f64,
    /// Resident set size now (`VmRSS`), in KiB.
    pub(crate) rss_kib: u64,
    /// Peak resident set size (`VmHWM`), in KiB.
    pub(crate) hwm_kib: u64,
    /// `wait` calls running.
    pub(crate) waiting: usize,
}

/// A `/proc/self/status` field in KiB.
fn status_kib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim_start_matches(':').split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

fn own_stats() -> ServerStats {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    ServerStats {
        cpu_us: crate::measure::cpu_time().as_secs_f64() * 1e6,
        rss_kib: status_kib(&status, "VmRSS"),
        hwm_kib: status_kib(&status, "VmHWM"),
        waiting: WAITING.load(std::sync::atomic::Ordering::Relaxed),
    }
}

/// Prints one protocol line and flushes it.
pub(crate) fn say(line: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{MARK}{line}");
    let _ = out.flush();
}

/// `--serve KIND`: serves on 127.0.0.1:0, answers `stats`, exits at the end of stdin.
fn server_main(kind: Kind) -> ExitCode {
    raise_open_files();
    let Ok(runtime) = runtime() else {
        return ExitCode::FAILURE;
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("{} server: bind: {e}", kind.label());
                return ExitCode::FAILURE;
            }
        };
        let Ok(addr) = listener.local_addr() else {
            return ExitCode::FAILURE;
        };
        tokio::spawn(async move {
            if let Err(e) = serve(kind, listener).await {
                eprintln!("{} server: {e}", kind.label());
            }
        });
        say(&format!("listening {addr}"));
        let mut stdin = BufReader::new(tokio::io::stdin()).lines();
        while let Ok(Some(line)) = stdin.next_line().await {
            if line.trim() == "stats" {
                let stats = serde_json::to_string(&own_stats()).unwrap_or_default();
                say(&stats);
            }
        }
        ExitCode::SUCCESS
    })
}

/// A running child, its protocol lines read and written through its pipes.
pub(crate) struct Proc {
    what: String,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Lines<BufReader<ChildStdout>>,
}

/// How long a child may take to say its next line before it is given up on.
const PATIENCE: Duration = Duration::from_secs(120);

impl Proc {
    /// Starts this executable again in the child role `args`.
    pub(crate) fn spawn(args: &[String]) -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
        let mut command = Command::new(exe);
        if cfg!(test) {
            command
                .args(["--exact", "tests::child_process", "--nocapture", "-q"])
                .env(CHILD_ENV, args.join("\u{1f}"));
        } else {
            command.args(args);
        }
        let what = args.first().cloned().unwrap_or_default();
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("spawn {what}: {e}"))?;
        let stdout = child.stdout.take().ok_or("no child stdout")?;
        Ok(Self {
            what,
            stdin: child.stdin.take(),
            lines: BufReader::new(stdout).lines(),
            child,
        })
    }

    /// The child's next protocol line (without [`MARK`]).
    pub(crate) async fn line(&mut self) -> Result<String, String> {
        loop {
            let next = tokio::time::timeout(PATIENCE, self.lines.next_line()).await;
            match next {
                Err(_) => return Err(format!("{}: no answer in {PATIENCE:?}", self.what)),
                Ok(Err(e)) => return Err(format!("{}: {e}", self.what)),
                Ok(Ok(None)) => return Err(format!("{}: exited early", self.what)),
                Ok(Ok(Some(line))) => {
                    if let Some(line) = line.strip_prefix(MARK) {
                        return Ok(line.to_owned());
                    }
                }
            }
        }
    }

    /// Sends a line to the child.
    pub(crate) async fn send(&mut self, line: &str) -> Result<(), String> {
        let stdin = self.stdin.as_mut().ok_or("stdin closed")?;
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .await
            .map_err(|e| format!("{}: {e}", self.what))?;
        stdin.flush().await.map_err(|e| e.to_string())
    }

    /// Closes the child's stdin and waits (a few seconds at most, then kills it).
    pub(crate) async fn finish(mut self) {
        drop(self.stdin.take());
        let waited = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
        if waited.is_err() {
            let _ = self.child.kill().await;
        }
    }
}

/// A server child: its address and its own stats on demand.
pub(crate) struct ServerChild {
    /// Where it listens.
    pub(crate) addr: String,
    proc: Proc,
}

impl ServerChild {
    /// Starts a `kind` server in its own process.
    pub(crate) async fn start(kind: Kind) -> Result<Self, String> {
        let mut proc = Proc::spawn(&["--serve".to_owned(), kind.label().to_owned()])?;
        let line = proc.line().await?;
        let addr = line
            .strip_prefix("listening ")
            .ok_or_else(|| format!("{} server said {line:?}", kind.label()))?
            .to_owned();
        Ok(Self { addr, proc })
    }

    /// The server's CPU time, memory and running `wait` calls now.
    pub(crate) async fn stats(&mut self) -> Result<ServerStats, String> {
        self.proc.send("stats").await?;
        let line = self.proc.line().await?;
        serde_json::from_str(&line).map_err(|e| format!("stats {line:?}: {e}"))
    }

    /// Stops the server.
    pub(crate) async fn stop(self) {
        self.proc.finish().await;
    }
}

#[cfg(test)]
mod tests {
    use super::status_kib;

    #[test]
    fn status_fields() {
        let status = "Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n";
        assert_eq!(status_kib(status, "VmRSS"), 1024);
        assert_eq!(status_kib(status, "VmHWM"), 2048);
        assert_eq!(status_kib(status, "VmSwap"), 0);
    }
}
