//! Whole lists across pages, and the optional cache of them that the server's hints
//! (`ttlMs`, 2026-07-28) and list-changed notifications keep honest.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use tether_mcp_types::{
    JsonObject, JsonValue, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    ListToolsResult, Prompt, Resource, ResourceTemplate, ServerNotification, Tool,
};

use super::call::Call;
use super::{Client, ClientError};

/// The most pages one `list_all_*` call reads before deciding the server is looping.
const MAX_PAGES: usize = 10_000;

/// A page of a paginated list.
pub(crate) trait Page: DeserializeOwned + Send + 'static {
    /// The method that returns it.
    const METHOD: &'static str;
    /// One listed item.
    type Item: Clone + Send + Sync + 'static;
    /// The items, the next cursor and the server's cache lifetime hint.
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>, Option<u64>);
    /// What the client does with a page as it arrives.
    fn received(_engine: &std::sync::Arc<super::engine::Engine>, _page: &mut Self) {}
}

macro_rules! page {
    ($result:ty, $method:literal, $item:ty, $field:ident) => {
        impl Page for $result {
            const METHOD: &'static str = $method;
            type Item = $item;
            fn into_parts(self) -> (Vec<$item>, Option<String>, Option<u64>) {
                (self.$field, self.next_cursor, self.ttl_ms)
            }
        }
    };
}

impl Page for ListToolsResult {
    const METHOD: &'static str = "tools/list";
    type Item = Tool;
    fn into_parts(self) -> (Vec<Tool>, Option<String>, Option<u64>) {
        (self.tools, self.next_cursor, self.ttl_ms)
    }
    fn received(engine: &std::sync::Arc<super::engine::Engine>, page: &mut Self) {
        engine.received_tools(page);
    }
}
page!(ListPromptsResult, "prompts/list", Prompt, prompts);
page!(ListResourcesResult, "resources/list", Resource, resources);
page!(
    ListResourceTemplatesResult,
    "resources/templates/list",
    ResourceTemplate,
    resource_templates
);

/// The cursor parameters of one page request.
pub(crate) fn cursor_params(cursor: Option<String>) -> JsonObject {
    let mut params = JsonObject::new();
    if let Some(cursor) = cursor {
        params.insert("cursor".into(), JsonValue::String(cursor));
    }
    params
}

/// Every item of a list, page after page (an empty-string cursor is a cursor like any other).
pub(crate) async fn all<P: Page>(client: &Client) -> Result<Vec<P::Item>, ClientError> {
    let engine = client.engine();
    if let Some(cached) = engine.lists.get::<P::Item>(P::METHOD) {
        return Ok(cached);
    }
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    let mut ttl: Option<u64> = None;
    for _ in 0..MAX_PAGES {
        let page: P = Call::new(client, P::METHOD, None, Ok(cursor_params(cursor.take())))
            .finishing(P::received)
            .await?;
        let (mut page_items, next, page_ttl) = page.into_parts();
        items.append(&mut page_items);
        ttl = match (ttl, page_ttl) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match next {
            None => {
                engine
                    .lists
                    .put(P::METHOD, &items, ttl, engine.options.list_cache);
                return Ok(items);
            }
            Some(next) => {
                if !seen.insert(next.clone()) {
                    return Err(ClientError::InvalidResult {
                        method: P::METHOD.to_owned(),
                        detail: format!(
                            "the server returned the cursor {next:?} twice; the list loops"
                        ),
                    });
                }
                cursor = Some(next);
            }
        }
    }
    Err(ClientError::InvalidResult {
        method: P::METHOD.to_owned(),
        detail: format!("more than {MAX_PAGES} pages"),
    })
}

/// Whole lists kept until their lifetime ends or the server says the list changed. Off unless
/// [`ClientBuilder::cache_lists`](super::ClientBuilder::cache_lists) turns it on.
#[derive(Default)]
pub(crate) struct ListCache {
    entries: Mutex<Entries>,
}

/// Each cached list by method: when it expires, and its items (a `Vec` of the item type).
type Entries = HashMap<&'static str, (Instant, Arc<dyn Any + Send + Sync>)>;

impl ListCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get<T: Clone + Send + Sync + 'static>(&self, method: &'static str) -> Option<Vec<T>> {
        let mut entries = self.entries();
        let (expires, items) = entries.get(method)?;
        if *expires <= Instant::now() {
            entries.remove(method);
            return None;
        }
        items.downcast_ref::<Vec<T>>().cloned()
    }

    /// Keeps a list for the server's `ttlMs` when it gave one, else for `default` (the
    /// builder's setting; `None` means no caching at all).
    fn put<T: Clone + Send + Sync + 'static>(
        &self,
        method: &'static str,
        items: &[T],
        ttl_ms: Option<u64>,
        default: Option<Duration>,
    ) {
        let Some(default) = default else {
            return;
        };
        let lifetime = ttl_ms.map(Duration::from_millis).unwrap_or(default);
        if lifetime.is_zero() {
            return;
        }
        self.entries().insert(
            method,
            (Instant::now() + lifetime, Arc::new(items.to_vec())),
        );
    }

    /// Forgets the lists a list-changed notification makes stale.
    pub(crate) fn saw(&self, notification: &ServerNotification) {
        let stale: &[&str] = match notification {
            ServerNotification::ToolListChanged(_) => &["tools/list"],
            ServerNotification::PromptListChanged(_) => &["prompts/list"],
            ServerNotification::ResourceListChanged(_) => {
                &["resources/list", "resources/templates/list"]
            }
            _ => return,
        };
        let mut entries = self.entries();
        for method in stale {
            entries.remove(method);
        }
    }
}
