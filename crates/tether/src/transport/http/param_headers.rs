//! `Mcp-Param-*` (2026-07-28): tool arguments a tool's `inputSchema` annotates with
//! `x-mcp-header` are mirrored in request headers, which the server checks against the body.
//!
//! The annotations come from the handler's own `tools/list`, read once per tool and kept until
//! the server's [`Notifier`](crate::Notifier) reports the tool list changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use http::HeaderMap;
use tether_mcp_types::error_codes::HEADER_MISMATCH;
use tether_mcp_types::{ErrorObject, JsonObject, JsonValue};
use tokio::sync::broadcast;

use super::headers::decoded;
use crate::server::ServerEvent;

/// One argument mirrored in a header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParamHeader {
    /// The `{X}` of `Mcp-Param-{X}`, as the schema spells it.
    name: String,
    /// The argument's path from the root of `arguments`, through `properties` only.
    path: Vec<String>,
}

/// The `x-mcp-header` annotations of an `inputSchema`: string, integer or boolean properties
/// reachable through `properties` alone.
pub(crate) fn declared(input_schema: &JsonObject) -> Vec<ParamHeader> {
    fn walk(schema: &JsonObject, path: &mut Vec<String>, found: &mut Vec<ParamHeader>) {
        let Some(properties) = schema.get("properties").and_then(JsonValue::as_object) else {
            return;
        };
        for (key, property) in properties {
            let Some(property) = property.as_object() else {
                continue;
            };
            path.push(key.clone());
            if let Some(name) = property.get("x-mcp-header").and_then(JsonValue::as_str) {
                found.push(ParamHeader {
                    name: name.to_owned(),
                    path: path.clone(),
                });
            }
            walk(property, path, found);
            path.pop();
        }
    }
    let mut found = Vec::new();
    walk(input_schema, &mut Vec::new(), &mut found);
    found
}

fn mismatch(message: String) -> ErrorObject {
    ErrorObject::new(HEADER_MISMATCH, message)
}

/// The header form of an argument value: strings as they are, integers in decimal, booleans as
/// `true`/`false`; `None` for null or a type that cannot be mirrored.
fn header_form(value: &JsonValue) -> Option<String> {
    match value {
        JsonValue::String(s) => Some(s.clone()),
        JsonValue::Bool(b) => Some(b.to_string()),
        JsonValue::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// Checks the `Mcp-Param-*` headers of a `tools/call` against its arguments: an argument
/// present in the body needs its header with the same value; a header needs its argument.
pub(crate) fn check(
    headers: &HeaderMap,
    declared: &[ParamHeader],
    arguments: Option<&JsonObject>,
) -> Result<(), ErrorObject> {
    for param in declared {
        let header_name = format!("mcp-param-{}", param.name.to_ascii_lowercase());
        let mut value = arguments.map(|a| JsonValue::Object(a.clone()));
        for key in &param.path {
            value = value.and_then(|v| v.get(key).cloned());
        }
        let expected = value.as_ref().and_then(header_form);
        let sent =
            match headers.get(&header_name) {
                None => None,
                Some(raw) => {
                    let raw = raw.to_str().map_err(|_| {
                        mismatch(format!("Mcp-Param-{} has invalid characters", param.name))
                    })?;
                    let text = raw.trim_matches([' ', '\t']);
                    Some(decoded(text).map_err(|e| {
                        mismatch(format!("Mcp-Param-{}: {}", param.name, e.message))
                    })?)
                }
            };
        let same = match (&expected, &sent) {
            (None, None) => true,
            (Some(e), Some(s)) => {
                e == s
                    || matches!((value.as_ref(), s.parse::<i64>()), (Some(JsonValue::Number(n)), Ok(i)) if n.as_i64() == Some(i))
            }
            _ => false,
        };
        if !same {
            return Err(mismatch(match (expected, sent) {
                (Some(_), None) => format!(
                    "the Mcp-Param-{} header is missing for argument `{}`",
                    param.name,
                    param.path.join(".")
                ),
                (None, Some(_)) => format!(
                    "Mcp-Param-{} is sent but argument `{}` is absent",
                    param.name,
                    param.path.join(".")
                ),
                (e, s) => format!(
                    "Mcp-Param-{} says {:?}, argument `{}` is {:?}",
                    param.name,
                    s.unwrap_or_default(),
                    param.path.join("."),
                    e.unwrap_or_default()
                ),
            }));
        }
    }
    Ok(())
}

/// The annotations of the tools called so far, forgotten when the tool list changes.
pub(crate) struct ParamCache {
    inner: Mutex<Cached>,
}

/// The annotations by tool, and the server events that tell when to forget them.
type Cached = (
    HashMap<String, Arc<Vec<ParamHeader>>>,
    broadcast::Receiver<ServerEvent>,
);

impl ParamCache {
    pub(crate) fn new(events: broadcast::Receiver<ServerEvent>) -> Self {
        Self {
            inner: Mutex::new((HashMap::new(), events)),
        }
    }

    /// The cached annotations of `tool`, after forgetting everything if the list changed.
    pub(crate) fn get(&self, tool: &str) -> Option<Arc<Vec<ParamHeader>>> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (map, events) = &mut *inner;
        loop {
            match events.try_recv() {
                Ok(ServerEvent::ToolsListChanged)
                | Err(broadcast::error::TryRecvError::Lagged(_)) => map.clear(),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        map.get(tool).cloned()
    }

    pub(crate) fn put(&self, tool: &str, declared: Arc<Vec<ParamHeader>>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.0.len() < 4096 {
            inner.0.insert(tool.to_owned(), declared);
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use http::HeaderValue;
    use serde_json::json;

    use super::*;

    fn object(v: JsonValue) -> JsonObject {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn annotated_arguments_must_be_mirrored() {
        let schema = object(json!({"type": "object", "properties": {
            "region": {"type": "string", "x-mcp-header": "Region"},
            "count": {"type": "integer", "x-mcp-header": "Count"},
            "nested": {"type": "object", "properties": {"flag": {"type": "boolean", "x-mcp-header": "Flag"}}},
            "plain": {"type": "string"}
        }}));
        let declared = declared(&schema);
        assert_eq!(declared.len(), 3);
        let args = object(json!({"region": "eu wést", "count": 7, "nested": {"flag": true}}));
        let mut headers = HeaderMap::new();
        headers.insert(
            "mcp-param-region",
            HeaderValue::from_str(&format!("=?base64?{}?=", STANDARD.encode("eu wést"))).unwrap(),
        );
        headers.insert("mcp-param-count", HeaderValue::from_static("7"));
        headers.insert("mcp-param-flag", HeaderValue::from_static("true"));
        assert_eq!(check(&headers, &declared, Some(&args)), Ok(()));
        headers.insert("mcp-param-count", HeaderValue::from_static("8"));
        assert_eq!(
            check(&headers, &declared, Some(&args)).unwrap_err().code,
            HEADER_MISMATCH
        );
        headers.remove("mcp-param-count");
        assert!(
            check(&headers, &declared, Some(&args))
                .unwrap_err()
                .message
                .contains("missing")
        );
        let without_count = object(json!({"region": "eu wést", "nested": {"flag": true}}));
        assert_eq!(check(&headers, &declared, Some(&without_count)), Ok(()));
    }
}
