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
//!
//! Arming is cheap on the hot path: the watchdog thread is only woken when a new deadline is
//! earlier than the one it already sleeps until (every ask waits the same [`AFTER`], so under
//! steady load that is about once per [`AFTER`], not once per ask: waking it per ask cost a
//! futex wake and a context switch on every elicitation).

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

/// What the watchdog thread and the armed asks share.
#[derive(Default)]
struct Watched {
    entries: Vec<Entry>,
    /// When the watchdog thread next looks at `entries` on its own; `None` while it waits for
    /// a notification. Arming an ask notifies it only when its deadline comes before this.
    wakes_at: Option<Instant>,
}

impl Watched {
    /// Adds `entry`; whether the watchdog thread must be woken to see it in time (it looks by
    /// `wakes_at` anyway, and then sees this entry).
    fn push(&mut self, entry: Entry) -> bool {
        let deadline = entry.deadline;
        self.entries.push(entry);
        let wake = self.wakes_at.is_none_or(|at| deadline < at);
        if wake {
            self.wakes_at = Some(deadline);
        }
        wake
    }
}

struct Watchdog {
    watched: Mutex<Watched>,
    changed: Condvar,
}

fn watchdog() -> Option<&'static Watchdog> {
    static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
    *WATCHDOG.get_or_init(|| {
        let dog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            watched: Mutex::new(Watched::default()),
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
        let mut watched = self.watched.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            watched.entries.retain(|entry| {
                if entry.deadline > now {
                    return true;
                }
                entry.fired.store(true, Ordering::Release);
                entry.waker.wake_by_ref();
                false
            });
            let next = watched.entries.iter().map(|e| e.deadline).min();
            watched.wakes_at = next;
            watched = match next {
                None => self
                    .changed
                    .wait(watched)
                    .unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    self.changed
                        .wait_timeout(watched, deadline.saturating_duration_since(now))
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
            let deadline = Instant::now() + after;
            let mut watched = dog.watched.lock().unwrap_or_else(|p| p.into_inner());
            let wake = watched.push(Entry {
                id,
                deadline,
                waker: waker.clone(),
                fired: fired.clone(),
            });
            drop(watched);
            if wake {
                dog.changed.notify_one();
            }
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
            dog.watched
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entries
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, deadline: Instant) -> Entry {
        Entry {
            id,
            deadline,
            waker: Waker::noop().clone(),
            fired: Arc::default(),
        }
    }

    /// The watchdog thread is woken for an ask only when it would otherwise look too late.
    #[test]
    fn arming_wakes_the_watchdog_only_for_an_earlier_deadline() {
        let now = Instant::now();
        let mut watched = Watched::default();
        assert!(
            watched.push(entry(0, now + AFTER)),
            "it waits for a notification"
        );
        assert!(
            !watched.push(entry(1, now + 2 * AFTER)),
            "it looks by then anyway"
        );
        assert!(
            !watched.push(entry(2, now + AFTER)),
            "same deadline: no wake"
        );
        assert!(watched.push(entry(3, now)), "earlier than it would look");
        assert_eq!(watched.wakes_at, Some(now));
        assert_eq!(watched.entries.len(), 4);
    }
}
