//! Reading a `prompts/get` request's arguments (strings on the wire) into a prompt method's
//! parameters.

use serde::de::DeserializeOwned;
use tether_mcp_types::{GetPromptRequestParams, JsonObject, JsonValue};

use crate::error::ServerError;

/// A type a `#[prompt]` method can take as a plain parameter. Prompt arguments are strings on
/// the wire: `String` is a required argument, `Option<String>` an optional one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a prompt parameter: prompt arguments are strings",
    label = "take `String` (required) or `Option<String>` (optional) here",
    note = "for other types, parse the string in the method, or take one `Args<T>` parameter whose fields are strings"
)]
pub trait PromptArgumentValue: Sized {
    /// Whether the argument must be given.
    const REQUIRED: bool;

    /// The parameter from the argument's value, if given.
    fn from_argument(value: Option<&str>) -> Option<Self>;
}

impl PromptArgumentValue for String {
    const REQUIRED: bool = true;

    fn from_argument(value: Option<&str>) -> Option<Self> {
        value.map(str::to_owned)
    }
}

impl PromptArgumentValue for Option<String> {
    const REQUIRED: bool = false;

    fn from_argument(value: Option<&str>) -> Option<Self> {
        Some(value.map(str::to_owned))
    }
}

/// The argument `name` of a `prompts/get` of `prompt`; a required argument that is missing is
/// -32602 naming it. (Decoded as JSON from the string, so that only the prompt's declaration
/// names [`PromptArgumentValue`]: a parameter of another type is one compile error, not two.)
pub fn prompt_argument<T: DeserializeOwned>(
    params: &GetPromptRequestParams,
    prompt: &str,
    name: &str,
) -> Result<T, ServerError> {
    let value = params
        .arguments
        .as_ref()
        .and_then(|a| a.get(name))
        .map_or(JsonValue::Null, |v| JsonValue::String(v.clone()));
    serde_json::from_value(value).map_err(|_| {
        ServerError::invalid_params(format!("prompt `{prompt}` needs the argument `{name}`"))
    })
}

/// The arguments of a `prompts/get` decoded into `A` (an `Args<A>` parameter); an error is
/// -32602 naming the argument at fault.
pub fn prompt_arguments<A: DeserializeOwned>(
    params: &GetPromptRequestParams,
    prompt: &str,
) -> Result<A, ServerError> {
    let object: JsonObject = params
        .arguments
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), JsonValue::String(v.clone())))
        .collect();
    tether_mcp_types::decode::from_value(JsonValue::Object(object)).map_err(|error| {
        let path = error.path();
        if path.is_empty() || path == "." {
            ServerError::invalid_params(format!("prompt `{prompt}`: {}", error.message()))
        } else {
            ServerError::invalid_params(format!(
                "prompt `{prompt}`, argument `{path}`: {}",
                error.message()
            ))
        }
    })
}
