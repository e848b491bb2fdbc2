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
use super::call::{Request, decode};
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
            let (result, _) = Box::pin(request.send(params)).await?;
            let mut page: ListToolsResult = decode("tools/list", result)?;
            self.received_tools(engine, &mut page);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(()),
            }
        }
        Ok(())
    }
}
