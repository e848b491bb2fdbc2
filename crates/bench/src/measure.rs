//! How a number is made: a call function driven at a fixed number of calls in flight, the
//! process's CPU time around it (`getrusage(RUSAGE_SELF)`, user + sys, every thread), per-call
//! latencies and their percentiles, and rounds that measure every participant back to back.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// One call's future: `Ok` once the answer arrived and was checked, `Err` with the reason.
pub(crate) type CallFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// Makes one call (its argument is the call's index). Shared by every task keeping calls in
/// flight, so it clones what it needs into the future.
pub(crate) type CallFn = Arc<dyn Fn(usize) -> CallFuture + Send + Sync>;

/// A connected client and server (or bare echo pair): the call to drive, and whatever keeps
/// the connection open until the session is dropped.
pub(crate) struct Session {
    /// One call through the client, answer checked.
    pub(crate) call: CallFn,
    _keep_alive: Box<dyn std::any::Any + Send>,
}

impl Session {
    /// A session whose connection lives as long as `keep_alive`.
    pub(crate) fn new(call: CallFn, keep_alive: impl std::any::Any + Send) -> Self {
        Self {
            call,
            _keep_alive: Box::new(keep_alive),
        }
    }
}

/// How long and how often to measure.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// Measured rounds; each measures every participant once.
    pub(crate) rounds: usize,
    /// Wall time one participant's measurement aims at (its call count is calibrated from the
    /// warm-up); ignored when `fixed_calls` is set.
    pub(crate) target: Duration,
    /// Every measurement makes exactly this many calls, and there is no warm-up (the test).
    pub(crate) fixed_calls: Option<usize>,
    /// In-flight levels of the echo scenarios (1 and 5b).
    pub(crate) echo_levels: Vec<usize>,
    /// In-flight levels of the elicitation scenarios (2 and 3).
    pub(crate) elicit_levels: Vec<usize>,
    /// Iterations of the serde_json bound (5a) per round.
    pub(crate) serde_iterations: usize,
    /// Keep-alive connections of the HTTP scenarios (4, 5c).
    pub(crate) http_levels: Vec<usize>,
    /// HTTP: warm-up per measurement, then the measured time (each round, each server).
    pub(crate) http_warmup: Duration,
    /// See [`http_warmup`](Self::http_warmup).
    pub(crate) http_duration: Duration,
    /// HTTP: exactly this many calls per connection instead of a duration (the test).
    pub(crate) http_calls: Option<usize>,
    /// Scenario 6: idle legacy sessions and in-flight requests to open (`None`: skipped).
    pub(crate) memory_count: Option<usize>,
    /// Scenario 7 (two clean release builds, minutes): only in the full run.
    pub(crate) build_cost: bool,
    /// A diagnostic: the in-memory scenarios on a current-thread runtime, where no task ever
    /// wakes another thread (`--current-thread`), so the ratios compare the SDKs' own work.
    pub(crate) current_thread: bool,
}

impl Config {
    /// The runtime the in-memory scenarios run on, as the report names it.
    pub(crate) fn runtime_label(&self) -> &'static str {
        if self.current_thread {
            "tokio current-thread (diagnostic)"
        } else {
            "tokio multi-thread, 2 workers"
        }
    }
}

impl Config {
    /// The full run: 5 rounds of about 0.4 s per participant.
    pub(crate) fn full() -> Self {
        Self {
            rounds: 5,
            target: Duration::from_millis(400),
            fixed_calls: None,
            echo_levels: vec![1, 16, 256],
            elicit_levels: vec![1, 16],
            serde_iterations: 200_000,
            http_levels: vec![1, 64],
            http_warmup: Duration::from_millis(300),
            http_duration: Duration::from_millis(1000),
            http_calls: None,
            memory_count: Some(1000),
            build_cost: true,
            current_thread: false,
        }
    }

    /// `--quick`: 2 rounds of about 0.1 s, for a smoke run.
    pub(crate) fn quick() -> Self {
        Self {
            rounds: 2,
            target: Duration::from_millis(100),
            serde_iterations: 50_000,
            http_warmup: Duration::from_millis(100),
            http_duration: Duration::from_millis(300),
            build_cost: false,
            current_thread: false,
            ..Self::full()
        }
    }

    /// The test's: one round, a handful of calls, no warm-up.
    #[cfg(test)]
    pub(crate) fn smoke() -> Self {
        Self {
            rounds: 1,
            target: Duration::ZERO,
            fixed_calls: Some(24),
            echo_levels: vec![1, 8],
            elicit_levels: vec![1, 4],
            serde_iterations: 100,
            http_levels: vec![1, 2],
            http_warmup: Duration::ZERO,
            http_duration: Duration::ZERO,
            http_calls: Some(4),
            memory_count: None,
            build_cost: false,
            current_thread: false,
        }
    }
}

/// The process's CPU time so far: user + system, all threads.
pub(crate) fn cpu_time() -> Duration {
    match getrusage(UsageWho::RUSAGE_SELF) {
        Ok(usage) => {
            let user = usage.user_time();
            let sys = usage.system_time();
            let micros = |tv: nix::sys::time::TimeVal| {
                Duration::from_secs(tv.tv_sec().max(0).unsigned_abs())
                    + Duration::from_micros(tv.tv_usec().max(0).unsigned_abs())
            };
            micros(user) + micros(sys)
        }
        Err(_) => Duration::ZERO,
    }
}

/// One participant's numbers from one measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stats {
    /// Completed calls per second of wall time.
    pub(crate) calls_per_s: f64,
    /// Process CPU time (user + sys) divided by calls, in microseconds.
    pub(crate) cpu_us_per_call: f64,
    /// Median call latency, in microseconds (0 when latencies are not measured).
    pub(crate) p50_us: f64,
    /// 99th percentile call latency, in microseconds (0 when latencies are not measured).
    pub(crate) p99_us: f64,
}

/// Which number of [`Stats`] a report row shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Metric {
    /// Calls per second (higher is better).
    Throughput,
    /// CPU microseconds per call (lower is better).
    CpuPerCall,
    /// Median latency (lower is better).
    P50,
    /// 99th percentile latency (lower is better).
    P99,
}

impl Metric {
    /// This metric of `stats`.
    pub(crate) fn of(self, stats: &Stats) -> f64 {
        match self {
            Self::Throughput => stats.calls_per_s,
            Self::CpuPerCall => stats.cpu_us_per_call,
            Self::P50 => stats.p50_us,
            Self::P99 => stats.p99_us,
        }
    }
}

/// The `q` quantile (0..=1) of sorted values, nearest rank.
pub(crate) fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of some values (the mean of the middle two for an even count); NaN if none.
pub(crate) fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Makes `calls` calls through `call`, `in_flight` at a time (one task each, on the runtime's
/// workers), and measures wall time, process CPU time and every call's latency.
pub(crate) async fn drive(call: &CallFn, calls: usize, in_flight: usize) -> Result<Stats, String> {
    let in_flight = in_flight.clamp(1, calls.max(1));
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = cpu_time();
    let started = Instant::now();
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let call = Arc::clone(call);
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(calls / in_flight + 1);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= calls {
                        return Ok::<_, String>(latencies);
                    }
                    let sent = Instant::now();
                    call(index).await?;
                    latencies.push(sent.elapsed());
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(calls);
    let mut failure = None;
    for worker in workers {
        match worker.await {
            Ok(Ok(mine)) => latencies.extend(mine),
            Ok(Err(reason)) => failure = Some(reason),
            Err(join) => failure = Some(format!("a caller task failed: {join}")),
        }
    }
    let wall = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_before);
    if let Some(reason) = failure {
        return Err(reason);
    }
    latencies.sort_unstable();
    let calls = latencies.len().max(1) as f64;
    Ok(Stats {
        calls_per_s: calls / wall.as_secs_f64(),
        cpu_us_per_call: cpu.as_secs_f64() * 1e6 / calls,
        p50_us: percentile(&latencies, 0.50).as_secs_f64() * 1e6,
        p99_us: percentile(&latencies, 0.99).as_secs_f64() * 1e6,
    })
}

/// Every round's numbers of one participant, or why it could not be measured.
pub(crate) type Series = Result<Vec<Stats>, String>;

/// Warms every participant up (and sizes its measurements to `config.target`), then measures
/// them all `config.rounds` times, back to back within a round, the order rotating from round
/// to round so no participant always runs first. A participant that fails is measured no more.
pub(crate) async fn compare(
    config: &Config,
    sessions: &[&Session],
    in_flight: usize,
) -> Vec<Series> {
    let mut sizes: Vec<Result<usize, String>> = Vec::with_capacity(sessions.len());
    for session in sessions {
        sizes.push(match config.fixed_calls {
            Some(calls) => Ok(calls),
            None => calibrate(&session.call, in_flight, config.target).await,
        });
    }
    let mut series: Vec<Series> = sizes
        .iter()
        .map(|size| match size {
            Ok(_) => Ok(Vec::with_capacity(config.rounds)),
            Err(reason) => Err(reason.clone()),
        })
        .collect();
    for round in 0..config.rounds {
        for offset in 0..sessions.len() {
            let which = (round + offset) % sessions.len();
            let (Ok(calls), Ok(done)) = (&sizes[which], &mut series[which]) else {
                continue;
            };
            match drive(&sessions[which].call, *calls, in_flight).await {
                Ok(stats) => done.push(stats),
                Err(reason) => series[which] = Err(reason),
            }
        }
    }
    series
}

/// Warm-up: a first batch, then a call count that makes one measurement last about `target`.
async fn calibrate(call: &CallFn, in_flight: usize, target: Duration) -> Result<usize, String> {
    let floor = (in_flight * 4).max(200);
    let first = drive(call, floor, in_flight).await?;
    let second = drive(call, floor, in_flight).await?;
    let rate = first.calls_per_s.max(second.calls_per_s);
    let calls = (rate * target.as_secs_f64()) as usize;
    Ok(calls.clamp(floor, 2_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_medians() {
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        assert_eq!(percentile(&sorted, 0.5), Duration::from_micros(50));
        assert_eq!(percentile(&sorted, 0.99), Duration::from_micros(99));
        assert_eq!(median([3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median([4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median([]).is_nan());
    }
}
