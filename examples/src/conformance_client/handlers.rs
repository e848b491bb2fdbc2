//! How the conformance client answers its server: every elicitation is accepted with the form's
//! defaults, sampling returns a fixed text, roots list one directory. Registering all three
//! declares the `elicitation` (form), `sampling` and `roots` capabilities, which
//! `request-metadata` checks.

use tether_mcp::client::{ClientBuilder, Origin};
use tether_mcp::types::{
    CreateMessageRequestParams, CreateMessageResult, ElicitRequestParams, ElicitResult,
    ElicitValue, ErrorObject, JsonValue, ListRootsResult, Root,
};

/// Registers the three handlers on `builder`.
pub fn register(builder: ClientBuilder) -> ClientBuilder {
    builder
        .on_elicitation(|request, origin| async move { Ok(elicit(&request, &origin)) })
        .on_sampling(|request, origin| async move { sample(&request, &origin) })
        .on_roots(|origin| async move { Ok(roots(&origin)) })
}

/// Accepts a form with every field filled: its schema's `default` when it has one
/// (`elicitation-sep1034-client-defaults`), otherwise a value of its type (`true` for a boolean,
/// which answers the `{confirmed}` forms of `sep-2322-client-request-state`). A URL elicitation
/// is accepted without content.
pub fn elicit(request: &ElicitRequestParams, origin: &Origin) -> ElicitResult {
    let form = match request {
        ElicitRequestParams::Form(form) => form,
        ElicitRequestParams::Url(url) => {
            eprintln!("elicitation (url {}) for {origin:?}: accepting", url.url);
            return ElicitResult::accept([]);
        }
    };
    let schema = serde_json::to_value(&form.requested_schema).unwrap_or_default();
    let properties = schema
        .get("properties")
        .and_then(JsonValue::as_object)
        .cloned()
        .unwrap_or_default();
    let content: Vec<(String, ElicitValue)> = properties
        .iter()
        .filter_map(|(name, property)| Some((name.clone(), field_value(property)?)))
        .collect();
    eprintln!(
        "elicitation {:?} for {origin:?}: accepting with {}",
        form.message,
        serde_json::to_string(&content).unwrap_or_default()
    );
    ElicitResult::accept(content)
}

/// The value a form field gets: its `default`, else the first enum option, else one of its type.
fn field_value(property: &JsonValue) -> Option<ElicitValue> {
    let kind = property.get("type").and_then(JsonValue::as_str);
    if let Some(default) = property.get("default")
        && let Ok(value) = serde_json::from_value::<ElicitValue>(default.clone())
    {
        return Some(value);
    }
    if let Some(first) = property
        .get("enum")
        .and_then(JsonValue::as_array)
        .and_then(|options| options.first())
        .and_then(JsonValue::as_str)
    {
        return Some(ElicitValue::String(first.to_owned()));
    }
    match kind {
        Some("boolean") => Some(ElicitValue::Boolean(true)),
        Some("integer" | "number") => Some(ElicitValue::Integer(0)),
        Some("string") => Some(ElicitValue::String(String::new())),
        Some("array") => Some(ElicitValue::Strings(Vec::new())),
        _ => None,
    }
}

/// Answers a sampling request with a fixed text.
pub fn sample(
    request: &CreateMessageRequestParams,
    origin: &Origin,
) -> Result<CreateMessageResult, ErrorObject> {
    eprintln!(
        "sampling ({} messages) for {origin:?}: answering",
        request.messages.len()
    );
    Ok(CreateMessageResult::text(
        "conformance-client-model",
        "This is a sampled response from the conformance client.",
    ))
}

/// One root: the current directory, or `/` when it cannot be read.
pub fn roots(origin: &Origin) -> ListRootsResult {
    eprintln!("roots/list for {origin:?}: answering");
    let dir = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|_| "/".into());
    ListRootsResult {
        roots: vec![Root {
            uri: format!("file://{dir}"),
            name: Some("workspace".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}
