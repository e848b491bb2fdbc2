//! A request's params decoded into the typed params its handler takes.

use serde::de::DeserializeOwned;
use tether_mcp_types::error_codes::INVALID_PARAMS;
use tether_mcp_types::{
    CallToolRequestParams, CompleteRequestParams, ErrorObject, GetPromptRequestParams, JsonObject,
    JsonValue, Meta, PaginatedRequestParams, ReadResourceRequestParams, ResourceRequestParams,
    SetLevelRequestParams,
};

/// Typed request params with a `_meta` member.
pub(crate) trait RequestParams: DeserializeOwned {
    /// The params' `_meta`.
    fn meta_mut(&mut self) -> &mut Option<Meta>;

    /// Whether the params have a free-form `arguments` object ([`Self::arguments_mut`]).
    const FREE_ARGUMENTS: bool = false;

    /// The params' free-form `arguments` object, if they have one.
    fn arguments_mut(&mut self) -> Option<&mut Option<JsonObject>> {
        None
    }
}

macro_rules! request_params {
    ($($params:ty),* $(,)?) => {$(
        impl RequestParams for $params {
            fn meta_mut(&mut self) -> &mut Option<Meta> {
                &mut self.meta
            }
        }
    )*};
}

impl RequestParams for CallToolRequestParams {
    fn meta_mut(&mut self) -> &mut Option<Meta> {
        &mut self.meta
    }

    const FREE_ARGUMENTS: bool = true;

    fn arguments_mut(&mut self) -> Option<&mut Option<JsonObject>> {
        Some(&mut self.arguments)
    }
}

request_params!(
    CompleteRequestParams,
    GetPromptRequestParams,
    PaginatedRequestParams,
    ReadResourceRequestParams,
    ResourceRequestParams,
    SetLevelRequestParams,
);

/// The typed params, or -32602 naming the offending member. An object `_meta` (on 2026-07-28
/// it carries the client's capabilities and identity with every request) and a tool's
/// `arguments` are moved into the typed params as they are: decoding them would only copy
/// them, member by member, twice (the params' flattened unknown members make serde buffer the
/// whole object first).
pub(crate) fn decode<P: RequestParams>(params: Option<JsonObject>) -> Result<P, ErrorObject> {
    let Some(mut params) = params else {
        return decode_value(JsonValue::Null);
    };
    let meta = take_object(&mut params, "_meta");
    let arguments = if P::FREE_ARGUMENTS {
        take_object(&mut params, "arguments")
    } else {
        None
    };
    let mut decoded: P = decode_value(JsonValue::Object(params))?;
    if let Some(meta) = meta {
        *decoded.meta_mut() = Some(Meta(meta));
    }
    if let (Some(arguments), Some(slot)) = (arguments, decoded.arguments_mut()) {
        *slot = Some(arguments);
    }
    Ok(decoded)
}

/// Takes the member `key` out of `params` if it is an object; anything else (absent, null, the
/// wrong type, whose error the decoding then reports) stays.
fn take_object(params: &mut JsonObject, key: &str) -> Option<JsonObject> {
    if !params.get(key).is_some_and(JsonValue::is_object) {
        return None;
    }
    match params.shift_remove(key) {
        Some(JsonValue::Object(object)) => Some(object),
        _ => None,
    }
}

/// Params a method may omit: `None` when they are absent.
pub(crate) fn decode_optional<P: RequestParams>(
    params: Option<JsonObject>,
) -> Result<Option<P>, ErrorObject> {
    params.map(|p| decode(Some(p))).transpose()
}

fn decode_value<P: DeserializeOwned>(value: JsonValue) -> Result<P, ErrorObject> {
    tether_mcp_types::decode::from_value(value)
        .map_err(|e| ErrorObject::new(INVALID_PARAMS, format!("invalid params: {e}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: JsonValue) -> JsonObject {
        match value {
            JsonValue::Object(object) => object,
            _ => unreachable!("an object literal"),
        }
    }

    /// Moving `_meta` aside decodes exactly what decoding it in place does.
    #[test]
    fn params_decode_as_they_would_with_their_meta_in_place() {
        for params in [
            json!({"_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"form": {}}},
                "progressToken": 7}, "name": "echo", "arguments": {"text": "hi"}, "x": 1}),
            json!({"name": "echo", "_meta": null, "arguments": null}),
            json!({"name": "echo", "arguments": {"nested": {"a": [1, {"b": null}]}}}),
            json!({"name": "echo", "_meta": {}}),
            json!({"name": "echo"}),
        ] {
            let moved: CallToolRequestParams = decode(Some(object(params.clone()))).unwrap();
            let in_place: CallToolRequestParams =
                tether_mcp_types::decode::from_value(params.clone()).unwrap();
            assert_eq!(moved, in_place, "{params}");
        }
    }

    /// A `_meta` that is not an object, or bad params around a good `_meta`, fail as before.
    #[test]
    fn bad_params_name_the_offending_member() {
        let bad_meta = object(json!({"name": "echo", "_meta": "x"}));
        let error = decode::<CallToolRequestParams>(Some(bad_meta)).unwrap_err();
        assert_eq!(error.code, INVALID_PARAMS);
        assert!(error.message.contains("_meta"), "{}", error.message);
        let bad_name = object(json!({"name": 5, "_meta": {"progressToken": 1}}));
        let error = decode::<CallToolRequestParams>(Some(bad_name)).unwrap_err();
        assert!(error.message.contains("name"), "{}", error.message);
        let bad_arguments = object(json!({"name": "echo", "arguments": [1]}));
        let error = decode::<CallToolRequestParams>(Some(bad_arguments)).unwrap_err();
        assert!(error.message.contains("arguments"), "{}", error.message);
        let missing = decode::<CallToolRequestParams>(None).unwrap_err();
        assert_eq!(missing.code, INVALID_PARAMS);
    }
}
