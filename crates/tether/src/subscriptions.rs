//! The resource subscriptions of one legacy session (`resources/subscribe`).
//!
//! # Which updates a subscription covers
//! [`Notifier::resource_updated(uri)`](crate::Notifier::resource_updated) reaches a session
//! subscribed to `uri` itself, or to a *hierarchical parent* of it: the spec says the updated
//! URI "might be a sub-resource of the one that the client actually subscribed to". A parent is
//! a prefix of the updated URI that ends at a `/` boundary, has the `scheme://` form and holds
//! no query or fragment:
//!
//! | subscribed | updated | delivered |
//! |---|---|---|
//! | `file:///docs/a.md` | `file:///docs/a.md` | yes (exact) |
//! | `file:///docs` or `file:///docs/` | `file:///docs/a.md` | yes (sub-resource) |
//! | `file:///docs` | `file:///docs2/a.md` | no (not at a `/` boundary) |
//! | `db://t?x=1` | `db://t?x=1/y` | no (a query is not a hierarchy) |
//! | `file:///docs/a.md` | `file:///docs` | no (a parent is not a sub-resource) |
//! | `urn:a` | `urn:a/b` | no (not `scheme://`) |
//!
//! The notification carries the updated URI, and a session gets one notification per update
//! however many of its subscriptions cover it. A server that must not disclose sub-resource
//! URIs to a session subscribed to their parent refuses such subscriptions in
//! [`ServerHandler::subscribe`](crate::ServerHandler::subscribe): a refused subscription is not
//! kept.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::Mutex;

/// The URIs one session subscribed to. Locked for a set operation only, never across `.await`.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    uris: Mutex<BTreeSet<String>>,
}

impl Subscriptions {
    /// Records a subscription; `false` if it already existed.
    pub(crate) fn add(&self, uri: &str) -> bool {
        self.lock().insert(uri.to_owned())
    }

    /// Forgets a subscription; `false` if there was none (not an error).
    pub(crate) fn remove(&self, uri: &str) -> bool {
        self.lock().remove(uri)
    }

    /// Whether an update of `updated` concerns this session.
    pub(crate) fn covers(&self, updated: &str) -> bool {
        let uris = self.lock();
        // Every covering subscription is a prefix of `updated`, so it sorts at or before it.
        uris.range::<str, _>((Bound::Unbounded, Bound::Included(updated)))
            .rev()
            .any(|subscribed| covers(subscribed, updated))
    }

    /// Every subscribed URI (to mark them all updated after a lag).
    pub(crate) fn snapshot(&self) -> Vec<String> {
        self.lock().iter().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        self.uris.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Whether a subscription to `subscribed` covers an update of `updated` (see the module docs).
pub(crate) fn covers(subscribed: &str, updated: &str) -> bool {
    let Some(rest) = updated.strip_prefix(subscribed) else {
        return false;
    };
    rest.is_empty()
        || (!subscribed.contains(['?', '#'])
            && subscribed.contains("://")
            && (subscribed.ends_with('/') || rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_hierarchical_parents_cover_an_update() {
        assert!(covers("file:///docs/a.md", "file:///docs/a.md"));
        assert!(covers("file:///docs", "file:///docs/a.md"));
        assert!(covers("file:///docs/", "file:///docs/a.md"));
        assert!(covers("file:///", "file:///docs/a.md"));
        assert!(covers("db://table", "db://table/row/7"));
    }

    #[test]
    fn lookalikes_queries_and_children_do_not_cover() {
        assert!(!covers("file:///docs", "file:///docs2/a.md"));
        assert!(!covers("file:///docs/a.md", "file:///docs"));
        assert!(!covers("db://t?x=1", "db://t?x=1/y"));
        assert!(!covers("db://t#f", "db://t#f/y"));
        assert!(!covers("urn:a", "urn:a/b"));
        assert!(!covers("", "file:///x"));
    }

    #[test]
    fn the_set_answers_for_any_covering_subscription() {
        let subs = Subscriptions::default();
        assert!(subs.add("file:///b"));
        assert!(!subs.add("file:///b"));
        assert!(subs.add("file:///a/x"));
        assert!(subs.add("file:///a/"));
        assert!(subs.covers("file:///a/y"));
        assert!(subs.covers("file:///a/x"));
        assert!(subs.covers("file:///b/c"));
        assert!(!subs.covers("file:///c"));
        assert!(subs.remove("file:///a/"));
        assert!(!subs.remove("file:///never"));
        assert!(!subs.covers("file:///a/y"));
        assert_eq!(subs.snapshot(), vec!["file:///a/x", "file:///b"]);
    }
}
