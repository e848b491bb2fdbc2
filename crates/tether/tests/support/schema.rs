//! Validation of every message the server writes against the *specific* definition of the
//! official JSON schema of the message's revision (`#/definitions/CallToolResult` of 2025-06-18,
//! `#/$defs/ElicitRequest` of 2025-11-25, `#/$defs/InputRequiredResult` of 2026-07-28, ...),
//! never against a union that accepts anything. Each revision's validators are compiled on
//! first use.
//!
//! The reference data lives beside the repository, in `<repo>/../shared/spec` (the types
//! crate's schema tests read the same files); it is found from `CARGO_MANIFEST_DIR`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

/// The legacy revisions, oldest first.
pub(crate) const LEGACY: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// The modern (stateless, per-request `_meta`) revision.
pub(crate) const MODERN: &str = "2026-07-28";

/// Every revision with a schema: the legacy ones, oldest first, then [`MODERN`].
pub(crate) const ALL: [&str; 5] = [LEGACY[0], LEGACY[1], LEGACY[2], LEGACY[3], MODERN];

fn spec_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        here.ancestors()
            .map(|dir| dir.join("shared/spec"))
            .find(|spec| spec.join("2025-11-25/schema.json").is_file())
            .unwrap_or_else(|| {
                panic!(
                    "the MCP reference data is missing: expected `shared/spec/<revision>/schema.json` \
                     in a folder above {}",
                    here.display()
                )
            })
    })
}

struct Revision {
    schema: Value,
    validators: jsonschema::ValidatorMap,
}

fn revision(rev: &str) -> &'static Revision {
    static REVISIONS: [OnceLock<Revision>; ALL.len()] = [const { OnceLock::new() }; ALL.len()];
    let index = ALL
        .iter()
        .position(|r| *r == rev)
        .unwrap_or_else(|| panic!("no schema for revision {rev:?}"));
    REVISIONS[index].get_or_init(|| {
        let path = spec_root().join(rev).join("schema.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let schema: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let validators = jsonschema::options()
            .build_map(&schema)
            .unwrap_or_else(|e| panic!("{rev}/schema.json does not compile: {e}"));
        Revision { schema, validators }
    })
}

fn defs_key(schema: &Value) -> &'static str {
    if schema.get("$defs").is_some() {
        "$defs"
    } else {
        "definitions"
    }
}

/// Whether revision `rev` defines `name`.
pub(crate) fn defines(rev: &str, name: &str) -> bool {
    let schema = &revision(rev).schema;
    schema
        .get(defs_key(schema))
        .and_then(|d| d.get(name))
        .is_some()
}

/// Validates `instance` against definition `name` of revision `rev`; the error lists every
/// violation with its location.
pub(crate) fn validate(rev: &str, name: &str, instance: &Value) -> Result<(), String> {
    let revision = revision(rev);
    if !defines(rev, name) {
        return Err(format!("revision {rev} has no definition `{name}`"));
    }
    let pointer = format!("#/{}/{name}", defs_key(&revision.schema));
    let validator = revision
        .validators
        .get(&pointer)
        .unwrap_or_else(|| panic!("{rev}: no compiled validator for {pointer}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| {
            let at = e.instance_path().to_string();
            let at = if at.is_empty() { "/".to_owned() } else { at };
            format!("at {at}: {e}")
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("invalid {rev} `{name}`: {}", errors.join("; ")))
    }
}
