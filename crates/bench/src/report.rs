//! The report: medians over rounds and the median of per-round ratios, as a table on stdout
//! and as JSON (with every round's raw numbers) in `target/bench/results.json`.

use serde_json::{Value, json};

use crate::machine::Machine;
use crate::measure::{Config, Metric, Series, Stats, median};
use crate::scenarios::bounds::SerdeBound;

/// One scenario at one in-flight level: every round of each participant.
#[derive(Debug)]
pub(crate) struct Measured {
    /// The scenario's number in the issue ("1", "2", "3").
    pub(crate) id: &'static str,
    /// What it does, with its era.
    pub(crate) title: String,
    /// Calls kept in flight.
    pub(crate) in_flight: usize,
    /// What the table shows for it.
    pub(crate) metrics: &'static [Metric],
    /// tether-mcp's rounds.
    pub(crate) tether: Series,
    /// rmcp's rounds.
    pub(crate) rmcp: Series,
    /// The bare newline-JSON echo's rounds (5b), measured in the same rounds.
    pub(crate) bare: Option<Series>,
}

/// Everything one run produced.
#[derive(Debug)]
pub(crate) struct Results {
    /// Scenarios 1, 2 and 3 (and 5b inside 1's legacy levels).
    pub(crate) measured: Vec<Measured>,
    /// 5a, per round.
    pub(crate) serde: Result<Vec<SerdeBound>, String>,
    /// Scenarios that make their own rows: 4 and 5c (HTTP), 6 (memory), 7 (size).
    pub(crate) extra: Vec<Extra>,
}

/// A scenario that made its own rows: they follow the others in the table, its target lines
/// follow the others', and its raw numbers go in the JSON under `extra.<key>`.
#[derive(Debug)]
pub(crate) struct Extra {
    /// The key of its raw numbers in the JSON.
    pub(crate) key: &'static str,
    /// Its rows.
    pub(crate) rows: Vec<Row>,
    /// Its lines under "targets".
    pub(crate) targets: Vec<String>,
    /// Its raw numbers (every round).
    pub(crate) raw: Value,
}

/// 5a's reason when `--only` left it out (no row then).
pub(crate) const NOT_RUN: &str = "not run (--only)";

/// One line of the table.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// The scenario's label (shown once for consecutive rows).
    pub(crate) scenario: String,
    /// What is measured.
    pub(crate) metric: String,
    /// Its unit; "x" for multiples.
    pub(crate) unit: &'static str,
    /// tether-mcp's number.
    pub(crate) tether: Option<f64>,
    /// rmcp's number.
    pub(crate) rmcp: Option<f64>,
    /// tether/rmcp (the median of per-round ratios where there are rounds).
    pub(crate) ratio: Option<f64>,
    /// The lower bound's number, if the row has one.
    pub(crate) bound: Option<f64>,
    /// Anything to know (failures, single measurements).
    pub(crate) note: String,
}

impl Row {
    /// An empty row.
    pub(crate) fn new(scenario: &str, metric: &str, unit: &'static str) -> Self {
        Self {
            scenario: scenario.to_owned(),
            metric: metric.to_owned(),
            unit,
            tether: None,
            rmcp: None,
            ratio: None,
            bound: None,
            note: String::new(),
        }
    }
}

/// How the table names a metric, and its unit.
fn describe(metric: Metric) -> (&'static str, &'static str) {
    match metric {
        Metric::Throughput => ("throughput (higher better)", "calls/s"),
        Metric::CpuPerCall => ("CPU per call", "µs"),
        Metric::P50 => ("latency p50", "µs"),
        Metric::P99 => ("latency p99", "µs"),
    }
}

/// The median of `f` over the rounds, if there are any.
pub(crate) fn median_of(series: &Series, f: impl Fn(&Stats) -> f64) -> Option<f64> {
    let rounds = series.as_ref().ok()?;
    let value = median(rounds.iter().map(f));
    value.is_finite().then_some(value)
}

/// The median over rounds of `f(a) / f(b)`, round by round.
pub(crate) fn ratio_of(a: &Series, b: &Series, f: impl Fn(&Stats) -> f64) -> Option<f64> {
    let (a, b) = (a.as_ref().ok()?, b.as_ref().ok()?);
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let value = median(a.iter().zip(b).map(|(a, b)| f(a) / f(b)));
    value.is_finite().then_some(value)
}

/// Why a participant has no numbers, if it has none.
pub(crate) fn failure(who: &str, series: &Series) -> Option<String> {
    series
        .as_ref()
        .err()
        .map(|reason| format!("{who} n/a: {reason}"))
}

/// The table's rows, in the order: 1, 2, 3, 5a, 5b.
fn rows(results: &Results) -> Vec<Row> {
    let mut rows = Vec::new();
    for m in &results.measured {
        let scenario = format!("{} {} x{}", m.id, m.title, m.in_flight);
        let note = [failure("tether", &m.tether), failure("rmcp", &m.rmcp)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        for &metric in m.metrics {
            let (name, unit) = describe(metric);
            let mut row = Row::new(&scenario, name, unit);
            row.tether = median_of(&m.tether, |s| metric.of(s));
            row.rmcp = median_of(&m.rmcp, |s| metric.of(s));
            row.ratio = ratio_of(&m.tether, &m.rmcp, |s| metric.of(s));
            row.note.clone_from(&note);
            rows.push(row);
            if let (Metric::CpuPerCall, Some(bare)) = (metric, &m.bare) {
                let mut row = Row::new(&scenario, "CPU per call / bare echo (5b)", "x");
                row.tether = ratio_of(&m.tether, bare, |s| s.cpu_us_per_call);
                row.rmcp = ratio_of(&m.rmcp, bare, |s| s.cpu_us_per_call);
                row.ratio = row.tether.zip(row.rmcp).map(|(t, r)| t / r);
                rows.push(row);
            }
        }
    }
    rows.extend(serde_rows(results));
    for m in &results.measured {
        let Some(bare) = &m.bare else { continue };
        let scenario = format!("5b bare newline-JSON echo x{}", m.in_flight);
        for &metric in m.metrics {
            let (name, unit) = describe(metric);
            let mut row = Row::new(&scenario, name, unit);
            row.bound = median_of(bare, |s| metric.of(s));
            row.note = failure("bare", bare).unwrap_or_default();
            rows.push(row);
        }
    }
    for extra in &results.extra {
        rows.extend(extra.rows.iter().cloned());
    }
    rows
}

/// 5a: the bound itself, and each SDK's CPU per echo call (2025-11-25, one in flight) as a
/// multiple of the bound and of the bare echo.
fn serde_rows(results: &Results) -> Vec<Row> {
    let scenario = "5a serde_json, typed, same messages";
    let rounds = match &results.serde {
        Ok(rounds) => rounds,
        Err(reason) if reason == NOT_RUN => return Vec::new(),
        Err(reason) => {
            let mut row = Row::new(scenario, "bound", "µs");
            row.note = format!("n/a: {reason}");
            return vec![row];
        }
    };
    let server = median(rounds.iter().map(|r| r.server_half_ns / 1e3));
    let full = median(rounds.iter().map(|r| r.full_cycle_ns / 1e3));
    let mut half_row = Row::new(scenario, "parse request + serialize response", "µs");
    half_row.bound = Some(server);
    let mut full_row = Row::new(scenario, "full cycle (client + server side)", "µs");
    full_row.bound = Some(full);
    let mut rows = vec![half_row, full_row];
    let echo = results
        .measured
        .iter()
        .find(|m| m.id == "1" && m.bare.is_some() && m.in_flight == 1);
    if let Some(echo) = echo {
        let mut row = Row::new(scenario, "echo x1 CPU per call / full cycle", "x");
        row.tether = median_of(&echo.tether, |s| s.cpu_us_per_call).map(|t| t / full);
        row.rmcp = median_of(&echo.rmcp, |s| s.cpu_us_per_call).map(|r| r / full);
        row.ratio = row.tether.zip(row.rmcp).map(|(t, r)| t / r);
        rows.push(row);
        if let Some(bare) = &echo.bare {
            let mut row = Row::new(scenario, "echo x1 CPU per call / bare echo", "x");
            row.tether = ratio_of(&echo.tether, bare, |s| s.cpu_us_per_call);
            row.rmcp = ratio_of(&echo.rmcp, bare, |s| s.cpu_us_per_call);
            row.ratio = row.tether.zip(row.rmcp).map(|(t, r)| t / r);
            row.bound = median_of(bare, |s| s.cpu_us_per_call).map(|b| b / full);
            row.note = "bound column: the bare echo's CPU per call / full cycle".to_owned();
            rows.push(row);
        }
    }
    rows
}

/// A number for the table: thousands separated above 1,000, else 3 significant digits.
fn number(value: Option<f64>, unit: &str) -> String {
    let Some(value) = value else {
        return "n/a".to_owned();
    };
    let text = if value.abs() >= 1000.0 {
        let digits = format!("{:.0}", value.round());
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    if unit == "x" {
        format!("{text}x")
    } else {
        text
    }
}

/// The table, with the machine line on top and the targets below.
pub(crate) fn table(machine: &Machine, config: &Config, results: &Results) -> String {
    let rows = rows(results);
    let width = rows
        .iter()
        .map(|r| r.scenario.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let metric_width = rows
        .iter()
        .map(|r| r.metric.len() + r.unit.len() + 3)
        .max()
        .unwrap_or(6);
    let mut out = String::new();
    out.push_str(&machine.line());
    out.push('\n');
    out.push_str(&format!(
        "rounds: {} (medians over rounds; ratio = median of per-round tether/rmcp); {}\n\n",
        config.rounds,
        config.runtime_label()
    ));
    out.push_str(&format!(
        "{:<width$}  {:<metric_width$}  {:>10}  {:>10}  {:>11}  {:>10}  note\n",
        "scenario", "metric", "tether", "rmcp", "tether/rmcp", "bound"
    ));
    out.push_str(&"-".repeat(width + metric_width + 62));
    out.push('\n');
    let mut previous = String::new();
    for row in &rows {
        let scenario = if row.scenario == previous {
            ""
        } else {
            &row.scenario
        };
        previous.clone_from(&row.scenario);
        let metric = format!("{} ({})", row.metric, row.unit);
        // A bound's row has no SDK columns: blank, not "n/a".
        let bound_only = row.bound.is_some() && row.tether.is_none() && row.rmcp.is_none();
        let cell = |value: Option<f64>| {
            if bound_only {
                String::new()
            } else {
                number(value, row.unit)
            }
        };
        let ratio = match row.ratio {
            Some(ratio) => format!("{ratio:.2}x"),
            None if bound_only => String::new(),
            None => "n/a".to_owned(),
        };
        out.push_str(&format!(
            "{scenario:<width$}  {metric:<metric_width$}  {:>10}  {:>10}  {:>11}  {:>10}  {}\n",
            cell(row.tether),
            cell(row.rmcp),
            ratio,
            if row.bound.is_some() {
                number(row.bound, row.unit)
            } else {
                String::new()
            },
            row.note,
        ));
    }
    out.push('\n');
    out.push_str(&targets(results));
    out
}

/// The targets for scenario 1 on 2025-11-25: tether's CPU per call at most 3x the bare
/// echo's (rmcp's reference: 8.7-14.7x), tether's throughput at least 3x rmcp's.
fn targets(results: &Results) -> String {
    let mut out = String::new();
    if results.measured.iter().any(|m| m.bare.is_some()) {
        out.push_str("targets (scenario 1, 2025-11-25):\n");
    }
    for m in results.measured.iter().filter(|m| m.bare.is_some()) {
        let Some(bare) = &m.bare else { continue };
        let cpu = ratio_of(&m.tether, bare, |s| s.cpu_us_per_call);
        let rmcp_cpu = ratio_of(&m.rmcp, bare, |s| s.cpu_us_per_call);
        let speed = ratio_of(&m.tether, &m.rmcp, |s| s.calls_per_s);
        let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
        out.push_str(&format!(
            "  x{:<4} tether CPU/call = {} bare echo (target <= 3x: {}; rmcp {}), \
             throughput tether/rmcp = {} (target >= 3x: {})\n",
            m.in_flight,
            number(cpu, "x"),
            verdict(cpu.is_some_and(|c| c <= 3.0)),
            number(rmcp_cpu, "x"),
            number(speed, "x"),
            verdict(speed.is_some_and(|s| s >= 3.0)),
        ));
    }
    for extra in &results.extra {
        for line in &extra.targets {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every round of a series, as JSON.
fn series_json(series: &Series) -> Value {
    match series {
        Ok(rounds) => Value::Array(
            rounds
                .iter()
                .map(|s| {
                    json!({
                        "calls_per_s": s.calls_per_s,
                        "cpu_us_per_call": s.cpu_us_per_call,
                        "p50_us": s.p50_us,
                        "p99_us": s.p99_us,
                    })
                })
                .collect(),
        ),
        Err(reason) => json!({ "error": reason }),
    }
}

/// The whole report as JSON: machine, configuration, the table's rows, and every round.
pub(crate) fn json(machine: &Machine, config: &Config, results: &Results) -> Value {
    let rows: Vec<Value> = rows(results)
        .into_iter()
        .map(|r| {
            json!({
                "scenario": r.scenario,
                "metric": r.metric,
                "unit": r.unit,
                "tether": r.tether,
                "rmcp": r.rmcp,
                "ratio_tether_over_rmcp": r.ratio,
                "bound": r.bound,
                "note": r.note,
            })
        })
        .collect();
    let raw: Vec<Value> = results
        .measured
        .iter()
        .map(|m| {
            json!({
                "scenario": m.id,
                "title": m.title,
                "in_flight": m.in_flight,
                "tether": series_json(&m.tether),
                "rmcp": series_json(&m.rmcp),
                "bare_echo": m.bare.as_ref().map(series_json),
            })
        })
        .collect();
    let serde = match &results.serde {
        Ok(rounds) => json!(
            rounds
                .iter()
                .map(|r| json!({"server_half_ns": r.server_half_ns, "full_cycle_ns": r.full_cycle_ns}))
                .collect::<Vec<_>>()
        ),
        Err(reason) => json!({ "error": reason }),
    };
    json!({
        "machine": {
            "cpu": machine.cpu,
            "cores": machine.cores,
            "rustc": machine.rustc,
            "date_utc": machine.date,
            "load_1min": machine.load,
            "line": machine.line(),
        },
        "config": {
            "rounds": config.rounds,
            "target_ms_per_measurement": config.target.as_millis() as u64,
            "echo_in_flight": config.echo_levels,
            "elicit_in_flight": config.elicit_levels,
            "serde_iterations": config.serde_iterations,
            "runtime": config.runtime_label(),
        },
        "rows": rows,
        "rounds": raw,
        "extra": results
            .extra
            .iter()
            .map(|e| (e.key.to_owned(), e.raw.clone()))
            .collect::<serde_json::Map<String, Value>>(),
        "serde_bound_rounds": serde,
    })
}
