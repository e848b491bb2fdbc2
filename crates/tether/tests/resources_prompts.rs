//! End-to-end, at every legacy revision, with the scripted peer (which validates every message
//! against the session revision's schema): resources paged with `Paginator`, a template read
//! through `UriTemplate`, resource-not-found, prompts with arguments, completion of prompt and
//! template arguments (with `context` from 2025-06-18), per-session subscriptions, and the
//! coalesced delivery of `Notifier` events (nothing before `notifications/initialized`, nothing
//! unadvertised, nothing lost to a full queue or a lag).

#[path = "resources_prompts/library.rs"]
mod library;
mod support;

use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::types::error_codes::{INVALID_PARAMS, METHOD_NOT_FOUND};
use tether_mcp::{Limits, Paginator, Server};

use library::{
    BIG, BIG_BYTES, DOCS, HookCalls, Library, NOTES, PAGES, full_capabilities, quiet_capabilities,
    server,
};
use support::{Kind, Peer, QUIET, schema::LEGACY};

/// -32002, resource not found on every legacy revision.
const RESOURCE_NOT_FOUND: i64 = -32002;

/// A session at `rev` on `server`.
async fn session(server: &Server<Library>, rev: &str) -> Peer {
    let mut peer = Peer::in_memory(server);
    peer.initialize(rev, json!({})).await;
    peer
}

fn library() -> (Server<Library>, HookCalls) {
    server(full_capabilities(), Limits::default())
}

/// Sends `method` and returns its result.
async fn ask(peer: &mut Peer, method: &str, params: Value) -> Value {
    let id = peer.fresh_id();
    peer.request(id.clone(), method, Some(params)).await;
    peer.expect_response(id).await
}

/// Sends `method` and expects error `code` naming every one of `words`.
async fn refused(peer: &mut Peer, method: &str, params: Value, code: i64, words: &[&str]) {
    let id = peer.fresh_id();
    peer.request(id.clone(), method, Some(params)).await;
    peer.expect_error_naming(Some(id), code, words).await;
}

/// Lets the server's tasks catch up (the peer cannot observe what it does not read).
async fn settle() {
    tokio::time::sleep(Duration::from_millis(200)).await;
}

fn uris(result: &Value) -> Vec<String> {
    result["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["uri"].as_str().unwrap_or_default().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Resources, prompts, completion

#[tokio::test]
async fn resources_list_pages_through_every_resource() {
    let (server, _) = library();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        let (mut pages, mut cursor) = (Vec::new(), None::<String>);
        loop {
            let params = cursor.map_or(json!({}), |c| json!({"cursor": c}));
            let result = ask(&mut peer, "resources/list", params).await;
            pages.push(uris(&result));
            match result.get("nextCursor") {
                Some(next) => cursor = Some(next.as_str().expect("a string cursor").to_owned()),
                None => break,
            }
        }
        let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 3, 1], "{rev}");
        let expected: Vec<String> = (0..DOCS).map(|i| format!("file:///docs/{i}.md")).collect();
        assert_eq!(pages.concat(), expected, "{rev}");
        // The empty cursor is valid: the first page.
        let first = ask(&mut peer, "resources/list", json!({"cursor": ""})).await;
        assert_eq!(uris(&first), pages[0], "{rev}");
        let templates = ask(&mut peer, "resources/templates/list", json!({})).await;
        assert_eq!(templates["resourceTemplates"][0]["uriTemplate"], NOTES);
        peer.finish().await;
    }
}

#[tokio::test]
async fn a_bad_cursor_is_invalid_params_naming_the_problem() {
    let (server, _) = library();
    let other_list = Paginator::new("prompts", 3).cursor(3);
    let other_version = PAGES.version(9).cursor(3);
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        for (cursor, words) in [
            ("not a cursor!", &["invalid cursor", "base64url"][..]),
            ("AAAA", &["invalid cursor", "length"]),
            (&other_list, &["invalid cursor", "another list"]),
            (&other_version, &["stale cursor", "version 9"]),
        ] {
            let params = json!({"cursor": cursor});
            refused(&mut peer, "resources/list", params, INVALID_PARAMS, words).await;
        }
        peer.ping().await;
        peer.finish().await;
    }
}

#[tokio::test]
async fn reads_a_listed_resource_and_a_template_match_and_misses_with_32002() {
    let (server, _) = library();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        for (uri, text) in [
            ("file:///docs/4.md", "contents of file:///docs/4.md"),
            (
                "notes://rust/tokio/select.md",
                "note on rust: tokio/select.md",
            ),
            ("notes://go/read%20me.md", "note on go: read me.md"),
        ] {
            let result = ask(&mut peer, "resources/read", json!({"uri": uri})).await;
            assert_eq!(result["contents"][0]["uri"], uri, "{rev}");
            assert_eq!(result["contents"][0]["text"], text, "{rev}");
        }
        for missing in ["file:///docs/99.md", "notes://rust", "notes://a b/c"] {
            let params = json!({"uri": missing});
            let words = ["not found", missing];
            refused(
                &mut peer,
                "resources/read",
                params,
                RESOURCE_NOT_FOUND,
                &words,
            )
            .await;
        }
        peer.finish().await;
    }
}

#[tokio::test]
async fn prompts_list_and_get_with_arguments() {
    let (server, _) = library();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        let list = ask(&mut peer, "prompts/list", json!({})).await;
        assert_eq!(list["prompts"][0]["name"], "greet", "{rev}");
        assert_eq!(list["prompts"][0]["arguments"][0]["required"], true);
        assert_eq!(list["prompts"][1]["name"], "summarize");
        let params = json!({"name": "greet", "arguments": {"name": "Ada", "style": "formal"}});
        let got = ask(&mut peer, "prompts/get", params).await;
        assert_eq!(got["messages"][0]["role"], "user", "{rev}");
        assert_eq!(got["messages"][0]["content"]["text"], "Good day, Ada.");
        let params = json!({"name": "greet", "arguments": {"name": "Bo"}});
        let got = ask(&mut peer, "prompts/get", params).await;
        assert_eq!(got["messages"][0]["content"]["text"], "Hello, Bo!");
        let missing = json!({"name": "greet", "arguments": {"style": "formal"}});
        refused(
            &mut peer,
            "prompts/get",
            missing,
            INVALID_PARAMS,
            &["`name`"],
        )
        .await;
        let unknown = json!({"name": "nope"});
        refused(&mut peer, "prompts/get", unknown, INVALID_PARAMS, &["nope"]).await;
        peer.finish().await;
    }
}

#[tokio::test]
async fn completion_of_a_prompt_argument_and_a_template_argument() {
    let (server, _) = library();
    for rev in LEGACY {
        let mut peer = Peer::in_memory(&server);
        let init = peer.initialize(rev, json!({})).await;
        // `completions` is a capability from 2025-03-26; 2024-11-05 has `completion/complete`
        // without one, so it is served there too.
        let advertised = init["capabilities"].get("completions").is_some();
        assert_eq!(advertised, rev >= "2025-03-26", "{rev}: {init}");

        let complete = |reference: Value, name: &str, value: &str| json!({"ref": reference, "argument": {"name": name, "value": value}});
        let greet = json!({"type": "ref/prompt", "name": "greet"});
        let notes = json!({"type": "ref/resource", "uri": NOTES});
        let values = |result: &Value| result["completion"]["values"].clone();

        let styles = ask(
            &mut peer,
            "completion/complete",
            complete(greet.clone(), "style", "f"),
        )
        .await;
        assert_eq!(
            values(&styles),
            json!(["formal", "friendly", "funny"]),
            "{rev}"
        );
        assert_eq!(styles["completion"]["total"], 3);
        let formal = ask(
            &mut peer,
            "completion/complete",
            complete(greet.clone(), "style", "fo"),
        )
        .await;
        assert_eq!(values(&formal), json!(["formal"]));
        let topics = ask(
            &mut peer,
            "completion/complete",
            complete(notes.clone(), "topic", "r"),
        )
        .await;
        assert_eq!(values(&topics), json!(["rust"]));
        let all = ask(
            &mut peer,
            "completion/complete",
            complete(notes.clone(), "path", ""),
        )
        .await;
        assert_eq!(all["completion"]["total"], 5, "{rev}");
        if rev >= "2025-06-18" {
            // `context` narrows the paths to the chosen topic.
            let mut params = complete(notes.clone(), "path", "t");
            params["context"] = json!({"arguments": {"topic": "rust"}});
            let narrowed = ask(&mut peer, "completion/complete", params).await;
            assert_eq!(
                values(&narrowed),
                json!(["traits.md", "tokio/select.md"]),
                "{rev}"
            );
        }
        let unknown = complete(json!({"type": "ref/prompt", "name": "nope"}), "x", "");
        refused(
            &mut peer,
            "completion/complete",
            unknown,
            INVALID_PARAMS,
            &["`x`"],
        )
        .await;
        peer.finish().await;
    }
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

#[tokio::test]
async fn a_resource_update_reaches_only_the_subscribed_session() {
    let (server, hooks) = library();
    let notifier = server.notifier();
    for rev in LEGACY {
        let mut watcher = session(&server, rev).await;
        let mut other = session(&server, rev).await;
        let sub = |uri: &str| json!({"uri": uri});
        assert_eq!(
            ask(
                &mut watcher,
                "resources/subscribe",
                sub("file:///docs/2.md")
            )
            .await,
            json!({})
        );
        assert_eq!(
            ask(&mut other, "resources/subscribe", sub("file:///docs/3.md")).await,
            json!({})
        );

        notifier.resource_updated("file:///docs/2.md");
        let params = watcher
            .expect_notification("notifications/resources/updated")
            .await;
        assert_eq!(params, json!({"uri": "file:///docs/2.md"}), "{rev}");
        watcher.expect_nothing_for(QUIET).await;
        other.expect_nothing_for(Duration::from_millis(50)).await;

        // The handler's hooks still run.
        let calls = hooks.lock().unwrap().clone();
        assert!(calls.contains(&("subscribe", "file:///docs/2.md".to_owned())));
        assert!(calls.contains(&("subscribe", "file:///docs/3.md".to_owned())));
        watcher.finish().await;
        other.finish().await;
    }
}

#[tokio::test]
async fn a_subscription_covers_sub_resources_and_ends_with_unsubscribe() {
    let (server, hooks) = library();
    let notifier = server.notifier();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        ask(
            &mut peer,
            "resources/subscribe",
            json!({"uri": "file:///docs/"}),
        )
        .await;
        // A sub-resource: notified with its own URI; a lookalike prefix: not notified.
        notifier.resource_updated("file:///docs2/x.md");
        notifier.resource_updated("file:///docs/5.md");
        let params = peer
            .expect_notification("notifications/resources/updated")
            .await;
        assert_eq!(params["uri"], "file:///docs/5.md", "{rev}");
        peer.expect_nothing_for(QUIET).await;

        ask(
            &mut peer,
            "resources/unsubscribe",
            json!({"uri": "file:///docs/"}),
        )
        .await;
        // Unsubscribing from a URI never subscribed is fine.
        ask(
            &mut peer,
            "resources/unsubscribe",
            json!({"uri": "file:///never"}),
        )
        .await;
        notifier.resource_updated("file:///docs/5.md");
        peer.expect_nothing_for(QUIET).await;
        let calls = hooks.lock().unwrap().clone();
        assert!(calls.contains(&("unsubscribe", "file:///never".to_owned())));
        peer.finish().await;
    }
}

#[tokio::test]
async fn a_subscription_the_handler_refuses_is_not_kept() {
    let (server, _) = library();
    let notifier = server.notifier();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        let params = json!({"uri": "secret://vault"});
        refused(
            &mut peer,
            "resources/subscribe",
            params,
            INVALID_PARAMS,
            &["vault"],
        )
        .await;
        notifier.resource_updated("secret://vault");
        peer.expect_nothing_for(QUIET).await;
        peer.finish().await;
    }
}

// ---------------------------------------------------------------------------------------------
// List-changed delivery

/// A one-message outbound queue, so that a stalled writer leaves no room at all.
fn one_slot() -> Limits {
    let mut limits = Limits::default();
    limits.outbound_capacity = 1;
    limits
}

/// Stalls the writer on an unread response larger than the duplex buffer (request `1`) and
/// fills the one-slot outbound queue with ping responses (`pings` of them wait).
async fn stall(peer: &mut Peer, pings: usize) -> Vec<Value> {
    peer.request(1, "resources/read", Some(json!({"uri": BIG})))
        .await;
    settle().await;
    let mut ids = Vec::new();
    for _ in 0..pings {
        let id = peer.fresh_id();
        peer.request(id.clone(), "ping", None).await;
        ids.push(id);
        settle().await;
    }
    ids
}

/// Reads what [`stall`] left queued.
async fn unstall(peer: &mut Peer, pings: Vec<Value>) {
    let big = peer.expect_response(1).await;
    let text = big["contents"][0]["text"].as_str().unwrap_or_default();
    assert_eq!(text.len(), BIG_BYTES);
    for id in pings {
        assert_eq!(peer.expect_response(id).await, json!({}));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_changes_coalesce_while_the_client_does_not_read() {
    let (server, _) = server(full_capabilities(), one_slot());
    let notifier = server.notifier();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        let pings = stall(&mut peer, 1).await;
        for _ in 0..5 {
            notifier.tools_list_changed();
        }
        for _ in 0..3 {
            notifier.prompts_list_changed();
            notifier.tools_list_changed();
        }
        settle().await;
        unstall(&mut peer, pings).await;
        // One of each kind, oldest kind first, then nothing.
        peer.expect_notification("notifications/tools/list_changed")
            .await;
        peer.expect_notification("notifications/prompts/list_changed")
            .await;
        peer.expect_nothing_for(QUIET).await;
        // Once sent, a kind is reported again.
        notifier.tools_list_changed();
        peer.expect_notification("notifications/tools/list_changed")
            .await;
        peer.finish().await;
    }
}

#[tokio::test]
async fn nothing_before_initialized_and_nothing_unadvertised() {
    let (server, _) = library();
    let notifier = server.notifier();
    let (quiet, _) = server_without_notifications();
    let quiet_notifier = quiet.notifier();
    let fire = |n: &tether_mcp::Notifier| {
        n.tools_list_changed();
        n.prompts_list_changed();
        n.resources_list_changed();
        n.resource_updated("file:///docs/0.md");
    };
    for rev in LEGACY {
        let mut peer = Peer::in_memory(&server);
        peer.initialize_only(rev, json!({})).await;
        fire(&notifier);
        peer.expect_nothing_for(QUIET).await;
        peer.notify("notifications/initialized", None).await;
        // A change before `initialized` is not reported afterwards either.
        peer.expect_nothing_for(QUIET).await;
        notifier.resources_list_changed();
        peer.expect_notification("notifications/resources/list_changed")
            .await;
        peer.expect_nothing_for(QUIET).await;
        peer.finish().await;

        // Without `listChanged` and `subscribe`: nothing, and subscribing is -32601.
        let mut peer = session(&quiet, rev).await;
        let params = json!({"uri": "file:///docs/0.md"});
        refused(
            &mut peer,
            "resources/subscribe",
            params,
            METHOD_NOT_FOUND,
            &["subscribe"],
        )
        .await;
        fire(&quiet_notifier);
        peer.expect_nothing_for(QUIET).await;
        peer.finish().await;
    }
}

fn server_without_notifications() -> (Server<Library>, HookCalls) {
    server(quiet_capabilities(), Limits::default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lag_marks_every_kind_pending_so_no_change_is_lost() {
    let (server, _) = server(full_capabilities(), one_slot());
    let notifier = server.notifier();
    for rev in LEGACY {
        let mut peer = session(&server, rev).await;
        ask(
            &mut peer,
            "resources/subscribe",
            json!({"uri": "file:///docs/"}),
        )
        .await;
        // The second ping's response has no room: the connection waits to write it and reads
        // no server events meanwhile, so 101 events overflow the 64-event broadcast.
        let pings = stall(&mut peer, 2).await;
        notifier.tools_list_changed();
        for i in 0..100 {
            notifier.resource_updated(format!("file:///docs/{i}.md"));
        }
        settle().await;
        unstall(&mut peer, pings).await;
        let messages = peer.drain_for(QUIET).await;
        let count = |method: &str| messages.iter().filter(|m| m.method() == method).count();
        assert!(
            messages.iter().all(|m| m.kind == Kind::Notification),
            "{rev}"
        );
        // The tools change was lost to the lag, and is reported all the same, once.
        assert_eq!(count("notifications/tools/list_changed"), 1, "{rev}");
        assert!(count("notifications/prompts/list_changed") <= 1);
        assert!(count("notifications/resources/list_changed") <= 1);
        let updated: Vec<&str> = messages
            .iter()
            .filter(|m| m.method() == "notifications/resources/updated")
            .filter_map(|m| m.params()["uri"].as_str())
            .collect();
        let mut distinct = updated.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            updated.len(),
            "each URI at most once: {updated:?}"
        );
        // Every subscription is reported after a lag, and the updates after it arrive.
        assert!(updated.contains(&"file:///docs/"), "{rev}: {updated:?}");
        assert!(
            updated.contains(&"file:///docs/99.md"),
            "{rev}: {updated:?}"
        );
        assert!(updated.len() < 101, "the lag did happen: {}", updated.len());
        peer.finish().await;
    }
}
