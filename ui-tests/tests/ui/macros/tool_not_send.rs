//~ ERROR future cannot be sent between threads safely
// A tool's body runs on any worker thread, so its future must be `Send`: holding an `Rc` (or a
// `RefCell` borrow, or a std `MutexGuard`) across an `.await` is refused at the tool itself,
// with the compiler's note naming the value.
use std::rc::Rc;
use tether_mcp::prelude::*;

struct Counter;

#[tether_mcp::tools]
impl ServerHandler for Counter {
    /// Counts after a pause.
    #[tool]
    async fn count(&self) -> String {
        let shared = Rc::new(5);
        tokio::task::yield_now().await;
        shared.to_string()
    }
}

fn main() {}
