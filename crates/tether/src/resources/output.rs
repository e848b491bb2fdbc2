//! From a resource method's return value to a `ReadResourceResult`.

use base64::Engine;
use serde::Serialize;
use tether_mcp_types::{
    BlobResourceContents, ReadResourceResult, ResourceContents, TextResourceContents,
};

use crate::error::ServerError;
use crate::tools::Json;

/// Binary resource contents (sent base64-encoded as a `blob`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blob(pub Vec<u8>);

/// What a `#[resource]` method may return: text (`String`, `&str`), [`Blob`] bytes, [`Json`]
/// (serialized, `application/json` unless the resource declares a MIME type), one
/// `ResourceContents` or a list of them, a whole `ReadResourceResult`, or a `Result` of one of
/// these with a [`ServerError`].
#[diagnostic::on_unimplemented(
    message = "a #[resource] method cannot return `{Self}`",
    label = "return text, `Blob`, `Json<T>`, `ResourceContents` or a `ReadResourceResult`",
    note = "wrap it in `Result<_, ServerError>` to fail the request"
)]
pub trait IntoResourceResult {
    /// The `resources/read` result for `uri`, with the resource's declared MIME type.
    fn into_resource_result(
        self,
        uri: &str,
        mime_type: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError>;
}

fn contents(contents: Vec<ResourceContents>) -> Result<ReadResourceResult, ServerError> {
    Ok(ReadResourceResult {
        contents,
        ..Default::default()
    })
}

fn text(
    uri: &str,
    mime_type: Option<&str>,
    text: String,
) -> Result<ReadResourceResult, ServerError> {
    contents(vec![ResourceContents::Text(TextResourceContents {
        uri: uri.to_owned(),
        mime_type: mime_type.map(str::to_owned),
        text,
        ..Default::default()
    })])
}

impl IntoResourceResult for ReadResourceResult {
    fn into_resource_result(
        self,
        _: &str,
        _: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        Ok(self)
    }
}

impl IntoResourceResult for Vec<ResourceContents> {
    fn into_resource_result(
        self,
        _: &str,
        _: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        contents(self)
    }
}

impl IntoResourceResult for ResourceContents {
    fn into_resource_result(
        self,
        _: &str,
        _: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        contents(vec![self])
    }
}

impl IntoResourceResult for String {
    fn into_resource_result(
        self,
        uri: &str,
        mime_type: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        text(uri, mime_type, self)
    }
}

impl IntoResourceResult for &str {
    fn into_resource_result(
        self,
        uri: &str,
        mime_type: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        text(uri, mime_type, self.to_owned())
    }
}

impl IntoResourceResult for Blob {
    fn into_resource_result(
        self,
        uri: &str,
        mime_type: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        contents(vec![ResourceContents::Blob(BlobResourceContents {
            uri: uri.to_owned(),
            mime_type: mime_type.map(str::to_owned),
            blob: base64::engine::general_purpose::STANDARD.encode(self.0),
            ..Default::default()
        })])
    }
}

impl<T: Serialize> IntoResourceResult for Json<T> {
    fn into_resource_result(
        self,
        uri: &str,
        mime_type: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        let body = serde_json::to_string(&self.0).map_err(|e| {
            ServerError::internal(format!("the resource could not be serialized: {e}"))
        })?;
        text(uri, Some(mime_type.unwrap_or("application/json")), body)
    }
}

impl<T: IntoResourceResult> IntoResourceResult for Result<T, ServerError> {
    fn into_resource_result(
        self,
        uri: &str,
        mime_type: Option<&str>,
    ) -> Result<ReadResourceResult, ServerError> {
        self.and_then(|value| value.into_resource_result(uri, mime_type))
    }
}
