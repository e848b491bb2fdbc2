//! The poll loop that drives a handler future.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use crate::scope::{RequestScope, RoundEnd};

/// How driving a handler ended.
#[derive(Debug)]
pub(crate) enum Driven<T> {
    /// The handler returned.
    Output(T),
    /// The client cancelled and the grace period passed (or the handler observed it): no
    /// response is written.
    Cancelled,
    /// 2026-07-28: the handler was left waiting for the client (live asks, or its own
    /// `InputRequiredResult`), or an answer was invalid; it was dropped.
    RoundEnded(Box<RoundEnd>),
}

impl<T> Driven<T> {
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Driven<U> {
        match self {
            Self::Output(t) => Driven::Output(f(t)),
            Self::Cancelled => Driven::Cancelled,
            Self::RoundEnded(end) => Driven::RoundEnded(end),
        }
    }
}

/// Polls `handler` to completion, marking every poll in the scope so that asks can tell they
/// are polled by the handler's own poll. On a 2026-07-28 request, a `Pending` poll that leaves
/// the round waiting for the client ends it: `Err` with what ends it (the handler is dropped).
pub(crate) async fn poll_in_scope<T>(
    scope: &RequestScope,
    handler: impl Future<Output = T>,
) -> Result<T, RoundEnd> {
    let mut handler = pin!(handler);
    poll_fn(|cx| {
        scope.enter_poll();
        let poll = handler.as_mut().poll(cx);
        scope.exit_poll();
        match poll {
            Poll::Ready(output) => Poll::Ready(Ok(output)),
            Poll::Pending => match scope.round().and_then(|round| round.end()) {
                Some(end) => Poll::Ready(Err(end)),
                None => Poll::Pending,
            },
        }
    })
    .await
}

/// Drives `handler` in the request's poll loop. If the client cancels, the handler keeps
/// running for the grace period (so it can observe `cancelled()`), then is dropped.
///
/// The handler's future goes to the heap at once: the request's own future then holds a pointer
/// rather than the largest handler future of every method, so moving it (into its task, into
/// the slot) copies a few hundred bytes instead of kilobytes.
pub(crate) fn drive<'a, T: 'a>(
    scope: &'a RequestScope,
    handler: impl Future<Output = T> + 'a,
) -> impl Future<Output = Driven<T>> + 'a {
    let handler = Box::pin(handler);
    async move {
        let grace = scope.session().limits.cancel_grace;
        let cancelled_then_grace = async {
            scope.cancellation().cancelled().await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            output = poll_in_scope(scope, handler) => match output {
                Ok(output) => Driven::Output(output),
                Err(end) => Driven::RoundEnded(Box::new(end)),
            },
            () = cancelled_then_grace => Driven::Cancelled,
        }
    }
}
