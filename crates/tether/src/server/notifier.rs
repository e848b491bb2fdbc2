//! `Notifier`: list-changed and resource-updated notifications to every session.

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
/// anywhere, call it from any task.
///
/// A session receives a notification only after it sent `notifications/initialized`. The queue
/// is bounded: a session that falls behind loses the oldest list-changed notifications, which
/// is harmless since each one only says "list again".
#[derive(Clone, Debug)]
pub struct Notifier {
    events: broadcast::Sender<ServerEvent>,
}

impl Notifier {
    pub(crate) fn new(events: broadcast::Sender<ServerEvent>) -> Self {
        Self { events }
    }

    fn send(&self, event: ServerEvent) {
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

    /// `notifications/resources/updated` for `uri`.
    pub fn resource_updated(&self, uri: impl Into<String>) {
        self.send(ServerEvent::ResourceUpdated(uri.into()));
    }
}
