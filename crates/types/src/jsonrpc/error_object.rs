//! The JSON-RPC error object and the error objects whose code the schemas fix.

use serde::Serialize;
use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::{SerializeMap, Serializer};

use crate::error_codes::{
    HEADER_MISMATCH, INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND,
    MISSING_REQUIRED_CLIENT_CAPABILITY, PARSE_ERROR, UNSUPPORTED_PROTOCOL_VERSION,
    URL_ELICITATION_REQUIRED,
};
use crate::{ClientCapabilities, ElicitRequestURLParams, JsonValue};

/// The JSON-RPC error object: `{code, message, data?}` (the schemas' `Error`, renamed so a glob
/// import does not shadow `std::error::Error`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self")]
pub struct ErrorObject {
    /// The error code (see [`crate::error_codes`]).
    pub code: i64,
    /// A short description of the error.
    pub message: String,
    /// Additional information about the error; `Some(Value::Null)` is an explicit `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::content::explicit_value"
    )]
    pub data: Option<JsonValue>,
}

impl serde::Serialize for ErrorObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ErrorObject::serialize(self, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for ErrorObject {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ErrorObject::deserialize(super::envelope::MapOnly(deserializer))
    }
}

impl ErrorObject {
    /// An error with a code and message and no data.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// The same error with `data` set.
    pub fn with_data(mut self, data: JsonValue) -> Self {
        self.data = Some(data);
        self
    }
}

impl std::fmt::Display for ErrorObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ErrorObject {}

pub(crate) fn data_to_value<D: Serialize>(data: &D) -> Option<JsonValue> {
    match serde_json::to_value(data) {
        Ok(JsonValue::Null) | Err(_) => None,
        Ok(v) => Some(v),
    }
}

pub(crate) fn serialize_coded<S: Serializer, D: Serialize>(
    serializer: S,
    code: i64,
    message: &str,
    data: &D,
) -> Result<S::Ok, S::Error> {
    let data = data_to_value(data);
    let mut map = serializer.serialize_map(Some(2 + usize::from(data.is_some())))?;
    map.serialize_entry("code", &code)?;
    map.serialize_entry("message", message)?;
    if let Some(data) = &data {
        map.serialize_entry("data", data)?;
    }
    map.end()
}

pub(crate) fn deserialize_coded<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
    expected: i64,
) -> Result<(String, T), D::Error> {
    let raw = <ErrorObject as serde::Deserialize>::deserialize(deserializer)?;
    if raw.code != expected {
        return Err(crate::decode::member_error(
            "code",
            format_args!("expected {expected}, found {}", raw.code),
        ));
    }
    let data = crate::decode::redecode_at("data", raw.data.unwrap_or(JsonValue::Null))?;
    Ok((raw.message, data))
}

coded_error!(
    /// -32700: invalid JSON was received.
    ParseError = PARSE_ERROR, data: Option<JsonValue>
);
coded_error!(
    /// -32600: the JSON sent is not a valid request object.
    InvalidRequestError = INVALID_REQUEST, data: Option<JsonValue>
);
coded_error!(
    /// -32601: the method does not exist or is not available.
    MethodNotFoundError = METHOD_NOT_FOUND, data: Option<JsonValue>
);
coded_error!(
    /// -32602: invalid method parameters.
    InvalidParamsError = INVALID_PARAMS, data: Option<JsonValue>
);
coded_error!(
    /// -32603: internal error.
    InternalError = INTERNAL_ERROR, data: Option<JsonValue>
);
coded_error!(
    /// The error object of a -32020 `HeaderMismatchError` (2026-07-28).
    HeaderMismatchErrorObject = HEADER_MISMATCH, data: Option<JsonValue>
);
coded_error!(
    /// The error object of a -32021 `MissingRequiredClientCapabilityError` (2026-07-28).
    MissingRequiredClientCapabilityErrorObject = MISSING_REQUIRED_CLIENT_CAPABILITY,
    data: MissingRequiredClientCapabilityData
);
coded_error!(
    /// The error object of a -32022 `UnsupportedProtocolVersionError` (2026-07-28).
    UnsupportedProtocolVersionErrorObject = UNSUPPORTED_PROTOCOL_VERSION,
    data: UnsupportedProtocolVersionData
);
coded_error!(
    /// The error object of a -32042 `URLElicitationRequiredError` (2025-11-25).
    URLElicitationRequiredErrorObject = URL_ELICITATION_REQUIRED,
    data: URLElicitationRequiredData
);

/// `data` of -32021: the capabilities the server needs from the client for this request.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingRequiredClientCapabilityData {
    /// The capabilities the server requires from the client to process this request.
    pub required_capabilities: ClientCapabilities,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

/// `data` of -32022: the versions the server supports and the one that was requested.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnsupportedProtocolVersionData {
    /// Protocol versions the server supports.
    pub supported: Vec<crate::ProtocolVersion>,
    /// The protocol version the client requested.
    pub requested: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

/// `data` of -32042: the URL elicitations the client must complete first.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct URLElicitationRequiredData {
    /// The elicitations to perform.
    pub elicitations: Vec<ElicitRequestURLParams>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

/// -32020 as a whole error response (2026-07-28; HTTP 400).
pub type HeaderMismatchError = super::JSONRPCErrorResponse<HeaderMismatchErrorObject>;
/// -32021 as a whole error response (2026-07-28; HTTP 400).
pub type MissingRequiredClientCapabilityError =
    super::JSONRPCErrorResponse<MissingRequiredClientCapabilityErrorObject>;
/// -32022 as a whole error response (2026-07-28; HTTP 400).
pub type UnsupportedProtocolVersionError =
    super::JSONRPCErrorResponse<UnsupportedProtocolVersionErrorObject>;
/// -32042 as a whole error response (2025-11-25).
pub type URLElicitationRequiredError =
    super::JSONRPCErrorResponse<URLElicitationRequiredErrorObject>;
