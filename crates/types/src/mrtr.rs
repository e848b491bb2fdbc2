//! Multi Round-Trip Requests (2026-07-28, SEP-2322): `InputRequiredResult`, input requests and
//! responses.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{
    CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult, JsonObject, JsonValue,
    ListRootsRequest, ListRootsResult, Meta, ResultType,
};

tagged_union!(
    /// A request the server needs the client to fulfil before it can finish
    /// (`InputRequest`): `{method, params}` with no `jsonrpc` or `id`.
    InputRequest by "method" {
        /// `sampling/createMessage`.
        CreateMessage(CreateMessageRequest) = "sampling/createMessage",
        /// `roots/list`.
        ListRoots(ListRootsRequest) = "roots/list",
        /// `elicitation/create`.
        Elicit(ElicitRequest) = "elicitation/create",
    }
);

/// Input requests by server-assigned key (`InputRequests`), in the order the server asked.
pub type InputRequests = IndexMap<String, InputRequest>;

/// The client's answer to one input request (`InputResponse`): the result of the equivalent
/// standalone request, without `resultType`. Told apart by its members: `action` is an
/// elicitation answer, `roots` a roots answer, `model`/`role`/`content` a sampling answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum InputResponse {
    /// An answer to `sampling/createMessage`.
    CreateMessage(CreateMessageResult),
    /// An answer to `roots/list`.
    ListRoots(ListRootsResult),
    /// An answer to `elicitation/create`.
    Elicit(ElicitResult),
}

impl InputResponse {
    /// Why an object is no input response: it has none of the members that tell them apart.
    pub const NOT_AN_INPUT_RESPONSE: &'static str = "an input response needs `action` \
        (elicitation), `roots` (roots) or `role`, `content` and `model` (sampling)";

    /// The method an input response of these members answers, told apart as its decoding
    /// tells them (`action`: `elicitation/create`; `roots`: `roots/list`; `model`, `role` or
    /// `content`: `sampling/createMessage`), without decoding it; `None` when it has none of
    /// them.
    ///
    /// ```
    /// use tether_mcp_types::InputResponse;
    /// let answer = serde_json::json!({"action": "decline"});
    /// let answer = answer.as_object().unwrap();
    /// assert_eq!(InputResponse::method_answered(answer), Some("elicitation/create"));
    /// ```
    pub fn method_answered(object: &JsonObject) -> Option<&'static str> {
        Some(if object.contains_key("action") {
            "elicitation/create"
        } else if object.contains_key("roots") {
            "roots/list"
        } else if ["model", "role", "content"]
            .iter()
            .any(|k| object.contains_key(*k))
        {
            "sampling/createMessage"
        } else {
            return None;
        })
    }
}

impl<'de> Deserialize<'de> for InputResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = JsonObject::deserialize(deserializer)?;
        let method = Self::method_answered(&object)
            .ok_or_else(|| serde::de::Error::custom(Self::NOT_AN_INPUT_RESPONSE))?;
        let value = JsonValue::Object(object);
        match method {
            "elicitation/create" => crate::decode::redecode(value).map(Self::Elicit),
            "roots/list" => crate::decode::redecode(value).map(Self::ListRoots),
            _ => crate::decode::redecode(value).map(Self::CreateMessage),
        }
    }
}

impl From<ElicitResult> for InputResponse {
    fn from(r: ElicitResult) -> Self {
        Self::Elicit(r)
    }
}

impl From<CreateMessageResult> for InputResponse {
    fn from(r: CreateMessageResult) -> Self {
        Self::CreateMessage(r)
    }
}

impl From<ListRootsResult> for InputResponse {
    fn from(r: ListRootsResult) -> Self {
        Self::ListRoots(r)
    }
}

/// Answers by the keys of the previous round's input requests (`InputResponses`).
pub type InputResponses = IndexMap<String, InputResponse>;

/// The server needs input before it can complete the request (`InputRequiredResult`,
/// `resultType: "input_required"`). At least one of `inputRequests` and `requestState` is
/// present. It terminates the request; the client retries with a new id, the answers in
/// `inputResponses` and `requestState` echoed byte for byte.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputRequiredResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Always `input_required` when sent by a server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// What the server needs, by key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_requests: Option<InputRequests>,
    /// Opaque state for the retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl InputRequest {
    /// Decodes an input request already parsed, choosing the variant by `method` in place
    /// (the [`Deserialize`] impl buffers the object first to read it).
    pub fn from_value(value: JsonValue) -> Result<Self, crate::decode::DecodeError> {
        use crate::decode::{DecodeError, from_value};
        let method = match value.get("method") {
            Some(JsonValue::String(method)) => method.as_str(),
            Some(_) => return Err(DecodeError::custom("method", "must be a string")),
            None => return Err(DecodeError::custom("", "missing field `method`")),
        };
        match method {
            "elicitation/create" => from_value(value).map(Self::Elicit),
            "sampling/createMessage" => from_value(value).map(Self::CreateMessage),
            "roots/list" => from_value(value).map(Self::ListRoots),
            _ => match value {
                JsonValue::Object(object) => Ok(Self::Unknown(object)),
                _ => Err(DecodeError::custom("", "expected an object")),
            },
        }
    }
}

impl InputRequiredResult {
    /// Decodes a result object already parsed, each input request by
    /// [`InputRequest::from_value`], without buffering the object again.
    pub fn from_object(mut object: JsonObject) -> Result<Self, crate::decode::DecodeError> {
        use crate::decode::DecodeError;
        let requests = object.shift_remove("inputRequests");
        let mut result: Self = crate::decode::from_value(JsonValue::Object(object))?;
        result.input_requests = match requests {
            None | Some(JsonValue::Null) => None,
            Some(JsonValue::Object(requests)) => Some(
                requests
                    .into_iter()
                    .map(|(key, request)| match InputRequest::from_value(request) {
                        Ok(request) => Ok((key, request)),
                        Err(e) => Err(e.within(&format!("inputRequests.{key}"))),
                    })
                    .collect::<Result<InputRequests, DecodeError>>()?,
            ),
            Some(other) => {
                return Err(DecodeError::custom(
                    "inputRequests",
                    format_args!("invalid type: {}, expected a map", kind_of(&other)),
                ));
            }
        };
        Ok(result)
    }

    /// Decodes a result from its JSON text in one pass, with no intermediate `Value` of it;
    /// `None` when that fails or anything is unusual (a duplicate member), and the caller
    /// decodes a parsed object with [`from_object`](Self::from_object), which names the
    /// problem. Each member is read by the same decoder either way.
    pub(crate) fn read_from_text(text: &str) -> Option<Self> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = InputRequiredResult;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an InputRequiredResult object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                use serde::de::Error as _;
                let mut result = InputRequiredResult::default();
                let mut seen = [false; 4];
                let mut first = |slot: usize| {
                    if std::mem::replace(&mut seen[slot], true) {
                        Err(A::Error::custom("a duplicate member"))
                    } else {
                        Ok(())
                    }
                };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "_meta" => {
                            first(0)?;
                            result.meta = map.next_value()?;
                        }
                        "resultType" => {
                            first(1)?;
                            result.result_type = map.next_value()?;
                        }
                        "inputRequests" => {
                            first(2)?;
                            result.input_requests = map.next_value()?;
                        }
                        "requestState" => {
                            first(3)?;
                            result.request_state = map.next_value()?;
                        }
                        other => {
                            let value: JsonValue = map.next_value()?;
                            if result.extra.insert(other.to_owned(), value).is_some() {
                                return Err(A::Error::custom("a duplicate member"));
                            }
                        }
                    }
                }
                Ok(result)
            }
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let result = serde::Deserializer::deserialize_map(&mut de, Members).ok()?;
        de.end().ok()?;
        Some(result)
    }

    /// A result asking for `input_requests`, with optional state.
    pub fn new(input_requests: InputRequests, request_state: Option<String>) -> Self {
        Self {
            result_type: Some(ResultType::InputRequired),
            input_requests: Some(input_requests),
            request_state,
            ..Self::default()
        }
    }
}

/// The MRTR members of a retried request's params (`InputResponseRequestParams`; merged into
/// `CallToolRequestParams`, `GetPromptRequestParams` and `ReadResourceRequestParams`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputResponseRequestParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Answers by key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_responses: Option<InputResponses>,
    /// The previous round's state, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// How serde_json names a value's type in its errors ("a string", "an array", ...).
fn kind_of(value: &JsonValue) -> &'static str {
    match value {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "an array",
        JsonValue::Object(_) => "a map",
    }
}
