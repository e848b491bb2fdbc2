//! The members every 2026-07-28 result carries, added on its way to the wire: `resultType`,
//! `_meta["io.modelcontextprotocol/serverInfo"]`, and on the complete results of the cacheable
//! methods `ttlMs` and `cacheScope` (the handler's own values win).
//!
//! A handler's result that has none of these members of its own is written once, with them
//! appended (their text made once per server: [`ModernDecoration`]), straight into its response
//! line ([`Decoration::line_of`]); any other result goes through a JSON value, where the
//! handler's members are kept and the missing ones added.

use serde::Serialize;
use serde_json::value::RawValue;
use tether_mcp_types::error_codes::{
    INTERNAL_ERROR, INVALID_PARAMS, MISSING_REQUIRED_CLIENT_CAPABILITY,
};
use tether_mcp_types::meta::SERVER_INFO;
use tether_mcp_types::{
    ErrorObject, InputRequiredResult, JSONRPCResultResponse, JsonObject, JsonValue, Meta, RequestId,
};

use super::encoded::Encoded;
use crate::server::{CacheHints, ServerIdentity};

/// The methods whose complete results carry cache hints.
const CACHEABLE: [&str; 6] = [
    "server/discover",
    "tools/list",
    "prompts/list",
    "resources/list",
    "resources/templates/list",
    "resources/read",
];

/// The members added to 2026-07-28 results, serialized once when the server is built.
#[derive(Debug)]
pub(crate) struct ModernDecoration {
    /// `{"io.modelcontextprotocol/serverInfo": …}`.
    meta: Box<RawValue>,
    /// The default `ttlMs`.
    ttl_ms: Box<RawValue>,
    /// The default `cacheScope`.
    cache_scope: Box<RawValue>,
    /// How a decorated result without cache hints ends: its added members and closing brace.
    plain_tail: String,
    /// How a decorated result of a cacheable method ends.
    cacheable_tail: String,
}

impl ModernDecoration {
    /// The text of the members every result gets: `server_info` is
    /// `_meta["io.modelcontextprotocol/serverInfo"]`, `hints` the default cache hints.
    pub(crate) fn new(server_info: &JsonValue, hints: CacheHints) -> Self {
        let raw = |value: &JsonValue| {
            serde_json::value::to_raw_value(value).unwrap_or_else(|_| RawValue::NULL.to_owned())
        };
        let mut meta = JsonObject::new();
        meta.insert(SERVER_INFO.name().into(), server_info.clone());
        let cache_scope = serde_json::to_value(hints.scope()).unwrap_or(JsonValue::Null);
        let mut decoration = Self {
            meta: raw(&JsonValue::Object(meta)),
            ttl_ms: raw(&hints.ttl_ms().into()),
            cache_scope: raw(&cache_scope),
            plain_tail: String::new(),
            cacheable_tail: String::new(),
        };
        let tail = |cacheable: bool| {
            let text = serde_json::to_string(&decoration.added(&JsonObject::new(), cacheable));
            let text = text.unwrap_or_default();
            text.strip_prefix('{').unwrap_or_default().to_owned()
        };
        (decoration.plain_tail, decoration.cacheable_tail) = (tail(false), tail(true));
        decoration
    }

    fn added<'a, T>(&'a self, result: &'a T, cacheable: bool) -> Added<'a, T> {
        Added {
            result,
            result_type: "complete",
            ttl_ms: cacheable.then_some(&*self.ttl_ms),
            cache_scope: cacheable.then_some(&*self.cache_scope),
            meta: &self.meta,
        }
    }
}

/// A result with the members a 2026-07-28 result gets after the handler's own, in the order the
/// JSON value path adds them.
#[derive(Serialize)]
struct Added<'a, T> {
    #[serde(flatten)]
    result: &'a T,
    #[serde(rename = "resultType")]
    result_type: &'static str,
    #[serde(rename = "ttlMs", skip_serializing_if = "Option::is_none")]
    ttl_ms: Option<&'a RawValue>,
    #[serde(rename = "cacheScope", skip_serializing_if = "Option::is_none")]
    cache_scope: Option<&'a RawValue>,
    #[serde(rename = "_meta")]
    meta: &'a RawValue,
}

/// How the results of one 2026-07-28 request are decorated, and which request they answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Decoration<'a> {
    identity: &'a ServerIdentity,
    method: &'a str,
    id: &'a RequestId,
}

impl<'a> Decoration<'a> {
    /// The decoration of `method`'s results, answering request `id`.
    pub(crate) fn new(identity: &'a ServerIdentity, method: &'a str, id: &'a RequestId) -> Self {
        Self {
            identity,
            method,
            id,
        }
    }

    /// The response line carrying `result` with the added members, as [`finish`] would make
    /// it: `None` when it must take the JSON value path instead, because it is not an object
    /// with members or its text names one of the added members anywhere (the handler's own
    /// value would win).
    pub(crate) fn line_of<T: Serialize>(self, result: &T) -> Option<String> {
        let decoration = &self.identity.modern_decoration;
        let cacheable = CACHEABLE.contains(&self.method);
        let (tail, own) = if cacheable {
            (&decoration.cacheable_tail, &ADDED_CACHEABLE[..])
        } else {
            (&decoration.plain_tail, &ADDED[..])
        };
        let response =
            JSONRPCResultResponse::new(self.id.clone(), decoration.added(result, cacheable));
        let line = serde_json::to_string(&response).ok()?;
        // `{"jsonrpc":"2.0","id":…,"result":{` and the handler's members, each followed by `,`.
        let before = line.strip_suffix('}')?.strip_suffix(tail.as_str())?;
        let clean = before.ends_with(',') && !own.iter().any(|name| before.contains(name));
        clean.then_some(line)
    }
}

/// The response line of a round's `InputRequiredResult`, written once from the typed value:
/// its `_meta` gets the server's identity unless it names one, as [`finish`] would add it (the
/// result carries its own `resultType`, so nothing else is added).
pub(crate) fn input_required_line(
    mut result: InputRequiredResult,
    identity: &ServerIdentity,
    id: &RequestId,
) -> Result<String, ErrorObject> {
    result
        .meta
        .get_or_insert_with(Meta::default)
        .0
        .entry(SERVER_INFO.name())
        .or_insert_with(|| identity.modern_server_info.clone());
    serde_json::to_string(&JSONRPCResultResponse::new(id.clone(), &result))
        .map_err(|e| ErrorObject::new(INTERNAL_ERROR, e.to_string()))
}

/// The added members as their names appear in JSON text (serde_json escapes none of their
/// characters), for results without cache hints.
const ADDED: [&str; 2] = ["\"resultType\"", "\"_meta\""];
/// The same for the cacheable methods.
const ADDED_CACHEABLE: [&str; 4] = ["\"resultType\"", "\"_meta\"", "\"ttlMs\"", "\"cacheScope\""];

/// A result or error of a 2026-07-28 request, made complete for the wire.
///
/// A -32602 error with `data.requiredCapabilities` (a [`MissingCapability`] a handler turned
/// into a `ServerError` with `?`) becomes -32021, the code 2026-07-28 gives it.
///
/// [`MissingCapability`]: crate::MissingCapability
pub(crate) fn finish(
    result: Result<JsonValue, ErrorObject>,
    method: &str,
    identity: &ServerIdentity,
) -> Result<JsonValue, ErrorObject> {
    match result {
        Ok(JsonValue::Object(mut object)) => {
            decorate(&mut object, method, identity);
            Ok(JsonValue::Object(object))
        }
        Ok(other) => Ok(other),
        Err(mut error) => {
            let names_capabilities = error
                .data
                .as_ref()
                .is_some_and(|d| d.get("requiredCapabilities").is_some());
            if error.code == INVALID_PARAMS && names_capabilities {
                error.code = MISSING_REQUIRED_CLIENT_CAPABILITY;
            }
            Err(error)
        }
    }
}

/// [`finish`] for an encoded result: text and lines are final already.
pub(crate) fn finish_encoded(
    result: Result<Encoded, ErrorObject>,
    method: &str,
    identity: &ServerIdentity,
) -> Result<Encoded, ErrorObject> {
    match result {
        Ok(Encoded::Text(text)) => Ok(Encoded::Text(text)),
        Ok(Encoded::Value(value)) => finish(Ok(value), method, identity).map(Encoded::Value),
        Ok(Encoded::Line(line)) => Ok(Encoded::Line(line)),
        Err(error) => finish(Err(error), method, identity).map(Encoded::Value),
    }
}

fn decorate(object: &mut JsonObject, method: &str, identity: &ServerIdentity) {
    let complete = match object.get("resultType").and_then(JsonValue::as_str) {
        None => {
            object.insert("resultType".into(), "complete".into());
            true
        }
        Some(kind) => kind == "complete",
    };
    if complete && CACHEABLE.contains(&method) {
        let hints = identity.cache_hints;
        object
            .entry("ttlMs")
            .or_insert_with(|| hints.ttl_ms().into());
        object
            .entry("cacheScope")
            .or_insert_with(|| serde_json::to_value(hints.scope()).unwrap_or(JsonValue::Null));
    }
    let meta = object
        .entry("_meta")
        .or_insert_with(|| JsonValue::Object(JsonObject::new()));
    if let JsonValue::Object(meta) = meta {
        meta.entry(SERVER_INFO.name())
            .or_insert_with(|| identity.modern_server_info.clone());
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;
    use tether_mcp_types::{
        CacheScope, CallToolResult, ContentBlock, Implementation, ProtocolVersion,
    };

    use super::*;

    fn identity() -> ServerIdentity {
        let info = json!({"name": "srv", "version": "1"});
        let hints = CacheHints::new(Duration::from_secs(60), CacheScope::Public);
        ServerIdentity {
            info: Implementation::new("srv", "1"),
            capabilities: Default::default(),
            instructions: None,
            versions: vec![ProtocolVersion::V_2026_07_28],
            modern_decoration: ModernDecoration::new(&info, hints),
            modern_server_info: info,
            cache_hints: hints,
        }
    }

    /// The response line the JSON value path makes of `result`.
    fn by_value<T: Serialize>(result: &T, method: &str, identity: &ServerIdentity) -> String {
        let value = serde_json::to_value(result).unwrap();
        let finished = finish(Ok(value), method, identity).unwrap();
        serde_json::to_string(&JSONRPCResultResponse::new(RequestId::from(7), finished)).unwrap()
    }

    fn decoration<'a>(identity: &'a ServerIdentity, method: &'a str) -> Decoration<'a> {
        static ID: std::sync::LazyLock<RequestId> = std::sync::LazyLock::new(|| RequestId::from(7));
        Decoration::new(identity, method, &ID)
    }

    #[test]
    fn text_path_writes_what_the_value_path_writes() {
        let identity = identity();
        let call = CallToolResult {
            content: vec![ContentBlock::text("hi")],
            ..CallToolResult::default()
        };
        let call = serde_json::to_value(call).unwrap();
        let cases = [
            ("tools/call", call.clone()),
            ("tools/list", json!({"tools": []})),
            ("resources/read", json!({"contents": [], "nextCursor": "c"})),
            // Cache hints on a method without them are the handler's own business.
            ("tools/call", json!({"content": [], "ttlMs": 1})),
        ];
        for (method, result) in cases {
            let line = decoration(&identity, method).line_of(&result);
            let line = line.unwrap_or_else(|| panic!("{method} {result}: the value path"));
            assert_eq!(line, by_value(&result, method, &identity));
        }
        let listed = decoration(&identity, "tools/list").line_of(&json!({"tools": []}));
        let listed: JsonValue = serde_json::from_str(&listed.unwrap()).unwrap();
        let listed = &listed["result"];
        assert_eq!(listed["ttlMs"], 60_000);
        assert_eq!(listed["cacheScope"], "public");
        assert_eq!(listed["resultType"], "complete");
        assert_eq!(
            listed["_meta"]["io.modelcontextprotocol/serverInfo"]["name"],
            "srv"
        );
    }

    #[test]
    fn a_handlers_own_members_take_the_value_path_and_win() {
        let identity = identity();
        let own_info =
            json!({"content": [], "_meta": {"io.modelcontextprotocol/serverInfo": "mine"}});
        let cases = [
            ("tools/call", own_info.clone()),
            (
                "tools/call",
                json!({"content": [], "resultType": "input_required"}),
            ),
            ("tools/list", json!({"tools": [], "ttlMs": 5})),
            ("tools/list", json!({"tools": [], "cacheScope": "private"})),
            // Conservative: a nested `_meta` also takes the value path.
            (
                "tools/call",
                json!({"content": [{"type": "text", "text": "", "_meta": {}}]}),
            ),
            ("tools/call", json!({})),
            ("tools/call", json!([1])),
            ("tools/call", json!("text")),
        ];
        for (method, result) in cases {
            let line = decoration(&identity, method).line_of(&result);
            assert!(line.is_none(), "{method} {result}: the text path");
        }
        let kept = finish(Ok(own_info), "tools/call", &identity).unwrap();
        assert_eq!(kept["_meta"]["io.modelcontextprotocol/serverInfo"], "mine");
        assert_eq!(kept["resultType"], "complete");
        let own_ttl = json!({"tools": [], "ttlMs": 5});
        let kept = finish(Ok(own_ttl), "tools/list", &identity).unwrap();
        assert_eq!(
            (&kept["ttlMs"], &kept["cacheScope"]),
            (&json!(5), &json!("public"))
        );
        let own_kind = json!({"content": [], "resultType": "input_required"});
        let kept = finish(Ok(own_kind), "resources/read", &identity).unwrap();
        assert_eq!(kept["resultType"], "input_required");
        assert!(kept.get("ttlMs").is_none());
    }

    /// A round's `InputRequiredResult` line carries what the value path would make of it: the
    /// server's identity added to its `_meta`, or the one it names kept.
    #[test]
    fn an_input_required_line_matches_the_value_path() {
        let identity = identity();
        let asks: tether_mcp_types::InputRequests = serde_json::from_value(json!({"k": {
            "method": "elicitation/create",
            "params": {"mode": "form", "message": "Deploy?", "requestedSchema": {
                "type": "object", "properties": {"yes": {"type": "boolean"}}}}}}))
        .unwrap();
        let plain = InputRequiredResult {
            result_type: Some(tether_mcp_types::ResultType::InputRequired),
            input_requests: Some(asks),
            request_state: Some("sealed".into()),
            ..InputRequiredResult::default()
        };
        let mut own_info = plain.clone();
        own_info.meta = Some(Meta(
            json!({"a": 1, SERVER_INFO.name(): {"name": "mine", "version": "2"}})
                .as_object()
                .unwrap()
                .clone(),
        ));
        for result in [plain, own_info] {
            let line = input_required_line(result.clone(), &identity, &RequestId::from(7)).unwrap();
            let expected = by_value(&result, "tools/call", &identity);
            let parse = |s: &str| serde_json::from_str::<JsonValue>(s).unwrap();
            assert_eq!(parse(&line), parse(&expected), "{line}");
        }
    }
}
