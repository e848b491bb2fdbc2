//! The poll loop that drives a handler future.

use std::future::{Future, poll_fn};
use std::pin::pin;

use crate::scope::RequestScope;

/// Polls `handler` to completion, marking every poll in the scope so that asks can tell they
/// are polled by the handler's own poll.
pub(crate) async fn poll_in_scope<T>(scope: &RequestScope, handler: impl Future<Output = T>) -> T {
    let mut handler = pin!(handler);
    poll_fn(|cx| {
        scope.enter_poll();
        let poll = handler.as_mut().poll(cx);
        scope.exit_poll();
        poll
    })
    .await
}

/// Drives `handler` in the request's poll loop. If the client cancels, the handler keeps
/// running for the grace period (so it can observe `cancelled()`), then is dropped: `None`.
pub(crate) async fn drive<T>(scope: &RequestScope, handler: impl Future<Output = T>) -> Option<T> {
    let grace = scope.session().limits.cancel_grace;
    let cancelled_then_grace = async {
        scope.cancellation().cancelled().await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        output = poll_in_scope(scope, handler) => Some(output),
        () = cancelled_then_grace => None,
    }
}
