//! One client message POSTed to the endpoint, and how its response is read: `202` (accepted),
//! one JSON body, an SSE stream, or a refusal (a JSON-RPC error body, an expired session, or
//! an error naming the status).

use http::StatusCode;
use http::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use tether_mcp_types::{ProtocolVersion, RequestId};

use super::MessageStream;
use super::message_stream::answers;
use super::param_headers::encode_header_value;
use super::{HttpClientError, PROTOCOL_VERSION, SESSION_ID, StreamableHttpClient, media_type};

/// `Mcp-Method` (2026-07-28).
const METHOD: &str = "mcp-method";
/// `Mcp-Name` (2026-07-28).
const NAME: &str = "mcp-name";
/// The most of a refusal's body read.
const MAX_REFUSAL_BODY: usize = 64 * 1024;

/// A client message to POST, and the headers that go with it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outgoing {
    /// The JSON-RPC message (or 2025-03-26 batch), already serialized.
    pub(crate) body: String,
    /// The id of the request, to know when its response arrived; `None` for notifications and
    /// responses.
    pub(crate) request_id: Option<RequestId>,
    /// The `MCP-Protocol-Version` header; `None` only for `initialize`.
    pub(crate) protocol_version: Option<ProtocolVersion>,
    /// The `Mcp-Method` header (2026-07-28 requests).
    pub(crate) method: Option<String>,
    /// The `Mcp-Name` header, raw: encoded here with the `=?base64?…?=` rule.
    pub(crate) name: Option<String>,
    /// `("Mcp-Param-Region", encoded value)` pairs, from
    /// [`header_values`](super::param_headers::header_values).
    pub(crate) param_headers: Vec<(String, String)>,
}

/// What the server did with a POST.
#[derive(Debug)]
pub(crate) enum Posted {
    /// `202 Accepted` (a notification or response): nothing to read.
    Accepted,
    /// The messages of the response: one JSON body, an SSE stream, or a JSON-RPC error body
    /// that came with an error status.
    Messages(MessageStream),
}

fn header_name(name: &str) -> Result<HeaderName, HttpClientError> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|e| HttpClientError::InvalidHeader {
        name: name.to_owned(),
        reason: e.to_string(),
    })
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, HttpClientError> {
    HeaderValue::from_str(value).map_err(|e| HttpClientError::InvalidHeader {
        name: name.to_owned(),
        reason: e.to_string(),
    })
}

impl StreamableHttpClient {
    /// POSTs one client message. Waits for a permit when
    /// [`max_concurrent_requests`](Self::max_concurrent_requests) POSTs are open.
    pub(crate) async fn post(&self, out: Outgoing) -> Result<Posted, HttpClientError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the request semaphore is never closed");
        let session_id = {
            let mut session = self.lock_session();
            if let Some(version) = &out.protocol_version {
                session.protocol_version = Some(version.clone());
            }
            session.id.clone()
        };
        let headers = self.post_headers(&out, session_id.as_deref())?;
        let response = self
            .http
            .post(&*self.url)
            .headers(headers)
            .body(out.body)
            .send()
            .await
            .map_err(|e| HttpClientError::connection("POST", &self.url, &e))?;
        let status = response.status();
        if status.is_success() {
            self.adopt_session(response.headers());
        }
        if status == StatusCode::ACCEPTED || status == StatusCode::NO_CONTENT {
            return Ok(Posted::Accepted);
        }
        if !status.is_success() {
            let expected_id = out
                .request_id
                .as_ref()
                .and_then(|id| serde_json::to_value(id).ok());
            let refused = match &session_id {
                Some(sent) => refusal(self, response, Some((sent, expected_id.as_ref()))).await,
                None => refusal(self, response, None).await,
            };
            return refused.map(|body| Posted::Messages(MessageStream::one(body)));
        }
        let content_type = media_type(response.headers());
        if content_type == "text/event-stream" {
            let stream = MessageStream::sse(
                self.clone(),
                response,
                out.request_id,
                out.protocol_version,
                permit,
            );
            return Ok(Posted::Messages(stream));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| HttpClientError::connection("POST", &self.url, &e))?;
        drop(permit);
        let empty = body.iter().all(u8::is_ascii_whitespace);
        match (&out.request_id, content_type == "application/json", empty) {
            // A notification answered 200 with nothing to read.
            (None, _, true) => Ok(Posted::Accepted),
            (Some(id), true, true) => Err(HttpClientError::StreamEnded {
                request_id: id.to_string(),
            }),
            (_, true, false) => Ok(Posted::Messages(MessageStream::one(
                String::from_utf8_lossy(&body).into_owned(),
            ))),
            (_, false, _) => Err(HttpClientError::ContentType {
                status: status.as_u16(),
                content_type,
            }),
        }
    }

    fn post_headers(
        &self,
        out: &Outgoing,
        session_id: Option<&str>,
    ) -> Result<HeaderMap, HttpClientError> {
        let mut headers = (*self.extra_headers).clone();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(
            ACCEPT,
            HeaderValue::from_static("application/json, text/event-stream"),
        );
        let mut set = |name: &str, value: &str| -> Result<(), HttpClientError> {
            headers.insert(header_name(name)?, header_value(name, value)?);
            Ok(())
        };
        if let Some(version) = &out.protocol_version {
            set(PROTOCOL_VERSION, version.as_str())?;
        }
        if let Some(id) = session_id {
            set(SESSION_ID, id)?;
        }
        if let Some(method) = &out.method {
            set(METHOD, method)?;
        }
        if let Some(name) = &out.name {
            set(NAME, &encode_header_value(name))?;
        }
        for (name, value) in &out.param_headers {
            set(name, value)?;
        }
        Ok(headers)
    }

    /// Takes the `Mcp-Session-Id` of a response (the `initialize` one) as the session's.
    fn adopt_session(&self, headers: &HeaderMap) {
        let Some(value) = headers.get(SESSION_ID) else {
            return;
        };
        match value.to_str() {
            Ok(id) if !id.is_empty() && id.bytes().all(|b| (0x21..=0x7e).contains(&b)) => {
                self.lock_session().id = Some(id.to_owned());
            }
            _ => tracing::debug!(
                ?value,
                "ignoring an Mcp-Session-Id that is not visible ASCII"
            ),
        }
    }
}

/// Whether `body` is a JSON-RPC message (or batch of them).
fn is_json_rpc(body: &[u8]) -> bool {
    fn one(message: &Value) -> bool {
        message.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
            && ["result", "error", "method"]
                .iter()
                .any(|key| message.get(key).is_some())
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(batch)) => !batch.is_empty() && batch.iter().all(one),
        Ok(message) => one(&message),
        Err(_) => false,
    }
}

/// Reads a response with an error status: its body if that is a JSON-RPC message (the caller
/// wants the JSON-RPC error), else an error naming the status and the body.
///
/// `session` is the session id the request carried and the id of the request: a 404 then
/// means the session is gone ([`HttpClientError::SessionExpired`], and the session is
/// forgotten) unless the body is the JSON-RPC response to that very request.
pub(super) async fn refusal(
    client: &StreamableHttpClient,
    mut response: reqwest::Response,
    session: Option<(&String, Option<&Value>)>,
) -> Result<String, HttpClientError> {
    let status = response.status();
    let mut body = Vec::new();
    while body.len() < MAX_REFUSAL_BODY {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => {
                tracing::debug!(error = %super::error_chain(&error), %status, "reading a refusal's body failed");
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&body).into_owned();
    if status == StatusCode::NOT_FOUND
        && let Some((session_id, request_id)) = session
    {
        let own_answer = request_id.is_some_and(|id| answers(&text, id));
        if !own_answer {
            client.forget_session(Some(session_id));
            return Err(HttpClientError::SessionExpired {
                session_id: session_id.clone(),
            });
        }
    }
    if is_json_rpc(&body) {
        Ok(text)
    } else {
        Err(HttpClientError::status(status.as_u16(), &body))
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use std::time::Duration;

    use futures_util::StreamExt as _;
    use serde_json::json;
    use tether_mcp_types::{
        CallToolRequestParams, CallToolResult, ContentBlock, ListToolsResult,
        PaginatedRequestParams,
    };

    use super::super::mock::WAIT;
    use super::super::param_headers::{declared_headers, header_values};
    use super::*;
    use crate::error::{ServerError, ToolError};
    use crate::inflight::{InFlight, RequestCx};
    use crate::server::{Server, ServerHandler};
    use crate::transport::http::{HttpConfig, serve};

    /// One tool, `where`, whose `region` argument is mirrored in `Mcp-Param-Region`.
    struct Regions;

    impl ServerHandler for Regions {
        async fn list_tools(
            &self,
            _: Option<PaginatedRequestParams>,
            _: RequestCx<'_>,
        ) -> Result<ListToolsResult, ServerError> {
            Ok(serde_json::from_value(json!({"tools": [{
                "name": "where",
                "inputSchema": {"type": "object", "properties": {
                    "region": {"type": "string", "x-mcp-header": "Region"}
                }}
            }]}))
            .expect("a tool list"))
        }

        async fn call_tool(
            &self,
            params: CallToolRequestParams,
            _: InFlight<'_>,
        ) -> Result<CallToolResult, ToolError> {
            let region = params
                .arguments
                .as_ref()
                .and_then(|a| a.get("region"))
                .and_then(Value::as_str)
                .unwrap_or("nowhere")
                .to_owned();
            Ok(CallToolResult {
                content: vec![ContentBlock::text(region)],
                ..Default::default()
            })
        }
    }

    /// The SDK's own server on 127.0.0.1; stopped when the sender drops.
    async fn start() -> (String, tokio::sync::oneshot::Sender<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
        let service = Server::new(Regions).streamable_http(HttpConfig::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(serve(listener, service, async {
            let _ = stopped.await;
        }));
        (url, stop)
    }

    async fn post(client: &StreamableHttpClient, out: Outgoing) -> Result<Posted, HttpClientError> {
        tokio::time::timeout(WAIT, client.post(out))
            .await
            .expect("a response in time")
    }

    /// The one message a POST answers with.
    async fn answer(posted: Result<Posted, HttpClientError>) -> Value {
        let Ok(Posted::Messages(mut stream)) = posted else {
            panic!("expected messages, got {posted:?}");
        };
        let message = tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("a message in time")
            .expect("a message")
            .expect("not an error");
        serde_json::from_str(&message).expect("JSON")
    }

    fn legacy(id: i64, method: &str, params: Value) -> Outgoing {
        Outgoing {
            body: json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
                .to_string(),
            request_id: Some(RequestId::Number(id)),
            protocol_version: Some(ProtocolVersion::V_2025_11_25),
            ..Outgoing::default()
        }
    }

    fn meta(version: &str) -> Value {
        json!({
            "io.modelcontextprotocol/protocolVersion": version,
            "io.modelcontextprotocol/clientCapabilities": {}
        })
    }

    fn modern(id: i64, method: &str, mut params: Value, version: &str) -> Outgoing {
        params["_meta"] = meta(version);
        let name = params
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Outgoing {
            body: json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
                .to_string(),
            request_id: Some(RequestId::Number(id)),
            protocol_version: Some(ProtocolVersion::new(version)),
            method: Some(method.to_owned()),
            name,
            param_headers: Vec::new(),
        }
    }

    #[tokio::test]
    async fn a_legacy_session_is_captured_echoed_and_expires_after_delete() {
        let (url, _stop) = start().await;
        let client = StreamableHttpClient::new(&url);
        let mut initialize = legacy(
            0,
            "initialize",
            json!({"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
        );
        initialize.protocol_version = None;
        let result = answer(post(&client, initialize).await).await;
        assert_eq!(result["id"], 0);
        assert_eq!(result["result"]["protocolVersion"], "2025-11-25");
        let session = client
            .session_id()
            .expect("a session id from the initialize response");
        let initialized = Outgoing {
            body: json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
            protocol_version: Some(ProtocolVersion::V_2025_11_25),
            ..Outgoing::default()
        };
        assert!(matches!(
            post(&client, initialized).await,
            Ok(Posted::Accepted)
        ));
        let tools = answer(post(&client, legacy(1, "tools/list", json!({}))).await).await;
        assert_eq!(tools["id"], 1);
        assert_eq!(tools["result"]["tools"][0]["name"], "where");
        tokio::time::timeout(WAIT, client.end_session())
            .await
            .expect("DELETE in time");
        assert_eq!(client.session_id(), None);
        // The ended session, named again: 404, the session is gone.
        client.lock_session().id = Some(session.clone());
        match post(&client, legacy(2, "tools/list", json!({}))).await {
            Err(HttpClientError::SessionExpired { session_id }) => assert_eq!(session_id, session),
            other => panic!("expected SessionExpired, got {other:?}"),
        }
        assert_eq!(client.session_id(), None);
    }

    #[tokio::test]
    async fn modern_requests_carry_their_headers_and_a_refusal_body_comes_through() {
        let (url, _stop) = start().await;
        let client = StreamableHttpClient::new(&url);
        let tools =
            answer(post(&client, modern(1, "tools/list", json!({}), "2026-07-28")).await).await;
        assert_eq!(tools["id"], 1);
        let tool = tools["result"]["tools"][0].clone();
        assert_eq!(tool["name"], "where");
        let declared =
            declared_headers(tool["inputSchema"].as_object().expect("a schema")).expect("valid");
        // Mcp-Name and Mcp-Param-Region, base64-encoded, match the body: the server runs the tool.
        let arguments = json!({"region": "eu wést"});
        let mut call = modern(
            2,
            "tools/call",
            json!({"name": "where", "arguments": arguments}),
            "2026-07-28",
        );
        call.param_headers = header_values(&declared, arguments.as_object());
        assert_eq!(call.param_headers.len(), 1);
        let called = answer(post(&client, call.clone()).await).await;
        assert_eq!(
            called["result"]["content"][0]["text"], "eu wést",
            "{called}"
        );
        // Without the header the server refuses with -32020, which comes through as a message.
        call.param_headers.clear();
        let refused = answer(post(&client, call).await).await;
        assert_eq!(refused["error"]["code"], -32020, "{refused}");
        // An unsupported version: HTTP 400 with -32022.
        let wrong =
            answer(post(&client, modern(3, "tools/list", json!({}), "2030-01-01")).await).await;
        assert_eq!(wrong["id"], 3);
        assert_eq!(wrong["error"]["code"], -32022, "{wrong}");
        assert_eq!(client.session_id(), None, "no session in 2026-07-28");
    }

    #[tokio::test]
    async fn a_refused_connection_is_an_error_naming_the_url() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
        drop(listener);
        let client = StreamableHttpClient::new(&url);
        let error = tokio::time::timeout(
            Duration::from_secs(10),
            client.post(legacy(1, "ping", json!({}))),
        )
        .await
        .expect("in time")
        .expect_err("nothing listens");
        assert!(
            matches!(error, HttpClientError::Connection { method: "POST", .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains(&url), "{error}");
    }
}
