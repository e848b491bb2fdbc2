//! tether-mcp against rmcp 3.11, every scenario for both SDKs in one process run.
//!
//! ```sh
//! cargo run -p tether-mcp-bench --release            # 5 rounds, about 2 minutes
//! cargo run -p tether-mcp-bench --release -- --quick # 2 short rounds, a smoke run
//! cargo run -p tether-mcp-bench --release -- --only echo # one group: echo, elicit, mrtr, serde,
//!                                                        # http, memory, size
//! cargo run -p tether-mcp-bench --release -- --only mrtr --current-thread # a diagnostic
//! ```
//!
//! `--current-thread` runs the in-memory scenarios on a current-thread runtime instead: no task
//! then wakes another thread, so the ratios compare each SDK's own work without the cost of
//! cross-thread wake-ups (a diagnostic; the table of record is the multi-thread one).
//!
//! Prints a table (scenario, metric, tether, rmcp, tether/rmcp, bound) under a machine line
//! (CPU model, cores, rustc, date, load) and writes the same, with every round's raw numbers,
//! to `target/bench/results.json` at the workspace root.
//!
//! Both SDKs run on one tokio multi-thread runtime with 2 workers, each SDK's own client
//! against its own server over an in-memory `tokio::io::duplex` (64 KiB). Every scenario is
//! warmed up (which also sizes each measurement to about 0.4 s, 0.1 s with `--quick`), then
//! measured in rounds (5; 2 with `--quick`); a round measures every participant back to back,
//! in an order that rotates from round to round. Reported: the median over rounds of each
//! number and the median of the per-round tether/rmcp ratios, never a single absolute time.
//! CPU per call is the whole process's user + system time (`getrusage(RUSAGE_SELF)`: client,
//! server and runtime) divided by the calls.
//!
//! Scenarios (numbered as in issue 11):
//! 1. `tools/call echo(text)` at 1, 16 and 256 calls in flight: calls/s, CPU per call, p50 and
//!    p99 latency; on 2025-11-25 (rmcp's default) and on 2026-07-28. On 2025-11-25 each SDK's
//!    CPU per call is also shown as a multiple of 5b's, with the issue's targets (tether at
//!    most 3x the bare echo, throughput at least 3x rmcp's) checked at the end.
//! 2. A tool that asks one question on 2025-11-25 (a nested `elicitation/create`, answered
//!    `accept` at once), at 1 and 16 in flight.
//! 3. The same question on 2026-07-28: two Multi Round-Trip rounds, `requestState` sealed and
//!    opened; both clients drive the rounds themselves.
//! 5. Lower bounds: (5a) serde_json alone on the same messages with minimal typed structs;
//!    (5b) a bare newline-JSON echo over the same duplex (in scenario 1's legacy rounds).
//!
//! 4. Streamable HTTP from a separate load-generator process, each server in its own process
//!    (`src/scenarios/http.rs`); 5c, a bare hyper echo under the same load.
//! 6. Memory per idle legacy session and per in-flight request (`src/scenarios/memory.rs`).
//! 7. The quickstart's release binary size and clean build time (`src/scenarios/build_cost.rs`;
//!    full run only).
//!
//! Hidden flags: `--serve tether|rmcp|hyper` and `--loadgen PLAN` run the child processes of
//! scenarios 4-6 (`src/child.rs`, `src/loadgen.rs`).
//!
//! `cargo test -p tether-mcp-bench` runs every scenario once with a handful of calls and checks
//! that both SDKs answered correctly.
#![forbid(unsafe_code)]

mod child;
mod loadgen;
mod machine;
mod measure;
mod report;
mod scenarios;
mod sdk;

use std::path::PathBuf;

use machine::Machine;
use measure::Config;
use report::Results;

/// The runtime both SDKs run on: multi-thread, 2 workers (current-thread with
/// `--current-thread`, a diagnostic).
fn runtime(config: &Config) -> std::io::Result<tokio::runtime::Runtime> {
    if config.current_thread {
        return tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// The scenario groups `--only` can pick.
const GROUPS: [&str; 7] = ["echo", "elicit", "mrtr", "serde", "http", "memory", "size"];

/// Runs the scenarios under `config` (every group, or only `only`'s): 1 (with 5b), 2, 3 on the
/// runtime, then 5a.
fn run(runtime: &tokio::runtime::Runtime, config: &Config, only: Option<&str>) -> Results {
    let wanted = |group: &str| only.is_none_or(|only| only == group);
    let mut measured = Vec::new();
    if wanted("echo") {
        eprintln!("scenario 1 (and 5b): echo");
        measured.extend(runtime.block_on(scenarios::echo::run(config)));
    }
    if wanted("elicit") {
        eprintln!("scenario 2: elicit once, nested (2025-11-25)");
        measured.extend(runtime.block_on(scenarios::elicit_legacy::run(config)));
    }
    if wanted("mrtr") {
        eprintln!("scenario 3: elicit once, MRTR (2026-07-28)");
        measured.extend(runtime.block_on(scenarios::mrtr::run(config)));
    }
    let serde = if wanted("serde") {
        eprintln!("scenario 5a: serde_json bound");
        (0..config.rounds)
            .map(|_| scenarios::bounds::serde_bound(config))
            .collect()
    } else {
        Err(report::NOT_RUN.to_owned())
    };
    let mut extra = Vec::new();
    if wanted("http") {
        eprintln!("scenarios 4 and 5c: Streamable HTTP (server and load generator processes)");
        extra.push(runtime.block_on(scenarios::http::run(config)));
    }
    if wanted("memory") && config.memory_count.is_some() {
        eprintln!("scenario 6: memory per idle session and per in-flight request");
        extra.push(runtime.block_on(scenarios::memory::run(config)));
    }
    if wanted("size") && config.build_cost {
        eprintln!("scenario 7: quickstart release binary size and clean build time (minutes)");
        extra.push(scenarios::build_cost::run(&workspace_root()));
    }
    Results {
        measured,
        serde,
        extra,
    }
}

/// The workspace root (two levels above this crate).
fn workspace_root() -> PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).unwrap_or(manifest).to_owned()
}

/// `target/bench/results.json` under the workspace root.
fn results_path() -> PathBuf {
    workspace_root()
        .join("target")
        .join("bench")
        .join("results.json")
}

fn main() -> std::process::ExitCode {
    const USAGE: &str = "usage: cargo run -p tether-mcp-bench --release -- [--quick] \
                         [--only echo|elicit|mrtr|serde|http|memory|size] [--current-thread]";
    let all: Vec<String> = std::env::args().skip(1).collect();
    if let Some(code) = child::main_for(&all) {
        return code;
    }
    let mut config = Config::full();
    let mut only = None;
    let mut current_thread = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => config = Config::quick(),
            "--current-thread" => current_thread = true,
            "--only" => match args.next() {
                Some(group) if GROUPS.contains(&group.as_str()) => only = Some(group),
                _ => {
                    eprintln!("{USAGE}");
                    return std::process::ExitCode::FAILURE;
                }
            },
            "--help" | "-h" => {
                println!("{USAGE}");
                return std::process::ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument {other:?}; {USAGE}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    config.current_thread = current_thread;
    let machine = Machine::now();
    let runtime = match runtime(&config) {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let results = run(&runtime, &config, only.as_deref());
    println!("{}", report::table(&machine, &config, &results));
    let path = results_path();
    let json = report::json(&machine, &config, &results);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, format!("{json:#}\n")));
    match written {
        Ok(()) => println!("written: {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scenario once, a handful of calls each: both SDKs (and the bare echo) answered
    /// every call correctly (each call checks its answer), and the report renders.
    /// Not a test: the entry of the child processes the bench starts under `cargo test` (the
    /// test binary re-executed with `--exact tests::child_process` and the child's arguments
    /// in [`child::CHILD_ENV`]). Without that variable it does nothing.
    #[test]
    fn child_process() {
        if let Ok(args) = std::env::var(child::CHILD_ENV) {
            let args: Vec<String> = args.split('\u{1f}').map(str::to_owned).collect();
            let code = child::main_for(&args).unwrap_or(std::process::ExitCode::FAILURE);
            std::process::exit(if code == std::process::ExitCode::SUCCESS {
                0
            } else {
                1
            });
        }
    }

    /// The diagnostic runtime runs the in-memory scenarios of both SDKs too (none needs a
    /// second worker), and the report says which runtime it was.
    #[test]
    fn the_in_memory_scenarios_run_on_a_current_thread_runtime() {
        let mut config = Config::smoke();
        config.current_thread = true;
        let runtime = runtime(&config).expect("a runtime");
        for group in ["echo", "elicit", "mrtr"] {
            let results = run(&runtime, &config, Some(group));
            assert!(!results.measured.is_empty(), "{group}");
            for m in &results.measured {
                for (who, series) in [("tether", &m.tether), ("rmcp", &m.rmcp)] {
                    let rounds = series
                        .as_ref()
                        .unwrap_or_else(|e| panic!("{group} x{}: {who}: {e}", m.in_flight));
                    assert!(rounds[0].calls_per_s > 0.0, "{group}: {who}");
                }
            }
            let machine = Machine::now();
            assert!(report::table(&machine, &config, &results).contains("current-thread"));
        }
    }

    #[test]
    fn every_scenario_runs_for_both_sdks() {
        let config = Config::smoke();
        let runtime = runtime(&config).expect("a runtime");
        let results = run(&runtime, &config, None);
        assert_eq!(results.measured.len(), 2 * 2 + 2 + 2, "{results:#?}");
        for m in &results.measured {
            let label = format!("{} {} x{}", m.id, m.title, m.in_flight);
            for (who, series) in [("tether", &m.tether), ("rmcp", &m.rmcp)] {
                let rounds = series
                    .as_ref()
                    .unwrap_or_else(|e| panic!("{label}: {who}: {e}"));
                assert_eq!(rounds.len(), config.rounds, "{label}: {who}");
                assert!(rounds[0].calls_per_s > 0.0, "{label}: {who}");
            }
            if let Some(bare) = &m.bare {
                bare.as_ref()
                    .unwrap_or_else(|e| panic!("{label}: bare echo: {e}"));
            }
        }
        assert!(results.serde.is_ok(), "{:?}", results.serde);
        assert_eq!(results.extra.len(), 1, "HTTP only: 6 and 7 are skipped");
        for row in &results.extra[0].rows {
            let label = format!("{} {}", row.scenario, row.metric);
            assert!(
                row.note.is_empty() || row.unit == "MiB",
                "{label}: {}",
                row.note
            );
            assert!(
                row.tether.is_some() && row.rmcp.is_some(),
                "{label}: {row:?}"
            );
        }
        let table = report::table(&Machine::now(), &config, &results);
        assert!(table.contains("5b bare newline-JSON echo"), "{table}");
        let json = report::json(&Machine::now(), &config, &results);
        assert!(json["rows"].as_array().is_some_and(|rows| !rows.is_empty()));
    }
}
