//! Server events (list changes, resource updates) turned into the session's notifications:
//! which ones concern the session, coalesced in the outbox while its route is full.

use tokio::sync::{broadcast, mpsc};

use super::Connection;
use crate::dispatch::outbox;
use crate::error::RequestError;
use crate::server::{ServerEvent, ServerHandler};

impl<H: ServerHandler> Connection<H> {
    /// A server event: marked pending in the outbox if it concerns this session. A lag (the
    /// loop fell behind the server's broadcast) marks every list kind and every subscribed URI,
    /// so that a lost event can only become a spurious notification, never a missing one.
    pub(super) fn on_event(&mut self, event: Result<ServerEvent, broadcast::error::RecvError>) {
        match event {
            Ok(event) => {
                if self.concerns(&event) {
                    self.outbox.push(event);
                }
            }
            Err(broadcast::error::RecvError::Lagged(skipped)) => {
                tracing::debug!(
                    skipped,
                    "fell behind the server's events: marking all pending"
                );
                let subscribed = self.session.subscriptions.snapshot();
                let all = [
                    ServerEvent::ToolsListChanged,
                    ServerEvent::PromptsListChanged,
                    ServerEvent::ResourcesListChanged,
                ]
                .into_iter()
                .chain(subscribed.into_iter().map(ServerEvent::ResourceUpdated));
                for event in all {
                    if self.concerns(&event) {
                        self.outbox.push(event);
                    }
                }
            }
            Err(broadcast::error::RecvError::Closed) => {}
        }
    }

    /// Whether this session is told about `event`: the server advertised the capability, and
    /// for a list change the session is initialized (before that, the client has listed
    /// nothing, and the lists it asks for afterwards already show the change); for a resource
    /// update, one of the session's subscriptions covers the URI.
    fn concerns(&self, event: &ServerEvent) -> bool {
        self.advertised(event)
            && match event {
                ServerEvent::ResourceUpdated(uri) => self.session.subscriptions.covers(uri),
                _ => self.session.is_initialized(),
            }
    }

    /// Whether a pending notification may be sent: never before `notifications/initialized`.
    pub(super) fn may_flush(&self) -> bool {
        self.session.is_initialized() && !self.outbox.is_empty()
    }

    /// Sends the oldest pending notification that still concerns the session into the room
    /// `permit` holds.
    pub(super) fn flush_one(&mut self, permit: Result<mpsc::OwnedPermit<String>, RequestError>) {
        let Ok(permit) = permit else {
            // The session is closed: nothing will be sent again.
            while self.outbox.pop().is_some() {}
            return;
        };
        while let Some(event) = self.outbox.pop() {
            if let ServerEvent::ResourceUpdated(uri) = &event
                && !self.session.subscriptions.covers(uri)
            {
                continue; // unsubscribed while it waited
            }
            match serde_json::to_string(&outbox::notification(&event)) {
                Ok(line) => {
                    permit.send(line);
                    return;
                }
                Err(e) => tracing::debug!(error = %e, "could not encode a server notification"),
            }
        }
    }

    fn advertised(&self, event: &ServerEvent) -> bool {
        let caps = &self.server.identity.capabilities;
        match event {
            ServerEvent::ToolsListChanged => caps
                .tools
                .as_ref()
                .is_some_and(|t| t.list_changed == Some(true)),
            ServerEvent::PromptsListChanged => caps
                .prompts
                .as_ref()
                .is_some_and(|t| t.list_changed == Some(true)),
            ServerEvent::ResourcesListChanged => caps
                .resources
                .as_ref()
                .is_some_and(|t| t.list_changed == Some(true)),
            ServerEvent::ResourceUpdated(_) => caps
                .resources
                .as_ref()
                .is_some_and(|t| t.subscribe == Some(true)),
        }
    }
}
