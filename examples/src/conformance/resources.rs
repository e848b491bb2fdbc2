//! The conformance resources: three static ones and the template `test://template/{id}/data`.

use serde_json::json;
use tether_mcp::UriTemplate;
use tether_mcp::prelude::*;
use tether_mcp::types::{
    BlobResourceContents, ErrorObject, ProtocolVersion, Resource, ResourceContents,
    ResourceTemplate, TextResourceContents,
};

use super::TEST_IMAGE_BASE64;

/// The resource template.
pub(super) const TEMPLATE: &str = "test://template/{id}/data";

/// The static resources: URI, name, title, description, MIME type.
const RESOURCES: [(&str, &str, &str, &str, &str); 3] = [
    (
        "test://static-text",
        "static-text",
        "Static Text Resource",
        "A static text resource for testing",
        "text/plain",
    ),
    (
        "test://static-binary",
        "static-binary",
        "Static Binary Resource",
        "A static binary resource (image) for testing",
        "image/png",
    ),
    (
        "test://watched-resource",
        "watched-resource",
        "Watched Resource",
        "A resource to subscribe to",
        "text/plain",
    ),
];

/// `resources/list`.
pub(super) fn list() -> ListResourcesResult {
    ListResourcesResult {
        resources: RESOURCES
            .iter()
            .map(|&(uri, name, title, description, mime_type)| Resource {
                uri: uri.to_owned(),
                name: name.to_owned(),
                title: Some(title.to_owned()),
                description: Some(description.to_owned()),
                mime_type: Some(mime_type.to_owned()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// `resources/templates/list`.
pub(super) fn templates() -> ListResourceTemplatesResult {
    ListResourceTemplatesResult {
        resource_templates: vec![ResourceTemplate {
            uri_template: TEMPLATE.to_owned(),
            name: "template".to_owned(),
            title: Some("Resource Template".to_owned()),
            description: Some("A resource template with parameter substitution".to_owned()),
            mime_type: Some("application/json".to_owned()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn text(uri: &str, mime_type: &str, text: impl Into<String>) -> ReadResourceResult {
    ReadResourceResult {
        contents: vec![ResourceContents::Text(TextResourceContents {
            uri: uri.to_owned(),
            mime_type: Some(mime_type.to_owned()),
            text: text.into(),
            ..Default::default()
        })],
        ..Default::default()
    }
}

/// `resources/read`. An unknown URI is "resource not found" (-32602 on 2026-07-28, -32002
/// before) with the URI in `data` (SEP-2164).
pub(super) fn read(
    uri: &str,
    version: &ProtocolVersion,
) -> Result<ReadResourceResult, ServerError> {
    match uri {
        "test://static-text" => Ok(text(
            uri,
            "text/plain",
            "This is the content of the static text resource.",
        )),
        "test://static-binary" => Ok(ReadResourceResult {
            contents: vec![ResourceContents::Blob(BlobResourceContents {
                uri: uri.to_owned(),
                mime_type: Some("image/png".to_owned()),
                blob: TEST_IMAGE_BASE64.to_owned(),
                meta: None,
                extra: Default::default(),
            })],
            ..Default::default()
        }),
        "test://watched-resource" => Ok(text(uri, "text/plain", "Watched resource content")),
        _ => {
            let template =
                UriTemplate::parse(TEMPLATE).map_err(|e| ServerError::internal(e.to_string()))?;
            match template
                .matches(uri)
                .and_then(|vars| vars.get("id").map(str::to_owned))
            {
                Some(id) => Ok(text(
                    uri,
                    "application/json",
                    json!({"id": id, "templateTest": true, "data": format!("Data for ID: {id}")})
                        .to_string(),
                )),
                None => Err(ServerError(
                    ErrorObject::new(
                        version.resource_not_found_code(),
                        format!("resource not found: {uri}"),
                    )
                    .with_data(json!({"uri": uri})),
                )),
            }
        }
    }
}
