//! The watchdog that frees an ask blocked in a nested executor.
//!
//! On a modern request an unanswered ask stays pending until the dispatcher, right after the
//! handler's poll returns, ends the round; on a legacy one its answer must be read by another
//! task. If the ask is driven by a nested executor on the handler's own thread
//! (`futures::executor::block_on`, `Handle::block_on` inside `block_in_place`), the handler's
//! poll never returns: the round never ends, and on a current-thread runtime no answer is ever
//! read. So every pending ask is armed here: if it is still pending after [`AFTER`] inside the
//! same poll of the handler, the watchdog wakes it, and its next poll resolves to
//! [`RequestError::AskOutsideHandlerTask`](crate::RequestError::AskOutsideHandlerTask).
//!
//! In the normal flow the dispatcher drops the handler (and disarms the ask) within the same
//! poll, long before the deadline; a late wake-up of a dropped ask does nothing.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::Waker;
use std::time::{Duration, Instant};

/// How long a live modern ask may stay pending before it is treated as blocked.
pub(crate) const AFTER: Duration = Duration::from_secs(1);

struct Entry {
    id: u64,
    deadline: Instant,
    waker: Waker,
    fired: Arc<AtomicBool>,
}

struct Watchdog {
    entries: Mutex<Vec<Entry>>,
    changed: Condvar,
}

fn watchdog() -> Option<&'static Watchdog> {
    static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
    *WATCHDOG.get_or_init(|| {
        let dog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            entries: Mutex::new(Vec::new()),
            changed: Condvar::new(),
        }));
        let spawned = std::thread::Builder::new()
            .name("tether-mcp-ask-watchdog".into())
            .spawn(move || dog.run());
        match spawned {
            Ok(_) => Some(dog),
            Err(error) => {
                tracing::warn!(%error, "no ask watchdog: asks blocked in a nested executor will hang");
                None
            }
        }
    })
}

impl Watchdog {
    fn run(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            entries.retain(|entry| {
                if entry.deadline > now {
                    return true;
                }
                entry.fired.store(true, Ordering::Release);
                entry.waker.wake_by_ref();
                false
            });
            let next = entries.iter().map(|e| e.deadline).min();
            entries = match next {
                None => self
                    .changed
                    .wait(entries)
                    .unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    self.changed
                        .wait_timeout(entries, deadline.saturating_duration_since(now))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
            };
        }
    }
}

/// A live ask under watch; dropping it disarms the watch.
pub(crate) struct Armed {
    id: u64,
    fired: Arc<AtomicBool>,
}

impl Armed {
    /// Watches an ask that `waker` wakes, firing after `after`.
    pub(crate) fn new(after: Duration, waker: &Waker) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let fired = Arc::new(AtomicBool::new(false));
        if let Some(dog) = watchdog() {
            dog.entries
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Entry {
                    id,
                    deadline: Instant::now() + after,
                    waker: waker.clone(),
                    fired: fired.clone(),
                });
            dog.changed.notify_one();
        }
        Self { id, fired }
    }

    /// Whether the deadline passed while the ask was still pending.
    pub(crate) fn fired(&self) -> bool {
        self.fired.load(Ordering::Acquire)
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        if self.fired() {
            return; // already removed by the watchdog
        }
        if let Some(dog) = watchdog() {
            dog.entries
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .retain(|e| e.id != self.id);
        }
    }
}

impl std::fmt::Debug for Armed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Armed")
            .field("fired", &self.fired())
            .finish()
    }
}
