//! A notes server: fixed resources, a URI template with a typed variable, and subscriptions,
//! all declared with `#[resource]` in a `#[tether_mcp::tools]` block.
//!
//! - `notes://index` (fixed, `text/plain`) lists the notes, one `id: first line` per line;
//! - `notes://stats` (fixed) is `Json<Stats>`: served as `application/json`;
//! - `notes://{id}` (a URI template) is one note's text. Its parameter `id: u32` is read from
//!   the URI: `notes://abc` is answered -32602 naming the variable before the method runs, and
//!   an id with no note is "resource not found" in the revision's own code (-32002 on legacy
//!   revisions, -32602 on 2026-07-28);
//! - the tool `edit_note(id, text)` replaces (or creates) a note, then tells subscribers
//!   through the server's [`Notifier`]: `resource_updated("notes://{id}")` and
//!   `resource_updated("notes://index")`.
//!
//! A client watches a note with `resources/subscribe` on legacy revisions (our client's
//! `Client::subscribe`) and with `subscriptions/listen` and `resourceSubscriptions` on
//! 2026-07-28 (`Client::listen`); the same `Notifier` call feeds both. Only subscribed URIs
//! (or their hierarchical children) are sent.
//!
//! The handler gets the server's `Notifier` when the server is built
//! (`Server::builder_with`), and `resource_subscriptions()` advertises `resources.subscribe`,
//! without which the dispatcher refuses subscriptions and the `Notifier` sends no updates.
//!
//! ```sh
//! cargo run -p tether-mcp-examples --bin resources
//! ```

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};

/// What `notes://stats` reports.
#[derive(Debug, serde::Serialize, JsonSchema)]
struct Stats {
    /// How many notes there are.
    notes: usize,
    /// How many edits `edit_note` made since the server started.
    edits: u64,
}

/// The notes and how often they were edited.
#[derive(Debug)]
struct Store {
    notes: BTreeMap<u32, String>,
    edits: u64,
}

/// The server: a notes store, and the notifier that tells subscribers about edits.
struct Notes {
    store: Mutex<Store>,
    /// Tells the sessions subscribed to a note that it changed.
    notifier: Notifier,
}

impl Notes {
    /// A store with two notes, announcing edits through `notifier`.
    fn new(notifier: Notifier) -> Self {
        let notes = BTreeMap::from([
            (1, "Buy milk".to_owned()),
            (2, "Call Ada about the release".to_owned()),
        ]);
        Self {
            store: Mutex::new(Store { notes, edits: 0 }),
            notifier,
        }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A poisoned lock only means an earlier holder panicked; the map is still whole.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[tether_mcp::tools]
impl ServerHandler for Notes {
    /// Every note, one `id: first line` per line.
    #[resource(uri = "notes://index", mime_type = "text/plain")]
    async fn index(&self) -> String {
        self.store()
            .notes
            .iter()
            .map(|(id, text)| format!("{id}: {}", text.lines().next().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// How many notes there are and how often they were edited.
    #[resource(uri = "notes://stats")]
    async fn stats(&self) -> Json<Stats> {
        let store = self.store();
        Json(Stats {
            notes: store.notes.len(),
            edits: store.edits,
        })
    }

    /// One note's text.
    #[resource(
        uri = "notes://{id}",
        name = "note",
        title = "Note",
        mime_type = "text/plain"
    )]
    async fn note(&self, id: u32) -> Result<String, ServerError> {
        match self.store().notes.get(&id) {
            Some(text) => Ok(text.clone()),
            // -32002 before 2026-07-28, -32602 on it: the dispatcher picks the revision's code.
            None => Err(ServerError::resource_not_found(&format!("notes://{id}"))),
        }
    }

    /// Replaces the text of note `id` (creating it if there is none) and notifies the
    /// subscribers of `notes://{id}` and `notes://index`.
    #[tool]
    async fn edit_note(&self, id: u32, text: String) -> String {
        let created = {
            let mut store = self.store();
            store.edits += 1;
            store.notes.insert(id, text).is_none()
        };
        self.notifier.resource_updated(format!("notes://{id}"));
        self.notifier.resource_updated("notes://index");
        if created {
            format!("created note {id}")
        } else {
            format!("updated note {id}")
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    Server::builder_with(Notes::new)
        .resource_subscriptions()
        .build()
        .serve_stdio()
        .await
}
