//! Helpers shared by the spec-conformance tests (`coverage.rs`, `examples.rs`,
//! `schema_validation.rs`): locating the reference data, loading the five schemas, building
//! (once) validators for a specific definition, numeric-aware JSON comparison and the
//! example-folder → Rust type dispatch table.
//!
//! The reference data lives beside the repository, in `<repo>/../shared/spec`; it is found
//! relative to `CARGO_MANIFEST_DIR`, never by an absolute path.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub(crate) mod example_types;
pub(crate) mod mapping;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

/// The five revisions, oldest first.
pub(crate) const REVISIONS: [&str; 5] = [
    "2024-11-05",
    "2025-03-26",
    "2025-06-18",
    "2025-11-25",
    "2026-07-28",
];

/// The revision whose folder holds the example messages.
pub(crate) const EXAMPLES_REVISION: &str = "2026-07-28";

/// The number of example files the 2026-07-28 folder holds; fewer means a broken path or a
/// truncated copy, which would make the tests vacuous.
pub(crate) const EXPECTED_EXAMPLE_FILES: usize = 129;

/// `<repo>/../shared/spec`, or a panic that says where it was looked for.
pub(crate) fn spec_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // crates/types -> crates -> <repo> -> <repo>/..
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec");
        assert!(
            root.join(REVISIONS[0]).join("schema.json").is_file(),
            "the MCP reference data is missing: expected the folder `shared/spec` beside the \
             repository, with `<revision>/schema.json` for each revision (looked in {}).",
            root.display()
        );
        root.canonicalize().unwrap_or(root)
    })
}

/// The parsed `schema.json` of a revision (read once).
pub(crate) fn schema(rev: &str) -> &'static Value {
    static SCHEMAS: OnceLock<BTreeMap<&'static str, Value>> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        REVISIONS
            .iter()
            .map(|&r| {
                let path = spec_root().join(r).join("schema.json");
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                let value: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
                (r, value)
            })
            .collect()
    });
    all.get(rev)
        .unwrap_or_else(|| panic!("unknown revision {rev}"))
}

/// The member holding the definitions: `definitions` (draft-07) or `$defs` (2020-12).
pub(crate) fn defs_key(rev: &str) -> &'static str {
    if schema(rev).get("$defs").is_some() {
        "$defs"
    } else {
        "definitions"
    }
}

/// The definitions of a revision.
pub(crate) fn definitions(rev: &str) -> &'static serde_json::Map<String, Value> {
    schema(rev)
        .get(defs_key(rev))
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{rev}/schema.json has no `{}` object", defs_key(rev)))
}

/// The definition `name` of a revision, or `None`.
pub(crate) fn definition(rev: &str, name: &str) -> Option<&'static Value> {
    definitions(rev).get(name)
}

/// Every definition name of every revision, with the revisions that define it.
pub(crate) fn all_definition_names() -> BTreeMap<&'static str, Vec<&'static str>> {
    let mut names: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
    for rev in REVISIONS {
        for name in definitions(rev).keys() {
            names.entry(name.as_str()).or_default().push(rev);
        }
    }
    names
}

/// The validators of every definition of a revision, compiled once.
///
/// `jsonschema::options().build_map` compiles the whole document (with the draft its `$schema`
/// names: draft-07 for the three oldest revisions, 2020-12 for the others) and keys a
/// validator for each subschema by its URI-fragment pointer, so `#/$defs/CallToolResult` is a
/// validator for exactly that definition, with every `$ref` resolved against the document.
fn validator_map(rev: &str) -> &'static jsonschema::ValidatorMap {
    static MAPS: OnceLock<BTreeMap<&'static str, jsonschema::ValidatorMap>> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        REVISIONS
            .iter()
            .map(|&r| {
                let map = jsonschema::options()
                    .build_map(schema(r))
                    .unwrap_or_else(|e| panic!("{r}/schema.json does not compile: {e}"));
                (r, map)
            })
            .collect()
    });
    maps.get(rev)
        .unwrap_or_else(|| panic!("unknown revision {rev}"))
}

/// The validator of definition `name` of revision `rev`. Panics when the revision does not
/// define it, and refuses the union definitions that accept any message of their kind.
pub(crate) fn validator(rev: &str, name: &str) -> &'static jsonschema::Validator {
    assert!(
        !is_union(name),
        "validating against the union `{name}` proves nothing: use the specific definition"
    );
    assert!(
        definition(rev, name).is_some(),
        "{rev} has no definition `{name}`"
    );
    let pointer = format!("#/{}/{name}", defs_key(rev));
    validator_map(rev)
        .get(&pointer)
        .unwrap_or_else(|| panic!("{rev}: no compiled validator for {pointer}"))
}

/// The definitions that are unions of whole message kinds: validating against them says little.
pub(crate) fn is_union(name: &str) -> bool {
    matches!(
        name,
        "JSONRPCMessage"
            | "ClientRequest"
            | "ServerRequest"
            | "ClientNotification"
            | "ServerNotification"
            | "ClientResult"
            | "ServerResult"
    )
}

/// Validates `instance` against definition `name` of `rev`; the error lists every violation
/// with its location.
pub(crate) fn validate(rev: &str, name: &str, instance: &Value) -> Result<(), String> {
    let v = validator(rev, name);
    let errors: Vec<String> = v
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
        Err(errors.join("; "))
    }
}

/// Whether `instance` is valid against definition `name` of `rev`.
pub(crate) fn is_valid(rev: &str, name: &str, instance: &Value) -> bool {
    validator(rev, name).is_valid(instance)
}

/// Compares two JSON values, numbers numerically (`1` equals `1.0`), object member order
/// ignored. Returns a description of the first difference, naming its path.
pub(crate) fn json_diff(expected: &Value, actual: &Value) -> Option<String> {
    let mut out = String::new();
    diff_at("", expected, actual, &mut out);
    if out.is_empty() { None } else { Some(out) }
}

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s
    }
}

fn diff_at(path: &str, expected: &Value, actual: &Value, out: &mut String) {
    let here = if path.is_empty() { "(root)" } else { path };
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            if !numbers_equal(a, b) {
                let _ = write!(out, "{here}: expected {a}, got {b}");
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = format!("{path}/{k}");
                match b.get(k) {
                    None => {
                        let _ =
                            write!(out, "{p}: missing after the round trip (was {})", short(va));
                        return;
                    }
                    Some(vb) => {
                        diff_at(&p, va, vb, out);
                        if !out.is_empty() {
                            return;
                        }
                    }
                }
            }
            if let Some((k, vb)) = b.iter().find(|(k, _)| !a.contains_key(*k)) {
                let _ = write!(out, "{path}/{k}: added by the round trip ({})", short(vb));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                diff_at(&format!("{path}/{i}"), va, vb, out);
                if !out.is_empty() {
                    return;
                }
            }
            if a.len() != b.len() {
                let _ = write!(out, "{here}: expected {} items, got {}", a.len(), b.len());
            }
        }
        (a, b) => {
            if a != b {
                let _ = write!(out, "{here}: expected {}, got {}", short(a), short(b));
            }
        }
    }
}

/// One example message of the 2026-07-28 examples folder.
pub(crate) struct Example {
    /// The folder, which names the type.
    pub(crate) folder: String,
    /// The file name.
    pub(crate) file: String,
    /// The text as stored.
    pub(crate) text: String,
}

impl Example {
    /// `Folder/file.json`, for messages.
    pub(crate) fn name(&self) -> String {
        format!("{}/{}", self.folder, self.file)
    }
}

/// Every example file, sorted; panics when the folder holds fewer than
/// [`EXPECTED_EXAMPLE_FILES`] files.
pub(crate) fn examples() -> &'static [Example] {
    static EXAMPLES: OnceLock<Vec<Example>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let dir = spec_root().join(EXAMPLES_REVISION).join("examples");
        let mut out = Vec::new();
        let folders = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read the examples folder {}: {e}", dir.display()));
        for folder in folders {
            let folder = folder.expect("readable examples folder entry");
            if !folder.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let folder_name = folder.file_name().to_string_lossy().into_owned();
            for file in std::fs::read_dir(folder.path()).expect("readable example folder") {
                let file = file.expect("readable example file entry");
                let file_name = file.file_name().to_string_lossy().into_owned();
                if !file_name.ends_with(".json") {
                    continue;
                }
                let text = std::fs::read_to_string(file.path())
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.path().display()));
                out.push(Example {
                    folder: folder_name.clone(),
                    file: file_name,
                    text,
                });
            }
        }
        out.sort_by(|a, b| (&a.folder, &a.file).cmp(&(&b.folder, &b.file)));
        assert!(
            out.len() >= EXPECTED_EXAMPLE_FILES,
            "{} holds {} example files, expected at least {EXPECTED_EXAMPLE_FILES}: a broken path \
             or an incomplete copy of shared/spec would make these tests vacuous",
            dir.display(),
            out.len()
        );
        out
    })
}
