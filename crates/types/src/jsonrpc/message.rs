//! Untyped JSON-RPC messages: what a transport reads before it knows the method.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ErrorObject, JSONRPCErrorResponse, JSONRPCResultResponse, JsonRpcVersion};
use crate::decode::DecodeError;
use crate::error_codes::{INVALID_REQUEST, PARSE_ERROR};
use crate::{JsonObject, JsonValue, RequestId};

/// A request of any method, its params kept as a raw object (`JSONRPCRequest`; also the
/// schemas' base `Request`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct JSONRPCRequest {
    /// Always `"2.0"`.
    pub jsonrpc: JsonRpcVersion,
    /// The request id.
    pub id: RequestId,
    /// The method name.
    pub method: String,
    /// The parameters, which MCP requires to be an object when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<JsonObject>,
}

/// A notification of any method (`JSONRPCNotification`; also the schemas' base `Notification`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct JSONRPCNotification {
    /// Always `"2.0"`.
    pub jsonrpc: JsonRpcVersion,
    /// The method name.
    pub method: String,
    /// The parameters, which MCP requires to be an object when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<JsonObject>,
}

impl serde::Serialize for JSONRPCRequest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JSONRPCRequest::serialize(self, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for JSONRPCRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JSONRPCRequest::deserialize(super::envelope::MapOnly(deserializer))
    }
}

impl JSONRPCRequest {
    /// A request with raw params.
    pub fn new(id: RequestId, method: impl Into<String>, params: Option<JsonObject>) -> Self {
        Self {
            jsonrpc: JsonRpcVersion,
            id,
            method: method.into(),
            params,
        }
    }
}

impl serde::Serialize for JSONRPCNotification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JSONRPCNotification::serialize(self, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for JSONRPCNotification {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JSONRPCNotification::deserialize(super::envelope::MapOnly(deserializer))
    }
}

impl JSONRPCNotification {
    /// A notification with raw params.
    pub fn new(method: impl Into<String>, params: Option<JsonObject>) -> Self {
        Self {
            jsonrpc: JsonRpcVersion,
            method: method.into(),
            params,
        }
    }
}

/// Any single JSON-RPC message (`JSONRPCMessage`).
#[derive(Clone, Debug, PartialEq)]
pub enum JSONRPCMessage {
    /// A request.
    Request(JSONRPCRequest),
    /// A notification.
    Notification(JSONRPCNotification),
    /// A successful response.
    Response(JSONRPCResultResponse),
    /// An error response.
    Error(JSONRPCErrorResponse),
}

/// Why a raw message could not be read, with the JSON-RPC error it deserves.
#[derive(Debug)]
pub struct MessageError {
    /// -32700 (not JSON) or -32600 (JSON, but not a valid JSON-RPC message).
    pub code: i64,
    /// The id, when the message had a readable one (so the error response can echo it).
    pub id: Option<RequestId>,
    /// What was wrong, naming the member.
    pub error: DecodeError,
}

impl MessageError {
    /// The error object to answer with.
    pub fn to_error_object(&self) -> ErrorObject {
        let what = if self.code == PARSE_ERROR {
            "Parse error"
        } else {
            "Invalid request"
        };
        ErrorObject::new(self.code, format!("{what}: {}", self.error))
    }

    /// The whole error response to answer with.
    pub fn to_response(&self) -> JSONRPCErrorResponse {
        JSONRPCErrorResponse::new(self.id.clone(), self.to_error_object())
    }
}

impl std::fmt::Display for MessageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_error_object().fmt(f)
    }
}

impl std::error::Error for MessageError {}

impl JSONRPCMessage {
    /// Reads one message from text, classifying every failure: text that is not JSON (or
    /// nests past the parser's depth limit) is -32700; JSON that is not a JSON-RPC 2.0 message
    /// (not an object, a missing or wrong `jsonrpc`, a `null` or fractional id, params that are
    /// not an object, ...) is -32600, with the id echoed when it was readable. Never panics.
    pub fn parse(text: &str) -> Result<Self, MessageError> {
        if let Some(message) = super::fast_parse::parse(text.as_bytes()) {
            return Ok(message);
        }
        let value: JsonValue = crate::decode::from_str(text).map_err(|error| MessageError {
            code: PARSE_ERROR,
            id: None,
            error,
        })?;
        Self::from_value(value)
    }

    /// [`parse`](Self::parse) for bytes; invalid UTF-8 is a parse error.
    pub fn parse_slice(bytes: &[u8]) -> Result<Self, MessageError> {
        // One pass for the common case; anything unusual is decided below, exactly.
        if let Some(message) = super::fast_parse::parse(bytes) {
            return Ok(message);
        }
        let value: JsonValue = crate::decode::from_slice(bytes).map_err(|error| MessageError {
            code: PARSE_ERROR,
            id: None,
            error,
        })?;
        Self::from_value(value)
    }

    /// Classifies an already parsed JSON value (see [`parse`](Self::parse)).
    pub fn from_value(value: JsonValue) -> Result<Self, MessageError> {
        let invalid = |id: Option<RequestId>, error: DecodeError| MessageError {
            code: INVALID_REQUEST,
            id,
            error,
        };
        let JsonValue::Object(object) = value else {
            return Err(invalid(
                None,
                DecodeError::custom("", "a JSON-RPC message must be an object"),
            ));
        };
        let id = object
            .get("id")
            .and_then(|v| RequestId::deserialize(v).ok());
        let kind = if object.contains_key("method") {
            if object.contains_key("id") {
                Kind::Request
            } else {
                Kind::Notification
            }
        } else if object.contains_key("error") {
            Kind::Error
        } else if object.contains_key("result") {
            Kind::Response
        } else {
            return Err(invalid(
                id,
                DecodeError::custom("", "a JSON-RPC message needs `method`, `result` or `error`"),
            ));
        };
        let value = JsonValue::Object(object);
        let decoded = match kind {
            Kind::Request => crate::decode::from_value(value).map(Self::Request),
            Kind::Notification => crate::decode::from_value(value).map(Self::Notification),
            Kind::Response => crate::decode::from_value(value).map(Self::Response),
            Kind::Error => crate::decode::from_value(value).map(Self::Error),
        };
        decoded.map_err(|error| invalid(id, error))
    }

    /// The method of a request or notification.
    pub fn method(&self) -> Option<&str> {
        match self {
            Self::Request(r) => Some(&r.method),
            Self::Notification(n) => Some(&n.method),
            Self::Response(_) | Self::Error(_) => None,
        }
    }

    /// The id of a request or response.
    pub fn id(&self) -> Option<&RequestId> {
        match self {
            Self::Request(r) => Some(&r.id),
            Self::Response(r) => Some(&r.id),
            Self::Error(e) => e.id.as_ref(),
            Self::Notification(_) => None,
        }
    }
}

enum Kind {
    Request,
    Notification,
    Response,
    Error,
}

impl Serialize for JSONRPCMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Request(m) => m.serialize(serializer),
            Self::Notification(m) => m.serialize(serializer),
            Self::Response(m) => m.serialize(serializer),
            Self::Error(m) => m.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for JSONRPCMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = JsonValue::deserialize(deserializer)?;
        Self::from_value(value).map_err(|e| D::Error::custom(e.error))
    }
}

/// A 2025-03-26 batch of requests and notifications (`JSONRPCBatchRequest`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct JSONRPCBatchRequest(pub Vec<JSONRPCMessage>);

/// A 2025-03-26 batch of responses (`JSONRPCBatchResponse`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct JSONRPCBatchResponse(pub Vec<JSONRPCMessage>);

fn deserialize_batch<'de, D: Deserializer<'de>>(
    deserializer: D,
    allowed: fn(&JSONRPCMessage) -> bool,
    what: &str,
) -> Result<Vec<JSONRPCMessage>, D::Error> {
    let items = Vec::<JSONRPCMessage>::deserialize(deserializer)?;
    if items.is_empty() {
        return Err(D::Error::custom("a batch must not be empty"));
    }
    if let Some(i) = items.iter().position(|m| !allowed(m)) {
        return Err(D::Error::custom(format_args!(
            "[{i}]: a batch of {what} cannot hold this message"
        )));
    }
    Ok(items)
}

impl<'de> Deserialize<'de> for JSONRPCBatchRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_batch(
            deserializer,
            |m| {
                matches!(
                    m,
                    JSONRPCMessage::Request(_) | JSONRPCMessage::Notification(_)
                )
            },
            "requests and notifications",
        )
        .map(Self)
    }
}

impl<'de> Deserialize<'de> for JSONRPCBatchResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_batch(
            deserializer,
            |m| matches!(m, JSONRPCMessage::Response(_) | JSONRPCMessage::Error(_)),
            "responses",
        )
        .map(Self)
    }
}
