//! `MessageStream`: the JSON-RPC messages of one POST's response, one JSON body or the `data`
//! of SSE events; a cut SSE stream of a legacy request is resumed with GET + `Last-Event-ID`.

use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use eventsource_stream::{Event, EventStreamError, Eventsource as _};
use futures_util::{Stream, StreamExt as _};
use serde_json::Value;
use tether_mcp_types::{ProtocolVersion, RequestId};
use tokio::sync::OwnedSemaphorePermit;

use super::outgoing::refusal;
use super::{HttpClientError, StreamableHttpClient, error_chain, media_type};

/// The wait before a reconnection when the server gave no `retry:`.
pub(crate) const DEFAULT_RETRY: Duration = Duration::from_millis(1000);
/// The longest `retry:` honoured.
const MAX_RETRY: Duration = Duration::from_secs(30);
/// Resumptions in a row that deliver nothing before a cut stream is given up.
const MAX_IDLE_RESUMES: u32 = 3;

/// The parsed events of an SSE body.
pub(crate) type SseEvents =
    Pin<Box<dyn Stream<Item = Result<Event, EventStreamError<reqwest::Error>>> + Send>>;

type Messages = Pin<Box<dyn Stream<Item = Result<String, HttpClientError>> + Send>>;

/// The events of an SSE response.
pub(crate) fn sse_events(response: reqwest::Response) -> SseEvents {
    Box::pin(response.bytes_stream().eventsource())
}

/// A stream of JSON-RPC message texts, each one JSON-RPC message (or a 2025-03-26 batch array)
/// exactly as received. Holds its POST's concurrency permit until it ends or is dropped;
/// dropping it closes the HTTP response (how a 2026-07-28 call is cancelled).
pub(crate) struct MessageStream {
    inner: Messages,
    permit: Option<OwnedSemaphorePermit>,
}

impl std::fmt::Debug for MessageStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageStream")
            .field("holds_permit", &self.permit.is_some())
            .finish_non_exhaustive()
    }
}

impl MessageStream {
    /// A stream of one message (a JSON body).
    pub(crate) fn one(message: String) -> Self {
        Self {
            inner: Box::pin(futures_util::stream::once(async move { Ok(message) })),
            permit: None,
        }
    }

    /// The messages of a POST's SSE response; resumed after a cut while `request_id` (if any)
    /// has had no response and the server gave event ids.
    pub(crate) fn sse(
        client: StreamableHttpClient,
        response: reqwest::Response,
        request_id: Option<RequestId>,
        protocol_version: Option<ProtocolVersion>,
        permit: OwnedSemaphorePermit,
    ) -> Self {
        let expected_id = request_id
            .as_ref()
            .and_then(|id| serde_json::to_value(id).ok());
        let state = Resumable {
            client,
            events: Some(sse_events(response)),
            request_id,
            expected_id,
            protocol_version,
            cursor: SseCursor::new(),
            done: false,
            progressed: false,
            idle_resumes: 0,
            last_error: String::new(),
        };
        Self {
            inner: Box::pin(futures_util::stream::unfold(state, Resumable::next)),
            permit: Some(permit),
        }
    }

    /// Any stream of messages, without a permit (the standalone GET stream).
    pub(crate) fn from_stream(
        inner: impl Stream<Item = Result<String, HttpClientError>> + Send + 'static,
    ) -> Self {
        Self {
            inner: Box::pin(inner),
            permit: None,
        }
    }
}

impl Stream for MessageStream {
    type Item = Result<String, HttpClientError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let item = ready!(this.inner.as_mut().poll_next(cx));
        if item.is_none() {
            this.permit = None;
        }
        Poll::Ready(item)
    }
}

/// Where an SSE stream is: the last event id seen and the server's reconnection delay.
#[derive(Debug)]
pub(crate) struct SseCursor {
    pub(crate) last_event_id: Option<String>,
    pub(crate) retry: Duration,
}

impl SseCursor {
    pub(crate) fn new() -> Self {
        Self {
            last_event_id: None,
            retry: DEFAULT_RETRY,
        }
    }

    /// Notes an event's id and `retry:`; returns whether the event moved the stream on (a new
    /// id or a message) and its message, if it carries one (a `message` event with data; the
    /// empty-data priming event carries none).
    pub(crate) fn observe(&mut self, event: Event) -> (bool, Option<String>) {
        let mut progressed = false;
        if !event.id.is_empty() && self.last_event_id.as_deref() != Some(event.id.as_str()) {
            self.last_event_id = Some(event.id);
            progressed = true;
        }
        if let Some(retry) = event.retry {
            self.retry = retry.min(MAX_RETRY);
        }
        if event.data.is_empty() || event.event != "message" {
            return (progressed, None);
        }
        (true, Some(event.data))
    }
}

/// Whether `message` (a JSON-RPC message or batch) is the response to the request `id`.
pub(crate) fn answers(message: &str, id: &Value) -> bool {
    fn is_answer(message: &Value, id: &Value) -> bool {
        message.get("id") == Some(id)
            && message.get("method").is_none()
            && (message.get("result").is_some() || message.get("error").is_some())
    }
    match serde_json::from_str::<Value>(message) {
        Ok(Value::Array(batch)) => batch.iter().any(|m| is_answer(m, id)),
        Ok(single) => is_answer(&single, id),
        Err(_) => false,
    }
}

/// The state of a POST's SSE response between two messages.
struct Resumable {
    client: StreamableHttpClient,
    /// `None` between a cut and the resumption.
    events: Option<SseEvents>,
    request_id: Option<RequestId>,
    /// `request_id` as JSON, to compare with the messages' ids.
    expected_id: Option<Value>,
    protocol_version: Option<ProtocolVersion>,
    cursor: SseCursor,
    /// The response arrived, or the stream failed for good.
    done: bool,
    /// Whether the current connection delivered anything.
    progressed: bool,
    /// Connections in a row that delivered nothing.
    idle_resumes: u32,
    last_error: String,
}

impl Resumable {
    async fn next(mut self) -> Option<(Result<String, HttpClientError>, Self)> {
        loop {
            if self.done {
                return None;
            }
            if let Some(events) = self.events.as_mut() {
                match events.next().await {
                    Some(Ok(event)) => {
                        let (progressed, message) = self.cursor.observe(event);
                        self.progressed |= progressed;
                        let Some(message) = message else { continue };
                        if let Some(id) = &self.expected_id
                            && answers(&message, id)
                        {
                            self.done = true;
                        }
                        return Some((Ok(message), self));
                    }
                    Some(Err(error)) => {
                        self.last_error = error.to_string();
                        self.events = None;
                    }
                    None => {
                        self.last_error = "the server closed the stream".to_owned();
                        self.events = None;
                    }
                }
            }
            if let Err(error) = self.resume().await {
                self.done = true;
                return error.map(|e| (Err(e), self));
            }
        }
    }

    /// After a cut: waits `retry`, then GETs the stream from the last event id. `Err(None)`
    /// ends the stream quietly (nothing was awaited), `Err(Some(_))` with that error.
    async fn resume(&mut self) -> Result<(), Option<HttpClientError>> {
        let request_id = self.request_id.as_ref().ok_or(None)?.to_string();
        let Some(last_event_id) = self.cursor.last_event_id.clone() else {
            tracing::debug!(request = %request_id, error = %self.last_error, "SSE response cut without an event id");
            return Err(Some(HttpClientError::StreamEnded { request_id }));
        };
        if std::mem::take(&mut self.progressed) {
            self.idle_resumes = 0;
        } else {
            self.idle_resumes += 1;
        }
        if self.idle_resumes >= MAX_IDLE_RESUMES {
            return Err(Some(HttpClientError::ResumeFailed {
                request_id,
                attempts: self.idle_resumes,
                last_event_id,
                last_error: std::mem::take(&mut self.last_error),
            }));
        }
        tracing::debug!(request = %request_id, last_event_id, retry = ?self.cursor.retry, error = %self.last_error, "resuming a cut SSE response");
        tokio::time::sleep(self.cursor.retry).await;
        let session_id = self.client.session_id();
        let request = self
            .client
            .sse_get(self.protocol_version.as_ref(), Some(&last_event_id));
        match request.send().await {
            Err(error) => self.last_error = error_chain(&error),
            Ok(response) => {
                let status = response.status();
                if status.is_success() && media_type(response.headers()) == "text/event-stream" {
                    self.events = Some(sse_events(response));
                } else if status.is_success()
                    || status.is_server_error()
                    || status == 408
                    || status == 429
                {
                    self.last_error = format!(
                        "GET answered HTTP {status} ({:?})",
                        media_type(response.headers())
                    );
                } else {
                    let session = session_id.as_ref().map(|id| (id, None));
                    let refused = refusal(&self.client, response, session).await;
                    return Err(Some(match refused {
                        Ok(message) => HttpClientError::status(status.as_u16(), message.as_bytes()),
                        Err(error) => error,
                    }));
                }
            }
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use std::time::{Duration, Instant};

    use serde_json::json;

    use super::super::mock::{Mock, WAIT};
    use super::super::{Outgoing, Posted};
    use super::*;

    fn request(id: i64) -> Outgoing {
        Outgoing {
            body: json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": "slow"}})
                .to_string(),
            request_id: Some(RequestId::Number(id)),
            protocol_version: Some(ProtocolVersion::V_2025_11_25),
            ..Outgoing::default()
        }
    }

    async fn messages(posted: Posted) -> MessageStream {
        match posted {
            Posted::Messages(stream) => stream,
            Posted::Accepted => panic!("expected messages, got Accepted"),
        }
    }

    async fn next(stream: &mut MessageStream) -> Option<Result<String, HttpClientError>> {
        tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("a stream item in time")
    }

    #[tokio::test]
    async fn a_cut_response_stream_resumes_with_get_and_last_event_id_after_retry() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url);
        client.lock_session().id = Some("session-1".to_owned());
        let post = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(7)).await }
        });
        let exchange = mock.next().await;
        assert_eq!(exchange.method, "POST");
        assert_eq!(exchange.header("mcp-session-id"), "session-1");
        let sse = exchange.sse(&[]);
        sse.send("id: s-0\nretry: 50\ndata: \n\n".to_owned())
            .unwrap();
        let progress = json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1, "progress": 1}});
        sse.send(format!("id: s-1\ndata: {progress}\n\n")).unwrap();
        let mut stream = messages(post.await.unwrap().expect("posted")).await;
        let first = next(&mut stream)
            .await
            .expect("an item")
            .expect("a message");
        assert_eq!(serde_json::from_str::<Value>(&first).unwrap(), progress);
        // The server closes the connection without the response.
        let cut = Instant::now();
        drop(sse);
        let resumed = tokio::spawn(async move {
            let item = next(&mut stream).await;
            (item, stream)
        });
        let get = mock.next().await;
        assert_eq!(get.method, "GET");
        assert!(
            get.at.duration_since(cut) >= Duration::from_millis(50),
            "reconnected after {:?}, before the 50 ms retry",
            get.at.duration_since(cut)
        );
        assert_eq!(get.header("last-event-id"), "s-1");
        assert_eq!(get.header("accept"), "text/event-stream");
        assert_eq!(get.header("mcp-session-id"), "session-1");
        assert_eq!(get.header("mcp-protocol-version"), "2025-11-25");
        let sse = get.sse(&[]);
        let response = json!({"jsonrpc": "2.0", "id": 7, "result": {"content": []}});
        sse.send(format!("id: s-2\ndata: {response}\n\n")).unwrap();
        let (item, mut stream) = resumed.await.unwrap();
        let answer = item.expect("an item").expect("the response");
        assert_eq!(serde_json::from_str::<Value>(&answer).unwrap(), response);
        // The response ends the stream although the GET is still open.
        assert!(next(&mut stream).await.is_none());
    }

    #[tokio::test]
    async fn a_cut_stream_without_event_ids_ends_with_stream_ended() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url);
        let post = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(3)).await }
        });
        let sse = mock.next().await.sse(&[]);
        sse.send(
            ": keep-alive\n\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n"
                .to_owned(),
        )
        .unwrap();
        drop(sse);
        let mut stream = messages(post.await.unwrap().expect("posted")).await;
        let first = next(&mut stream)
            .await
            .expect("an item")
            .expect("a message");
        assert!(first.contains("notifications/message"), "{first}");
        match next(&mut stream).await {
            Some(Err(HttpClientError::StreamEnded { request_id })) => assert_eq!(request_id, "3"),
            other => panic!("expected StreamEnded, got {other:?}"),
        }
        assert!(next(&mut stream).await.is_none());
        assert!(
            mock.next_within(Duration::from_millis(100)).await.is_none(),
            "no GET without an event id"
        );
    }

    #[tokio::test]
    async fn resuming_gives_up_after_three_reconnections_that_deliver_nothing() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url);
        let post = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(5)).await }
        });
        let sse = mock.next().await.sse(&[]);
        sse.send("id: p-0\nretry: 10\ndata: \n\n".to_owned())
            .unwrap();
        drop(sse);
        let mut stream = messages(post.await.unwrap().expect("posted")).await;
        let outcome = tokio::spawn(async move { next(&mut stream).await });
        for _ in 0..3 {
            let get = mock.next().await;
            assert_eq!(get.header("last-event-id"), "p-0");
            drop(get.sse(&[])); // an empty stream, closed at once
        }
        match outcome.await.unwrap() {
            Some(Err(HttpClientError::ResumeFailed {
                attempts,
                last_event_id,
                ..
            })) => {
                assert_eq!((attempts, last_event_id.as_str()), (3, "p-0"));
            }
            other => panic!("expected ResumeFailed, got {other:?}"),
        }
        assert!(
            mock.next_within(Duration::from_millis(100)).await.is_none(),
            "no fourth GET"
        );
    }

    #[tokio::test]
    async fn an_open_response_stream_does_not_block_other_posts_and_the_bound_holds() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url).max_concurrent_requests(2);
        let slow = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(1)).await }
        });
        let slow_sse = mock.next().await.sse(&[]);
        let mut slow_stream = messages(slow.await.unwrap().expect("posted")).await;
        // A second POST goes through while the first stream stays open.
        let quick = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(2)).await }
        });
        mock.next().await.reply(
            200,
            Some("application/json"),
            r#"{"jsonrpc":"2.0","id":2,"result":{}}"#,
        );
        let mut quick_stream = messages(quick.await.unwrap().expect("posted")).await;
        let answer = next(&mut quick_stream)
            .await
            .expect("an item")
            .expect("a message");
        assert_eq!(answer, r#"{"jsonrpc":"2.0","id":2,"result":{}}"#);
        assert!(next(&mut quick_stream).await.is_none());
        // With the bound at 2, a third POST waits only while two streams are open.
        let other_sse_stream = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(3)).await }
        });
        let other_sse = mock.next().await.sse(&[]);
        let other_stream = messages(other_sse_stream.await.unwrap().expect("posted")).await;
        let blocked = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(4)).await }
        });
        assert!(
            mock.next_within(Duration::from_millis(200)).await.is_none(),
            "a POST beyond the bound went out"
        );
        drop(other_stream); // dropping a stream frees its permit
        let late = mock.next().await;
        assert_eq!(late.json()["id"], 4);
        late.reply(202, None, "");
        assert!(matches!(blocked.await.unwrap(), Ok(Posted::Accepted)));
        drop(other_sse);
        // The slow stream is still usable.
        slow_sse
            .send(r#"data: {"jsonrpc":"2.0","id":1,"result":{}}"#.to_owned() + "\n\n")
            .unwrap();
        let slow_answer = next(&mut slow_stream)
            .await
            .expect("an item")
            .expect("a message");
        assert!(answers(&slow_answer, &json!(1)));
    }

    #[tokio::test]
    async fn error_statuses_give_the_json_rpc_body_or_an_error_naming_the_status() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url);
        let post = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(1)).await }
        });
        mock.next()
            .await
            .reply(500, Some("text/plain"), "boom: the database is down");
        match post.await.unwrap() {
            Err(HttpClientError::Status {
                status,
                body_snippet,
            }) => {
                assert_eq!(
                    (status, body_snippet.as_str()),
                    (500, "boom: the database is down")
                );
            }
            other => panic!("expected a status error, got {other:?}"),
        }
        let post = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(2)).await }
        });
        let refusal =
            r#"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no such method"}}"#;
        mock.next()
            .await
            .reply(404, Some("application/json"), refusal);
        let mut stream = messages(post.await.unwrap().expect("posted")).await;
        assert_eq!(
            next(&mut stream)
                .await
                .expect("an item")
                .expect("a message"),
            refusal
        );
        // 404 while in a session: the session is gone.
        client.lock_session().id = Some("old".to_owned());
        let post = tokio::spawn({
            let client = client.clone();
            async move { client.post(request(3)).await }
        });
        mock.next()
            .await
            .reply(404, Some("text/plain"), "not found");
        match post.await.unwrap() {
            Err(HttpClientError::SessionExpired { session_id }) => assert_eq!(session_id, "old"),
            other => panic!("expected SessionExpired, got {other:?}"),
        }
        assert_eq!(client.session_id(), None);
    }
}
