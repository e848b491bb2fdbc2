//! From a tool method's return value to a `CallToolResult`.

use schemars::JsonSchema;
use serde::Serialize;
use tether_mcp_types::{CallToolResult, ContentBlock, JsonObject, JsonValue};

use crate::error::ToolError;

/// Structured tool output: `T` becomes the result's `structuredContent` (and a text copy for
/// clients that read only content), and the tool declares `T`'s JSON Schema as its
/// `outputSchema`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Json<T>(pub T);

/// What a `#[tool]` method may return: text (`String`, `&str`), numbers and booleans (as
/// text), [`Json`] for structured output, a whole `CallToolResult`, `()` (no content), or a
/// `Result` of one of these with a [`ToolError`].
pub trait IntoToolResult {
    /// The `tools/call` result.
    fn into_tool_result(self) -> Result<CallToolResult, ToolError>;
}

/// The output schema a return type declares (`Json<T>`: `T`'s; everything else: none).
pub trait ToolOutput {
    /// The tool's `outputSchema`, if its output is structured.
    fn output_schema() -> Option<JsonObject> {
        None
    }
}

fn text(text: String) -> Result<CallToolResult, ToolError> {
    Ok(CallToolResult {
        content: vec![ContentBlock::text(text)],
        ..Default::default()
    })
}

impl IntoToolResult for CallToolResult {
    fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
        Ok(self)
    }
}
impl ToolOutput for CallToolResult {}

impl IntoToolResult for String {
    fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
        text(self)
    }
}
impl ToolOutput for String {}

impl IntoToolResult for &str {
    fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
        text(self.to_owned())
    }
}
impl ToolOutput for &str {}

impl IntoToolResult for () {
    fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
        Ok(CallToolResult::default())
    }
}
impl ToolOutput for () {}

macro_rules! as_text {
    ($($t:ty),*) => {$(
        impl IntoToolResult for $t {
            fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
                text(self.to_string())
            }
        }
        impl ToolOutput for $t {}
    )*};
}
as_text!(
    bool, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64
);

impl<T: Serialize> IntoToolResult for Json<T> {
    fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
        let value = serde_json::to_value(&self.0).map_err(|e| {
            ToolError::execution(format!("the tool's output could not be serialized: {e}"))
        })?;
        Ok(CallToolResult {
            content: vec![ContentBlock::text(value.to_string())],
            structured_content: Some(value),
            ..Default::default()
        })
    }
}

impl<T: JsonSchema> ToolOutput for Json<T> {
    fn output_schema() -> Option<JsonObject> {
        let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
        match generator.into_root_schema_for::<T>().to_value() {
            JsonValue::Object(object) => Some(object),
            _ => None,
        }
    }
}

impl<T: IntoToolResult> IntoToolResult for Result<T, ToolError> {
    fn into_tool_result(self) -> Result<CallToolResult, ToolError> {
        self.and_then(IntoToolResult::into_tool_result)
    }
}

impl<T: ToolOutput> ToolOutput for Result<T, ToolError> {
    fn output_schema() -> Option<JsonObject> {
        T::output_schema()
    }
}
