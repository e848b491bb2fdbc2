//! A handler's result on its way to the wire, and the response that carries it.
//!
//! A result is written to JSON text once, straight from the typed value: on legacy revisions as
//! it is, on 2026-07-28 with the members every result gets (`resultType`, cache hints: see
//! `modern_result`) and inside its whole response line. A 2026-07-28 result that has some of
//! those members itself stays a JSON value, decorated on its way out.

use serde::Serialize;
use serde_json::value::RawValue;
use tether_mcp_types::error_codes::INTERNAL_ERROR;
use tether_mcp_types::{
    EmptyResult, ErrorObject, JSONRPCErrorResponse, JSONRPCResultResponse, JsonValue,
    ProtocolVersion, RequestId,
};

use super::modern_result::Decoration;
use crate::error::ServerError;
use crate::scope::{RequestScope, ScopeState};
use crate::shape::Shape;

/// A serialized result: final JSON text (legacy), a whole response line (2026-07-28), or a
/// value (on 2026-07-28 still to be decorated).
#[derive(Debug)]
pub(crate) enum Encoded {
    /// Final JSON text of a legacy result object.
    Text(Box<RawValue>),
    /// A JSON value.
    Value(JsonValue),
    /// The whole response line of a 2026-07-28 result, decorated already.
    Line(String),
}

/// How a request's results are serialized.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Encoding<'a> {
    /// The revision results are shaped for.
    pub(crate) version: &'a ProtocolVersion,
    /// The members a 2026-07-28 request's results get.
    pub(crate) decoration: Option<Decoration<'a>>,
}

impl Encoded {
    /// The empty result of handlers that return `()`.
    pub(crate) fn empty() -> Self {
        Self::Value(serde_json::to_value(EmptyResult::default()).unwrap_or_default())
    }
}

/// Serializes a handler's result, shaped for the session's revision first (the one place
/// every result passes on its way to the wire; see [`crate::shape`]).
pub(crate) fn encode<T: Serialize + Shape>(
    result: Result<T, ServerError>,
    encoding: &Encoding<'_>,
) -> Result<Encoded, ErrorObject> {
    let internal = |e: serde_json::Error| ErrorObject::new(INTERNAL_ERROR, e.to_string());
    let version = encoding.version;
    match result {
        Ok(mut value) => {
            value.shape(version);
            if let Some(line) = encoding.decoration.and_then(|d| d.line_of(&value)) {
                Ok(Encoded::Line(line))
            } else if version.is_modern() {
                serde_json::to_value(value)
                    .map(Encoded::Value)
                    .map_err(internal)
            } else {
                serde_json::value::to_raw_value(&value)
                    .map(Encoded::Text)
                    .map_err(internal)
            }
        }
        Err(ServerError(mut error)) => {
            // `ServerError::resource_not_found` is -32002, the legacy code; 2026-07-28 says
            // -32602 for the same failure.
            if error.code == tether_mcp_types::error_codes::RESOURCE_NOT_FOUND {
                error.code = version.resource_not_found_code();
            }
            Err(error)
        }
    }
}

/// Writes the response, unless the request was cancelled.
pub(crate) async fn respond(
    scope: &RequestScope,
    id: RequestId,
    outcome: Option<Result<Encoded, ErrorObject>>,
) {
    let cancelled = scope.cancellation().is_cancelled();
    if cancelled || outcome.is_none() {
        scope.transition(ScopeState::Cancelled);
        tracing::debug!(request_id = %id, "cancelled: no response");
        return;
    }
    if scope.transition(ScopeState::Completing) != ScopeState::Running {
        return;
    }
    let route = scope.route();
    let not_an_object = |shown: &dyn std::fmt::Display| {
        ErrorObject::new(
            INTERNAL_ERROR,
            format!("the handler's result is not an object: {shown}"),
        )
    };
    let written = match outcome {
        Some(Ok(Encoded::Text(result))) if result.get().starts_with('{') => {
            route.send(&JSONRPCResultResponse::new(id, result)).await
        }
        Some(Ok(Encoded::Line(line))) => route.send_line(line).await,
        Some(Ok(Encoded::Value(JsonValue::Object(result)))) => {
            route.send(&JSONRPCResultResponse::new(id, result)).await
        }
        Some(Ok(Encoded::Text(other))) => {
            let error = not_an_object(&other.get());
            route
                .send(&JSONRPCErrorResponse::new(Some(id), error))
                .await
        }
        Some(Ok(Encoded::Value(other))) => {
            let error = not_an_object(&other);
            route
                .send(&JSONRPCErrorResponse::new(Some(id), error))
                .await
        }
        Some(Err(error)) => {
            route
                .send(&JSONRPCErrorResponse::new(Some(id), error))
                .await
        }
        None => Ok(()),
    };
    if let Err(error) = written {
        tracing::debug!(%error, "the response could not be written");
    }
    scope.transition(ScopeState::Done);
}
