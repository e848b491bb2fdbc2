//! The response body: a whole JSON message, nothing, or a Server-Sent Events stream of messages.
//!
//! An SSE stream drains a [`Route`](crate::route::Route)'s receiver: one `message` event per
//! JSON-RPC message, a keep-alive comment when nothing was sent for a while, and the end when
//! every sender of the route is gone (the request finished). Dropping the body (the client went
//! away) runs its drop hook: on 2026-07-28 that cancels the request.

use std::convert::Infallible;
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::mpsc;
use tokio::time::{Instant, Sleep};
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// What runs when an SSE body is dropped: it gets the stream back (a legacy GET stream returns
/// its receiver to the session; a 2025-11-25 POST stream cut before its end is parked for
/// `Last-Event-ID` resumption).
pub(crate) type OnDrop = Box<dyn FnOnce(Cut) + Send>;

/// A stream as it was when its body was dropped.
pub(crate) struct Cut {
    /// The receiver, with whatever was not sent yet.
    pub(crate) rx: mpsc::Receiver<String>,
    /// Whether the stream had ended (every sender gone) before the body was dropped.
    pub(crate) finished: bool,
    /// The event ids and the replay buffer of a resumable stream.
    pub(crate) ids: Option<EventIds>,
}

/// How many sent events a resumable stream keeps for `Last-Event-ID` replay.
const REPLAY: usize = 256;

/// The event ids of a resumable stream (2025-11-25): `<stream>-<n>`, unique in the session, and
/// the events sent so far (the last [`REPLAY`]) for a reconnecting client.
pub(crate) struct EventIds {
    pub(crate) stream: String,
    next: u64,
    sent: std::collections::VecDeque<(u64, String)>,
    /// Events to send again first (a resumption).
    again: std::collections::VecDeque<(u64, String)>,
    /// Whether the priming event is still to be sent.
    prime: bool,
}

impl EventIds {
    /// A fresh resumable stream named `stream`, starting with a priming event.
    pub(crate) fn new(stream: String) -> Self {
        Self {
            stream,
            next: 1,
            sent: std::collections::VecDeque::new(),
            again: std::collections::VecDeque::new(),
            prime: true,
        }
    }

    /// The same stream resumed after the event `last` (its sequence number): the later events
    /// are sent again, then the stream goes on.
    pub(crate) fn resume(mut self, last: u64) -> Self {
        self.again = self
            .sent
            .iter()
            .filter(|(n, _)| *n > last)
            .cloned()
            .collect();
        self.prime = false;
        self
    }

    fn frame(&self, n: u64, message: &str) -> Bytes {
        Bytes::from(format!(
            "id: {}-{n}\nevent: message\ndata: {message}\n\n",
            self.stream
        ))
    }

    /// The next event for `message`, recorded for replay.
    fn record(&mut self, message: String) -> Bytes {
        let n = self.next;
        self.next += 1;
        let frame = self.frame(n, &message);
        if self.sent.len() == REPLAY {
            self.sent.pop_front();
        }
        self.sent.push_back((n, message));
        frame
    }
}

/// The body of every response of the Streamable HTTP service.
pub struct HttpBody {
    kind: Kind,
}

enum Kind {
    Full(Option<Bytes>),
    Events(Box<EventStream>),
}

impl HttpBody {
    /// An empty body.
    pub(crate) fn empty() -> Self {
        Self {
            kind: Kind::Full(None),
        }
    }

    /// A whole body.
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        Self {
            kind: Kind::Full(Some(bytes.into())),
        }
    }

    /// An SSE stream of `first` (if any), then what `rx` yields, until `rx` closes or one of
    /// `end` is cancelled.
    pub(crate) fn events(
        first: Option<String>,
        rx: mpsc::Receiver<String>,
        keep_alive: Duration,
        on_drop: Option<OnDrop>,
        end: Vec<CancellationToken>,
    ) -> Self {
        Self::resumable(first, rx, keep_alive, on_drop, end, None)
    }

    /// [`events`](Self::events) that opens with a raw `prelude` event (the 2024-11-05
    /// `endpoint` event).
    #[cfg(feature = "http-sse")]
    pub(crate) fn events_after(
        prelude: Bytes,
        rx: mpsc::Receiver<String>,
        keep_alive: Duration,
        on_drop: Option<OnDrop>,
        end: Vec<CancellationToken>,
    ) -> Self {
        let mut body = Self::events(None, rx, keep_alive, on_drop, end);
        if let Kind::Events(stream) = &mut body.kind {
            stream.prelude = Some(prelude);
        }
        body
    }

    /// [`events`](Self::events) with event ids (2025-11-25 streams that can be resumed).
    pub(crate) fn resumable(
        first: Option<String>,
        rx: mpsc::Receiver<String>,
        keep_alive: Duration,
        on_drop: Option<OnDrop>,
        end: Vec<CancellationToken>,
        ids: Option<EventIds>,
    ) -> Self {
        Self {
            kind: Kind::Events(Box::new(EventStream {
                first,
                prelude: None,
                ids,
                finished: false,
                rx: Some(rx),
                keep_alive,
                idle: Box::pin(tokio::time::sleep(keep_alive)),
                on_drop,
                end: end
                    .into_iter()
                    .map(|token| Box::pin(token.cancelled_owned()))
                    .collect(),
            })),
        }
    }
}

impl std::fmt::Debug for HttpBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Full(bytes) => f
                .debug_struct("HttpBody")
                .field("len", &bytes.as_ref().map_or(0, Bytes::len))
                .finish(),
            Kind::Events(_) => f.debug_struct("HttpBody").field("sse", &true).finish(),
        }
    }
}

struct EventStream {
    first: Option<String>,
    /// A raw event sent before anything else.
    prelude: Option<Bytes>,
    ids: Option<EventIds>,
    finished: bool,
    rx: Option<mpsc::Receiver<String>>,
    keep_alive: Duration,
    idle: Pin<Box<Sleep>>,
    on_drop: Option<OnDrop>,
    end: Vec<Pin<Box<WaitForCancellationFutureOwned>>>,
}

impl Drop for EventStream {
    fn drop(&mut self) {
        if let (Some(hook), Some(rx)) = (self.on_drop.take(), self.rx.take()) {
            hook(Cut {
                rx,
                finished: self.finished,
                ids: self.ids.take(),
            });
        }
    }
}

impl EventStream {
    /// The frame of one message: with an id on a resumable stream.
    fn frame(&mut self, message: String) -> Bytes {
        match self.ids.as_mut() {
            Some(ids) => ids.record(message),
            None => event(&message),
        }
    }
}

/// One SSE `message` event carrying a JSON-RPC message (which has no newline: serde_json
/// writes it on one line).
fn event(message: &str) -> Bytes {
    Bytes::from(format!("event: message\ndata: {message}\n\n"))
}

impl Body for HttpBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match &mut self.kind {
            Kind::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Kind::Events(stream) => {
                if let Some(prelude) = stream.prelude.take() {
                    return Poll::Ready(Some(Ok(Frame::data(prelude))));
                }
                if let Some(ids) = stream.ids.as_mut() {
                    if ids.prime {
                        ids.prime = false;
                        let priming = format!("id: {}-0\nretry: 1000\ndata: \n\n", ids.stream);
                        return Poll::Ready(Some(Ok(Frame::data(Bytes::from(priming)))));
                    }
                    if let Some((n, message)) = ids.again.pop_front() {
                        let frame = ids.frame(n, &message);
                        return Poll::Ready(Some(Ok(Frame::data(frame))));
                    }
                }
                if let Some(first) = stream.first.take() {
                    let frame = stream.frame(first);
                    return Poll::Ready(Some(Ok(Frame::data(frame))));
                }
                if stream
                    .end
                    .iter_mut()
                    .any(|end| end.as_mut().poll(cx).is_ready())
                {
                    return Poll::Ready(None);
                }
                let Some(rx) = stream.rx.as_mut() else {
                    return Poll::Ready(None);
                };
                match rx.poll_recv(cx) {
                    Poll::Ready(Some(message)) => {
                        let deadline = Instant::now() + stream.keep_alive;
                        stream.idle.as_mut().reset(deadline);
                        Poll::Ready(Some(Ok(Frame::data(stream.frame(message)))))
                    }
                    Poll::Ready(None) => {
                        stream.finished = true;
                        Poll::Ready(None)
                    }
                    Poll::Pending => match stream.idle.as_mut().poll(cx) {
                        Poll::Ready(()) => {
                            let deadline = Instant::now() + stream.keep_alive;
                            stream.idle.as_mut().reset(deadline);
                            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
                                b": keep-alive\n\n",
                            )))))
                        }
                        Poll::Pending => Poll::Pending,
                    },
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(&self.kind, Kind::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Full(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            Kind::Full(None) => SizeHint::with_exact(0),
            Kind::Events(_) => SizeHint::default(),
        }
    }
}
