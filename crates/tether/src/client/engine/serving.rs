//! Serving the requests a server sends on the legacy revisions (elicitation, sampling, roots,
//! ping): association with the client's calls in flight (SEP-2260), the handler on its own
//! task under the served-request limit, and the answer written straight from the handler's
//! typed result.

use std::sync::Arc;

use serde_json::value::RawValue;
use tether_mcp_types::error_codes::{INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND};
use tether_mcp_types::{
    CreateMessageRequestParams, ElicitRequestParams, ErrorObject, JSONRPCErrorResponse,
    JSONRPCResultResponse, JsonObject, RequestId,
};

use super::server_request::ServerRequest;
use super::{Engine, Via};
use crate::client::events::ClientEvent;
use crate::client::origin::Origin;

/// A handler's answer: the result's JSON text, or the error.
type Outcome = Result<Box<RawValue>, ErrorObject>;

/// A handler call serving one server request.
type Job = futures_util::future::BoxFuture<'static, Outcome>;

impl Engine {
    /// Serves a request the server sent (legacy revisions only): ping at once, the others by
    /// the client's handlers on their own task, refused when no call of this client is in
    /// flight and the client is strict about association.
    pub(super) async fn server_request(self: &Arc<Self>, request: ServerRequest, via: Via<'_>) {
        let legacy = self.negotiated().is_some_and(|n| !n.version.is_modern());
        if !legacy {
            tracing::error!(
                method = %request.method,
                id = %request.id,
                "the server sent a request on a 2026-07-28 connection, where servers send none; it was not answered"
            );
            let _ = self.events.send(ClientEvent::UnexpectedRequest {
                method: request.method,
                id: request.id,
            });
            return;
        }
        let id = request.id.clone();
        if request.method == "ping" {
            self.respond(&id, to_text(Ok(JsonObject::new()))).await;
            return;
        }
        let origin = match via {
            Via::Shared => Origin::of_outstanding(self.outstanding()),
            Via::Call(call) => Origin::from(call.clone()),
            Via::Standalone => Origin::Unassociated,
        };
        if origin.is_unassociated() {
            if self.options.strict_association {
                let error = ErrorObject::new(
                    INVALID_PARAMS,
                    format!(
                        "{} is not associated with any request of this client in flight; this \
                         client answers server requests only while one of its requests is \
                         being processed (SEP-2260)",
                        request.method
                    ),
                );
                self.respond(&id, Err(error)).await;
                return;
            }
            tracing::warn!(
                method = %request.method,
                %id,
                "serving a server request that is not associated with any request of this client (SEP-2260 discourages it; ClientBuilder::strict_association refuses it)"
            );
        }
        let job = match self.job(request, origin) {
            Ok(job) => job,
            Err(error) => {
                self.respond(&id, Err(error)).await;
                return;
            }
        };
        let Ok(permit) = self.serving.clone().try_acquire_owned() else {
            let error = ErrorObject::new(
                INTERNAL_ERROR,
                format!(
                    "this client is already serving {} server requests; try again later",
                    self.options.max_served_requests
                ),
            );
            self.respond(&id, Err(error)).await;
            return;
        };
        let engine = self.clone();
        let mut tables = self.tables();
        let task_id = id.clone();
        let task = tokio::spawn(async move {
            let outcome = job.await;
            let served = engine.tables().served.remove(&task_id);
            if served.is_some() {
                engine.respond(&task_id, outcome).await;
            }
            drop(permit);
        });
        tables.served.insert(id, task.abort_handle());
    }

    /// The handler call for a server request, or the error that answers it at once.
    fn job(&self, mut request: ServerRequest, origin: Origin) -> Result<Job, ErrorObject> {
        use futures_util::FutureExt;
        let method = std::mem::take(&mut request.method);
        let invalid = |e: serde_json::Error| {
            ErrorObject::new(INVALID_PARAMS, format!("invalid {method} params: {e}"))
        };
        let not_offered = |what: &str| {
            ErrorObject::new(
                METHOD_NOT_FOUND,
                format!("this client does not offer {what} (no handler registered)"),
            )
        };
        match method.as_str() {
            "elicitation/create" => {
                let (_, handler) = self
                    .handlers
                    .elicitation
                    .clone()
                    .ok_or_else(|| not_offered("elicitation"))?;
                let params: ElicitRequestParams = request.decode_params().map_err(invalid)?;
                Ok(async move { to_text(handler.elicit(params, origin).await) }.boxed())
            }
            "sampling/createMessage" => {
                let (_, handler) = self
                    .handlers
                    .sampling
                    .clone()
                    .ok_or_else(|| not_offered("sampling"))?;
                let params: CreateMessageRequestParams =
                    request.decode_params().map_err(invalid)?;
                Ok(async move { to_text(handler.create_message(params, origin).await) }.boxed())
            }
            "roots/list" => {
                let (_, handler) = self
                    .handlers
                    .roots
                    .clone()
                    .ok_or_else(|| not_offered("roots"))?;
                Ok(async move { to_text(handler.list_roots(origin).await) }.boxed())
            }
            other => Err(ErrorObject::new(
                METHOD_NOT_FOUND,
                format!("this client does not know the method {other}"),
            )),
        }
    }

    async fn respond(self: &Arc<Self>, id: &RequestId, outcome: Outcome) {
        let text = match outcome {
            Ok(result) if result.get().starts_with('{') => {
                serde_json::to_string(&JSONRPCResultResponse::new(id.clone(), result))
            }
            Ok(_) => serde_json::to_string(&JSONRPCErrorResponse::new(
                Some(id.clone()),
                ErrorObject::new(
                    INTERNAL_ERROR,
                    "the client handler's result is not an object",
                ),
            )),
            Err(error) => {
                serde_json::to_string(&JSONRPCErrorResponse::new(Some(id.clone()), error))
            }
        };
        let Ok(text) = text else {
            return;
        };
        let version = self.negotiated().map(|n| n.version.clone());
        if let Err(error) = self.wire.send_message(self, text, version).await {
            tracing::warn!(%id, %error, "the answer to a server request could not be sent");
        }
    }
}

/// A handler's outcome as the JSON text of the result (written once, straight from the typed
/// value).
fn to_text<T: serde::Serialize>(outcome: Result<T, ErrorObject>) -> Outcome {
    outcome.and_then(|value| {
        serde_json::value::to_raw_value(&value).map_err(|e| {
            ErrorObject::new(
                INTERNAL_ERROR,
                format!("the client handler's result could not be serialized: {e}"),
            )
        })
    })
}
