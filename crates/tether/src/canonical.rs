//! Canonical JSON and its digest: the one form in which params and arguments are compared
//! across Multi Round-Trip rounds (ask keys, the `requestState` binding).

use std::io::Write as _;

use sha2::{Digest, Sha256};
use tether_mcp_types::{JsonObject, JsonValue};

/// Canonical JSON (RFC 8785 style): object keys sorted, no insignificant white space, numbers as
/// serde_json writes them (integers exactly; integral floats as integers; other floats shortest
/// round-trip). Written as bytes, with no allocation per key or string.
pub(crate) fn write_canonical(out: &mut Vec<u8>, value: &JsonValue) {
    match value {
        JsonValue::Object(map) => write_object(out, map, false),
        JsonValue::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(out, item);
            }
            out.push(b']');
        }
        JsonValue::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                let _ = write!(out, "{}", f as i64);
            }
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        other => {
            // Strings (escaped as serde_json escapes them), booleans and null.
            let _ = serde_json::to_writer(&mut *out, other);
        }
    }
}

/// The most members an object may have for its entries to be sorted on the stack; a larger
/// object sorts them in a `Vec`.
const STACK_SORTED_MEMBERS: usize = 8;

/// An object with its keys sorted; `skip_meta` leaves out `_meta`.
fn write_object(out: &mut Vec<u8>, map: &JsonObject, skip_meta: bool) {
    let members = map
        .iter()
        .filter(|(k, _)| !(skip_meta && k.as_str() == "_meta"));
    if map.len() <= STACK_SORTED_MEMBERS {
        let mut entries: [Option<(&String, &JsonValue)>; STACK_SORTED_MEMBERS] =
            [None; STACK_SORTED_MEMBERS];
        let mut count = 0;
        for (slot, member) in entries.iter_mut().zip(members) {
            *slot = Some(member);
            count += 1;
        }
        let entries = &mut entries[..count];
        // Every slot up to `count` is `Some`: the order is the keys' order.
        entries.sort_unstable_by_key(|entry| entry.map(|(key, _)| key));
        write_sorted_members(out, entries.iter().flatten().copied());
    } else {
        let mut entries: Vec<(&String, &JsonValue)> = members.collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        write_sorted_members(out, entries.into_iter());
    }
}

/// `{"key":value,...}` of members already in key order.
fn write_sorted_members<'a>(
    out: &mut Vec<u8>,
    members: impl Iterator<Item = (&'a String, &'a JsonValue)>,
) {
    out.push(b'{');
    for (i, (key, value)) in members.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut *out, key);
        out.push(b':');
        write_canonical(out, value);
    }
    out.push(b'}');
}

/// The first 8 bytes of the SHA-256 of canonical bytes, in hex.
fn hex_digest(canonical: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = Sha256::digest(canonical);
    let mut hex = String::with_capacity(16);
    for byte in &hash[..8] {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// The first 8 bytes of the SHA-256 of `value`'s canonical form, in hex.
pub(crate) fn digest(value: &JsonValue) -> String {
    let mut canonical = Vec::with_capacity(128);
    write_canonical(&mut canonical, value);
    hex_digest(&canonical)
}

/// [`digest`] of an object without its `_meta` member (which never identifies anything).
pub(crate) fn digest_without_meta(params: &JsonObject) -> String {
    let mut canonical = Vec::with_capacity(128);
    write_object(&mut canonical, params, true);
    hex_digest(&canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_sorts_keys_and_normalises_numbers() {
        let mut a = Vec::new();
        write_canonical(
            &mut a,
            &serde_json::json!({"b": 1.0, "a": [true, null, "x"], "c": {"z": 1, "y": 2}}),
        );
        assert_eq!(
            String::from_utf8(a.clone()).unwrap(),
            r#"{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}"#
        );
        let mut b = Vec::new();
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
        // The digest is the same as before this writer streamed bytes: sha256 of the canonical
        // text, first 8 bytes in hex (a state sealed by an earlier version still opens).
        assert_eq!(digest(&serde_json::json!({})), "44136fa355b3678a");
        let escaped = serde_json::json!({"k\"ey": "va\nl\u{1}", "n": 1.5e300});
        let mut text = Vec::new();
        write_canonical(&mut text, &escaped);
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"k\"ey":"va\nl\u0001","n":1.5e+300}"#
        );
    }

    #[test]
    fn small_and_large_objects_sort_their_keys_alike() {
        // Up to STACK_SORTED_MEMBERS members sort on the stack, past it in a Vec: the same
        // reversed keys must come out in order either way, `_meta` left out by the digest.
        for size in [
            0,
            1,
            2,
            STACK_SORTED_MEMBERS - 1,
            STACK_SORTED_MEMBERS,
            STACK_SORTED_MEMBERS + 1,
            20,
        ] {
            let mut object = JsonObject::new();
            for i in (0..size).rev() {
                object.insert(format!("k{i:02}"), JsonValue::from(i));
            }
            let expected = format!(
                "{{{}}}",
                (0..size)
                    .map(|i| format!("\"k{i:02}\":{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let mut text = Vec::new();
            write_canonical(&mut text, &JsonValue::Object(object.clone()));
            assert_eq!(String::from_utf8(text).unwrap(), expected, "{size} members");
            let without_meta = digest_without_meta(&object);
            object.insert("_meta".into(), serde_json::json!({"progressToken": 1}));
            assert_eq!(digest_without_meta(&object), without_meta, "{size} members");
        }
    }
}
