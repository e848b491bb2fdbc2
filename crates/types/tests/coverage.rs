//! Every definition of the five MCP schemas is accounted for by a Rust type.
//!
//! `support/mapping.rs` maps each definition name to the Rust type that models it, or says
//! which type it is merged into and why. The mapping's types are checked to exist at compile
//! time; this test checks the mapping against the schemas in both directions: no definition
//! is left out, and no entry names a definition that no schema has.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use support::mapping::mapping;

#[test]
fn every_schema_definition_maps_to_a_rust_type() {
    let names = support::all_definition_names();
    let entries = mapping();

    let mut seen = BTreeSet::new();
    let duplicates: Vec<&str> = entries
        .iter()
        .filter(|e| !seen.insert(e.schema))
        .map(|e| e.schema)
        .collect();
    let mapped: BTreeMap<&str, _> = entries.iter().map(|e| (e.schema, e)).collect();

    let missing: Vec<String> = names
        .iter()
        .filter(|(name, _)| !mapped.contains_key(*name))
        .map(|(name, revs)| format!("{name} ({})", revs.join(", ")))
        .collect();
    let stale: Vec<&str> = entries
        .iter()
        .filter(|e| !names.contains_key(e.schema))
        .map(|e| e.schema)
        .collect();
    let unexplained: Vec<&str> = entries
        .iter()
        .filter(|e| e.merged.is_some_and(|reason| reason.trim().is_empty()))
        .map(|e| e.schema)
        .collect();

    let merged = entries.iter().filter(|e| e.merged.is_some()).count();
    let same_name = entries
        .iter()
        .filter(|e| e.merged.is_none() && e.schema == e.rust)
        .count();
    let renamed: Vec<String> = entries
        .iter()
        .filter(|e| e.merged.is_none() && e.schema != e.rust)
        .map(|e| format!("{} => {}", e.schema, e.rust))
        .collect();
    println!(
        "{} schema definition names across {} revisions; {} mapped: {} to a type of the same \
         name, {} to a renamed type, {} merged",
        names.len(),
        support::REVISIONS.len(),
        entries.len(),
        same_name,
        renamed.len(),
        merged
    );
    for r in &renamed {
        println!("  renamed: {r}");
    }
    for e in entries.iter().filter(|e| e.merged.is_some()) {
        println!(
            "  merged: {} => {}: {}",
            e.schema,
            e.rust,
            e.merged.unwrap_or_default()
        );
    }

    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!(
            "{} schema definitions have no mapping entry (add `\"Name\" => Type` or \
             `\"Name\" => merged(Type, \"reason\")` to tests/support/mapping.rs):\n  {}",
            missing.len(),
            missing.join("\n  ")
        ));
    }
    if !stale.is_empty() {
        problems.push(format!(
            "{} mapping entries name no definition of any schema (stale):\n  {}",
            stale.len(),
            stale.join("\n  ")
        ));
    }
    if !duplicates.is_empty() {
        problems.push(format!(
            "duplicate mapping entries: {}",
            duplicates.join(", ")
        ));
    }
    if !unexplained.is_empty() {
        problems.push(format!(
            "merged entries without a reason: {}",
            unexplained.join(", ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schemas_hold_the_expected_definitions() {
    // Guards the coverage test against a wrong or truncated copy of the reference data.
    let per_revision: Vec<(&str, usize)> = support::REVISIONS
        .iter()
        .map(|&r| (r, support::definitions(r).len()))
        .collect();
    assert_eq!(
        per_revision,
        [
            ("2024-11-05", 79),
            ("2025-03-26", 83),
            ("2025-06-18", 91),
            ("2025-11-25", 145),
            ("2026-07-28", 155)
        ]
    );
    assert_eq!(support::all_definition_names().len(), 192);
}
