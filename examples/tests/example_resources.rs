//! The `resources` example as a child process, driven by our client in both eras (pinned to
//! 2025-11-25, and the default negotiation, which settles on 2026-07-28): fixed resources and
//! a URI template listed and read, errors naming the problem, and a subscriber told about an
//! edit (`resources/subscribe` on legacy revisions, `subscriptions/listen` on 2026-07-28)
//! before it reads the new text.

mod examples_support;

use serde_json::json;
use tether_mcp::client::{Client, ClientEvent, Listen, ResourceSubscription};
use tether_mcp::types::{ServerNotification, SubscriptionFilter};
use tokio::sync::broadcast;

use examples_support::{Era, call_text, connect, resource_text, server_error, within};

const RESOURCES: &str = env!("CARGO_BIN_EXE_resources");

/// The text of `uri`, which must be one `text/plain` text content.
async fn read_text(client: &Client, uri: &str) -> String {
    let result = within(uri, client.read_resource(uri).into_future())
        .await
        .unwrap_or_else(|e| panic!("reading {uri}: {e}"));
    let (read_uri, mime_type, text) = resource_text(&result);
    assert_eq!(read_uri, uri);
    assert_eq!(mime_type, Some("text/plain"), "{uri}");
    text.to_owned()
}

/// The JSON-RPC error reading `uri` gets: its code and message.
async fn read_error(client: &Client, uri: &str) -> (i64, String) {
    server_error(within(uri, client.read_resource(uri).into_future()).await)
}

/// A client watching one URI, the way its era does it.
enum Watch {
    /// Legacy: `resources/subscribe` (dropping the subscription unsubscribes), and every
    /// notification of the connection, to see what the server sends beyond the URI.
    Subscribed {
        subscription: ResourceSubscription,
        events: broadcast::Receiver<ClientEvent>,
    },
    /// 2026-07-28: `subscriptions/listen` with `resourceSubscriptions`.
    Listening(Listen),
}

impl Watch {
    /// Starts watching `uri`.
    async fn start(client: &Client, era: Era, uri: &str) -> Self {
        match era {
            Era::Legacy => {
                let events = client.events();
                let subscription = within("resources/subscribe", client.subscribe(uri))
                    .await
                    .expect("resources/subscribe");
                assert_eq!(subscription.uri(), uri);
                Self::Subscribed {
                    subscription,
                    events,
                }
            }
            Era::Modern => {
                let filter = SubscriptionFilter {
                    resource_subscriptions: Some(vec![uri.to_owned()]),
                    ..Default::default()
                };
                let listen = within("subscriptions/listen", client.listen(filter))
                    .await
                    .expect("subscriptions/listen");
                assert_eq!(
                    listen.acknowledged().resource_subscriptions,
                    Some(vec![uri.to_owned()]),
                    "the server acknowledges the subscription"
                );
                Self::Listening(listen)
            }
        }
    }

    /// The URI of the next update of the watched resource, through the era's own API
    /// (`ResourceSubscription::next`, `Listen::next`).
    async fn next_update(&mut self) -> String {
        within("a resource update", async {
            match self {
                Self::Subscribed { subscription, .. } => subscription.next().await.map(|p| p.uri),
                Self::Listening(listen) => next_listened(listen).await,
            }
        })
        .await
        .expect("an update before the connection closed")
    }

    /// The URI of the next `notifications/resources/updated` the server sent at all (on
    /// legacy revisions, the connection's events: not filtered by the subscribed URI).
    async fn next_sent_update(&mut self) -> String {
        within("a resource update", async {
            match self {
                Self::Subscribed { events, .. } => loop {
                    match events.recv().await {
                        Ok(ClientEvent::Notification(notification)) => {
                            if let ServerNotification::ResourceUpdated(updated) = *notification {
                                break Some(updated.params.uri);
                            }
                        }
                        Ok(ClientEvent::Closed { .. }) | Err(_) => break None,
                        Ok(_) => {}
                    }
                },
                Self::Listening(listen) => next_listened(listen).await,
            }
        })
        .await
        .expect("an update before the connection closed")
    }
}

/// The URI of the next resource update on a listen stream.
async fn next_listened(listen: &mut Listen) -> Option<String> {
    loop {
        if let ServerNotification::ResourceUpdated(updated) = listen.next().await? {
            return Some(updated.params.uri);
        }
    }
}

#[tokio::test]
async fn resources_lists_fixed_resources_and_the_note_template_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), RESOURCES, era).await;
        let resources = client.server_capabilities().resources.clone();
        assert_eq!(
            resources.and_then(|r| r.subscribe),
            Some(true),
            "{era:?}: the server advertises subscriptions"
        );

        let listed = within("resources/list", client.list_all_resources())
            .await
            .expect("resources/list");
        let shapes: Vec<(&str, &str, Option<&str>)> = listed
            .iter()
            .map(|r| (r.uri.as_str(), r.name.as_str(), r.mime_type.as_deref()))
            .collect();
        assert_eq!(
            shapes,
            [
                ("notes://index", "index", Some("text/plain")),
                ("notes://stats", "stats", None),
            ],
            "{era:?}"
        );
        assert_eq!(
            listed[0].description.as_deref(),
            Some("Every note, one `id: first line` per line.")
        );
        let templates = within(
            "resources/templates/list",
            client.list_all_resource_templates(),
        )
        .await
        .expect("resources/templates/list");
        let shapes: Vec<(&str, &str, Option<&str>)> = templates
            .iter()
            .map(|t| (t.uri_template.as_str(), t.name.as_str(), t.title.as_deref()))
            .collect();
        assert_eq!(shapes, [("notes://{id}", "note", Some("Note"))], "{era:?}");

        assert_eq!(
            read_text(&client, "notes://index").await,
            "1: Buy milk\n2: Call Ada about the release",
            "{era:?}"
        );
        assert_eq!(
            read_text(&client, "notes://2").await,
            "Call Ada about the release"
        );
        let stats = within(
            "notes://stats",
            client.read_resource("notes://stats").into_future(),
        )
        .await
        .expect("notes://stats");
        let (_, mime_type, text) = resource_text(&stats);
        assert_eq!(mime_type, Some("application/json"), "{era:?}");
        let stats: serde_json::Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(stats, json!({"notes": 2, "edits": 0}), "{era:?}");
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn resources_errors_name_the_problem() {
    for era in Era::BOTH {
        let client = connect(era.builder(), RESOURCES, era).await;
        let not_found = match era {
            Era::Legacy => -32002,
            Era::Modern => -32602,
        };
        assert_eq!(
            read_error(&client, "notes://9").await,
            (not_found, "resource not found: notes://9".to_owned()),
            "{era:?}"
        );
        let (code, message) = read_error(&client, "notes://abc").await;
        assert_eq!(code, -32602, "{era:?}: {message}");
        assert!(
            message.starts_with("notes://abc: URI variable `id`:"),
            "{era:?}: {message}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn resources_subscriber_sees_an_edit_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), RESOURCES, era).await;
        let mut watch = Watch::start(&client, era, "notes://1").await;
        assert_eq!(
            call_text(
                &client,
                "edit_note",
                json!({"id": 1, "text": "Buy oat milk"})
            )
            .await,
            "updated note 1",
            "{era:?}"
        );
        assert_eq!(watch.next_update().await, "notes://1", "{era:?}");
        // The update only says "read again": the new text is read.
        assert_eq!(
            read_text(&client, "notes://1").await,
            "Buy oat milk",
            "{era:?}"
        );
        assert_eq!(
            read_text(&client, "notes://index").await,
            "1: Buy oat milk\n2: Call Ada about the release",
            "{era:?}"
        );
        drop(watch);
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn resources_updates_reach_only_the_subscribed_note() {
    for era in Era::BOTH {
        let client = connect(era.builder(), RESOURCES, era).await;
        let mut watch = Watch::start(&client, era, "notes://3").await;
        // Edits of note 1 (and so of the index) are not sent to a watcher of note 3.
        assert_eq!(
            call_text(&client, "edit_note", json!({"id": 1, "text": "Buy bread"})).await,
            "updated note 1"
        );
        assert_eq!(
            call_text(
                &client,
                "edit_note",
                json!({"id": 3, "text": "Water the plants"})
            )
            .await,
            "created note 3",
            "{era:?}"
        );
        assert_eq!(
            watch.next_sent_update().await,
            "notes://3",
            "{era:?}: the first update sent is the watched note's"
        );
        assert_eq!(
            read_text(&client, "notes://3").await,
            "Water the plants",
            "{era:?}"
        );
        drop(watch);
        within("shutdown", client.shutdown()).await;
    }
}
