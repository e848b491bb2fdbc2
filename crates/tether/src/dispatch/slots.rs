//! Running slots and the bounded queue of a connection, in arrival order.
//!
//! The reader admits each request: it runs at once if a slot is free, waits in the queue if
//! the queue has room, and is refused otherwise. A finishing slot takes the next queued request
//! before it is given up, so the queue only holds requests while every slot is busy.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tether_mcp_types::error_codes::INTERNAL_ERROR;
use tether_mcp_types::{ErrorObject, JSONRPCErrorResponse, JSONRPCRequest, RequestId};
use tokio_util::sync::CancellationToken;

use super::request::serve_request;
use crate::route::Route;
use crate::server::{ServerHandler, ServerInner};
use crate::session::SessionState;

/// A request admitted to run, now or when a slot frees.
pub(crate) struct Admitted {
    pub(crate) request: JSONRPCRequest,
    pub(crate) method: &'static str,
    pub(crate) cancel: CancellationToken,
    /// The facts of a 2026-07-28 request; `None` for the legacy session.
    pub(crate) modern: Option<super::modern::ModernMeta>,
    /// Where the request's messages go.
    pub(crate) route: Route,
}

/// The running handlers and the queue. Invariant: the queue holds requests only while every
/// slot is taken (a finishing slot takes the next queued request before it is given up).
#[derive(Default)]
pub(crate) struct Slots {
    pub(crate) running: usize,
    pub(crate) queue: VecDeque<Admitted>,
}

/// Everything a slot task needs.
pub(crate) struct SlotCx<H> {
    pub(crate) server: Arc<ServerInner<H>>,
    pub(crate) session: Arc<SessionState>,
    pub(crate) in_flight: Arc<Mutex<HashMap<RequestId, CancellationToken>>>,
    pub(crate) slots: Arc<Mutex<Slots>>,
}

/// Serves `next`, then the queued requests, one at a time, until the queue is empty; then gives
/// the slot up. A handler that panics costs its request an internal error, not the slot.
pub(crate) async fn run_slot<H: ServerHandler>(cx: SlotCx<H>, mut next: Admitted) {
    loop {
        let Admitted {
            request,
            method,
            cancel,
            modern,
            route,
        } = next;
        let id = request.id.clone();
        if !cancel.is_cancelled() {
            // Boxed where it is made: a local future held across the `.await` below would sit
            // in this slot's own future, which tokio copies whole when it spawns and finishes it.
            let serving = Box::pin(serve_request(
                cx.server.clone(),
                cx.session.clone(),
                route.clone(),
                request,
                method,
                cancel.clone(),
                modern,
            ));
            if CatchUnwind(serving).await.is_err() {
                tracing::error!(request_id = %id, method, "the handler panicked");
                if !cancel.is_cancelled() {
                    let error = ErrorObject::new(
                        INTERNAL_ERROR,
                        format!("internal error: the `{method}` handler panicked"),
                    );
                    let response = JSONRPCErrorResponse::new(Some(id.clone()), error);
                    if let Err(e) = route.send(&response).await {
                        tracing::debug!(error = %e, "could not send an error response");
                    }
                }
            }
        }
        cx.in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        let mut slots = cx.slots.lock().unwrap_or_else(|p| p.into_inner());
        match slots.queue.pop_front() {
            Some(queued) => next = queued,
            None => {
                slots.running -= 1;
                return;
            }
        }
    }
}

/// Completes with `Err(())` if polling the inner future panics.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}
