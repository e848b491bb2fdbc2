//! Common result pieces: `resultType`, cache hints, the empty result, and MRTR outcomes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{InputRequiredResult, JsonObject, Meta};

/// `resultType` (2026-07-28): how to read a result. A result without one reads as
/// [`ResultType::Complete`] (legacy servers never send it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ResultType {
    /// `"complete"`: the request completed and the result holds the final content.
    Complete,
    /// `"input_required"`: an [`InputRequiredResult`]; retry with `inputResponses`.
    InputRequired,
    /// `"task"`: a `CreateTaskResult` of the tasks extension.
    Task,
    /// Any other value, kept as received (a client must treat it as invalid unless an
    /// extension it advertised defines it).
    Other(String),
}

impl ResultType {
    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Complete => "complete",
            Self::InputRequired => "input_required",
            Self::Task => "task",
            Self::Other(s) => s,
        }
    }

    /// The `resultType` of a result that may lack one: absent reads as `complete`.
    pub fn or_complete(result_type: Option<&ResultType>) -> ResultType {
        result_type.cloned().unwrap_or(ResultType::Complete)
    }
}

impl From<&str> for ResultType {
    fn from(s: &str) -> Self {
        match s {
            "complete" => Self::Complete,
            "input_required" => Self::InputRequired,
            "task" => Self::Task,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for ResultType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ResultType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ResultType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::from(&*s))
    }
}

/// `cacheScope` (2026-07-28): who may reuse a cached result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheScope {
    /// No user-specific data: any client or intermediary may cache and share it.
    Public,
    /// Cache only within the same authorization context.
    Private,
}

/// A result with no content of its own (`EmptyResult`, which is the schemas' base `Result`):
/// `_meta`, `resultType` (2026-07-28) and whatever else the peer sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmptyResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `resultType` (required from 2026-07-28; absent reads as `complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of a request that may answer with an MRTR round (`tools/call`, `prompts/get`,
/// `resources/read` in 2026-07-28): the complete result, or an [`InputRequiredResult`].
/// It reads `resultType`: `"input_required"` selects the second variant, anything else
/// (including its absence) the first.
#[derive(Clone, Debug, PartialEq)]
pub enum MultiRoundResult<R> {
    /// The request completed.
    Complete(R),
    /// The server needs input first; retry with `inputResponses` and `requestState`.
    InputRequired(InputRequiredResult),
}

impl<R: Serialize> Serialize for MultiRoundResult<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Complete(r) => r.serialize(serializer),
            Self::InputRequired(r) => r.serialize(serializer),
        }
    }
}

impl<R: serde::de::DeserializeOwned> MultiRoundResult<R> {
    /// Decodes a result object already parsed (as a client holds it), looking at `resultType`
    /// in place: unlike the [`Deserialize`] impl, which must buffer the object to read the
    /// discriminator first, nothing is copied before the chosen variant is decoded.
    ///
    /// ```
    /// use tether_mcp_types::{CallToolResult, MultiRoundResult};
    /// let object = serde_json::json!({"resultType": "input_required", "requestState": "s"});
    /// let object = object.as_object().cloned().unwrap_or_default();
    /// let decoded = MultiRoundResult::<CallToolResult>::from_object(object).unwrap();
    /// assert!(matches!(decoded, MultiRoundResult::InputRequired(r) if r.request_state.as_deref() == Some("s")));
    /// ```
    pub fn from_object(object: JsonObject) -> Result<Self, crate::decode::DecodeError> {
        if object.get("resultType").and_then(|v| v.as_str()) == Some("input_required") {
            InputRequiredResult::from_object(object).map(Self::InputRequired)
        } else {
            crate::decode::from_value(serde_json::Value::Object(object)).map(Self::Complete)
        }
    }

    /// Decodes a result from its JSON text, straight into the variant `resultType` names, with
    /// no intermediate `serde_json::Value` of the whole result. Text that does not decode that
    /// way goes through [`from_object`](Self::from_object), so what is accepted and every
    /// error are the same as there.
    ///
    /// ```
    /// use tether_mcp_types::{CallToolResult, MultiRoundResult};
    /// let done = MultiRoundResult::<CallToolResult>::from_json(r#"{"content":[]}"#).unwrap();
    /// assert!(matches!(done, MultiRoundResult::Complete(_)));
    /// let asks = r#"{"resultType":"input_required","requestState":"s"}"#;
    /// let asks = MultiRoundResult::<CallToolResult>::from_json(asks).unwrap();
    /// assert!(matches!(asks, MultiRoundResult::InputRequired(_)));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, crate::decode::DecodeError> {
        /// Only `resultType`; every other member is skipped unread.
        #[derive(Deserialize)]
        struct Kind<'a> {
            #[serde(rename = "resultType", borrow, default)]
            result_type: Option<std::borrow::Cow<'a, str>>,
        }
        if text.trim_start().starts_with('{') {
            // Text that nowhere spells `input_required` (JSON can only spell its letters some
            // other way with a `\u` escape) cannot carry that `resultType`: it is decoded as
            // the complete result at once, without first reading `resultType` from it.
            let may_ask = text.contains("input_required") || text.contains("\\u");
            if !may_ask {
                if let Ok(done) = serde_json::from_str::<R>(text) {
                    return Ok(Self::Complete(done));
                }
            } else if let Ok(kind) = serde_json::from_str::<Kind<'_>>(text) {
                if kind.result_type.as_deref() == Some("input_required") {
                    if let Some(needed) = InputRequiredResult::read_from_text(text) {
                        return Ok(Self::InputRequired(needed));
                    }
                } else if let Ok(done) = serde_json::from_str::<R>(text) {
                    return Ok(Self::Complete(done));
                }
            }
        }
        Self::from_object(crate::decode::from_str(text)?)
    }
}

impl<'de, R: serde::de::DeserializeOwned> Deserialize<'de> for MultiRoundResult<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = JsonObject::deserialize(deserializer)?;
        let input_required =
            object.get("resultType").and_then(|v| v.as_str()) == Some("input_required");
        let value = serde_json::Value::Object(object);
        if input_required {
            crate::decode::redecode(value).map(Self::InputRequired)
        } else {
            crate::decode::redecode(value).map(Self::Complete)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MultiRoundResult;
    use crate::CallToolResult;

    /// A result type that accepts any object still sees `input_required` however the text
    /// spells it, and a complete result that mentions it elsewhere stays complete.
    #[test]
    fn input_required_is_found_however_it_is_spelled() {
        type Any = MultiRoundResult<crate::JsonObject>;
        for asks in [
            r#"{"resultType":"input_required","requestState":"s"}"#,
            r#"{"resultType":"input\u005frequired","requestState":"s"}"#,
            r#"{"result\u0054ype":"input_required","requestState":"s"}"#,
            r#"{"requestState":"s","resultType":"\u0069nput_required"}"#,
        ] {
            assert!(
                matches!(Any::from_json(asks), Ok(MultiRoundResult::InputRequired(_))),
                "{asks}"
            );
        }
        for done in [
            r#"{"content":[{"type":"text","text":"input_required"}]}"#,
            r#"{"resultType":"complete","note":"\u0041"}"#,
            r#"{}"#,
        ] {
            assert!(
                matches!(Any::from_json(done), Ok(MultiRoundResult::Complete(_))),
                "{done}"
            );
        }
    }

    /// Decoding the text agrees with decoding the parsed object, in what it accepts, what it
    /// decodes to and every error it names.
    #[test]
    fn from_json_agrees_with_from_object() {
        let cases = [
            r#"{"content":[{"type":"text","text":"hi"}],"_meta":{"k":1}}"#,
            r#"{"content":[],"resultType":"complete"}"#,
            r#"{"resultType":"input_required","requestState":"s"}"#,
            r#"{"resultType":"input_required","_meta":null,"x":[1],"inputRequests":{
                "a":{"method":"elicitation/create","params":{"mode":"form","message":"m",
                  "requestedSchema":{"type":"object","properties":{"ok":{"type":"boolean"}}}}},
                "b":{"method":"roots/list"},
                "c":{"method":"future/thing","params":{"z":2}}}}"#,
            // A duplicate member: the parsed object keeps the last one.
            r#"{"resultType":"input_required","requestState":"a","requestState":"b"}"#,
            r#"{"resultType":"input_required","y":1,"y":2}"#,
            // `input_required` spelled with an escape, or only inside the content.
            r#"{"resultType":"input\u005frequired","requestState":"s"}"#,
            r#"{"result\u0054ype":"input_required","requestState":"s"}"#,
            r#"{"content":[{"type":"text","text":"input_required"}],"resultType":"complete"}"#,
            r#"{"content":[{"type":"text","text":"\u0041"}]}"#,
            r#"{"content":[],"resultType":"complete","resultType":"complete"}"#,
            // Errors, named the same way.
            r#"{"resultType":"input_required","requestState":5}"#,
            r#"{"resultType":"input_required","inputRequests":{"a":{"method":"elicitation/create","params":{"message":7}}}}"#,
            r#"{"resultType":"input_required","inputRequests":[1]}"#,
            r#"{"content":[{"type":"text","text":5}]}"#,
            r#"{"content":5,"resultType":"complete"}"#,
            r#"[1]"#,
            r#"{"content":[]"#,
        ];
        for case in cases {
            let from_text = MultiRoundResult::<CallToolResult>::from_json(case);
            let from_object = serde_json::from_str(case)
                .map_err(|e| e.to_string())
                .and_then(|object| {
                    MultiRoundResult::<CallToolResult>::from_object(object)
                        .map_err(|e| e.to_string())
                });
            match (&from_text, &from_object) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{case}"),
                (Err(a), Err(b)) if !case.starts_with('{') || !case.ends_with('}') => {
                    // Not an object, or not JSON: both refuse it.
                    let _ = (a, b);
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), *b, "{case}"),
                _ => panic!("{case}: {from_text:?} vs {from_object:?}"),
            }
        }
    }
}
