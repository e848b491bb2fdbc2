//! What the Rust types write is valid against the official JSON schemas, revision by revision.
//!
//! Messages are validated against the *specific* definition of their type in the schema of
//! their revision (`#/definitions/CallToolResult` of 2025-06-18, `#/$defs/DiscoverResult` of
//! 2026-07-28, ...), never against the unions (`ServerResult`, `ClientRequest`,
//! `JSONRPCMessage`, ...) that accept any message of their kind. Three sources:
//!
//! - every 2026-07-28 example, decoded into its Rust type and serialized again;
//! - for each of the five revisions, typed Rust values built here: a realistic message for
//!   every request, notification, result and content type that revision has;
//! - negative controls: broken messages that the same validators must reject, so that a
//!   validator that accepts everything (a definition that did not resolve, a wrong draft) is
//!   caught.
//!
//! No definition of any of the five schemas sets `additionalProperties: false`, so the
//! `jsonrpc`/`id` members our typed requests always write are allowed by the older revisions'
//! `{method, params}` request definitions; `no_definition_forbids_additional_members` keeps
//! that assumption checked.

#[path = "../support/mod.rs"]
mod support;

mod builders;
mod fixtures;
mod negative;
mod revisions;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use tether_mcp_types::{CallToolResult, ContentBlock, ListToolsResult, ResultType};

use crate::builders::{audio, to_json, tool};
use crate::fixtures::{Kind, fixtures, validate_fixtures};
use crate::negative::negative_controls;
use crate::revisions::{ALL_REVS, Rev::R2025_11_25};

#[test]
fn every_example_reencoded_is_valid_against_its_2026_definition() {
    let rev = support::EXAMPLES_REVISION;
    let mut failures = Vec::new();
    let mut validated = 0;
    let mut originals_invalid = Vec::new();
    for ex in support::examples() {
        assert!(
            support::definition(rev, &ex.folder).is_some(),
            "example folder {} names no definition of {rev}",
            ex.folder
        );
        let original: Value = serde_json::from_str(&ex.text).expect("examples are JSON");
        if let Err(e) = support::validate(rev, &ex.folder, &original) {
            originals_invalid.push(format!("{}: {e}", ex.name()));
        }
        match support::example_types::reencode_example(&ex.folder, &ex.text) {
            None => failures.push(format!("{}: no entry in the dispatch table", ex.name())),
            // Decoding failures are reported (with the field) by examples.rs.
            Some(Err(e)) => failures.push(format!("{}: {e}", ex.name())),
            Some(Ok(back)) => {
                validated += 1;
                if let Err(e) = support::validate(rev, &ex.folder, &back) {
                    failures.push(format!(
                        "{} re-encoded, against #{}: {e}",
                        ex.name(),
                        ex.folder
                    ));
                }
            }
        }
    }
    println!(
        "{rev}: {validated} of {} re-encoded examples validated against their own definition; \
         {} failures",
        support::examples().len(),
        failures.len()
    );
    assert!(
        originals_invalid.is_empty(),
        "examples that are not valid against their own definition as published (the reference \
         data, not our types, is at fault):\n  {}",
        originals_invalid.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{} examples failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn typed_fixtures_are_valid_against_their_definitions_in_every_revision() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for rev in ALL_REVS {
        let (fixtures, validations, mut fails) = validate_fixtures(rev);
        report.push(format!(
            "{}: {fixtures} messages, {validations} validations",
            rev.name()
        ));
        failures.append(&mut fails);
    }
    println!("typed fixtures: {}", report.join("; "));
    assert!(
        failures.is_empty(),
        "{} fixture validations failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn fixtures_cover_every_message_definition_of_each_revision() {
    // Every request, notification, result and content definition a revision has gets a fixture,
    // so a revision's message cannot be left out unnoticed.
    let is_message = |name: &str| {
        (name.ends_with("Request")
            || name.ends_with("Notification")
            || name.ends_with("Result")
            || name.ends_with("Content")
            || name.ends_with("ResultResponse")
            || name.ends_with("Error"))
            && !support::is_union(name)
    };
    // Bases and abstract shapes that no concrete message is an instance of on its own.
    let abstract_defs = [
        "Request",
        "Notification",
        "Result",
        "PaginatedRequest",
        "PaginatedResult",
        "CacheableResult",
    ];
    let mut missing = Vec::new();
    for rev in ALL_REVS {
        let set = fixtures(rev);
        let mut covered: std::collections::BTreeSet<&str> =
            set.items.iter().map(|f| f.def).collect();
        for fx in &set.items {
            covered.insert(match fx.kind {
                Kind::Request => "JSONRPCRequest",
                Kind::Notification => "JSONRPCNotification",
                Kind::Result => rev.result_response_def(),
                Kind::Other => fx.def,
            });
        }
        for name in support::definitions(rev.name()).keys() {
            if is_message(name)
                && !abstract_defs.contains(&name.as_str())
                && !covered.contains(name.as_str())
            {
                missing.push(format!("{} {name}", rev.name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "message definitions without a typed fixture:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn no_definition_forbids_additional_members() {
    // Our typed requests always write `jsonrpc` and `id`, which the older revisions' request
    // definitions do not list; that is valid only while no definition closes its members.
    fn closed(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if o.get("additionalProperties") == Some(&Value::Bool(false))
                    || o.get("unevaluatedProperties") == Some(&Value::Bool(false))
                {
                    out.push(path.to_owned());
                }
                for (k, v) in o {
                    closed(v, &format!("{path}/{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    closed(v, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for rev in support::REVISIONS {
        closed(support::schema(rev), rev, &mut found);
    }
    assert!(
        found.is_empty(),
        "definitions that forbid additional members: {found:?}"
    );
}

#[test]
fn validators_resolve_their_definition() {
    // A validator that accepts everything would make every check above vacuous: every
    // definition with required members must reject `{}`, and every object definition a string.
    let mut checked = 0;
    let mut problems = Vec::new();
    for rev in support::REVISIONS {
        for (name, def) in support::definitions(rev) {
            if support::is_union(name) {
                continue;
            }
            let required = def
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| !r.is_empty());
            if required {
                checked += 1;
                if support::is_valid(rev, name, &json!({})) {
                    problems.push(format!("{rev} #{name} accepts {{}}"));
                }
            }
            if def.get("type") == Some(&json!("object")) {
                checked += 1;
                if support::is_valid(rev, name, &json!("not an object")) {
                    problems.push(format!("{rev} #{name} accepts a string"));
                }
            }
        }
    }
    println!("{checked} resolution checks");
    assert!(
        checked > 300,
        "too few definitions checked ({checked}): is the reference data complete?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn negative_controls_are_rejected() {
    let controls = negative_controls();
    let mut per_def: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for n in &controls {
        let r = n.rev.name();
        *per_def.entry((r, n.def)).or_default() += 1;
        if let Err(e) = support::validate(r, n.def, &n.base) {
            problems.push(format!(
                "{r} #{} ({}): the unbroken message is already invalid: {e}",
                n.def, n.what
            ));
            continue;
        }
        if support::is_valid(r, n.def, &n.broken) {
            problems.push(format!(
                "{r} #{}: accepted a broken message ({}): {}",
                n.def, n.what, n.broken
            ));
        }
    }
    println!(
        "{} negative controls over {} (revision, definition) pairs",
        controls.len(),
        per_def.len()
    );
    assert!(
        per_def.len() >= 15,
        "at least 15 definitions need a negative control"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn revision_differences_are_real() {
    // The same typed message is valid in one revision and not in another: the validators do
    // tell the revisions apart.
    let with_array = to_json(&CallToolResult {
        result_type: Some(ResultType::Complete),
        content: vec![ContentBlock::text("two users")],
        structured_content: Some(json!([{"id": "1"}, {"id": "2"}])),
        ..Default::default()
    });
    assert!(support::is_valid(
        "2026-07-28",
        "CallToolResult",
        &with_array
    ));
    assert!(!support::is_valid(
        "2025-06-18",
        "CallToolResult",
        &with_array
    ));

    let with_audio = to_json(&CallToolResult {
        content: vec![ContentBlock::Audio(audio())],
        ..Default::default()
    });
    assert!(support::is_valid(
        "2025-03-26",
        "CallToolResult",
        &with_audio
    ));
    assert!(!support::is_valid(
        "2024-11-05",
        "CallToolResult",
        &with_audio
    ));

    // A legacy result (no resultType, no cache hints) is valid before 2026-07-28 only.
    let legacy = to_json(&ListToolsResult {
        tools: vec![tool(R2025_11_25)],
        ..Default::default()
    });
    assert!(support::is_valid("2025-11-25", "ListToolsResult", &legacy));
    assert!(!support::is_valid("2026-07-28", "ListToolsResult", &legacy));
}
