//! A request's first poll, run on the dispatch loop's own task.
//!
//! Most requests answer within their first poll (a 2026-07-28 round ends there too). Polled here
//! they cost no spawned task, and no hand-off from a task that the other worker thread may have
//! stolen back to this one: on two cores that nearly doubled in-memory echo throughput at 16
//! and 256 in flight (BENCHMARKS.md). A request still running after that poll goes on as a
//! task of its own, so the loop goes back to reading at once.
//!
//! The price is paid by a handler that works long before its first `.await` that waits: the
//! loop reads nothing meanwhile. A handler whose first poll takes longer than
//! [`Limits::inline_poll_limit`](crate::Limits::inline_poll_limit) therefore starts on tasks of
//! its own for the next [`SLOW_FOR`] on this connection (learned per method and tool or prompt
//! name), so CPU-heavy tools still run side by side on every worker. The lesson expires: a
//! quick handler whose poll was once stretched by the machine (the thread preempted, a page
//! fault) runs inline again a second later, and a slow one costs the loop one first poll per
//! [`SLOW_FOR`].

use std::collections::HashMap;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::task::Poll;
use std::time::{Duration, Instant};

use tether_mcp_types::{JSONRPCRequest, JsonValue};
use tokio::task::JoinSet;

/// How long a handler whose first poll ran long starts on tasks of its own.
const SLOW_FOR: Duration = Duration::from_secs(1);
/// Handlers remembered as slow at once. Past it every request starts on its own task for
/// [`SLOW_FOR`]: a handler that accepts any name (a low-level `call_tool`) cannot grow the
/// map without bound.
const MAX_SLOW: usize = 256;

/// Which requests of a connection are polled first on its dispatch loop.
#[derive(Debug)]
pub(super) struct FirstPoll {
    /// The longest first poll that keeps a target inline; zero spawns every request.
    limit: Duration,
    /// The [`target`]s of handlers whose first poll took longer than `limit`, and until when
    /// they start on tasks of their own.
    slow: HashMap<u64, Instant>,
    /// Until when every request starts on its own task (after `slow` filled up).
    all_slow_until: Option<Instant>,
}

impl FirstPoll {
    pub(super) fn new(limit: Duration) -> Self {
        Self {
            limit,
            slow: HashMap::new(),
            all_slow_until: None,
        }
    }

    /// What `request`'s handler is known by, if its first poll is to run inline (`None`: spawn
    /// it, since the limit is zero or the handler was slow lately).
    pub(super) fn inline_target(&mut self, request: &JSONRPCRequest) -> Option<u64> {
        if self.limit.is_zero() {
            return None;
        }
        let target = target(request);
        if self.all_slow_until.is_none() && self.slow.is_empty() {
            return Some(target);
        }
        let now = Instant::now();
        if self.all_slow_until.is_some_and(|until| now < until) {
            return None;
        }
        self.all_slow_until = None;
        match self.slow.get(&target) {
            Some(&until) if now < until => None,
            Some(_) => {
                self.slow.remove(&target);
                Some(target)
            }
            None => Some(target),
        }
    }

    /// Runs `slot` until its first `Pending` here, then spawns what is left of it onto
    /// `tasks`; with no `target` (see [`inline_target`](Self::inline_target)), spawns it at once.
    pub(super) async fn run(
        &mut self,
        target: Option<u64>,
        slot: impl Future<Output = ()> + Send + 'static,
        tasks: &mut JoinSet<()>,
    ) {
        let Some(target) = target else {
            tasks.spawn(slot);
            return;
        };
        let mut slot = Box::pin(slot);
        let started = Instant::now();
        let first = std::future::poll_fn(|cx| Poll::Ready(slot.as_mut().poll(cx))).await;
        let took = started.elapsed();
        if took > self.limit {
            tracing::debug!(
                ?took,
                "a handler's first poll ran long: its requests start on tasks of their own for a while"
            );
            let until = started + took + SLOW_FOR;
            if self.slow.len() >= MAX_SLOW {
                self.slow.clear();
                self.all_slow_until = Some(until);
            } else {
                self.slow.insert(target, until);
            }
        }
        if first.is_pending() {
            tasks.spawn(slot);
        }
    }
}

/// What a request's handler is known by: a hash of its method, and for `tools/call` and
/// `prompts/get` of the name it calls (no allocation per request; two names that collide only
/// share their fate).
fn target(request: &JSONRPCRequest) -> u64 {
    let mut hasher = DefaultHasher::new();
    request.method.hash(&mut hasher);
    if matches!(request.method.as_str(), "tools/call" | "prompts/get") {
        request
            .params
            .as_ref()
            .and_then(|params| params.get("name"))
            .and_then(JsonValue::as_str)
            .hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use serde_json::json;

    use super::*;

    fn call(name: &str) -> JSONRPCRequest {
        serde_json::from_value(json!({
            "jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": name, "arguments": {}}
        }))
        .unwrap()
    }

    /// Counts the slots that ran on a task of their own (anything but the test's task).
    fn slot(
        work: Duration,
        on_tasks: &Arc<AtomicUsize>,
    ) -> impl Future<Output = ()> + Send + 'static {
        let on_tasks = on_tasks.clone();
        let here = tokio::task::try_id();
        async move {
            if tokio::task::try_id() != here {
                on_tasks.fetch_add(1, Ordering::SeqCst);
            }
            std::thread::sleep(work);
        }
    }

    /// Serves one call of `name` that works `work` through `first`, as the dispatch loop does.
    async fn serve(
        first: &mut FirstPoll,
        name: &str,
        work: Duration,
        on_tasks: &Arc<AtomicUsize>,
        tasks: &mut JoinSet<()>,
    ) {
        let target = first.inline_target(&call(name));
        first.run(target, slot(work, on_tasks), tasks).await;
    }

    #[tokio::test]
    async fn quick_handlers_run_inline_and_a_slow_one_is_spawned_after_its_first_call() {
        let mut first = FirstPoll::new(Duration::from_millis(100));
        let mut tasks = JoinSet::new();
        let on_tasks = Arc::new(AtomicUsize::new(0));
        for _ in 0..3 {
            serve(&mut first, "quick", Duration::ZERO, &on_tasks, &mut tasks).await;
        }
        assert!(tasks.is_empty(), "quick handlers ended inline");
        serve(
            &mut first,
            "slow",
            Duration::from_millis(150),
            &on_tasks,
            &mut tasks,
        )
        .await;
        assert!(tasks.is_empty(), "the first slow call ran inline");
        assert_eq!(first.inline_target(&call("slow")), None);
        serve(&mut first, "slow", Duration::ZERO, &on_tasks, &mut tasks).await;
        serve(&mut first, "quick", Duration::ZERO, &on_tasks, &mut tasks).await;
        assert_eq!(tasks.len(), 1, "only the slow tool is spawned now");
        while tasks.join_next().await.is_some() {}
        assert_eq!(on_tasks.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_zero_limit_spawns_every_request_and_a_pending_slot_goes_on_as_a_task() {
        let mut tasks = JoinSet::new();
        let on_tasks = Arc::new(AtomicUsize::new(0));
        let mut never = FirstPoll::new(Duration::ZERO);
        let target = never.inline_target(&call("quick"));
        assert_eq!(target, None);
        never
            .run(target, slot(Duration::ZERO, &on_tasks), &mut tasks)
            .await;
        assert_eq!(tasks.len(), 1);

        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let (done, finished) = tokio::sync::oneshot::channel();
        let mut first = FirstPoll::new(Duration::from_secs(1));
        let target = first.inline_target(&call("waits"));
        first
            .run(
                target,
                async move {
                    let _ = wait.await;
                    let _ = done.send(());
                },
                &mut tasks,
            )
            .await;
        assert_eq!(tasks.len(), 2, "the pending slot was spawned");
        release.send(()).unwrap();
        finished.await.expect("the spawned rest ran to its end");
        while tasks.join_next().await.is_some() {}
        assert_eq!(on_tasks.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_lesson_expires_and_too_many_slow_handlers_spawn_everything_for_a_while() {
        let mut tasks = JoinSet::new();
        let on_tasks = Arc::new(AtomicUsize::new(0));
        // Every poll is longer than a nanosecond.
        let mut first = FirstPoll::new(Duration::from_nanos(1));
        serve(
            &mut first,
            "once",
            Duration::from_millis(1),
            &on_tasks,
            &mut tasks,
        )
        .await;
        assert_eq!(first.inline_target(&call("once")), None, "learned");
        // A second later (the deadline moved into the past) it runs inline again.
        *first.slow.values_mut().next().unwrap() = Instant::now() - Duration::from_millis(1);
        assert!(first.inline_target(&call("once")).is_some(), "forgotten");
        assert!(first.slow.is_empty());

        for n in 0..=MAX_SLOW {
            let target = first.inline_target(&call(&format!("tool-{n}")));
            assert!(target.is_some(), "tool-{n} was never slow");
            first
                .run(
                    target,
                    slot(Duration::from_millis(1), &on_tasks),
                    &mut tasks,
                )
                .await;
        }
        assert!(first.slow.is_empty(), "the map was emptied, not grown");
        assert_eq!(
            first.inline_target(&call("never-seen")),
            None,
            "every request starts on its own task for a while"
        );
        assert!(tasks.is_empty());
    }

    #[test]
    fn targets_tell_tools_apart_and_ignore_everything_but_the_name() {
        assert_ne!(target(&call("echo")), target(&call("deploy")));
        let mut other_args = call("echo");
        other_args
            .params
            .as_mut()
            .unwrap()
            .insert("arguments".into(), json!({"text": "hi"}));
        assert_eq!(target(&call("echo")), target(&other_args));
        let list: JSONRPCRequest =
            serde_json::from_value(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}))
                .unwrap();
        assert_ne!(target(&list), target(&call("echo")));
    }
}
