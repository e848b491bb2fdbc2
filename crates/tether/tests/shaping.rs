//! End-to-end: what a handler returns with the newest wire types reaches a client of each
//! legacy revision shaped for that revision (`crate::shape`). The handler (`shaping/showcase.rs`)
//! answers with titles, icons, `_meta`, audio, resource links, embedded resources, object and
//! array structured content, output schemas, tool annotations and `execution`, and the
//! 2026-07-28 result members, at every revision. The scripted peer validates every message
//! against the definition of the session's revision (and rejects any `resultType`); the tests
//! also assert the shaped members exactly, since the schemas allow additional properties and so
//! cannot see a stray `title` or `icons`.
//!
//! The negative controls at the end validate the same answers *unshaped* against the older
//! schemas and show that they fail, so the peer's validation of the shaped answers is not
//! vacuous.

#[path = "shaping/showcase.rs"]
mod showcase;
mod support;

use serde_json::{Value, json};
use tether_mcp::prelude::*;

use showcase::{raw, server, typed};
use support::{Peer, schema};

/// A session at `rev` with the showcase server.
async fn session(rev: &str) -> Peer {
    let mut peer = Peer::in_memory(&server());
    peer.initialize(rev, json!({})).await;
    peer
}

/// Sends `method` and returns its (validated) result.
async fn ask(peer: &mut Peer, method: &str, params: Option<Value>) -> Value {
    let id = peer.fresh_id();
    peer.request(id.clone(), method, params).await;
    peer.expect_response(id).await
}

async fn call(peer: &mut Peer, tool: &str) -> Value {
    let params = json!({"name": tool, "arguments": {}});
    ask(peer, "tools/call", Some(params)).await
}

/// The member names of an object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// `names`, sorted, as owned strings (to compare with [`keys`]).
fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

/// `value` without the members `drop`.
fn without(value: &Value, drop: &[&str]) -> Value {
    let mut value = value.clone();
    if let Some(object) = value.as_object_mut() {
        for member in drop {
            object.remove(*member);
        }
    }
    value
}

/// Revisions are ISO dates: they order as strings.
fn from(rev: &str, since: &str) -> bool {
    rev >= since
}

const MODERN_MEMBERS: [&str; 3] = ["resultType", "ttlMs", "cacheScope"];

#[tokio::test]
async fn server_info_is_shaped_per_revision() {
    for rev in schema::LEGACY {
        let mut peer = Peer::in_memory(&server());
        let result = peer.initialize(rev, json!({})).await;
        let expected = match rev {
            "2024-11-05" | "2025-03-26" => json!({"name": "showcase", "version": "1.0.0"}),
            "2025-06-18" => json!({"name": "showcase", "title": "Showcase", "version": "1.0.0"}),
            _ => raw::server_info(),
        };
        assert_eq!(result["serverInfo"], expected, "{rev}");
        peer.finish().await;
    }
}

#[tokio::test]
async fn tools_list_is_shaped_per_revision() {
    let raw = raw::tools();
    for rev in schema::LEGACY {
        let mut peer = session(rev).await;
        let result = ask(&mut peer, "tools/list", None).await;
        assert_eq!(keys(&result), ["tools"], "{rev}: no 2026-07-28 members");

        let weather = &result["tools"][0];
        let mut expected = vec!["description", "inputSchema", "name", "x-vendor"];
        if from(rev, "2025-03-26") {
            expected.push("annotations");
        }
        if from(rev, "2025-06-18") {
            expected.extend(["_meta", "outputSchema", "title"]);
        }
        if from(rev, "2025-11-25") {
            expected.extend(["execution", "icons"]);
        }
        assert_eq!(keys(weather), sorted(&expected), "{rev}: {weather}");
        for member in keys(weather) {
            assert_eq!(
                weather[&member], raw["tools"][0][&member],
                "{rev}: {member}"
            );
        }

        let numbers = &result["tools"][1];
        assert!(
            numbers.get("outputSchema").is_none(),
            "{rev}: an array output schema is never sent to a legacy client"
        );
        assert_eq!(numbers.get("title").is_some(), from(rev, "2025-06-18"));
        assert_eq!(
            result["tools"][2], raw["tools"][2],
            "{rev}: nothing to shape"
        );
        peer.finish().await;
    }
}

#[tokio::test]
async fn tool_results_are_shaped_per_revision() {
    let raw = raw::weather();
    for rev in schema::LEGACY {
        let mut peer = session(rev).await;
        let result = call(&mut peer, "weather").await;
        let content = &raw["content"];
        let text = if from(rev, "2025-06-18") {
            content[0].clone()
        } else {
            json!({"type": "text", "text": "Sunny, 22.5 °C", "annotations": {"audience": ["user"]}})
        };
        let audio = if from(rev, "2025-03-26") {
            content[1].clone()
        } else {
            json!({"type": "text", "text": "[audio omitted: audio/wav, 12 bytes]"})
        };
        let link = match rev {
            "2024-11-05" | "2025-03-26" => json!({"type": "text",
                "text": "[resource link: forecast <file:///forecast.pdf>, application/pdf]"}),
            "2025-06-18" => without(&content[2], &["icons"]),
            _ => content[2].clone(),
        };
        let embedded = if from(rev, "2025-06-18") {
            content[3].clone()
        } else {
            json!({"type": "resource",
                   "resource": {"uri": "file:///raw.csv", "mimeType": "text/csv", "text": "t\n22.5"}})
        };
        let expected = if from(rev, "2025-06-18") {
            json!({"content": [text, audio, link, embedded],
                   "structuredContent": raw["structuredContent"]})
        } else {
            let data = json!({"type": "text", "text": "{\"temperature\":22.5,\"unit\":\"C\"}"});
            json!({"content": [text, audio, link, embedded, data]})
        };
        assert_eq!(result, expected, "{rev}");

        let numbers = call(&mut peer, "numbers").await;
        let content = json!([{"type": "text", "text": "[1, 2, 3]"}]);
        let expected = if from(rev, "2025-06-18") {
            json!({"content": content, "structuredContent": {"result": [1, 2, 3]}})
        } else {
            json!({"content": content})
        };
        assert_eq!(numbers, expected, "{rev}: the text already holds the array");

        let hologram = call(&mut peer, "hologram").await;
        assert_eq!(
            hologram,
            json!({"content": [{"type": "text",
                                "text": "[content omitted: unsupported type \"hologram\"]"}]}),
            "{rev}"
        );

        let failing = call(&mut peer, "failing").await;
        let raw_failing = raw::failing();
        let audio = if from(rev, "2025-03-26") {
            raw_failing["content"][0].clone()
        } else {
            json!({"type": "text", "text": "[audio omitted: audio/ogg, 3 bytes]"})
        };
        let link = if from(rev, "2025-06-18") {
            raw_failing["content"][1].clone()
        } else {
            json!({"type": "text", "text": "[resource link: crash.log <file:///crash.log>]"})
        };
        assert_eq!(
            failing,
            json!({"content": [audio, link], "isError": true}),
            "{rev}: an execution failure's content is shaped too"
        );
        peer.finish().await;
    }
}

#[tokio::test]
async fn prompts_are_shaped_per_revision() {
    let raw_list = raw::prompts();
    let raw_get = raw::prompt();
    for rev in schema::LEGACY {
        let mut peer = session(rev).await;
        let list = ask(&mut peer, "prompts/list", None).await;
        assert_eq!(keys(&list), ["prompts"], "{rev}");
        let prompt = &list["prompts"][0];
        let mut expected = vec!["arguments", "description", "name"];
        if from(rev, "2025-06-18") {
            expected.extend(["_meta", "title"]);
        }
        if from(rev, "2025-11-25") {
            expected.push("icons");
        }
        assert_eq!(keys(prompt), sorted(&expected), "{rev}: {prompt}");
        let argument = &raw_list["prompts"][0]["arguments"][0];
        let expected_argument = if from(rev, "2025-06-18") {
            argument.clone()
        } else {
            without(argument, &["title"])
        };
        assert_eq!(prompt["arguments"][0], expected_argument, "{rev}");

        let params = json!({"name": "review", "arguments": {"code": "fn main() {}"}});
        let get = ask(&mut peer, "prompts/get", Some(params)).await;
        let messages = &raw_get["messages"];
        let audio = if from(rev, "2025-03-26") {
            messages[1]["content"].clone()
        } else {
            json!({"type": "text", "text": "[audio omitted: audio/wav, 12 bytes]"})
        };
        let link = if from(rev, "2025-06-18") {
            messages[2]["content"].clone()
        } else {
            json!({"type": "text",
                   "text": "[resource link: main.rs <file:///main.rs>, text/x-rust]"})
        };
        let embedded = if from(rev, "2025-06-18") {
            json!({"type": "resource",
                   "resource": {"uri": "file:///lib.so", "blob": "AAAA", "_meta": {"arch": "x86"}},
                   "annotations": {"priority": 1.0, "lastModified": raw::DATE}})
        } else {
            json!({"type": "resource", "resource": {"uri": "file:///lib.so", "blob": "AAAA"},
                   "annotations": {"priority": 1.0}})
        };
        let expected = json!({
            "description": "A review.",
            "messages": [
                messages[0],
                {"role": "user", "content": audio},
                {"role": "assistant", "content": link},
                {"role": "user", "content": embedded},
            ],
        });
        assert_eq!(get, expected, "{rev}");
        peer.finish().await;
    }
}

#[tokio::test]
async fn resources_are_shaped_per_revision() {
    let raw_list = raw::resources();
    let raw_templates = raw::templates();
    for rev in schema::LEGACY {
        let mut peer = session(rev).await;
        let dated = from(rev, "2025-06-18");

        let list = ask(&mut peer, "resources/list", None).await;
        assert_eq!(keys(&list), ["resources"], "{rev}");
        let resource = &list["resources"][0];
        let mut expected = vec![
            "annotations",
            "description",
            "mimeType",
            "name",
            "size",
            "uri",
        ];
        if dated {
            expected.extend(["_meta", "title"]);
        }
        if from(rev, "2025-11-25") {
            expected.push("icons");
        }
        assert_eq!(keys(resource), sorted(&expected), "{rev}: {resource}");
        assert_eq!(
            resource["size"], 120,
            "{rev}: `size` exists at every revision"
        );
        let annotations = &raw_list["resources"][0]["annotations"];
        let expected_annotations = if dated {
            annotations.clone()
        } else {
            without(annotations, &["lastModified"])
        };
        assert_eq!(resource["annotations"], expected_annotations, "{rev}");

        let templates = ask(&mut peer, "resources/templates/list", None).await;
        assert_eq!(keys(&templates), ["resourceTemplates"], "{rev}");
        let template = &templates["resourceTemplates"][0];
        let mut expected = vec!["annotations", "mimeType", "name", "uriTemplate"];
        if dated {
            expected.extend(["_meta", "title"]);
        }
        if from(rev, "2025-11-25") {
            expected.push("icons");
        }
        assert_eq!(keys(template), sorted(&expected), "{rev}: {template}");
        let annotations = &raw_templates["resourceTemplates"][0]["annotations"];
        let expected_annotations = if dated {
            annotations.clone()
        } else {
            without(annotations, &["lastModified"])
        };
        assert_eq!(template["annotations"], expected_annotations, "{rev}");

        let read = ask(
            &mut peer,
            "resources/read",
            Some(json!({"uri": "file:///notes.txt"})),
        )
        .await;
        let contents = &raw::read()["contents"];
        let expected_contents = if dated {
            contents.clone()
        } else {
            json!([without(&contents[0], &["_meta"])])
        };
        assert_eq!(read, json!({"contents": expected_contents}), "{rev}");
        peer.finish().await;
    }
}

#[tokio::test]
async fn completion_results_carry_no_modern_members() {
    for rev in schema::LEGACY {
        let mut peer = session(rev).await;
        let params = json!({"ref": {"type": "ref/prompt", "name": "review"},
                            "argument": {"name": "code", "value": "r"}});
        let result = ask(&mut peer, "completion/complete", Some(params)).await;
        assert_eq!(
            result,
            without(&raw::completion(), &MODERN_MEMBERS),
            "{rev}"
        );
        peer.finish().await;
    }
}

// -------------------------------------------------------------------------------------------
// Negative controls: the handler's answers, serialized without shaping, against the schemas.

/// What the server would write for `raw` (as wire type `T`) if it did not shape it.
fn unshaped<T: serde::Serialize + serde::de::DeserializeOwned>(raw: Value) -> Value {
    serde_json::to_value(typed::<T>(raw)).expect("serializable")
}

#[track_caller]
fn assert_invalid(rev: &str, definition: &str, value: &Value, why: &str) {
    match schema::validate(rev, definition, value) {
        Err(e) => assert!(e.contains(rev), "{e}"),
        Ok(()) => panic!("{rev} `{definition}` accepted the unshaped answer ({why}): {value}"),
    }
}

#[track_caller]
fn assert_valid(rev: &str, definition: &str, value: &Value) {
    if let Err(e) = schema::validate(rev, definition, value) {
        panic!("{e}");
    }
}

#[test]
fn unshaped_tool_results_fail_the_older_schemas() {
    let weather = unshaped::<CallToolResult>(raw::weather());
    assert_invalid("2024-11-05", "CallToolResult", &weather, "audio");
    let no_audio = {
        let mut v = weather.clone();
        if let Some(content) = v["content"].as_array_mut() {
            content.remove(1);
        }
        v
    };
    assert_invalid("2024-11-05", "CallToolResult", &no_audio, "resource_link");
    assert_invalid("2025-03-26", "CallToolResult", &weather, "resource_link");
    // The same answer is valid where every member exists: the validator is not rejecting
    // everything (additional members such as `resultType` are allowed by the schemas; the peer
    // rejects that one by name).
    assert_valid("2025-06-18", "CallToolResult", &weather);
    assert_valid("2025-11-25", "CallToolResult", &weather);

    let numbers = unshaped::<CallToolResult>(raw::numbers());
    for rev in ["2025-06-18", "2025-11-25"] {
        assert_invalid(rev, "CallToolResult", &numbers, "array structuredContent");
    }
    let hologram = unshaped::<CallToolResult>(raw::hologram());
    for rev in schema::LEGACY {
        assert_invalid(rev, "CallToolResult", &hologram, "an unknown content kind");
    }
    let failing = unshaped::<CallToolResult>(raw::failing());
    assert_invalid("2024-11-05", "CallToolResult", &failing, "audio");
    assert_invalid("2025-03-26", "CallToolResult", &failing, "resource_link");
}

#[test]
fn unshaped_tool_lists_and_prompts_fail_the_older_schemas() {
    let tools = unshaped::<ListToolsResult>(raw::tools());
    for rev in ["2025-06-18", "2025-11-25"] {
        assert_invalid(rev, "ListToolsResult", &tools, "an array outputSchema");
    }
    let prompt = unshaped::<GetPromptResult>(raw::prompt());
    assert_invalid("2024-11-05", "GetPromptResult", &prompt, "audio");
    assert_invalid("2025-03-26", "GetPromptResult", &prompt, "resource_link");
    assert_valid("2025-06-18", "GetPromptResult", &prompt);
    assert_valid("2025-11-25", "GetPromptResult", &prompt);
}
