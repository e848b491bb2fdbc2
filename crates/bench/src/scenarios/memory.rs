//! Scenario 6: memory per idle legacy session and per in-flight request, tether against rmcp,
//! each on its Streamable HTTP server alone in a fresh child process (`--serve`), loaded by the
//! load generator child (`--loadgen`).
//!
//! - **Idle session**: the generator opens 64 legacy sessions (2025-11-25 `initialize` and
//!   `notifications/initialized`, over 16 keep-alive connections) as a warm-up, the parent reads
//!   the server's `VmRSS`, the generator opens N more and keeps them (and its connections), and
//!   after a short settle the parent reads `VmRSS` again: the growth / N.
//! - **In-flight request**: the generator opens N connections and makes one 2026-07-28 `echo`
//!   on each (so the connections' own buffers are in the baseline), the parent reads `VmRSS`,
//!   the generator sends one 2026-07-28 `tools/call wait` (a tool awaiting a future that never
//!   completes) on each connection, the parent waits until the server counts N running `wait`
//!   calls, settles, and reads `VmRSS` again: the growth / N.
//!
//! RSS is the operating system's view (glibc malloc, pages touched), so a small difference is
//! noise; each number is the median over rounds, each round in a fresh server process.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http::load_result;
use crate::child::{Proc, ServerChild};
use crate::loadgen::Plan;
use crate::measure::{Config, median};
use crate::report::{Extra, Row};
use crate::sdk::http::Kind;

/// How long the server gets to settle before its RSS is read.
const SETTLE: Duration = Duration::from_millis(300);

/// Sessions opened before the baseline.
const WARMUP_SESSIONS: usize = 64;

/// What is measured.
#[derive(Clone, Copy, Debug)]
enum What {
    /// Idle legacy sessions.
    Sessions,
    /// In-flight 2026-07-28 requests that never complete.
    InFlight,
}

/// One measurement: RSS growth per session or request, in KiB, in a fresh server of `kind`.
async fn measure_once(kind: Kind, what: What, n: usize) -> Result<f64, String> {
    let mut server = ServerChild::start(kind).await?;
    let (mode, connections, warmup_count) = match what {
        What::Sessions => ("sessions", 16, WARMUP_SESSIONS),
        What::InFlight => ("inflight", n, 0),
    };
    let plan = Plan {
        mode: mode.to_owned(),
        addr: server.addr.clone(),
        connections,
        warmup_ms: 0,
        duration_ms: 0,
        per_connection: None,
        count: n,
        warmup_count,
    };
    let plan = serde_json::to_string(&plan).map_err(|e| e.to_string())?;
    let mut load = Proc::spawn(&["--loadgen".to_owned(), plan])?;
    let warm = load.line().await?;
    if warm != "warm" {
        return Err(load_result(&warm).err().unwrap_or(warm));
    }
    tokio::time::sleep(SETTLE).await;
    let before = server.stats().await?;
    load.send("go").await?;
    load_result(&load.line().await?)?;
    if let What::InFlight = what {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let stats = server.stats().await?;
            if stats.waiting >= n {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("only {} of {n} requests running", stats.waiting));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    tokio::time::sleep(SETTLE).await;
    let after = server.stats().await?;
    load.finish().await;
    server.stop().await;
    Ok((after.rss_kib as f64 - before.rss_kib as f64) / n as f64)
}

/// Every round of one participant, or why it failed.
type Rounds = Result<Vec<f64>, String>;

/// The median of the rounds, if any.
fn median_of(rounds: &Rounds) -> Option<f64> {
    let rounds = rounds.as_ref().ok()?;
    let value = median(rounds.iter().copied());
    value.is_finite().then_some(value)
}

/// Runs scenario 6 (`config.memory_count` sessions and requests, up to 3 rounds).
pub(crate) async fn run(config: &Config) -> Extra {
    let n = config.memory_count.unwrap_or(1000);
    let rounds = config.rounds.clamp(1, 3);
    let mut rows = Vec::new();
    let mut targets = vec!["targets (scenario 6, memory):".to_owned()];
    let mut raw = serde_json::Map::new();
    let cases = [
        (
            What::Sessions,
            "6 idle legacy session (2025-11-25)",
            "RSS growth per session",
        ),
        (
            What::InFlight,
            "6 in-flight request (2026-07-28, wait)",
            "RSS growth per request",
        ),
    ];
    for (what, scenario, metric) in cases {
        let mut results: [Rounds; 2] = [Ok(Vec::new()), Ok(Vec::new())];
        for round in 0..rounds {
            for offset in 0..2 {
                let which = (round + offset) % 2;
                let kind = [Kind::Tether, Kind::Rmcp][which];
                if results[which].is_err() {
                    continue;
                }
                match measure_once(kind, what, n).await {
                    Ok(kib) => {
                        if let Ok(done) = &mut results[which] {
                            done.push(kib);
                        }
                    }
                    Err(reason) => results[which] = Err(reason),
                }
            }
        }
        let [tether, rmcp] = &results;
        let mut row = Row::new(scenario, metric, "KiB");
        row.tether = median_of(tether);
        row.rmcp = median_of(rmcp);
        row.ratio = row.tether.zip(row.rmcp).map(|(t, r)| t / r);
        row.note = [("tether", tether), ("rmcp", rmcp)]
            .into_iter()
            .filter_map(|(who, r)| r.as_ref().err().map(|e| format!("{who} n/a: {e}")))
            .chain(std::iter::once(format!("N = {n}, {rounds} rounds")))
            .collect::<Vec<_>>()
            .join("; ");
        if let What::Sessions = what {
            let verdict = if row.ratio.is_some_and(|r| r <= 0.5) {
                "met"
            } else {
                "NOT met"
            };
            let show = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.1} KiB"));
            targets.push(format!(
                "  6 idle session: tether {} vs rmcp {} = {} (target <= 0.5x: {verdict})",
                show(row.tether),
                show(row.rmcp),
                row.ratio.map_or("n/a".to_owned(), |r| format!("{r:.2}x")),
            ));
        }
        rows.push(row);
        let json_of = |r: &Rounds| match r {
            Ok(kib) => json!(kib),
            Err(e) => json!({ "error": e }),
        };
        raw.insert(
            format!("{what:?}"),
            json!({"n": n, "kib_per_item_tether": json_of(tether),
                   "kib_per_item_rmcp": json_of(rmcp)}),
        );
    }
    Extra {
        key: "memory",
        rows,
        targets,
        raw: Value::Object(raw),
    }
}
