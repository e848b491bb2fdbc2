//! The client side of `x-mcp-header` (2026-07-28): which tool arguments a tool's `inputSchema`
//! asks to mirror in `Mcp-Param-{X}` headers, whether those annotations are valid (a tool with
//! an invalid one is dropped from the client's `tools/list` view), and the header values.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tether_mcp_types::{JsonObject, JsonValue};

/// The annotation keyword.
const KEYWORD: &str = "x-mcp-header";

/// One argument mirrored in a header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParamHeader {
    /// The `{X}` of `Mcp-Param-{X}`, as the schema spells it.
    pub(crate) name: String,
    /// The argument's path from the root of `arguments`, through `properties` only.
    pub(crate) path: Vec<String>,
}

/// The `x-mcp-header` annotations of a tool's `inputSchema`, or why they make the tool invalid:
/// a name that is empty, not an RFC 9110 token (control characters, spaces, `:`, non-ASCII) or
/// not unique case-insensitively; an annotated property whose `type` is not `string`, `integer`
/// or `boolean`; or an annotation anywhere but on a property reachable from the root through
/// `properties` alone (inside `items`, `anyOf`/`oneOf`/`allOf`, `if`/`then`/`else`, `$defs`,
/// ...).
pub(crate) fn declared_headers(input_schema: &JsonObject) -> Result<Vec<ParamHeader>, String> {
    let mut found = Vec::new();
    visit_schema(input_schema, "", &mut Vec::new(), true, &mut found)?;
    for (i, header) in found.iter().enumerate() {
        if let Some(earlier) = found[..i]
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(&header.name))
        {
            return Err(format!(
                "property `{}`: {KEYWORD} {:?} duplicates {:?} of property `{}` (names are case-insensitive)",
                header.path.join("."),
                header.name,
                earlier.name,
                earlier.path.join(".")
            ));
        }
    }
    Ok(found)
}

/// Visits a schema at `pointer`; `path` is its property path when `reachable` (through
/// `properties` alone from the root).
fn visit_schema(
    schema: &JsonObject,
    pointer: &str,
    path: &mut Vec<String>,
    reachable: bool,
    found: &mut Vec<ParamHeader>,
) -> Result<(), String> {
    if let Some(annotation) = schema.get(KEYWORD) {
        if !reachable || path.is_empty() {
            return Err(format!(
                "{KEYWORD} at `{}` is not on a property reachable from the root through `properties` alone",
                if pointer.is_empty() { "/" } else { pointer }
            ));
        }
        found.push(check_annotation(schema, annotation, path)?);
    }
    for (key, value) in schema {
        let here = format!("{pointer}/{key}");
        match key.as_str() {
            // Data, not schemas.
            KEYWORD | "const" | "enum" | "default" | "examples" => {}
            "properties" => {
                let Some(properties) = value.as_object() else {
                    continue;
                };
                for (name, property) in properties {
                    let Some(property) = property.as_object() else {
                        continue;
                    };
                    path.push(name.clone());
                    let result =
                        visit_schema(property, &format!("{here}/{name}"), path, reachable, found);
                    path.pop();
                    result?;
                }
            }
            // Maps of subschemas, none reachable through `properties`.
            "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                for (name, sub) in value.as_object().into_iter().flatten() {
                    visit_value(sub, &format!("{here}/{name}"), found)?;
                }
            }
            _ => visit_value(value, &here, found)?,
        }
    }
    Ok(())
}

/// Visits a value that may hold subschemas off the `properties` path (`items`, `anyOf`, ...).
fn visit_value(
    value: &JsonValue,
    pointer: &str,
    found: &mut Vec<ParamHeader>,
) -> Result<(), String> {
    match value {
        JsonValue::Object(schema) => visit_schema(schema, pointer, &mut Vec::new(), false, found),
        JsonValue::Array(values) => values
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| visit_value(v, &format!("{pointer}/{i}"), found)),
        _ => Ok(()),
    }
}

/// Checks one annotation on the property at `path`.
fn check_annotation(
    property: &JsonObject,
    annotation: &JsonValue,
    path: &[String],
) -> Result<ParamHeader, String> {
    let at = path.join(".");
    let Some(name) = annotation.as_str() else {
        return Err(format!(
            "property `{at}`: {KEYWORD} must be a string, not {annotation}"
        ));
    };
    if name.is_empty() {
        return Err(format!("property `{at}`: {KEYWORD} must not be empty"));
    }
    if let Some(bad) = name.chars().find(|&c| !is_tchar(c)) {
        return Err(format!(
            "property `{at}`: {KEYWORD} {name:?} is not an RFC 9110 token (it contains {bad:?})"
        ));
    }
    match property.get("type").and_then(JsonValue::as_str) {
        Some("string" | "integer" | "boolean") => {}
        other => {
            return Err(format!(
                "property `{at}`: {KEYWORD} {name:?} annotates a property of type {}; only string, integer and boolean properties may be mirrored",
                other.map_or_else(
                    || property
                        .get("type")
                        .map_or("(none)".to_owned(), JsonValue::to_string),
                    |t| format!("{t:?}")
                )
            ));
        }
    }
    Ok(ParamHeader {
        name: name.to_owned(),
        path: path.to_vec(),
    })
}

/// An RFC 9110 `tchar`.
fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// The `Mcp-Param-{X}` headers of a `tools/call`: one for each declared argument present and
/// not null in `arguments`: strings encoded with [`encode_header_value`], integers in decimal,
/// booleans as `true`/`false` (the value's JSON type decides). Objects and arrays are skipped.
pub(crate) fn header_values(
    headers: &[ParamHeader],
    arguments: Option<&JsonObject>,
) -> Vec<(String, String)> {
    let Some(arguments) = arguments else {
        return Vec::new();
    };
    headers
        .iter()
        .filter_map(|header| {
            let (first, rest) = header.path.split_first()?;
            let mut value = arguments.get(first)?;
            for key in rest {
                value = value.get(key)?;
            }
            let text = match value {
                JsonValue::String(s) => encode_header_value(s),
                JsonValue::Bool(b) => b.to_string(),
                JsonValue::Number(n) => n.to_string(),
                _ => return None,
            };
            Some((format!("Mcp-Param-{}", header.name), text))
        })
        .collect()
}

/// A header value as sent: as it is, or `=?base64?{standard base64 of its UTF-8}?=` when it has
/// non-ASCII or control characters, leading or trailing space or tab, or itself looks like
/// `=?base64?…?=`. Used for `Mcp-Name` and string `Mcp-Param-*` values.
pub(crate) fn encode_header_value(value: &str) -> String {
    let unsafe_char = value.chars().any(|c| !c.is_ascii() || c.is_ascii_control());
    let padded = value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']);
    let marker = value.len() >= "=?base64??=".len()
        && value
            .get(.."=?base64?".len())
            .is_some_and(|start| start.eq_ignore_ascii_case("=?base64?"))
        && value.ends_with("?=");
    if unsafe_char || padded || marker {
        format!("=?base64?{}?=", STANDARD.encode(value.as_bytes()))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema(properties: JsonValue) -> JsonObject {
        json!({"type": "object", "properties": properties})
            .as_object()
            .cloned()
            .unwrap_or_default()
    }

    fn invalid(schema: JsonObject) -> String {
        declared_headers(&schema).expect_err("an invalid annotation")
    }

    #[test]
    fn valid_annotations_are_collected_with_their_paths() {
        let declared = declared_headers(&schema(json!({
            "region": {"type": "string", "x-mcp-header": "Region"},
            "count": {"type": "integer", "x-mcp-header": "Count"},
            "nested": {"type": "object", "properties": {
                "flag": {"type": "boolean", "x-mcp-header": "Flag"}
            }},
            "plain": {"type": "string"},
            // Data, not an annotation.
            "choice": {"type": "string", "enum": [{"x-mcp-header": "NotOne"}]}
        })))
        .expect("valid");
        let found: Vec<(&str, String)> = declared
            .iter()
            .map(|h| (h.name.as_str(), h.path.join(".")))
            .collect();
        assert_eq!(
            found,
            [
                ("Region", "region".to_owned()),
                ("Count", "count".to_owned()),
                ("Flag", "nested.flag".to_owned())
            ]
        );
        assert_eq!(declared_headers(&schema(json!({}))), Ok(Vec::new()));
    }

    #[test]
    fn bad_names_make_the_tool_invalid() {
        for (name, rule) in [
            ("", "must not be empty"),
            ("My Region", "RFC 9110 token"),
            ("Region:Primary", "RFC 9110 token"),
            ("Région", "RFC 9110 token"),
            ("Region\t1", "RFC 9110 token"),
        ] {
            let error = invalid(schema(
                json!({"value": {"type": "string", "x-mcp-header": name}}),
            ));
            assert!(
                error.contains(rule) && error.contains("`value`"),
                "{name:?}: {error}"
            );
        }
        let error = invalid(schema(
            json!({"value": {"type": "string", "x-mcp-header": 7}}),
        ));
        assert!(error.contains("must be a string"), "{error}");
    }

    #[test]
    fn duplicate_names_make_the_tool_invalid_case_insensitively() {
        for (a, b) in [("Region", "Region"), ("MyField", "myfield")] {
            let error = invalid(schema(json!({
                "field1": {"type": "string", "x-mcp-header": a},
                "field2": {"type": "string", "x-mcp-header": b}
            })));
            assert!(
                error.contains("duplicates") && error.contains("`field2`"),
                "{error}"
            );
        }
    }

    #[test]
    fn only_string_integer_and_boolean_properties_may_be_annotated() {
        for property in [
            json!({"type": "number", "x-mcp-header": "X"}),
            json!({"type": "object", "x-mcp-header": "X"}),
            json!({"type": "array", "items": {"type": "string"}, "x-mcp-header": "X"}),
            json!({"type": "null", "x-mcp-header": "X"}),
            json!({"type": ["string", "null"], "x-mcp-header": "X"}),
            json!({"x-mcp-header": "X"}),
        ] {
            let error = invalid(schema(json!({"p": property})));
            assert!(
                error.contains("only string, integer and boolean"),
                "{property}: {error}"
            );
        }
    }

    #[test]
    fn annotations_off_the_properties_path_make_the_tool_invalid() {
        let off_path = [
            json!({"list": {"type": "array", "items": {"type": "string", "x-mcp-header": "X"}}}),
            json!({"u": {"anyOf": [{"type": "string", "x-mcp-header": "X"}]}}),
            json!({"u": {"oneOf": [{"type": "string", "x-mcp-header": "X"}]}}),
            json!({"u": {"allOf": [{"type": "string", "x-mcp-header": "X"}]}}),
            json!({"u": {"type": "object", "if": {"properties": {"a": {"type": "string", "x-mcp-header": "X"}}}}}),
            json!({"u": {"type": "object", "then": {"properties": {"a": {"type": "string", "x-mcp-header": "X"}}}}}),
            json!({"u": {"type": "object", "else": {"properties": {"a": {"type": "string", "x-mcp-header": "X"}}}}}),
            json!({"u": {"$ref": "#/$defs/r", "x-mcp-header": "X"}}),
        ];
        for properties in off_path {
            let error = invalid(schema(properties.clone()));
            assert!(
                error.contains("reachable") || error.contains("only string"),
                "{properties}: {error}"
            );
        }
        let mut with_defs = schema(json!({"u": {"$ref": "#/$defs/r"}}));
        with_defs.insert(
            "$defs".into(),
            json!({"r": {"type": "string", "x-mcp-header": "X"}}),
        );
        let error = invalid(with_defs);
        assert!(error.contains("/$defs/r"), "{error}");
        let mut on_root = schema(json!({}));
        on_root.insert("x-mcp-header".into(), json!("Root"));
        assert!(invalid(on_root).contains("reachable"));
    }

    #[test]
    fn values_are_encoded_by_type_and_null_or_absent_ones_omitted() {
        let declared = declared_headers(&schema(json!({
            "region": {"type": "string", "x-mcp-header": "Region"},
            "priority": {"type": "integer", "x-mcp-header": "Priority"},
            "verbose": {"type": "boolean", "x-mcp-header": "Verbose"},
            "debug": {"type": "boolean", "x-mcp-header": "Debug"},
            "gone": {"type": "string", "x-mcp-header": "Gone"},
            "absent": {"type": "string", "x-mcp-header": "Absent"},
            "nested": {"type": "object", "properties": {
                "zone": {"type": "string", "x-mcp-header": "Zone"}
            }}
        })))
        .expect("valid");
        let arguments = json!({
            "region": "us-west1", "priority": 42, "verbose": false, "debug": true,
            "gone": null, "nested": {"zone": " b"}
        });
        let headers = header_values(&declared, arguments.as_object());
        let expected: Vec<(String, String)> = [
            ("Mcp-Param-Region", "us-west1"),
            ("Mcp-Param-Priority", "42"),
            ("Mcp-Param-Verbose", "false"),
            ("Mcp-Param-Debug", "true"),
            ("Mcp-Param-Zone", "=?base64?IGI=?="),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(headers, expected);
        assert_eq!(header_values(&declared, None), Vec::new());
    }

    #[test]
    fn unsafe_values_are_base64_encoded() {
        let encoded = |v: &str| format!("=?base64?{}?=", STANDARD.encode(v));
        for plain in [
            "us-west1",
            "us west 1",
            "",
            "SELECT * FROM users",
            "=?base64?",
        ] {
            assert_eq!(encode_header_value(plain), plain);
        }
        for unsafe_value in [
            "Hello, 世界",
            " padded ",
            " us-west1",
            "us-west1 ",
            "\tindented",
            "line1\nline2",
            "line1\r\nline2",
            "del\u{7f}",
            "=?base64?SGk=?=",
            "=?BASE64?SGk=?=",
        ] {
            assert_eq!(
                encode_header_value(unsafe_value),
                encoded(unsafe_value),
                "{unsafe_value:?}"
            );
        }
        assert_eq!(
            encode_header_value("Hello, 世界"),
            "=?base64?SGVsbG8sIOS4lueVjA==?="
        );
    }
}
