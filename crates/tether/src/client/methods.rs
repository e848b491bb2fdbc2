//! One typed method per client request.

use serde::Serialize;
use tether_mcp_types::{
    CallToolRequestParams, CallToolResult, CancelTaskRequestParams, CancelTaskResult,
    CompleteRequestParams, CompleteResult, DiscoverResult, EmptyResult, GetPromptRequestParams,
    GetPromptResult, GetTaskPayloadRequestParams, GetTaskPayloadResult, GetTaskRequestParams,
    GetTaskResult, JsonObject, JsonValue, ListPromptsResult, ListResourceTemplatesResult,
    ListResourcesResult, ListTasksResult, ListToolsResult, LoggingLevel, MultiRoundResult, Prompt,
    ProtocolVersion, ReadResourceRequestParams, ReadResourceResult, Resource, ResourceTemplate,
    ServerNotification, SubscriptionFilter, Tool,
};
use tokio::sync::mpsc;

use super::call::{Call, Request};
use super::engine::{Negotiated, Outgoing};
use super::pages::{self, Page, cursor_params};
use super::subscriptions::{Listen, ResourceSubscription};
use super::{Client, ClientError};

/// Serializes request parameters into the JSON object they must be.
fn object<P: Serialize>(method: &str, params: P) -> Result<JsonObject, ClientError> {
    match serde_json::to_value(params) {
        Ok(JsonValue::Object(object)) => Ok(object),
        Ok(JsonValue::Null) => Ok(JsonObject::new()),
        Ok(other) => Err(ClientError::InvalidParams {
            method: method.to_owned(),
            detail: format!("expected an object, got {other}"),
        }),
        Err(e) => Err(ClientError::InvalidParams {
            method: method.to_owned(),
            detail: e.to_string(),
        }),
    }
}

impl Client {
    fn require(
        &self,
        method: &'static str,
        modern: bool,
        hint: &'static str,
    ) -> Result<(), ClientError> {
        let version = self.protocol_version();
        if version.is_modern() == modern {
            Ok(())
        } else {
            Err(ClientError::NotInRevision {
                method,
                version,
                hint: Some(hint),
            })
        }
    }

    fn call<T>(
        &self,
        method: &'static str,
        name: Option<String>,
        params: Result<JsonObject, ClientError>,
    ) -> Call<'_, T> {
        Call::new(self, method, name, params)
    }

    /// `ping` (legacy revisions; 2026-07-28 has none — use [`discover`](Self::discover)).
    pub fn ping(&self) -> Call<'_, EmptyResult> {
        let params = self
            .require("ping", false, "2026-07-28 has no ping; call discover")
            .map(|()| JsonObject::new());
        self.call("ping", None, params)
    }

    /// `server/discover` (2026-07-28): what the server supports. Also refreshes
    /// [`server_capabilities`](Self::server_capabilities) and
    /// [`server_info`](Self::server_info).
    pub async fn discover(&self) -> Result<DiscoverResult, ClientError> {
        self.require(
            "server/discover",
            true,
            "legacy servers describe themselves in initialize",
        )?;
        let result: DiscoverResult = self
            .call("server/discover", None, Ok(JsonObject::new()))
            .await?;
        let current = self.engine().negotiated();
        self.engine().set_negotiated(Negotiated {
            version: current
                .map(|n| n.version.clone())
                .unwrap_or(ProtocolVersion::V_2026_07_28),
            server_info: result
                .meta
                .as_ref()
                .and_then(|m| m.server_info().ok().flatten()),
            capabilities: result.capabilities.clone(),
            instructions: result.instructions.clone(),
        });
        Ok(result)
    }

    /// One page of `tools/list`. On 2026-07-28 HTTP, tools whose `x-mcp-header` annotations
    /// are invalid are left out (with a warning).
    pub fn list_tools(&self, cursor: Option<String>) -> Call<'_, ListToolsResult> {
        self.call("tools/list", None, Ok(cursor_params(cursor)))
            .finishing(<ListToolsResult as Page>::received)
    }

    /// Every tool, across all pages (from the list cache when it is on and fresh).
    pub async fn list_all_tools(&self) -> Result<Vec<Tool>, ClientError> {
        pages::all::<ListToolsResult>(self).await
    }

    /// `tools/call` with these arguments (any value serializing to an object, or `()` for
    /// none). On 2026-07-28, input requests are answered by the client's handlers, round
    /// after round, until the result is complete.
    pub fn call_tool(
        &self,
        name: impl Into<String>,
        arguments: impl Serialize,
    ) -> Call<'_, CallToolResult> {
        let name = name.into();
        let params = object("tools/call", arguments).map(|arguments| {
            let mut params = JsonObject::new();
            params.insert("name".into(), JsonValue::String(name.clone()));
            if !arguments.is_empty() {
                params.insert("arguments".into(), JsonValue::Object(arguments));
            }
            params
        });
        self.call("tools/call", Some(name), params).with_rounds()
    }

    /// `tools/call` with full parameters (`_meta`, task), rounds driven like
    /// [`call_tool`](Self::call_tool).
    pub fn call_tool_with(&self, params: CallToolRequestParams) -> Call<'_, CallToolResult> {
        let name = params.name.clone();
        self.call("tools/call", Some(name), object("tools/call", params))
            .with_rounds()
    }

    /// One round of `tools/call`: the result, or the server's `InputRequiredResult` for the
    /// caller to answer (retry with `inputResponses` and the `requestState` as received).
    pub fn call_tool_once(
        &self,
        params: CallToolRequestParams,
    ) -> Call<'_, MultiRoundResult<CallToolResult>> {
        let name = params.name.clone();
        self.call("tools/call", Some(name), object("tools/call", params))
    }

    /// One page of `prompts/list`.
    pub fn list_prompts(&self, cursor: Option<String>) -> Call<'_, ListPromptsResult> {
        self.call("prompts/list", None, Ok(cursor_params(cursor)))
    }

    /// Every prompt, across all pages.
    pub async fn list_all_prompts(&self) -> Result<Vec<Prompt>, ClientError> {
        pages::all::<ListPromptsResult>(self).await
    }

    /// `prompts/get` with string arguments; MRTR rounds driven like
    /// [`call_tool`](Self::call_tool).
    pub fn get_prompt<K: Into<String>, V: Into<String>>(
        &self,
        name: impl Into<String>,
        arguments: impl IntoIterator<Item = (K, V)>,
    ) -> Call<'_, GetPromptResult> {
        let arguments: std::collections::BTreeMap<String, String> = arguments
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let params = GetPromptRequestParams {
            name: name.into(),
            arguments: (!arguments.is_empty()).then_some(arguments),
            ..Default::default()
        };
        self.get_prompt_with(params)
    }

    /// `prompts/get` with full parameters, rounds driven.
    pub fn get_prompt_with(&self, params: GetPromptRequestParams) -> Call<'_, GetPromptResult> {
        let name = params.name.clone();
        self.call("prompts/get", Some(name), object("prompts/get", params))
            .with_rounds()
    }

    /// One round of `prompts/get`.
    pub fn get_prompt_once(
        &self,
        params: GetPromptRequestParams,
    ) -> Call<'_, MultiRoundResult<GetPromptResult>> {
        let name = params.name.clone();
        self.call("prompts/get", Some(name), object("prompts/get", params))
    }

    /// One page of `resources/list`.
    pub fn list_resources(&self, cursor: Option<String>) -> Call<'_, ListResourcesResult> {
        self.call("resources/list", None, Ok(cursor_params(cursor)))
    }

    /// Every resource, across all pages.
    pub async fn list_all_resources(&self) -> Result<Vec<Resource>, ClientError> {
        pages::all::<ListResourcesResult>(self).await
    }

    /// One page of `resources/templates/list`.
    pub fn list_resource_templates(
        &self,
        cursor: Option<String>,
    ) -> Call<'_, ListResourceTemplatesResult> {
        self.call("resources/templates/list", None, Ok(cursor_params(cursor)))
    }

    /// Every resource template, across all pages.
    pub async fn list_all_resource_templates(&self) -> Result<Vec<ResourceTemplate>, ClientError> {
        pages::all::<ListResourceTemplatesResult>(self).await
    }

    /// `resources/read`; MRTR rounds driven like [`call_tool`](Self::call_tool).
    pub fn read_resource(&self, uri: impl Into<String>) -> Call<'_, ReadResourceResult> {
        let params = ReadResourceRequestParams {
            uri: uri.into(),
            ..Default::default()
        };
        let uri = params.uri.clone();
        self.call(
            "resources/read",
            Some(uri),
            object("resources/read", params),
        )
        .with_rounds()
    }

    /// One round of `resources/read`.
    pub fn read_resource_once(
        &self,
        params: ReadResourceRequestParams,
    ) -> Call<'_, MultiRoundResult<ReadResourceResult>> {
        let uri = params.uri.clone();
        self.call(
            "resources/read",
            Some(uri),
            object("resources/read", params),
        )
    }

    /// `completion/complete`.
    pub fn complete(&self, params: CompleteRequestParams) -> Call<'_, CompleteResult> {
        self.call(
            "completion/complete",
            None,
            object("completion/complete", params),
        )
    }

    /// The level of log messages the server sends: `logging/setLevel` on legacy revisions;
    /// on 2026-07-28, the `logLevel` every later request carries (without one, a 2026-07-28
    /// server sends no log messages).
    pub async fn set_log_level(&self, level: LoggingLevel) -> Result<(), ClientError> {
        if self.is_modern() {
            self.engine().set_log_level(Some(level));
            return Ok(());
        }
        let mut params = JsonObject::new();
        params.insert(
            "level".into(),
            serde_json::to_value(level).unwrap_or_default(),
        );
        let _: EmptyResult = self.call("logging/setLevel", None, Ok(params)).await?;
        Ok(())
    }

    /// Tells the server the client's roots changed (`notifications/roots/list_changed`,
    /// legacy; a 2026-07-28 server asks for roots in each round instead).
    pub async fn roots_changed(&self) -> Result<(), ClientError> {
        self.require(
            "notifications/roots/list_changed",
            false,
            "2026-07-28 servers ask for roots in each MRTR round",
        )?;
        self.engine()
            .notify("notifications/roots/list_changed", None)
            .await
    }

    /// Subscribes to updates of a resource (`resources/subscribe`, legacy); dropping the
    /// subscription unsubscribes. On 2026-07-28, use [`listen`](Self::listen).
    pub async fn subscribe(
        &self,
        uri: impl Into<String>,
    ) -> Result<ResourceSubscription, ClientError> {
        self.require(
            "resources/subscribe",
            false,
            "use listen with resourceSubscriptions",
        )?;
        let uri = uri.into();
        let events = self.events();
        let mut params = JsonObject::new();
        params.insert("uri".into(), JsonValue::String(uri.clone()));
        let _: EmptyResult = self
            .call("resources/subscribe", Some(uri.clone()), Ok(params))
            .await?;
        Ok(ResourceSubscription {
            client: self.clone(),
            uri,
            events,
        })
    }

    pub(crate) async fn unsubscribe(&self, uri: String) -> Result<(), ClientError> {
        let mut params = JsonObject::new();
        params.insert("uri".into(), JsonValue::String(uri.clone()));
        let _: EmptyResult = self
            .call("resources/unsubscribe", Some(uri), Ok(params))
            .await?;
        Ok(())
    }

    /// Opens a `subscriptions/listen` stream (2026-07-28) and waits for the server's
    /// acknowledgement. On legacy revisions, use [`subscribe`](Self::subscribe) and
    /// [`events`](Self::events).
    pub async fn listen(&self, filter: SubscriptionFilter) -> Result<Listen, ClientError> {
        self.require("subscriptions/listen", true, "use subscribe and events")?;
        let engine = self.engine();
        let version = self.protocol_version();
        let mut params = JsonObject::new();
        params.insert(
            "notifications".into(),
            serde_json::to_value(&filter).unwrap_or_default(),
        );
        let (sink, mut notifications) = mpsc::channel(64);
        let mut outstanding = engine
            .start(Outgoing {
                method: "subscriptions/listen".into(),
                name: None,
                params: &params,
                progress: false,
                version: Some(version),
                param_headers: Vec::new(),
                listen: Some(sink),
            })
            .await?;
        let mut ignore = |_| {};
        let wait = async {
            let first = tokio::select! {
                first = notifications.recv() => first,
                reply = outstanding.reply(&mut ignore) => return match reply {
                    Ok(_) => Err(ClientError::InvalidResult {
                        method: "subscriptions/listen".into(),
                        detail: "the server ended the listen before acknowledging it".into(),
                    }),
                    Err(error) => Err(error),
                },
            };
            match first {
                Some(ServerNotification::SubscriptionsAcknowledged(ack)) => {
                    Ok(ack.params.notifications)
                }
                Some(other) => Err(ClientError::InvalidResult {
                    method: "subscriptions/listen".into(),
                    detail: format!(
                        "the stream began with {} instead of the acknowledgement",
                        other.tag()
                    ),
                }),
                // The stream ended first: the reply says why (an error the server answered
                // instead of a stream, such as a refusal past its listen limit).
                None => match outstanding.reply(&mut ignore).await {
                    Err(error) => Err(error),
                    Ok(_) => Err(ClientError::closed(
                        "the listen ended before it was acknowledged",
                    )),
                },
            }
        };
        let acknowledged =
            match engine.options.request_timeout {
                Some(after) => tokio::time::timeout(after, wait).await.map_err(|_| {
                    ClientError::Timeout {
                        method: "subscriptions/listen".into(),
                        after,
                    }
                })??,
                None => wait.await?,
            };
        Ok(Listen {
            outstanding,
            notifications,
            acknowledged,
            ended: false,
        })
    }

    /// `tasks/get` (2025-11-25 experimental tasks): a task's status.
    pub fn get_task(&self, params: GetTaskRequestParams) -> Call<'_, GetTaskResult> {
        let name = Some(params.task_id.clone());
        self.call("tasks/get", name, object("tasks/get", params))
    }

    /// `tasks/result` (2025-11-25 experimental tasks): a finished task's result.
    pub fn task_result(
        &self,
        params: GetTaskPayloadRequestParams,
    ) -> Call<'_, GetTaskPayloadResult> {
        let name = Some(params.task_id.clone());
        self.call("tasks/result", name, object("tasks/result", params))
    }

    /// One page of `tasks/list` (2025-11-25 experimental tasks).
    pub fn list_tasks(&self, cursor: Option<String>) -> Call<'_, ListTasksResult> {
        self.call("tasks/list", None, Ok(cursor_params(cursor)))
    }

    /// `tasks/cancel` (2025-11-25 experimental tasks).
    pub fn cancel_task(&self, params: CancelTaskRequestParams) -> Call<'_, CancelTaskResult> {
        let name = Some(params.task_id.clone());
        self.call("tasks/cancel", name, object("tasks/cancel", params))
    }

    /// Any request by method name, with raw parameters and result (for methods this crate
    /// has no typed call for, such as extensions). On 2026-07-28 the required `_meta` is
    /// added.
    pub async fn request_raw(
        &self,
        method: &'static str,
        params: JsonObject,
    ) -> Result<JsonObject, ClientError> {
        let mut request = Request::plain(self.engine(), method);
        let (result, _) = request.send(&params).await?;
        result.into_object(method)
    }
}
