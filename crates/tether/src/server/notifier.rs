//! `Notifier`: list-changed and resource-updated notifications to every session.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use tether_mcp_types::ServerCapabilities;
use tokio::sync::broadcast;

/// A server-wide event, fanned out to every connected session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ServerEvent {
    ToolsListChanged,
    PromptsListChanged,
    ResourcesListChanged,
    ResourceUpdated(String),
}

impl ServerEvent {
    pub(crate) fn method(&self) -> &'static str {
        match self {
            Self::ToolsListChanged => "notifications/tools/list_changed",
            Self::PromptsListChanged => "notifications/prompts/list_changed",
            Self::ResourcesListChanged => "notifications/resources/list_changed",
            Self::ResourceUpdated(_) => "notifications/resources/updated",
        }
    }
}

/// Sends notifications — never requests — to the server's sessions. `Clone + 'static`: keep it
/// anywhere, call it from any task; a call never blocks.
///
/// What each session receives:
/// - **Only what the server advertised**: list-changed notifications of a kind need its
///   `listChanged` capability (`tools`, `prompts`, `resources`;
///   [`ServerBuilder::list_changed`](crate::ServerBuilder::list_changed) sets them), resource
///   updates need `resources.subscribe`
///   ([`ServerBuilder::resource_subscriptions`](crate::ServerBuilder::resource_subscriptions)).
///   Other calls send nothing, with one warning per kind in the log.
/// - **Nothing before `notifications/initialized`.** A list change before then is not reported
///   (the client has listed nothing yet, and what it lists afterwards shows the change).
/// - **Resource updates only where subscribed**: `resource_updated(uri)` reaches the sessions
///   that sent `resources/subscribe` for `uri` or for a hierarchical parent of it
///   (`file:///docs/` covers `file:///docs/a.md`; the spec allows an update to concern a
///   sub-resource). Subscriptions end with `resources/unsubscribe` or the session.
/// - **Coalesced, never lost**: while a client reads slowly and its outbound queue is full,
///   each notification waits at most once: several `tools_list_changed()` calls become one
///   `notifications/tools/list_changed`, sent as soon as there is room. Since each one only
///   says "list again" (or "read again"), nothing is lost. Waiting updated URIs are bounded by
///   [`Limits::pending_resource_updates`](crate::Limits::pending_resource_updates).
///
/// ```no_run
/// use tether_mcp::prelude::*;
/// use tether_mcp::types::{ListChangedCapability, ResourcesCapability, ServerCapabilities};
///
/// struct Files;
/// impl ServerHandler for Files {}
///
/// # async fn run() -> std::io::Result<()> {
/// let server = Server::builder(Files)
///     .capabilities(ServerCapabilities {
///         tools: Some(ListChangedCapability { list_changed: Some(true), ..Default::default() }),
///         resources: Some(ResourcesCapability {
///             subscribe: Some(true),
///             ..Default::default()
///         }),
///         ..Default::default()
///     })
///     .build();
/// let notifier = server.notifier();
/// tokio::spawn(async move {
///     // ... a file changed on disk:
///     notifier.resource_updated("file:///docs/a.md");
///     // ... a tool was registered:
///     notifier.tools_list_changed();
/// });
/// server.serve_stdio().await
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Notifier {
    events: broadcast::Sender<ServerEvent>,
    advertised: Arc<Advertised>,
}

/// What the server advertised, known once it is built, and which unadvertised kinds were
/// already warned about.
#[derive(Debug, Default)]
pub(crate) struct Advertised {
    /// `tools`, `prompts`, `resources` `listChanged`, and `resources.subscribe`.
    kinds: OnceLock<[bool; 4]>,
    warned: [AtomicBool; 4],
}

impl Advertised {
    /// Records the capabilities of the built server.
    pub(crate) fn set(&self, capabilities: &ServerCapabilities) {
        let listed = |c: Option<bool>| c == Some(true);
        let _ = self.kinds.set([
            listed(capabilities.tools.as_ref().and_then(|t| t.list_changed)),
            listed(capabilities.prompts.as_ref().and_then(|p| p.list_changed)),
            listed(capabilities.resources.as_ref().and_then(|r| r.list_changed)),
            listed(capabilities.resources.as_ref().and_then(|r| r.subscribe)),
        ]);
    }
}

impl Notifier {
    pub(crate) fn new(events: broadcast::Sender<ServerEvent>, advertised: Arc<Advertised>) -> Self {
        Self { events, advertised }
    }

    fn send(&self, event: ServerEvent) {
        let kind = match &event {
            ServerEvent::ToolsListChanged => 0,
            ServerEvent::PromptsListChanged => 1,
            ServerEvent::ResourcesListChanged => 2,
            ServerEvent::ResourceUpdated(_) => 3,
        };
        if let Some(kinds) = self.advertised.kinds.get()
            && !kinds[kind]
        {
            if !self.advertised.warned[kind].swap(true, Ordering::Relaxed) {
                let capability = [
                    "tools.listChanged",
                    "prompts.listChanged",
                    "resources.listChanged",
                    "resources.subscribe",
                ][kind];
                tracing::warn!(
                    "{} is not sent: the server does not advertise `{capability}` (ServerBuilder::list_changed() / resource_subscriptions())",
                    event.method()
                );
            }
            return;
        }
        // No session connected is not an error.
        let _ = self.events.send(event);
    }

    /// `notifications/tools/list_changed`.
    pub fn tools_list_changed(&self) {
        self.send(ServerEvent::ToolsListChanged);
    }

    /// `notifications/prompts/list_changed`.
    pub fn prompts_list_changed(&self) {
        self.send(ServerEvent::PromptsListChanged);
    }

    /// `notifications/resources/list_changed`.
    pub fn resources_list_changed(&self) {
        self.send(ServerEvent::ResourcesListChanged);
    }

    /// `notifications/resources/updated` for `uri`, to the sessions subscribed to `uri` or to a
    /// hierarchical parent of it.
    pub fn resource_updated(&self, uri: impl Into<String>) {
        self.send(ServerEvent::ResourceUpdated(uri.into()));
    }
}
