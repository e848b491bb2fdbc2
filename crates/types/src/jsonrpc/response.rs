//! Responses: a result or an error, tied to a request id.

use serde::{Deserialize, Serialize};

use super::{ErrorObject, JsonRpcVersion};
use crate::{JsonObject, RequestId};

/// A successful response (`JSONRPCResultResponse`; `JSONRPCResponse` before 2025-11-25).
///
/// `R` is the result type; the default, a raw object, accepts any result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct JSONRPCResultResponse<R = JsonObject> {
    /// Always `"2.0"`.
    pub jsonrpc: JsonRpcVersion,
    /// The id of the request this answers.
    pub id: RequestId,
    /// The result.
    pub result: R,
}

impl<R: Serialize> serde::Serialize for JSONRPCResultResponse<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JSONRPCResultResponse::serialize(self, serializer)
    }
}

impl<'de, R: Deserialize<'de>> serde::Deserialize<'de> for JSONRPCResultResponse<R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JSONRPCResultResponse::deserialize(super::envelope::MapOnly(deserializer))
    }
}

impl<R> JSONRPCResultResponse<R> {
    /// A response to request `id`.
    pub fn new(id: RequestId, result: R) -> Self {
        Self {
            jsonrpc: JsonRpcVersion,
            id,
            result,
        }
    }
}

/// An error response (`JSONRPCErrorResponse`; `JSONRPCError` before 2025-11-25).
///
/// `id` is absent only when the request's id could not be read (a parse error); a received
/// `"id": null` reads as absent. `E` is the error object type: [`ErrorObject`] by default, or one
/// whose code the schema fixes (such as [`super::MissingRequiredClientCapabilityErrorObject`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct JSONRPCErrorResponse<E = ErrorObject> {
    /// Always `"2.0"`.
    pub jsonrpc: JsonRpcVersion,
    /// The id of the request this answers, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<RequestId>,
    /// The error.
    pub error: E,
}

impl<E: Serialize> serde::Serialize for JSONRPCErrorResponse<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JSONRPCErrorResponse::serialize(self, serializer)
    }
}

impl<'de, E: Deserialize<'de>> serde::Deserialize<'de> for JSONRPCErrorResponse<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JSONRPCErrorResponse::deserialize(super::envelope::MapOnly(deserializer))
    }
}

impl<E> JSONRPCErrorResponse<E> {
    /// An error response to request `id` (or to an unreadable request, with `None`).
    pub fn new(id: Option<RequestId>, error: E) -> Self {
        Self {
            jsonrpc: JsonRpcVersion,
            id,
            error,
        }
    }
}

/// The schemas' `JSONRPCError` (2024-11-05 … 2025-06-18), the same shape as
/// [`JSONRPCErrorResponse`].
pub type JSONRPCError = JSONRPCErrorResponse;

/// A response of either kind (`JSONRPCResponse` from 2025-11-25).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum JSONRPCResponse<R = JsonObject, E = ErrorObject> {
    /// A result.
    Result(JSONRPCResultResponse<R>),
    /// An error.
    Error(JSONRPCErrorResponse<E>),
}

impl<'de, R: serde::de::DeserializeOwned, E: serde::de::DeserializeOwned> Deserialize<'de>
    for JSONRPCResponse<R, E>
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Decide by the member present, so errors name the real problem rather than
        // "data did not match any variant".
        let mut object = JsonObject::deserialize(deserializer)?;
        let has_error = object.contains_key("error");
        let value = serde_json::Value::Object(std::mem::take(&mut object));
        if has_error {
            crate::decode::redecode(value).map(Self::Error)
        } else {
            crate::decode::redecode(value).map(Self::Result)
        }
    }
}
