//! Server notifications waiting for room in one session's outbound queue, coalesced.
//!
//! A [`Notifier`](crate::Notifier) event never blocks a connection and is never dropped
//! because the client reads slowly: it is marked pending here, and the connection loop sends
//! the pending notifications one by one, oldest first, whenever the outbound queue has room
//! (and only once the session is initialized). A notification that is already pending absorbs
//! a repeat of itself: two `tools_list_changed()` before the first could be sent become one
//! `notifications/tools/list_changed`, which loses nothing, since the client lists again after
//! it and sees both changes. So at most one notification per list kind and one per updated URI
//! wait; the URIs are bounded by [`Limits::pending_resource_updates`](crate::Limits).

use std::collections::VecDeque;

use tether_mcp_types::{JSONRPCNotification, JsonObject};

use crate::server::ServerEvent;

/// The pending notifications of one session, oldest first, each at most once.
#[derive(Debug)]
pub(crate) struct Outbox {
    pending: VecDeque<ServerEvent>,
    /// Pending `ResourceUpdated` entries.
    updates: usize,
    max_updates: usize,
    /// Updates refused since the last warning about them.
    refused: usize,
}

impl Outbox {
    pub(crate) fn new(max_updates: usize) -> Self {
        Self {
            pending: VecDeque::new(),
            updates: 0,
            max_updates,
            refused: 0,
        }
    }

    /// Marks `event` pending unless it already is. A new updated URI past the bound is refused
    /// and counted.
    pub(crate) fn push(&mut self, event: ServerEvent) {
        if self.pending.contains(&event) {
            return;
        }
        if let ServerEvent::ResourceUpdated(uri) = &event {
            if self.updates >= self.max_updates {
                if self.refused == 0 {
                    tracing::warn!(
                        uri,
                        max = self.max_updates,
                        "the client reads too slowly: dropped a resource update past the \
                         pending bound (Limits::pending_resource_updates)"
                    );
                }
                self.refused += 1;
                return;
            }
            self.updates += 1;
        }
        self.pending.push_back(event);
    }

    /// The oldest pending notification.
    pub(crate) fn pop(&mut self) -> Option<ServerEvent> {
        let event = self.pending.pop_front()?;
        if matches!(event, ServerEvent::ResourceUpdated(_)) {
            self.updates -= 1;
            if self.refused > 0 && self.updates == 0 {
                tracing::warn!(
                    dropped = self.refused,
                    "resource updates dropped while the client read too slowly"
                );
                self.refused = 0;
            }
        }
        Some(event)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

/// The wire notification of an event.
pub(crate) fn notification(event: &ServerEvent) -> JSONRPCNotification {
    let params = match event {
        ServerEvent::ResourceUpdated(uri) => {
            let mut params = JsonObject::new();
            params.insert("uri".into(), uri.clone().into());
            Some(params)
        }
        _ => None,
    };
    JSONRPCNotification::new(event.method(), params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updated(uri: &str) -> ServerEvent {
        ServerEvent::ResourceUpdated(uri.to_owned())
    }

    fn drain(outbox: &mut Outbox) -> Vec<ServerEvent> {
        std::iter::from_fn(|| outbox.pop()).collect()
    }

    #[test]
    fn repeats_coalesce_and_order_is_kept() {
        let mut outbox = Outbox::new(8);
        for event in [
            ServerEvent::ToolsListChanged,
            ServerEvent::PromptsListChanged,
            ServerEvent::ToolsListChanged,
            updated("file:///a"),
            ServerEvent::ToolsListChanged,
            updated("file:///a"),
            ServerEvent::ResourcesListChanged,
        ] {
            outbox.push(event);
        }
        assert_eq!(
            drain(&mut outbox),
            vec![
                ServerEvent::ToolsListChanged,
                ServerEvent::PromptsListChanged,
                updated("file:///a"),
                ServerEvent::ResourcesListChanged,
            ]
        );
        assert!(outbox.is_empty());
        // Once sent, a kind can be pending again.
        outbox.push(ServerEvent::ToolsListChanged);
        assert_eq!(drain(&mut outbox), vec![ServerEvent::ToolsListChanged]);
    }

    #[test]
    fn updated_uris_past_the_bound_are_refused_and_list_kinds_still_wait() {
        let mut outbox = Outbox::new(2);
        outbox.push(updated("a:1"));
        outbox.push(updated("a:2"));
        outbox.push(updated("a:3")); // refused: the bound is 2
        outbox.push(updated("a:1")); // already pending: coalesces
        outbox.push(ServerEvent::PromptsListChanged);
        assert_eq!(
            drain(&mut outbox),
            vec![
                updated("a:1"),
                updated("a:2"),
                ServerEvent::PromptsListChanged
            ]
        );
        // Room again after the queue drained.
        outbox.push(updated("a:3"));
        assert_eq!(drain(&mut outbox), vec![updated("a:3")]);
    }

    #[test]
    fn notifications_carry_the_uri_only_for_updates() {
        let list = serde_json::to_value(notification(&ServerEvent::ToolsListChanged)).unwrap();
        assert_eq!(
            list,
            serde_json::json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
        );
        let update = serde_json::to_value(notification(&updated("file:///x"))).unwrap();
        assert_eq!(update["params"], serde_json::json!({"uri": "file:///x"}));
    }
}
