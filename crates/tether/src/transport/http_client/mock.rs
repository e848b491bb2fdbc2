//! Tests only: a scripted HTTP server on 127.0.0.1. Each request reaches the test as an
//! [`Exchange`], which the test answers (JSON, an SSE body it writes chunk by chunk, a status).

use std::convert::Infallible;
use std::pin::Pin;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::Stream;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::TokioIo;
use tokio::sync::{mpsc, oneshot};

/// How long a test waits for anything.
pub(crate) const WAIT: Duration = Duration::from_secs(5);

type Frames = Pin<Box<dyn Stream<Item = Result<Frame<Bytes>, Infallible>> + Send>>;
type MockBody = StreamBody<Frames>;

/// The scripted server.
pub(crate) struct Mock {
    pub(crate) url: String,
    requests: mpsc::UnboundedReceiver<Exchange>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One request, waiting for its response.
pub(crate) struct Exchange {
    pub(crate) method: Method,
    pub(super) headers: HeaderMap,
    pub(super) body: String,
    /// When the request arrived.
    pub(super) at: Instant,
    respond: oneshot::Sender<Response<MockBody>>,
}

impl Exchange {
    /// A header's value, or "" without one.
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The JSON body.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    /// Answers with `status`, `content_type` (if any) and a whole body.
    pub(crate) fn reply(self, status: u16, content_type: Option<&str>, body: &str) {
        let frames: Frames = Box::pin(futures_util::stream::iter([Ok(Frame::data(Bytes::from(
            body.to_owned(),
        )))]));
        self.send(status, content_type, &[], frames);
    }

    /// Answers 200 `text/event-stream` with `headers`; the body is what the test writes to the
    /// returned sender, and ends when the sender is dropped.
    pub(crate) fn sse(self, headers: &[(&str, &str)]) -> mpsc::UnboundedSender<String> {
        let (tx, rx) = mpsc::unbounded_channel::<String>();
        let frames: Frames = Box::pin(futures_util::stream::unfold(rx, |mut rx| async move {
            let chunk = rx.recv().await?;
            Some((Ok(Frame::data(Bytes::from(chunk))), rx))
        }));
        self.send(200, Some("text/event-stream"), headers, frames);
        tx
    }

    fn send(
        self,
        status: u16,
        content_type: Option<&str>,
        headers: &[(&str, &str)],
        frames: Frames,
    ) {
        let mut response =
            Response::builder().status(StatusCode::from_u16(status).expect("a status"));
        if let Some(content_type) = content_type {
            response = response.header("content-type", content_type);
        }
        for (name, value) in headers {
            response = response.header(*name, *value);
        }
        let _ = self
            .respond
            .send(response.body(StreamBody::new(frames)).expect("a response"));
    }
}

impl Mock {
    /// A server on 127.0.0.1 with an OS-assigned port; the endpoint is `/mcp`.
    pub(crate) async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
        let (tx, requests) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let tx = tx.clone();
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let tx = tx.clone();
                    async move {
                        let at = Instant::now();
                        let (parts, body) = request.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let (respond, response) = oneshot::channel();
                        let exchange = Exchange {
                            method: parts.method,
                            headers: parts.headers,
                            body: String::from_utf8_lossy(&body).into_owned(),
                            at,
                            respond,
                        };
                        let _ = tx.send(exchange);
                        match response.await {
                            Ok(response) => Ok::<_, Infallible>(response),
                            Err(_) => Ok(Response::builder()
                                .status(599)
                                .body(StreamBody::new(
                                    Box::pin(futures_util::stream::empty()) as Frames
                                ))
                                .expect("a response")),
                        }
                    }
                });
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            url,
            requests,
            task,
        }
    }

    /// The next request, within [`WAIT`].
    pub(crate) async fn next(&mut self) -> Exchange {
        tokio::time::timeout(WAIT, self.requests.recv())
            .await
            .expect("a request in time")
            .expect("the mock is running")
    }

    /// The next request if one arrives within `wait`.
    pub(crate) async fn next_within(&mut self, wait: Duration) -> Option<Exchange> {
        tokio::time::timeout(wait, self.requests.recv())
            .await
            .ok()
            .flatten()
    }
}
