//! The soak's server handler and its bookkeeping: the per-id ledger both sides write, the RSS
//! sampler and the runtime's task count.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tether_mcp::prelude::*;
use tokio::sync::oneshot;

/// The longest any settle loop (handlers ending, tasks ending, connections closing) waits.
pub(crate) const SETTLE: Duration = Duration::from_secs(20);

/// What happened to every call, written by the tool (server side) and by the client.
pub(crate) struct Ledger {
    /// Runs of each id's handler.
    runs: Vec<AtomicU8>,
    /// Answers each id's caller got.
    answers: Vec<AtomicU8>,
    started: AtomicU64,
    completed: AtomicU64,
    cancelled_seen: AtomicU64,
    dropped_by_server: AtomicU64,
    answered: AtomicU64,
    dropped_by_client: AtomicU64,
    /// Held calls whose client waits for the handler to start.
    waiting: Mutex<HashMap<u64, oneshot::Sender<()>>>,
}

/// The counters at one moment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Summary {
    pub(crate) started: u64,
    pub(crate) completed: u64,
    pub(crate) cancelled_seen: u64,
    pub(crate) dropped_by_server: u64,
    pub(crate) answered: u64,
    pub(crate) dropped_by_client: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "server: {} started, {} completed, {} saw cancelled(), {} dropped; client: {} answered, {} cancelled mid-flight",
            self.started,
            self.completed,
            self.cancelled_seen,
            self.dropped_by_server,
            self.answered,
            self.dropped_by_client
        )
    }
}

impl Ledger {
    pub(crate) fn new(total: u64) -> Self {
        // Zeroed memory may come from the allocator untouched; every entry is written here so
        // that the ledger is resident before the first RSS sample, not growing with the calls.
        let zeros = || {
            let entries: Vec<AtomicU8> = (0..total).map(|_| AtomicU8::new(0)).collect();
            for entry in &entries {
                entry.store(0, Ordering::Relaxed);
            }
            entries
        };
        Self {
            runs: zeros(),
            answers: zeros(),
            started: AtomicU64::new(0),
            completed: AtomicU64::new(0),
            cancelled_seen: AtomicU64::new(0),
            dropped_by_server: AtomicU64::new(0),
            answered: AtomicU64::new(0),
            dropped_by_client: AtomicU64::new(0),
            waiting: Mutex::new(HashMap::new()),
        }
    }

    /// Odd ids are held by the tool until cancelled: half the calls.
    pub(crate) fn is_held(id: u64) -> bool {
        id % 2 == 1
    }

    /// Registers a held call; the receiver completes once its handler runs.
    pub(crate) fn expect_start(&self, id: u64) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        let previous = self.lock_waiting().insert(id, tx);
        assert!(previous.is_none(), "call {id} registered twice");
        rx
    }

    fn lock_waiting(&self) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<()>>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn start(&self, id: u64) -> Run<'_> {
        self.runs[id as usize].fetch_add(1, Ordering::Relaxed);
        self.started.fetch_add(1, Ordering::Relaxed);
        Run {
            ledger: self,
            ended: false,
        }
    }

    fn signal_start(&self, id: u64) {
        let waiter = self.lock_waiting().remove(&id);
        let _ = waiter.expect("a held call has a waiting client").send(());
    }

    pub(crate) fn answered(&self, id: u64) {
        self.answers[id as usize].fetch_add(1, Ordering::Relaxed);
        self.answered.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn dropped_by_client(&self) {
        self.dropped_by_client.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn summary(&self) -> Summary {
        Summary {
            started: self.started.load(Ordering::SeqCst),
            completed: self.completed.load(Ordering::SeqCst),
            cancelled_seen: self.cancelled_seen.load(Ordering::SeqCst),
            dropped_by_server: self.dropped_by_server.load(Ordering::SeqCst),
            answered: self.answered.load(Ordering::SeqCst),
            dropped_by_client: self.dropped_by_client.load(Ordering::SeqCst),
        }
    }

    /// Waits (at most [`SETTLE`]) until every handler that started has ended.
    pub(crate) async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + SETTLE;
        loop {
            let s = self.summary();
            if s.started == s.completed + s.cancelled_seen + s.dropped_by_server {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "handlers still running after {SETTLE:?}: {s}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Each id ran exactly once; answered once if not held, never if held.
    pub(crate) fn check_each_id(&self, total: u64) {
        for id in 0..total {
            let runs = self.runs[id as usize].load(Ordering::SeqCst);
            let answers = self.answers[id as usize].load(Ordering::SeqCst);
            let expected = u8::from(!Self::is_held(id));
            assert_eq!(runs, 1, "call {id} ran {runs} times");
            assert_eq!(answers, expected, "call {id} got {answers} answers");
        }
        assert!(
            self.lock_waiting().is_empty(),
            "held calls whose handler never started"
        );
    }
}

/// One handler run; dropped without an outcome, it counts as dropped by the server.
struct Run<'a> {
    ledger: &'a Ledger,
    ended: bool,
}

impl Run<'_> {
    fn end(mut self, counter: &AtomicU64) {
        self.ended = true;
        counter.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for Run<'_> {
    fn drop(&mut self) {
        if !self.ended {
            self.ledger.dropped_by_server.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The soak's server handler.
pub(crate) struct Echo {
    ledger: Arc<Ledger>,
}

impl Echo {
    pub(crate) fn new(ledger: Arc<Ledger>) -> Self {
        Self { ledger }
    }
}

#[tether_mcp::tools]
impl ServerHandler for Echo {
    /// Echoes `id` after a yield (a 1 ms sleep for one id in eight); with `hold`, signals
    /// the client that it runs and waits until the call is cancelled.
    #[tool]
    async fn echo(&self, cx: InFlight<'_>, id: u64, hold: bool) -> String {
        let ledger = &*self.ledger;
        let run = ledger.start(id);
        if hold {
            ledger.signal_start(id);
            cx.cancelled().await;
            run.end(&ledger.cancelled_seen);
            return String::new();
        }
        if id.is_multiple_of(8) {
            tokio::time::sleep(Duration::from_millis(1)).await;
        } else {
            tokio::task::yield_now().await;
        }
        run.end(&ledger.completed);
        id.to_string()
    }
}

/// The resident set size (`VmRSS` of /proc/self/status), in KiB; 0 where there is none.
pub(crate) fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// RSS samples every twentieth of the calls.
pub(crate) struct Rss {
    every: u64,
    warm_up: u64,
    done: u64,
    start: u64,
    warm: Option<u64>,
    end: Option<u64>,
    samples: Vec<u64>,
}

/// What the sampler saw.
#[derive(Debug)]
pub(crate) struct RssReport {
    pub(crate) start_kib: u64,
    pub(crate) warm_kib: u64,
    pub(crate) peak_kib: u64,
    pub(crate) end_kib: u64,
    pub(crate) growth_kib: u64,
    samples_mib: Vec<String>,
}

impl fmt::Display for RssReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RSS KiB: start {}, after warm-up {}, peak {}, end {}, growth after warm-up {}; samples (MiB): {}",
            self.start_kib,
            self.warm_kib,
            self.peak_kib,
            self.end_kib,
            self.growth_kib,
            self.samples_mib.join(" ")
        )
    }
}

impl Rss {
    pub(crate) fn new(total: u64) -> Self {
        let start = rss_kib();
        Self {
            every: (total / 20).max(1),
            warm_up: (total / 10).max(1),
            done: 0,
            start,
            warm: None,
            end: None,
            samples: vec![start],
        }
    }

    pub(crate) fn call_done(&mut self) {
        self.done += 1;
        if self.done == self.warm_up {
            self.warm = Some(rss_kib());
        }
        if self.done.is_multiple_of(self.every) {
            self.samples.push(rss_kib());
        }
    }

    /// The last sample, after the last call.
    pub(crate) fn finish(&mut self) {
        let end = rss_kib();
        self.samples.push(end);
        self.end = Some(end);
    }

    pub(crate) fn report(&self) -> RssReport {
        let end = self.end.expect("finish() was called");
        let warm = self.warm.unwrap_or(self.start);
        RssReport {
            start_kib: self.start,
            warm_kib: warm,
            peak_kib: self.samples.iter().copied().max().unwrap_or(end),
            end_kib: end,
            growth_kib: end.saturating_sub(warm),
            samples_mib: self
                .samples
                .iter()
                .map(|kib| format!("{:.1}", *kib as f64 / 1024.0))
                .collect(),
        }
    }
}

/// The runtime's alive tasks now.
pub(crate) fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

/// The alive tasks before the soak starts.
pub(crate) fn tasks_baseline() -> usize {
    alive_tasks()
}

/// Waits (at most [`TASK_SETTLE`]) until at most `target` tasks are alive; returns the count.
pub(crate) async fn settle_tasks(target: usize) -> usize {
    let deadline = tokio::time::Instant::now() + TASK_SETTLE;
    loop {
        let alive = alive_tasks();
        if alive <= target || tokio::time::Instant::now() >= deadline {
            return alive;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// How long the tasks get to end after the teardown before they are counted.
const TASK_SETTLE: Duration = Duration::from_secs(5);
