//! Elicitation: `elicitation/create` (2025-06-18 on) and its results; the form schemas are in
//! `elicitation_schema`.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{ElicitRequestedSchema, JsonObject, JsonValue, Meta, TaskMetadata};

const_str!(
    /// The `mode` of [`ElicitRequestFormParams`].
    FormMode = "form"
);
const_str!(
    /// The `mode` of [`ElicitRequestURLParams`].
    UrlMode = "url"
);
/// Parameters of a form elicitation: a message and a flat object schema of primitives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitRequestFormParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `"form"` (2025-11-25 on; absent means form, and 2025-06-18 has no `mode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<FormMode>,
    /// What to ask the user.
    pub message: String,
    /// The form.
    pub requested_schema: ElicitRequestedSchema,
    /// Run as a task (2025-11-25 experimental tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of a URL elicitation (2025-11-25 on): the user opens a URL out of band.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitRequestURLParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Always `"url"`.
    pub mode: UrlMode,
    /// Why the user should open the URL.
    pub message: String,
    /// The URL.
    pub url: String,
    /// Identifies the elicitation for `notifications/elicitation/complete` (2025-11-25 only;
    /// removed in 2026-07-28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elicitation_id: Option<String>,
    /// Run as a task (2025-11-25 experimental tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Parameters of `elicitation/create`: a form or a URL (`ElicitRequestParams`). `mode: "url"`
/// selects the URL variant; `"form"` or no mode the form.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ElicitRequestParams {
    /// A form.
    Form(ElicitRequestFormParams),
    /// A URL.
    Url(ElicitRequestURLParams),
}

/// Reads `ElicitRequestParams` without buffering the object when it names its `mode`: the
/// members before `mode` are kept, and the chosen variant reads them and then the rest straight
/// from the input (`crate::tagged`). An object without `mode` is a form, read from the
/// members collected.
impl<'de> Deserialize<'de> for ElicitRequestParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ElicitRequestParamsVisitor)
    }
}

struct ElicitRequestParamsVisitor;

impl<'de> serde::de::Visitor<'de> for ElicitRequestParamsVisitor {
    type Value = ElicitRequestParams;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use crate::tagged::Replayed;
        let mut before = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: JsonValue = map.next_value()?;
            if key != "mode" {
                before.push((key, value));
                continue;
            }
            let url = match &value {
                JsonValue::String(m) if m == "form" => false,
                JsonValue::String(m) if m == "url" => true,
                other => {
                    return Err(crate::decode::member_error(
                        "mode",
                        format_args!("expected \"form\" or \"url\", found {other}"),
                    ));
                }
            };
            before.push((key, value));
            let replayed = Replayed::new(before, map);
            return if url {
                replayed.read().map(ElicitRequestParams::Url)
            } else {
                replayed.read().map(ElicitRequestParams::Form)
            };
        }
        let object: JsonObject = before.into_iter().collect();
        crate::decode::redecode(JsonValue::Object(object)).map(ElicitRequestParams::Form)
    }
}

impl From<ElicitRequestFormParams> for ElicitRequestParams {
    fn from(p: ElicitRequestFormParams) -> Self {
        Self::Form(p)
    }
}

impl From<ElicitRequestURLParams> for ElicitRequestParams {
    fn from(p: ElicitRequestURLParams) -> Self {
        Self::Url(p)
    }
}

/// What the user did with an elicitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElicitAction {
    /// The user submitted the form (or consented to open the URL).
    Accept,
    /// The user explicitly declined.
    Decline,
    /// The user dismissed the request without choosing.
    Cancel,
}

/// One submitted form value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ElicitValue {
    /// A string.
    String(String),
    /// A boolean.
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// A non-integer number (outside the schemas' `string | integer | boolean | string[]`;
    /// accepted on receipt, never produced by the SDK).
    Number(f64),
    /// Several strings (multi-select, 2025-11-25 on).
    Strings(Vec<String>),
}

/// The client's answer to `elicitation/create` (in 2026-07-28 an MRTR input response, without
/// `resultType`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElicitResult {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// What the user did.
    pub action: ElicitAction,
    /// The submitted values, when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<IndexMap<String, ElicitValue>>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl ElicitResult {
    /// The user submitted these values (or, for URL mode, consented: pass no values).
    pub fn accept(content: impl IntoIterator<Item = (String, ElicitValue)>) -> Self {
        let content: IndexMap<String, ElicitValue> = content.into_iter().collect();
        Self {
            meta: None,
            action: ElicitAction::Accept,
            content: (!content.is_empty()).then_some(content),
            extra: JsonObject::new(),
        }
    }

    /// The user explicitly declined.
    pub fn decline() -> Self {
        Self::with_action(ElicitAction::Decline)
    }

    /// The user dismissed the request without choosing.
    pub fn cancel() -> Self {
        Self::with_action(ElicitAction::Cancel)
    }

    fn with_action(action: ElicitAction) -> Self {
        Self {
            meta: None,
            action,
            content: None,
            extra: JsonObject::new(),
        }
    }
}

/// Parameters of `notifications/elicitation/complete` (2025-11-25).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitationCompleteNotificationParams {
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The elicitation that completed.
    pub elicitation_id: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

request!(
    /// Asks the client to elicit information from the user: a JSON-RPC request on legacy
    /// revisions (2025-06-18 on), an MRTR input request (`{method, params}`, no id) in 2026-07-28.
    ElicitRequest = "elicitation/create", id?, params: ElicitRequestParams, result: ElicitResult
);
notification!(
    /// A URL elicitation completed out of band (2025-11-25).
    ElicitationCompleteNotification = "notifications/elicitation/complete",
    params: ElicitationCompleteNotificationParams
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::from_str;

    const SCHEMA: &str = r#"{"type":"object","properties":{"ok":{"type":"boolean"}}}"#;

    #[test]
    fn params_read_by_mode_wherever_it_stands_keeping_unknown_members() {
        let before =
            format!(r#"{{"message":"m","x":1,"requestedSchema":{SCHEMA},"mode":"form","y":[2]}}"#);
        let ElicitRequestParams::Form(form) = from_str(&before).unwrap() else {
            panic!("a form")
        };
        assert_eq!(form.message, "m");
        assert!(form.mode.is_some());
        assert_eq!(form.extra.len(), 2, "{:?}", form.extra);
        assert!(form.requested_schema.properties.contains_key("ok"));

        let ElicitRequestParams::Form(form) =
            from_str(&format!(r#"{{"message":"m","requestedSchema":{SCHEMA}}}"#)).unwrap()
        else {
            panic!("no mode is a form")
        };
        assert!(form.mode.is_none());

        let url = r#"{"mode":"url","message":"m","url":"https://x.example","z":true}"#;
        let ElicitRequestParams::Url(url) = from_str(url).unwrap() else {
            panic!("a URL")
        };
        assert_eq!(url.url, "https://x.example");
        assert_eq!(url.extra.get("z"), Some(&JsonValue::Bool(true)));
    }

    #[test]
    fn errors_after_the_mode_name_the_member() {
        let bad =
            r#"{"mode":"form","message":"m","requestedSchema":{"type":"object","properties":5}}"#;
        let error = from_str::<ElicitRequestParams>(bad).unwrap_err();
        assert_eq!(error.path(), "requestedSchema.properties", "{error}");
        let error = from_str::<ElicitRequestParams>(r#"{"message":7,"mode":"form"}"#).unwrap_err();
        assert_eq!(error.path(), "message", "{error}");
        let error = from_str::<ElicitRequestParams>(r#"{"mode":"url","message":"m"}"#).unwrap_err();
        assert!(error.to_string().contains("url"), "{error}");
    }
}
