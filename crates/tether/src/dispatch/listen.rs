//! `subscriptions/listen` (2026-07-28): one stream of the notifications a client opted into.
//!
//! The acknowledgement comes first and names the subset the server honours (kinds whose
//! capability it advertises); then every matching notification, each with
//! `_meta["io.modelcontextprotocol/subscriptionId"]` (the listen request's id), fed by the same
//! [`Notifier`](crate::Notifier) events as legacy sessions. The stream ends silently when the
//! client cancels it (`notifications/cancelled`) or the connection closes, and with its result
//! plus `notifications/cancelled` when the server shuts down ([`Server::shut_down`]).
//!
//! [`Server::shut_down`]: crate::Server::shut_down

use tether_mcp_types::meta::{SERVER_INFO, SUBSCRIPTION_ID};
use tether_mcp_types::{
    ClientCapabilities, JSONRPCNotification, JSONRPCResultResponse, JsonObject, JsonValue,
    RequestId, ServerCapabilities, SubscriptionFilter,
};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::error::MissingCapability;
use crate::route::Route;
use crate::server::ServerEvent;
use crate::subscriptions::covers;

/// The tasks extension id (notifications of task ids need it).
const TASKS_EXTENSION: &str = "io.modelcontextprotocol/tasks";

/// The part of `requested` the server honours, or the capability the client must declare.
pub(crate) fn honoured(
    requested: &SubscriptionFilter,
    server: &ServerCapabilities,
    client: &ClientCapabilities,
) -> Result<SubscriptionFilter, MissingCapability> {
    if requested.task_ids.is_some()
        && client
            .extensions
            .as_ref()
            .is_none_or(|e| !e.contains_key(TASKS_EXTENSION))
    {
        let required = ClientCapabilities {
            extensions: Some(
                [(TASKS_EXTENSION.to_owned(), JsonObject::new())]
                    .into_iter()
                    .collect(),
            ),
            ..Default::default()
        };
        return Err(MissingCapability::new(
            "extensions.io.modelcontextprotocol/tasks",
            required,
        ));
    }
    let yes =
        |asked: Option<bool>, advertised: bool| (asked == Some(true) && advertised).then_some(true);
    let list_changed = |c: Option<bool>| c == Some(true);
    Ok(SubscriptionFilter {
        tools_list_changed: yes(
            requested.tools_list_changed,
            list_changed(server.tools.as_ref().and_then(|t| t.list_changed)),
        ),
        prompts_list_changed: yes(
            requested.prompts_list_changed,
            list_changed(server.prompts.as_ref().and_then(|p| p.list_changed)),
        ),
        resources_list_changed: yes(
            requested.resources_list_changed,
            list_changed(server.resources.as_ref().and_then(|r| r.list_changed)),
        ),
        resource_subscriptions: requested.resource_subscriptions.clone().filter(|_| {
            server
                .resources
                .as_ref()
                .is_some_and(|r| r.subscribe == Some(true))
        }),
        // This server does not implement the tasks extension.
        task_ids: None,
        extra: JsonObject::new(),
    })
}

fn wants(filter: &SubscriptionFilter, event: &ServerEvent) -> bool {
    match event {
        ServerEvent::ToolsListChanged => filter.tools_list_changed == Some(true),
        ServerEvent::PromptsListChanged => filter.prompts_list_changed == Some(true),
        ServerEvent::ResourcesListChanged => filter.resources_list_changed == Some(true),
        ServerEvent::ResourceUpdated(uri) => filter
            .resource_subscriptions
            .as_ref()
            .is_some_and(|subscribed| subscribed.iter().any(|s| covers(s, uri))),
    }
}

fn subscription_meta(id: &RequestId) -> JsonValue {
    let mut meta = JsonObject::new();
    meta.insert(
        SUBSCRIPTION_ID.name().into(),
        serde_json::to_value(id).unwrap_or(JsonValue::Null),
    );
    JsonValue::Object(meta)
}

fn notification(event: &ServerEvent, id: &RequestId) -> JSONRPCNotification {
    let mut params = JsonObject::new();
    if let ServerEvent::ResourceUpdated(uri) = event {
        params.insert("uri".into(), uri.clone().into());
    }
    params.insert("_meta".into(), subscription_meta(id));
    JSONRPCNotification::new(event.method(), Some(params))
}

/// Everything one listen stream needs.
pub(crate) struct Listen {
    pub(crate) id: RequestId,
    pub(crate) filter: SubscriptionFilter,
    pub(crate) events: broadcast::Receiver<ServerEvent>,
    /// The stream the listen's messages go on.
    pub(crate) route: Route,
    pub(crate) cancel: CancellationToken,
    pub(crate) shutdown: CancellationToken,
    /// `_meta["io.modelcontextprotocol/serverInfo"]` of the closing result.
    pub(crate) server_info: JsonValue,
}

/// Runs one listen stream until it is cancelled or the server shuts down. The events receiver
/// was subscribed before this runs, so nothing that happens after the request arrived is missed.
pub(crate) async fn run(mut listen: Listen) {
    let ack = {
        let mut params = JsonObject::new();
        params.insert(
            "notifications".into(),
            serde_json::to_value(&listen.filter).unwrap_or(JsonValue::Null),
        );
        params.insert("_meta".into(), subscription_meta(&listen.id));
        JSONRPCNotification::new("notifications/subscriptions/acknowledged", Some(params))
    };
    if listen.route.send(&ack).await.is_err() {
        return;
    }
    loop {
        let event = tokio::select! {
            biased;
            () = listen.cancel.cancelled() => return,
            () = listen.shutdown.cancelled() => return close(&listen).await,
            event = listen.events.recv() => event,
        };
        let due: Vec<ServerEvent> = match event {
            Ok(event) => vec![event],
            Err(broadcast::error::RecvError::Lagged(skipped)) => {
                tracing::debug!(
                    skipped,
                    "a listen stream fell behind: sending every kind it follows"
                );
                let mut all = vec![
                    ServerEvent::ToolsListChanged,
                    ServerEvent::PromptsListChanged,
                    ServerEvent::ResourcesListChanged,
                ];
                all.extend(
                    listen
                        .filter
                        .resource_subscriptions
                        .iter()
                        .flatten()
                        .cloned()
                        .map(ServerEvent::ResourceUpdated),
                );
                all
            }
            Err(broadcast::error::RecvError::Closed) => return,
        };
        for event in due.iter().filter(|e| wants(&listen.filter, e)) {
            if listen.cancel.is_cancelled() {
                return;
            }
            if listen
                .route
                .send(&notification(event, &listen.id))
                .await
                .is_err()
            {
                return;
            }
        }
    }
}

/// The server is shutting down: the listen's result, then (stdio) `notifications/cancelled`
/// for it, as the specification's two pages on ending a listen ask.
async fn close(listen: &Listen) {
    let mut meta = JsonObject::new();
    meta.insert(
        SUBSCRIPTION_ID.name().into(),
        serde_json::to_value(&listen.id).unwrap_or(JsonValue::Null),
    );
    meta.insert(SERVER_INFO.name().into(), listen.server_info.clone());
    let mut result = JsonObject::new();
    result.insert("resultType".into(), "complete".into());
    result.insert("_meta".into(), JsonValue::Object(meta));
    let _ = listen
        .route
        .send(&JSONRPCResultResponse::new(listen.id.clone(), result))
        .await;
    let mut params = JsonObject::new();
    params.insert(
        "requestId".into(),
        serde_json::to_value(&listen.id).unwrap_or(JsonValue::Null),
    );
    params.insert("reason".into(), "the server is shutting down".into());
    let _ = listen
        .route
        .send(&JSONRPCNotification::new(
            "notifications/cancelled",
            Some(params),
        ))
        .await;
}
