//! Checks that a client's answer to an ask fits it: the result type of its method and, for a
//! form elicitation that was accepted, the form's `requestedSchema`.
//!
//! On 2026-07-28 the answers arrive in `inputResponses`, possibly rounds after the ask was made,
//! and are checked here before the handler sees them: a misfit fails the request with -32602
//! naming the ask's key instead of reaching the handler as an error it could swallow.

use tether_mcp_types::{
    CreateMessageResult, ElicitAction, ElicitResult, JsonValue, ListRootsResult,
};

/// [`tether_mcp_types::decode::from_value`] of a borrowed value: it decodes from the reference
/// first, so only a value that fails (to name where) is copied.
pub(crate) fn decode_ref<T: serde::de::DeserializeOwned>(
    value: &JsonValue,
) -> Result<T, tether_mcp_types::decode::DecodeError> {
    match T::deserialize(value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => tether_mcp_types::decode::from_value(value.clone()),
    }
}

/// The result type of an input request method (the `R` an ask of that method resolves to):
/// decoded once from the client's answer, then checked against the ask it answers.
pub(crate) trait InputAnswer: serde::de::DeserializeOwned {
    /// `Ok` if this decoded answer fits the ask whose params carry `requested_schema` (a form
    /// elicitation's); otherwise what is wrong.
    fn fits(&self, requested_schema: Option<&JsonValue>) -> Result<(), String>;
}

impl InputAnswer for ElicitResult {
    /// An accepted form answer must fill in the form: see [`check_form`].
    fn fits(&self, requested_schema: Option<&JsonValue>) -> Result<(), String> {
        match (self.action, requested_schema) {
            (ElicitAction::Accept, Some(schema)) => {
                let content = match &self.content {
                    Some(content) => serde_json::to_value(content).unwrap_or(JsonValue::Null),
                    None => JsonValue::Object(Default::default()),
                };
                check_form(schema, &content)
            }
            _ => Ok(()),
        }
    }
}

impl InputAnswer for CreateMessageResult {
    /// Any `CreateMessageResult` answers a sampling request.
    fn fits(&self, _: Option<&JsonValue>) -> Result<(), String> {
        Ok(())
    }
}

impl InputAnswer for ListRootsResult {
    /// Any `ListRootsResult` answers `roots/list`.
    fn fits(&self, _: Option<&JsonValue>) -> Result<(), String> {
        Ok(())
    }
}

/// `answer` decoded (once) as `R`, the result type of the ask whose params carry
/// `requested_schema`, if it fits that ask; otherwise what is wrong.
pub(crate) fn check_answer<R: InputAnswer>(
    requested_schema: Option<&JsonValue>,
    answer: &JsonValue,
) -> Result<R, String> {
    let decoded = decode_ref::<R>(answer).map_err(|e| e.to_string())?;
    decoded.fits(requested_schema)?;
    Ok(decoded)
}

/// Checks accepted form `content` against a flat `requestedSchema`: required fields present,
/// every field of the schema with the declared primitive type, enum values among the allowed.
fn check_form(schema: &JsonValue, content: &JsonValue) -> Result<(), String> {
    let Some(content) = content.as_object() else {
        return Err("`content` is not an object".to_owned());
    };
    let properties = schema.get("properties").and_then(JsonValue::as_object);
    if let Some(required) = schema.get("required").and_then(JsonValue::as_array) {
        for name in required.iter().filter_map(JsonValue::as_str) {
            if !content.contains_key(name) {
                return Err(format!("the required field `{name}` is missing"));
            }
        }
    }
    let Some(properties) = properties else {
        return Ok(());
    };
    for (name, value) in content {
        let Some(field) = properties.get(name) else {
            continue; // not in the form: the handler's type decides
        };
        check_field(name, field, value)?;
    }
    Ok(())
}

fn check_field(name: &str, field: &JsonValue, value: &JsonValue) -> Result<(), String> {
    let kind = field.get("type").and_then(JsonValue::as_str);
    let fits = match kind {
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("number") => value.is_number(),
        Some("integer") => value.as_i64().is_some() || value.as_u64().is_some(),
        Some("array") => value.is_array(),
        _ => true,
    };
    if !fits {
        return Err(format!(
            "the field `{name}` should be a {}, got {value}",
            kind.unwrap_or("value")
        ));
    }
    let allowed: Option<Vec<&JsonValue>> = field
        .get("enum")
        .and_then(JsonValue::as_array)
        .map(|values| values.iter().collect())
        .or_else(|| {
            field
                .get("oneOf")
                .and_then(JsonValue::as_array)
                .map(|options| {
                    options
                        .iter()
                        .filter_map(|o| o.get("const"))
                        .collect::<Vec<_>>()
                })
        })
        .filter(|values| !values.is_empty());
    if let Some(allowed) = allowed
        && value.is_string()
        && !allowed.contains(&value)
    {
        return Err(format!(
            "the field `{name}` has {value}, not one of the allowed values"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::JsonObject;

    use super::*;

    fn params(schema: JsonValue) -> JsonObject {
        json!({"message": "m", "requestedSchema": schema})
            .as_object()
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn form_answers_are_checked_against_the_requested_schema() {
        let p = params(json!({
            "type": "object",
            "properties": {"confirm": {"type": "boolean"}, "env": {"type": "string", "enum": ["dev", "prod"]}},
            "required": ["confirm"]
        }));
        let ok = json!({"action": "accept", "content": {"confirm": true, "env": "dev"}});
        assert_eq!(
            check_answer::<ElicitResult>(p.get("requestedSchema"), &ok).map(drop),
            Ok(())
        );
        let missing = json!({"action": "accept", "content": {"env": "dev"}});
        assert!(
            check_answer::<ElicitResult>(p.get("requestedSchema"), &missing)
                .unwrap_err()
                .contains("`confirm`")
        );
        let wrong = json!({"action": "accept", "content": {"confirm": "yes"}});
        assert!(
            check_answer::<ElicitResult>(p.get("requestedSchema"), &wrong)
                .unwrap_err()
                .contains("boolean")
        );
        let outside = json!({"action": "accept", "content": {"confirm": true, "env": "qa"}});
        assert!(
            check_answer::<ElicitResult>(p.get("requestedSchema"), &outside)
                .unwrap_err()
                .contains("allowed")
        );
        let declined = json!({"action": "decline"});
        assert_eq!(
            check_answer::<ElicitResult>(p.get("requestedSchema"), &declined).map(drop),
            Ok(())
        );
        assert!(
            check_answer::<ElicitResult>(p.get("requestedSchema"), &json!({"roots": []})).is_err()
        );
    }

    #[test]
    fn other_answers_must_have_their_result_type() {
        assert_eq!(
            check_answer::<ListRootsResult>(None, &json!({"roots": []})).map(drop),
            Ok(())
        );
        assert!(check_answer::<ListRootsResult>(None, &json!({"action": "accept"})).is_err());
        let sample =
            json!({"role": "assistant", "content": {"type": "text", "text": "hi"}, "model": "m"});
        assert_eq!(
            check_answer::<CreateMessageResult>(None, &sample).map(drop),
            Ok(())
        );
        assert!(check_answer::<CreateMessageResult>(None, &json!({"role": "assistant"})).is_err());
    }
}
