//! A stdio server with a long-running tool that reports progress and stops early when the
//! client cancels it.
//!
//! - `count` counts to `steps`, one step every `delay_ms` milliseconds (default 50), and
//!   reports each step with `cx.progress(step, Some(steps), message)`. The client receives the
//!   steps as `notifications/progress` if it asked for progress (a progress token; our
//!   client's `Call::on_progress`); otherwise `cx.progress` sends nothing.
//! - Between steps it waits in a `tokio::select!` on `cx.cancelled()`, which completes when
//!   the client sends `notifications/cancelled` for the call (our client sends it when a call's
//!   future is dropped or times out). The tool then stops at once with a partial result,
//!   "cancelled after N of M steps". A cancelled request gets no response on the wire, so the
//!   server also records how each run ended.
//! - `last_run` reports how the last `count` ended ("counted to M of M steps" or "cancelled
//!   after N of M steps"), which is how a client (and the test) can observe the cancellation.
//!
//! Progress works in both eras: on legacy revisions it is one sequence under the request's
//! progress token, on 2026-07-28 under the `progressToken` of the request's `_meta`.
//!
//! ```sh
//! cargo run -p tether-mcp-examples --bin progress
//! ```

use std::sync::Mutex;
use std::time::Duration;

use tether_mcp::prelude::*;

/// The server: `count` and `last_run`, sharing how the last run ended.
#[derive(Default)]
struct Counter {
    /// How the last `count` ended, if one did.
    last_run: Mutex<Option<String>>,
}

impl Counter {
    fn record(&self, outcome: &str) {
        // A poisoned lock only means an earlier holder panicked; the string is still whole.
        let mut last = self
            .last_run
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = Some(outcome.to_owned());
    }
}

#[tether_mcp::tools]
impl ServerHandler for Counter {
    /// Counts to `steps`, one step every `delay_ms` milliseconds (default 50), reporting
    /// progress after each step; stops early when cancelled.
    #[tool]
    async fn count(
        &self,
        cx: InFlight<'_>,
        steps: u32,
        delay_ms: Option<u64>,
    ) -> Result<String, ToolError> {
        let delay = Duration::from_millis(delay_ms.unwrap_or(50));
        for step in 1..=steps {
            tokio::select! {
                // `biased`: a cancellation that arrived during the last step wins over the
                // next sleep.
                biased;
                () = cx.cancelled() => {
                    let done = step - 1;
                    let outcome = format!("cancelled after {done} of {steps} steps");
                    self.record(&outcome);
                    // Not written to the client (a cancelled request gets no response), but
                    // the handler ends here instead of running to the end.
                    return Ok(outcome);
                }
                () = tokio::time::sleep(delay) => {}
            }
            // Refused once the request is cancelled or answered; a progress report that
            // cannot be sent is not worth failing the work for.
            if let Err(error) = cx
                .progress(
                    f64::from(step),
                    Some(f64::from(steps)),
                    Some(format!("step {step} of {steps}")),
                )
                .await
            {
                eprintln!("progress {step} of {steps} not sent: {error}");
            }
        }
        let outcome = format!("counted to {steps} of {steps} steps");
        self.record(&outcome);
        Ok(outcome)
    }

    /// Reports how the last `count` ended: "counted to M of M steps", "cancelled after N of M
    /// steps", or "no run yet".
    #[tool]
    async fn last_run(&self) -> String {
        self.last_run
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .unwrap_or_else(|| "no run yet".to_owned())
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    Server::new(Counter::default()).serve_stdio().await
}
