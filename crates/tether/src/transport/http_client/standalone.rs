//! The standalone GET stream of a legacy session (2025-03-26 … 2025-11-25): server
//! notifications and requests not tied to a client request. Reconnected after the server's
//! `retry:` delay with `Last-Event-ID`, until the server has none (405), the session is gone
//! (404) or ended ([`StreamableHttpClient::end_session`]), or connecting fails five times in a
//! row.

use futures_util::StreamExt as _;
use tether_mcp_types::ProtocolVersion;
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use super::MessageStream;
use super::message_stream::{SseCursor, SseEvents, sse_events};
use super::outgoing::refusal;
use super::{HttpClientError, StreamableHttpClient, media_type};

/// Failed connections in a row before the stream gives up.
const MAX_FAILED_CONNECTS: u32 = 5;

impl StreamableHttpClient {
    /// The standalone GET stream of the current session, at `protocol_version`. Ends (`None`)
    /// when the server answers 405 or 404 or the session ends; after five failed connections
    /// in a row its last item is the error. `settled` hears once the first GET has an answer
    /// (the stream is open, refused, or failed): a server can only deliver to a stream it has
    /// accepted, so the client waits for that before its first request.
    pub(crate) fn standalone(
        &self,
        protocol_version: ProtocolVersion,
        settled: Option<oneshot::Sender<()>>,
    ) -> MessageStream {
        let state = Standalone {
            settled,
            client: self.clone(),
            protocol_version,
            ended: self.lock_session().ended.clone(),
            events: None,
            cursor: SseCursor::new(),
            failed_connects: 0,
            done: false,
        };
        MessageStream::from_stream(futures_util::stream::unfold(state, Standalone::next))
    }
}

/// The standalone stream between two messages.
struct Standalone {
    /// Told when the first GET has an answer.
    settled: Option<oneshot::Sender<()>>,
    client: StreamableHttpClient,
    protocol_version: ProtocolVersion,
    /// The session's end.
    ended: CancellationToken,
    /// `None` while (re)connecting.
    events: Option<SseEvents>,
    cursor: SseCursor,
    failed_connects: u32,
    done: bool,
}

impl Standalone {
    async fn next(mut self) -> Option<(Result<String, HttpClientError>, Self)> {
        let ended = self.ended.clone();
        let item = tokio::select! {
            biased;
            () = ended.cancelled() => None,
            item = self.step() => item,
        };
        item.map(|item| (item, self))
    }

    async fn step(&mut self) -> Option<Result<String, HttpClientError>> {
        loop {
            if self.done {
                return None;
            }
            if let Some(events) = self.events.as_mut() {
                match events.next().await {
                    Some(Ok(event)) => match self.cursor.observe(event) {
                        (_, Some(message)) => return Some(Ok(message)),
                        (_, None) => continue,
                    },
                    Some(Err(error)) => {
                        tracing::debug!(%error, "the standalone SSE stream failed; reconnecting");
                    }
                    None => tracing::debug!("the standalone SSE stream ended; reconnecting"),
                }
                self.events = None;
                tokio::time::sleep(self.cursor.retry).await;
                continue;
            }
            let connected = self.connect().await;
            if let Some(settled) = self.settled.take() {
                let _ = settled.send(());
            }
            let error = match connected {
                Ok(()) => continue,
                Err(None) => {
                    self.done = true;
                    return None;
                }
                Err(Some(error)) => error,
            };
            self.failed_connects += 1;
            if self.failed_connects >= MAX_FAILED_CONNECTS {
                self.done = true;
                return Some(Err(error));
            }
            tracing::debug!(%error, attempt = self.failed_connects, "opening the standalone SSE stream failed");
            tokio::time::sleep(self.cursor.retry).await;
        }
    }

    /// One GET. `Err(None)`: the server has no stream for this session (405, 404).
    async fn connect(&mut self) -> Result<(), Option<HttpClientError>> {
        let request = self.client.sse_get(
            Some(&self.protocol_version),
            self.cursor.last_event_id.as_deref(),
        );
        let response = request
            .send()
            .await
            .map_err(|e| Some(HttpClientError::connection("GET", &self.client.url, &e)))?;
        let status = response.status();
        if status == 405 || status == 404 {
            tracing::debug!(%status, "the server offers no standalone SSE stream");
            return Err(None);
        }
        if status.is_success() {
            let content_type = media_type(response.headers());
            if content_type == "text/event-stream" {
                self.failed_connects = 0;
                self.events = Some(sse_events(response));
                return Ok(());
            }
            return Err(Some(HttpClientError::ContentType {
                status: status.as_u16(),
                content_type,
            }));
        }
        Err(Some(match refusal(&self.client, response, None).await {
            Ok(body) => HttpClientError::status(status.as_u16(), body.as_bytes()),
            Err(error) => error,
        }))
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use std::time::{Duration, Instant};

    use futures_util::StreamExt as _;

    use super::super::mock::{Mock, WAIT};
    use super::*;

    async fn next(stream: &mut MessageStream) -> Option<Result<String, HttpClientError>> {
        tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("a stream item in time")
    }

    #[tokio::test]
    async fn the_standalone_stream_reconnects_with_last_event_id_and_stops_on_405() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url);
        client.lock_session().id = Some("s".to_owned());
        let mut stream = client.standalone(ProtocolVersion::V_2025_11_25, None);
        let reader = tokio::spawn(async move {
            let mut seen = Vec::new();
            while let Some(item) = next(&mut stream).await {
                seen.push(item.expect("a message"));
            }
            seen
        });
        let first = mock.next().await;
        assert_eq!(first.method, "GET");
        assert_eq!(first.header("accept"), "text/event-stream");
        assert_eq!(first.header("mcp-session-id"), "s");
        assert_eq!(first.header("mcp-protocol-version"), "2025-11-25");
        assert_eq!(first.header("last-event-id"), "");
        let sse = first.sse(&[]);
        sse.send("id: g-1\nretry: 40\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n".to_owned())
            .unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        let cut = Instant::now();
        drop(sse);
        let second = mock.next().await;
        assert!(
            second.at.duration_since(cut) >= Duration::from_millis(40),
            "reconnected before the retry"
        );
        assert_eq!(second.header("last-event-id"), "g-1");
        let sse = second.sse(&[]);
        sse.send(
            "id: g-2\ndata: {\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\n\n".to_owned(),
        )
        .unwrap();
        drop(sse);
        let third = mock.next().await;
        assert_eq!(third.header("last-event-id"), "g-2");
        third.reply(405, None, "");
        let seen = tokio::time::timeout(WAIT, reader)
            .await
            .expect("the end in time")
            .unwrap();
        assert_eq!(
            seen,
            [
                r#"{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}"#,
                r#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#
            ]
        );
    }

    #[tokio::test]
    async fn end_session_deletes_the_session_and_stops_its_standalone_stream() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url)
            .header("authorization", "Bearer t")
            .unwrap();
        client.lock_session().id = Some("doomed".to_owned());
        let mut stream = client.standalone(ProtocolVersion::V_2025_06_18, None);
        let reader = tokio::spawn(async move {
            next(&mut stream)
                .await
                .map(|r| r.map_err(|e| e.to_string()))
        });
        let get = mock.next().await;
        assert_eq!(get.header("authorization"), "Bearer t");
        let _open = get.sse(&[]);
        let ending = tokio::spawn({
            let client = client.clone();
            async move { client.end_session().await }
        });
        let delete = mock.next().await;
        assert_eq!(delete.method, "DELETE");
        assert_eq!(delete.header("mcp-session-id"), "doomed");
        assert_eq!(delete.header("authorization"), "Bearer t");
        delete.reply(200, None, "");
        tokio::time::timeout(WAIT, ending)
            .await
            .expect("DELETE in time")
            .unwrap();
        assert_eq!(
            tokio::time::timeout(WAIT, reader)
                .await
                .expect("the end in time")
                .unwrap(),
            None
        );
        assert_eq!(client.session_id(), None);
        // No session: nothing to delete.
        client.end_session().await;
        assert!(mock.next_within(Duration::from_millis(100)).await.is_none());
    }

    #[tokio::test]
    async fn the_standalone_stream_gives_up_after_five_failed_connections() {
        let mut mock = Mock::start().await;
        let client = StreamableHttpClient::new(&mock.url);
        let mut stream = client.standalone(ProtocolVersion::V_2025_11_25, None);
        let reader = tokio::spawn(async move {
            let first = next(&mut stream).await;
            let after = next(&mut stream).await;
            (first, after.is_none())
        });
        // The default retry is 1 s: five attempts take about 4 s.
        for _ in 0..5 {
            mock.next()
                .await
                .reply(503, Some("text/plain"), "overloaded");
        }
        let (first, ended) = tokio::time::timeout(WAIT, reader)
            .await
            .expect("in time")
            .unwrap();
        match first {
            Some(Err(HttpClientError::Status {
                status: 503,
                body_snippet,
            })) => assert_eq!(body_snippet, "overloaded"),
            other => panic!("expected the 503 as the last item, got {other:?}"),
        }
        assert!(ended);
    }
}
