//! Streams of server notifications: legacy resource subscriptions (`resources/subscribe`) and
//! 2026-07-28 listens (`subscriptions/listen`).

use tether_mcp_types::{ResourceUpdatedNotificationParams, ServerNotification, SubscriptionFilter};
use tokio::sync::{broadcast, mpsc};

use super::Client;
use super::engine::Outstanding;
use super::events::ClientEvent;

/// Updates of one resource on a legacy connection, from
/// [`Client::subscribe`](super::Client::subscribe). Dropping it unsubscribes.
pub struct ResourceSubscription {
    pub(crate) client: Client,
    pub(crate) uri: String,
    pub(crate) events: broadcast::Receiver<ClientEvent>,
}

impl ResourceSubscription {
    /// The subscribed URI.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The updates as a [`Stream`](futures_util::Stream), for combinators and `select!`.
    pub fn into_stream(
        self,
    ) -> impl futures_util::Stream<Item = ResourceUpdatedNotificationParams> + Send + 'static {
        futures_util::stream::unfold(self, |mut subscription| async move {
            let next = subscription.next().await?;
            Some((next, subscription))
        })
    }

    /// The next update of the resource; `None` once the connection is closed. Updates the
    /// subscriber was too slow to receive are skipped (the next one still says "changed").
    pub async fn next(&mut self) -> Option<ResourceUpdatedNotificationParams> {
        loop {
            match self.events.recv().await {
                Ok(ClientEvent::Notification(notification)) => {
                    if let ServerNotification::ResourceUpdated(updated) = *notification
                        && updated.params.uri == self.uri
                    {
                        return Some(updated.params);
                    }
                }
                Ok(ClientEvent::Closed { .. }) | Err(broadcast::error::RecvError::Closed) => {
                    return None;
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            }
        }
    }
}

impl Drop for ResourceSubscription {
    fn drop(&mut self) {
        let client = self.client.clone();
        let uri = std::mem::take(&mut self.uri);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = client.unsubscribe(uri).await {
                    tracing::debug!(%error, "unsubscribing failed");
                }
            });
        }
    }
}

/// A 2026-07-28 `subscriptions/listen` stream, from [`Client::listen`](super::Client::listen).
/// Dropping it ends the listen (`notifications/cancelled` on stdio, the stream closed on HTTP).
pub struct Listen {
    pub(crate) outstanding: Outstanding,
    pub(crate) notifications: mpsc::Receiver<ServerNotification>,
    pub(crate) acknowledged: SubscriptionFilter,
    pub(crate) ended: bool,
}

impl std::fmt::Debug for Listen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listen")
            .field("acknowledged", &self.acknowledged)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl Listen {
    /// What the server agreed to send: the subset of the requested filter it acknowledged.
    pub fn acknowledged(&self) -> &SubscriptionFilter {
        &self.acknowledged
    }

    /// The notifications as a [`Stream`](futures_util::Stream), for combinators and
    /// `select!`.
    pub fn into_stream(
        self,
    ) -> impl futures_util::Stream<Item = ServerNotification> + Send + 'static {
        futures_util::stream::unfold(self, |mut listen| async move {
            let next = listen.next().await?;
            Some((next, listen))
        })
    }

    /// The next notification; `None` once the server ends the listen (its closing result) or
    /// the connection closes.
    pub async fn next(&mut self) -> Option<ServerNotification> {
        if self.ended {
            return self.notifications.try_recv().ok();
        }
        let mut ignore = |_| {};
        tokio::select! {
            biased;
            notification = self.notifications.recv() => notification,
            _ = self.outstanding.reply(&mut ignore) => {
                self.ended = true;
                self.notifications.try_recv().ok()
            }
        }
    }
}
