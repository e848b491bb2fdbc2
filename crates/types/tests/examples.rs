//! Every example message of the 2026-07-28 specification round-trips through its Rust type.
//!
//! Each file of `shared/spec/2026-07-28/examples/<TypeName>/` is decoded (with
//! `tether_mcp_types::decode::from_str`, so a failure names the field) into the type its folder
//! names, serialized back, and compared with the original JSON: numbers numerically (`1` and
//! `1.0` are equal), member order ignored, nothing lost and nothing added.

mod support;

use std::collections::BTreeSet;

use support::example_types::{FOLDERS, reencode_example};

#[test]
fn every_example_round_trips_through_its_type() {
    let examples = support::examples();
    let mut failures = Vec::new();
    let mut unmapped = BTreeSet::new();
    let mut folders = BTreeSet::new();
    let mut ok = 0;
    for ex in examples {
        folders.insert(ex.folder.as_str());
        let original: serde_json::Value = serde_json::from_str(&ex.text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", ex.name()));
        match reencode_example(&ex.folder, &ex.text) {
            None => {
                unmapped.insert(ex.folder.as_str());
            }
            Some(Err(e)) => failures.push(format!("{}: {e}", ex.name())),
            Some(Ok(back)) => match support::json_diff(&original, &back) {
                Some(diff) => failures.push(format!("{}: round trip differs: {diff}", ex.name())),
                None => ok += 1,
            },
        }
    }
    println!(
        "{ok} of {} examples in {} folders round-tripped ({} failed, {} in folders without a type)",
        examples.len(),
        folders.len(),
        failures.len(),
        examples.len() - ok - failures.len()
    );
    let mut problems = Vec::new();
    if !unmapped.is_empty() {
        problems.push(format!(
            "example folders without an entry in tests/support/example_types.rs: {}",
            unmapped.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !failures.is_empty() {
        problems.push(format!(
            "{} examples failed to round-trip:\n  {}",
            failures.len(),
            failures.join("\n  ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_dispatch_table_has_no_stale_folders() {
    let present: BTreeSet<&str> = support::examples()
        .iter()
        .map(|e| e.folder.as_str())
        .collect();
    let stale: Vec<&str> = FOLDERS
        .iter()
        .copied()
        .filter(|f| !present.contains(f))
        .collect();
    assert!(
        stale.is_empty(),
        "dispatch entries for folders that do not exist: {stale:?}"
    );
}

#[test]
fn the_comparison_is_numeric_and_strict() {
    use serde_json::json;
    assert_eq!(
        support::json_diff(&json!({"a": 1, "b": [2]}), &json!({"b": [2.0], "a": 1.0})),
        None
    );
    assert!(support::json_diff(&json!({"a": 1}), &json!({"a": 1.5})).is_some());
    assert!(support::json_diff(&json!({"a": 1}), &json!({"a": 1, "b": null})).is_some());
    assert!(support::json_diff(&json!({"a": null}), &json!({})).is_some());
    assert!(support::json_diff(&json!([1, 2]), &json!([1])).is_some());
    assert!(support::json_diff(&json!("1"), &json!(1)).is_some());
    assert!(support::json_diff(&json!(-1), &json!(18446744073709551615_u64)).is_some());
    let diff = support::json_diff(&json!({"x": {"y": [true]}}), &json!({"x": {"y": [false]}}));
    assert_eq!(diff.as_deref(), Some("/x/y/0: expected true, got false"));
}
