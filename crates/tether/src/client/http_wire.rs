//! The client engine over Streamable HTTP (feature `http-client`): each request is a POST
//! whose response stream is read by a task of its own, so one slow response never holds up
//! another; server requests on a POST's stream serve that call; the legacy standalone GET
//! stream carries notifications and unassociated requests; 2026-07-28 tool calls carry their
//! `Mcp-Param-*` headers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::StreamExt;
use tether_mcp_types::{JsonObject, JsonValue, ListToolsResult, ProtocolVersion};
use tokio::task::AbortHandle;

use super::ClientError;
use super::call::Request;
use super::engine::{Engine, Via};
use super::origin::PendingCall;
use super::wire::WireGuard;
use crate::transport::http_client::param_headers::{ParamHeader, declared_headers, header_values};
use crate::transport::http_client::{Outgoing, Posted, StreamableHttpClient};

pub(crate) struct HttpWire {
    http: StreamableHttpClient,
    /// The `x-mcp-header` annotations of each listed tool (2026-07-28), `None` until
    /// `tools/list` was read.
    tools: Mutex<Option<HashMap<String, Vec<ParamHeader>>>>,
    standalone: Mutex<Option<AbortHandle>>,
}

impl HttpWire {
    pub(crate) fn new(http: StreamableHttpClient) -> Self {
        Self {
            http,
            tools: Mutex::new(None),
            standalone: Mutex::new(None),
        }
    }

    /// POSTs a request and reads its response stream in a task of its own; the guard aborts
    /// the task (closing the stream) when the call is done or dropped.
    pub(crate) async fn send_request(
        &self,
        engine: &Arc<Engine>,
        call: &PendingCall,
        text: String,
        version: Option<ProtocolVersion>,
        param_headers: Vec<(String, String)>,
    ) -> Result<WireGuard, ClientError> {
        let modern = version.as_ref().is_some_and(ProtocolVersion::is_modern);
        let outgoing = Outgoing {
            body: text,
            request_id: Some(call.id.clone()),
            protocol_version: if call.method == "initialize" {
                None
            } else {
                version
            },
            method: modern.then(|| call.method.clone()),
            // `Mcp-Name` names the target of these methods only.
            name: match call.method.as_str() {
                "tools/call" | "prompts/get" | "resources/read" | "tasks/get" | "tasks/update"
                | "tasks/cancel"
                    if modern =>
                {
                    call.name.clone()
                }
                _ => None,
            },
            param_headers,
        };
        let posted = self
            .http
            .post(outgoing)
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let Posted::Messages(mut stream) = posted else {
            return Err(ClientError::Transport(format!(
                "the server accepted {} with 202 and no response",
                call.method
            )));
        };
        let engine = Arc::downgrade(engine);
        let call = call.clone();
        let task = tokio::spawn(async move {
            while let Some(item) = stream.next().await {
                let Some(engine) = engine.upgrade() else {
                    return;
                };
                match item {
                    Ok(message) => engine.incoming(message.as_bytes(), Via::Call(&call)).await,
                    Err(error) => {
                        engine.fail(&call.id, error.to_string());
                        return;
                    }
                }
            }
            if let Some(engine) = engine.upgrade() {
                engine.fail(
                    &call.id,
                    format!(
                        "the response stream of {} ended without a response",
                        call.method
                    ),
                );
            }
        });
        Ok(WireGuard::Stream(task.abort_handle()))
    }

    /// POSTs a notification or a response.
    pub(crate) async fn send_message(
        &self,
        engine: &Arc<Engine>,
        text: String,
        version: Option<ProtocolVersion>,
    ) -> Result<(), ClientError> {
        let posted = self
            .http
            .post(Outgoing {
                body: text,
                protocol_version: version,
                ..Default::default()
            })
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        if let Posted::Messages(mut stream) = posted {
            // A refusal comes back as a JSON-RPC error body: nothing waits for it.
            while let Some(Ok(message)) = stream.next().await {
                tracing::warn!(%message, "the server refused a notification or response");
            }
        }
        let _ = engine;
        Ok(())
    }

    /// Sends a message without waiting (from a drop).
    pub(crate) fn send_detached(&self, engine: &Arc<Engine>, text: String) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let engine = engine.clone();
        runtime.spawn(async move {
            let version = engine.negotiated().map(|n| n.version.clone());
            if let super::wire::Wire::Http(http) = &engine.wire
                && let Err(error) = http.send_message(&engine, text, version).await
            {
                tracing::debug!(%error, "a detached message could not be sent");
            }
        });
    }

    /// Opens the legacy session's standalone GET stream and waits (at most `wait`) until the
    /// server has answered the GET, so that nothing it sends there is lost to a request that
    /// overtook the stream.
    pub(crate) async fn open_standalone(
        &self,
        engine: &Arc<Engine>,
        version: &ProtocolVersion,
        wait: std::time::Duration,
    ) {
        let (settled, is_settled) = tokio::sync::oneshot::channel();
        let mut stream = self.http.standalone(version.clone(), Some(settled));
        let engine = Arc::downgrade(engine);
        let task = tokio::spawn(async move {
            while let Some(item) = stream.next().await {
                let Some(engine) = engine.upgrade() else {
                    return;
                };
                match item {
                    Ok(message) => engine.incoming(message.as_bytes(), Via::Standalone).await,
                    Err(error) => tracing::debug!(%error, "the standalone GET stream failed"),
                }
            }
        });
        let previous = self
            .standalone
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(task.abort_handle());
        if let Some(previous) = previous {
            previous.abort();
        }
        if tokio::time::timeout(wait, is_settled).await.is_err() {
            tracing::debug!("the standalone GET stream is not open yet; going on without it");
        }
    }

    fn stop_standalone(&self) {
        if let Some(task) = self
            .standalone
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            task.abort();
        }
    }

    pub(crate) async fn shutdown(&self) {
        self.stop_standalone();
        self.http.end_session().await;
    }

    pub(crate) fn shutdown_now(&self) {
        self.stop_standalone();
        if self.http.session_id().is_some()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            let http = self.http.clone();
            runtime.spawn(async move { http.end_session().await });
        }
    }

    /// A `tools/list` page on 2026-07-28: tools whose `x-mcp-header` annotations are invalid
    /// are dropped (with a warning); the others' annotations are remembered for their calls.
    pub(crate) fn received_tools(&self, engine: &Engine, page: &mut ListToolsResult) {
        if !engine.negotiated().is_some_and(|n| n.version.is_modern()) {
            return;
        }
        let mut tools = self.tools.lock().unwrap_or_else(PoisonError::into_inner);
        let tools = tools.get_or_insert_with(HashMap::new);
        page.tools.retain(|tool| match declared_headers(&tool.input_schema) {
            Ok(headers) => {
                tools.insert(tool.name.clone(), headers);
                true
            }
            Err(why) => {
                tracing::warn!(tool = %tool.name, %why, "a tool with invalid x-mcp-header annotations was left out of tools/list");
                tools.remove(&tool.name);
                false
            }
        });
    }

    /// The `Mcp-Param-*` headers of a 2026-07-28 `tools/call` (the tools are listed first if
    /// they never were).
    pub(crate) async fn param_headers(
        &self,
        engine: &Arc<Engine>,
        method: &str,
        version: &ProtocolVersion,
        params: &JsonObject,
    ) -> Vec<(String, String)> {
        if method != "tools/call" || !version.is_modern() {
            return Vec::new();
        }
        let Some(name) = params.get("name").and_then(JsonValue::as_str) else {
            return Vec::new();
        };
        let listed = self
            .tools
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        if !listed && let Err(error) = self.list_tools(engine).await {
            tracing::warn!(%error, "listing tools for their x-mcp-header annotations failed");
        }
        let tools = self.tools.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(declared) = tools.as_ref().and_then(|t| t.get(name)) else {
            return Vec::new();
        };
        let arguments = params.get("arguments").and_then(JsonValue::as_object);
        header_values(declared, arguments)
    }

    async fn list_tools(&self, engine: &Arc<Engine>) -> Result<(), ClientError> {
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            let mut request = Request::plain(engine, "tools/list");
            let mut params = JsonObject::new();
            if let Some(cursor) = cursor.take() {
                params.insert("cursor".into(), JsonValue::String(cursor));
            }
            let (result, _) = Box::pin(request.send(&params)).await?;
            let mut page: ListToolsResult = result.decode("tools/list")?;
            self.received_tools(engine, &mut page);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(()),
            }
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::{Value, json};
    use tether_mcp_types::{ElicitResult, ElicitValue, ProtocolVersion};

    use crate::client::{Client, Origin};
    use crate::transport::http_client::StreamableHttpClient;
    use crate::transport::http_client::mock::{Mock, WAIT};

    fn event(id: &str, message: &Value) -> String {
        format!("id: {id}\ndata: {message}\n\n")
    }

    /// A legacy POST stream cut before its response, resumed with `Last-Event-ID`: the
    /// elicitation that arrives on the resumed stream still serves the call of that POST.
    #[tokio::test]
    async fn a_request_on_a_resumed_post_stream_serves_its_call() {
        let mut mock = Mock::start().await;
        let origins: Arc<Mutex<Vec<Origin>>> = Arc::default();
        let record = origins.clone();
        let connect = tokio::spawn(
            Client::builder()
                .protocol_version(ProtocolVersion::V_2025_11_25)
                .on_elicitation(move |_, origin| {
                    record.lock().unwrap().push(origin);
                    async {
                        Ok(ElicitResult::accept([(
                            "confirm".to_owned(),
                            ElicitValue::Boolean(true),
                        )]))
                    }
                })
                .connect(StreamableHttpClient::new(mock.url.clone())),
        );
        let initialize = mock.next().await;
        let id = initialize.json()["id"].clone();
        let result = json!({"jsonrpc": "2.0", "id": id, "result": {
            "protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
            "serverInfo": {"name": "mock", "version": "1"}}});
        initialize
            .sse(&[("mcp-session-id", "s-1")])
            .send(event("i-0", &result))
            .unwrap();
        let initialized = mock.next().await;
        assert_eq!(initialized.json()["method"], "notifications/initialized");
        initialized.reply(202, None, "");
        let standalone = mock.next().await;
        assert_eq!(standalone.method, "GET");
        standalone.reply(405, None, "");
        let client = tokio::time::timeout(WAIT, connect)
            .await
            .expect("connected in time")
            .unwrap()
            .expect("connected");

        let caller = client.clone();
        let call = tokio::spawn(async move { caller.call_tool("deploy", ()).await });
        let post = mock.next().await;
        let call_id = post.json()["id"].clone();
        assert_eq!(post.header("mcp-session-id"), "s-1");
        let cut = post.sse(&[]);
        cut.send("id: e-0\nretry: 10\ndata: \n\n".to_owned())
            .unwrap();
        drop(cut);

        let resumed = mock.next().await;
        assert_eq!(resumed.method, "GET");
        assert_eq!(resumed.header("last-event-id"), "e-0");
        let stream = resumed.sse(&[]);
        let ask = json!({"jsonrpc": "2.0", "id": "srv-1", "method": "elicitation/create", "params": {
            "message": "Deploy?",
            "requestedSchema": {"type": "object", "properties": {"confirm": {"type": "boolean"}}}}});
        stream.send(event("e-1", &ask)).unwrap();
        let answer = mock.next().await;
        assert_eq!(answer.json()["id"], "srv-1");
        assert_eq!(answer.json()["result"]["action"], "accept");
        answer.reply(202, None, "");
        let done = json!({"jsonrpc": "2.0", "id": call_id, "result": {
            "content": [{"type": "text", "text": "deployed"}]}});
        stream.send(event("e-2", &done)).unwrap();

        let result = tokio::time::timeout(WAIT, call)
            .await
            .expect("the call ends in time")
            .unwrap()
            .expect("the call succeeds");
        assert_eq!(result.content.len(), 1);
        let origins = origins.lock().unwrap().clone();
        let expected_id = serde_json::from_value(call_id).unwrap();
        assert_eq!(
            origins,
            [Origin::Call {
                method: "tools/call".into(),
                name: Some("deploy".into()),
                id: expected_id,
            }]
        );
    }
}
