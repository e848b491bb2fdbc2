//! Canonical JSON and its digest: the one form in which params and arguments are compared
//! across Multi Round-Trip rounds (ask keys, the `requestState` binding).

use std::fmt::Write as _;

use sha2::{Digest, Sha256};
use tether_mcp_types::{JsonObject, JsonValue};

/// Canonical JSON (RFC 8785 style): object keys sorted, no insignificant white space, numbers as
/// serde_json writes them (integers exactly; integral floats as integers; other floats shortest
/// round-trip).
pub(crate) fn write_canonical(out: &mut String, value: &JsonValue) {
    match value {
        JsonValue::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&JsonValue::String(key.clone()).to_string());
                out.push(':');
                write_canonical(out, &map[key]);
            }
            out.push('}');
        }
        JsonValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        JsonValue::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                let _ = write!(out, "{}", f as i64);
            }
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}

/// The first 8 bytes of the SHA-256 of `value`'s canonical form, in hex.
pub(crate) fn digest(value: &JsonValue) -> String {
    let mut canonical = String::new();
    write_canonical(&mut canonical, value);
    let hash = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(16);
    for byte in &hash[..8] {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// [`digest`] of an object without its `_meta` member (which never identifies anything).
pub(crate) fn digest_without_meta(params: &JsonObject) -> String {
    let stripped: JsonObject = params
        .iter()
        .filter(|(k, _)| k.as_str() != "_meta")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    digest(&JsonValue::Object(stripped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_sorts_keys_and_normalises_numbers() {
        let mut a = String::new();
        write_canonical(
            &mut a,
            &serde_json::json!({"b": 1.0, "a": [true, null, "x"], "c": {"z": 1, "y": 2}}),
        );
        assert_eq!(a, r#"{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}"#);
        let mut b = String::new();
        write_canonical(
            &mut b,
            &serde_json::json!({"c": {"y": 2, "z": 1}, "a": [true, null, "x"], "b": 1}),
        );
        assert_eq!(a, b);
    }

    #[test]
    fn digests_ignore_meta_and_key_order_but_not_values() {
        let a = serde_json::json!({"x": 1, "y": "two", "_meta": {"progressToken": 7}});
        let b = serde_json::json!({"y": "two", "x": 1.0});
        let c = serde_json::json!({"y": "two", "x": 2});
        let obj = |v: serde_json::Value| v.as_object().cloned().unwrap_or_default();
        assert_eq!(
            digest_without_meta(&obj(a)),
            digest_without_meta(&obj(b.clone()))
        );
        assert_ne!(digest_without_meta(&obj(b)), digest_without_meta(&obj(c)));
        assert_eq!(digest(&serde_json::json!(null)).len(), 16);
    }
}
