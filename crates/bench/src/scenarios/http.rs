//! Scenarios 4 and 5c: Streamable HTTP on 127.0.0.1 under load from a separate process.
//!
//! Each server (tether, rmcp, and the bare hyper echo of 5c) runs alone in its own child
//! process (`--serve`), one fresh child per server and mode; the load generator is another
//! child (`--loadgen`, hyper's client) started once per measurement. Per measurement: the
//! generator connects (and in legacy mode opens one session per connection), warms up, and
//! says so; the parent reads the server's own CPU time, lets the generator run for the measured
//! time, and reads the server's CPU time again. Reported per round: requests/s and p50/p99 as
//! the generator saw them, and the server's CPU per request (its process's user + sys time over
//! the measured part / requests; the generator's CPU is outside it). At the end of each mode
//! the server's peak RSS (`VmHWM`). Rounds rotate the order of the three servers like the
//! other scenarios; medians over rounds, ratios per round.
//!
//! Modes: 2026-07-28 stateless (`_meta` and `Mcp-*` headers on every POST; rmcp serves such a
//! request statelessly on the same endpoint as its sessions, answering JSON with
//! `json_response`), and 2025-11-25 sessions (`initialize` once per connection; tether answers
//! JSON, rmcp SSE).

use serde_json::{Value, json};

use crate::child::{Proc, ServerChild};
use crate::loadgen::{LoadResult, Plan};
use crate::measure::{Config, Series, Stats};
use crate::report::{Extra, Row, failure, median_of, ratio_of};
use crate::sdk::http::Kind;

/// The servers, in the order of the series.
const KINDS: [Kind; 3] = [Kind::Tether, Kind::Rmcp, Kind::Hyper];

/// How the load generator talks to the servers.
#[derive(Clone, Copy, Debug)]
enum Mode {
    Modern,
    Legacy,
}

impl Mode {
    /// The load generator's name for it.
    fn plan(self) -> &'static str {
        match self {
            Self::Modern => "modern",
            Self::Legacy => "legacy",
        }
    }

    /// The table's name for it.
    fn title(self) -> &'static str {
        match self {
            Self::Modern => "2026-07-28 stateless",
            Self::Legacy => "2025-11-25 session",
        }
    }
}

/// Reads a load generator's line that should be its result.
pub(crate) fn load_result(line: &str) -> Result<LoadResult, String> {
    let result: LoadResult =
        serde_json::from_str(line).map_err(|e| format!("loadgen said {line:?}: {e}"))?;
    match result.error {
        Some(error) => Err(format!("loadgen: {error}")),
        None => Ok(result),
    }
}

/// One measurement of `server` at `connections`.
async fn measure_once(
    server: &mut ServerChild,
    mode: Mode,
    connections: usize,
    config: &Config,
) -> Result<Stats, String> {
    let plan = Plan {
        mode: mode.plan().to_owned(),
        addr: server.addr.clone(),
        connections,
        warmup_ms: config.http_warmup.as_millis() as u64,
        duration_ms: config.http_duration.as_millis() as u64,
        per_connection: config.http_calls,
        count: 0,
        warmup_count: 0,
    };
    let plan = serde_json::to_string(&plan).map_err(|e| e.to_string())?;
    let mut load = Proc::spawn(&["--loadgen".to_owned(), plan])?;
    let warm = load.line().await?;
    if warm != "warm" {
        return Err(load_result(&warm).err().unwrap_or(warm));
    }
    let before = server.stats().await?;
    load.send("go").await?;
    let line = load.line().await?;
    let after = server.stats().await?;
    load.finish().await;
    let result = load_result(&line)?;
    let requests = result.requests.max(1) as f64;
    Ok(Stats {
        calls_per_s: result.requests as f64 / result.seconds.max(1e-9),
        cpu_us_per_call: (after.cpu_us - before.cpu_us) / requests,
        p50_us: result.p50_us,
        p99_us: result.p99_us,
    })
}

/// A row's metric: its name, its unit, and how to read it.
type Metric<T> = (&'static str, &'static str, fn(&T) -> f64);

/// The rows of one mode at one connection count.
fn level_rows(mode: Mode, connections: usize, series: &[Series]) -> Vec<Row> {
    let (tether, rmcp, hyper) = (&series[0], &series[1], &series[2]);
    let scenario = format!("4 HTTP {} x{connections} conn", mode.title());
    let note = [
        failure("tether", tether),
        failure("rmcp", rmcp),
        failure("hyper", hyper),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ");
    let metrics: [Metric<Stats>; 4] = [
        ("requests/s (higher better)", "req/s", |s| s.calls_per_s),
        ("server CPU per request", "µs", |s| s.cpu_us_per_call),
        ("latency p50", "µs", |s| s.p50_us),
        ("latency p99", "µs", |s| s.p99_us),
    ];
    let mut rows = Vec::new();
    for (name, unit, f) in metrics {
        let mut row = Row::new(&scenario, name, unit);
        row.tether = median_of(tether, f);
        row.rmcp = median_of(rmcp, f);
        row.ratio = ratio_of(tether, rmcp, f);
        row.bound = median_of(hyper, f);
        row.note.clone_from(&note);
        rows.push(row);
        if unit == "µs" && name.starts_with("server CPU") {
            let mut row = Row::new(&scenario, "server CPU / bare hyper (5c)", "x");
            row.tether = ratio_of(tether, hyper, f);
            row.rmcp = ratio_of(rmcp, hyper, f);
            row.ratio = row.tether.zip(row.rmcp).map(|(t, r)| t / r);
            rows.push(row);
        }
    }
    rows
}

/// The 5c target line of one mode at one connection count.
fn target_line(mode: Mode, connections: usize, series: &[Series]) -> String {
    let cpu = |s: &Stats| s.cpu_us_per_call;
    let tether = ratio_of(&series[0], &series[2], cpu);
    let rmcp = ratio_of(&series[1], &series[2], cpu);
    let show = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.2}x"));
    let verdict = if tether.is_some_and(|t| t <= 1.5) {
        "met"
    } else {
        "NOT met"
    };
    format!(
        "  5c {} x{connections}: tether server CPU/request = {} bare hyper (target <= 1.5x: \
         {verdict}); rmcp {} (issue's reference 2.9x)",
        mode.title(),
        show(tether),
        show(rmcp),
    )
}

/// Every round of a series, as JSON.
fn series_json(series: &Series) -> Value {
    match series {
        Ok(rounds) => rounds
            .iter()
            .map(|s| {
                json!({"requests_per_s": s.calls_per_s, "server_cpu_us_per_request":
                       s.cpu_us_per_call, "p50_us": s.p50_us, "p99_us": s.p99_us})
            })
            .collect(),
        Err(reason) => json!({ "error": reason }),
    }
}

/// Runs scenarios 4 and 5c in both modes at every connection level.
pub(crate) async fn run(config: &Config) -> Extra {
    let mut rows = Vec::new();
    let mut targets = vec!["targets (scenario 5c, Streamable HTTP):".to_owned()];
    let mut raw = Vec::new();
    for mode in [Mode::Modern, Mode::Legacy] {
        let mut servers = Vec::with_capacity(KINDS.len());
        for kind in KINDS {
            servers.push(ServerChild::start(kind).await);
        }
        for &connections in &config.http_levels {
            let mut series: Vec<Series> = servers
                .iter()
                .map(|s| match s {
                    Ok(_) => Ok(Vec::with_capacity(config.rounds)),
                    Err(reason) => Err(reason.clone()),
                })
                .collect();
            for round in 0..config.rounds {
                for offset in 0..KINDS.len() {
                    let which = (round + offset) % KINDS.len();
                    let (Ok(server), Ok(_)) = (&mut servers[which], &series[which]) else {
                        continue;
                    };
                    match measure_once(server, mode, connections, config).await {
                        Ok(stats) => {
                            if let Ok(done) = &mut series[which] {
                                done.push(stats);
                            }
                        }
                        Err(reason) => series[which] = Err(reason),
                    }
                }
            }
            rows.extend(level_rows(mode, connections, &series));
            targets.push(target_line(mode, connections, &series));
            raw.push(json!({
                "mode": mode.title(),
                "connections": connections,
                "tether": series_json(&series[0]),
                "rmcp": series_json(&series[1]),
                "hyper": series_json(&series[2]),
            }));
        }
        let mut peaks = [None; 3];
        for (peak, server) in peaks.iter_mut().zip(servers) {
            if let Ok(mut server) = server {
                *peak = server.stats().await.ok().map(|s| s.hwm_kib as f64 / 1024.0);
                server.stop().await;
            }
        }
        let scenario = format!("4 HTTP {} server", mode.title());
        let mut row = Row::new(&scenario, "peak RSS (VmHWM) after all levels", "MiB");
        row.tether = peaks[0];
        row.rmcp = peaks[1];
        row.ratio = peaks[0].zip(peaks[1]).map(|(t, r)| t / r);
        row.bound = peaks[2];
        row.note = "one process per server and mode".to_owned();
        rows.push(row);
        raw.push(json!({"mode": mode.title(), "peak_rss_mib":
                        {"tether": peaks[0], "rmcp": peaks[1], "hyper": peaks[2]}}));
    }
    Extra {
        key: "http",
        rows,
        targets,
        raw: Value::Array(raw),
    }
}
