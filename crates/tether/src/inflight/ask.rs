//! The ask machinery shared by every capability view: a server-to-client request that is built
//! lazily, keyed at build time, registered on its first poll and withdrawn when dropped.

use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tether_mcp_types::error_codes::INVALID_PARAMS;
use tether_mcp_types::{
    CreateMessageRequest, CreateMessageRequestParams, ElicitRequest, ElicitRequestFormParams,
    ElicitRequestParams, ErrorObject, FormMode, InputRequest, JsonObject, JsonValue,
    ListRootsRequest, RequestId,
};

use super::answer_check::{InputAnswer, check_answer};
use super::form_schema::CachedForm;
use crate::canonical;
use crate::error::RequestError;
use crate::route::Route;
use crate::scope::{ASK_WATCHDOG, Armed, LiveAsk, RequestScope, Round};
use crate::session::SessionState;

/// The identity of an ask, fixed when it is built: its method, a digest of its canonical params
/// (sorted keys, `_meta` left out) and its occurrence among identical asks of the request, in
/// program order. It is the same on every replay of a handler, which is what lets a 2026-07-28
/// Multi Round-Trip Request find the answer to the ask in `inputResponses`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct AskKey(String);

impl AskKey {
    /// The key of an ask of `method` whose params have this digest
    /// ([`canonical::digest_without_meta`] of them).
    pub(crate) fn new(scope: &RequestScope, method: &str, digest: &str) -> Self {
        // One string: `method:digest`, then `:occurrence` appended (room for 4 digits).
        let mut key = String::with_capacity(method.len() + digest.len() + 6);
        key.push_str(method);
        key.push(':');
        key.push_str(digest);
        let occurrence = scope.next_occurrence(&key);
        // Writing to a `String` cannot fail.
        let _ = write!(key, ":{occurrence}");
        Self(key)
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The digest of the ask's params, the middle of `method:digest:occurrence` (a method
    /// name has no `:`).
    fn digest(&self) -> &str {
        self.0.split(':').nth(1).unwrap_or_default()
    }
}

/// A server-to-client request as a view builds it: its method and its [`AskBody`].
pub(crate) struct Outgoing {
    method: &'static str,
    body: AskBody,
}

/// The params and typed request of an ask, as its key, its answer check, its registration and
/// the legacy path need them.
#[expect(
    clippy::large_enum_variant,
    reason = "moved once into the ask's future, as the typed request was before; boxing it would \
              allocate for every ask"
)]
enum AskBody {
    /// Built when the ask was: the JSON object that goes on the wire (and is digested into the
    /// key), and the same request typed, which a 2026-07-28 round carries in its
    /// `InputRequiredResult` without decoding it back from JSON.
    Built {
        /// The wire params.
        params: JsonObject,
        /// The typed request.
        request: InputRequest,
    },
    /// A form elicitation of a cached form: its digest comes from the form's memo and its
    /// `requestedSchema` from the form's JSON, both computed once per form; the typed request
    /// (a copy of the form) is built only if the ask is registered or sent on the legacy path,
    /// not when a later round already holds the answer.
    Form {
        /// The cached form asked for.
        form: Arc<CachedForm>,
        /// What to ask the user.
        message: String,
        /// `Some` from revision 2025-11-25 on.
        mode: Option<FormMode>,
        /// [`canonical::digest_without_meta`] of the wire params.
        digest: String,
    },
}

impl AskBody {
    /// [`canonical::digest_without_meta`] of the wire params.
    fn digest(&self) -> String {
        match self {
            Self::Built { params, .. } => canonical::digest_without_meta(params),
            Self::Form { digest, .. } => digest.clone(),
        }
    }

    /// The `requestedSchema` an accepted form answer is checked against, if any.
    fn requested_schema(&self) -> Option<&JsonValue> {
        match self {
            Self::Built { params, .. } => params.get("requestedSchema"),
            Self::Form { form, .. } => Some(&form.requested_schema_json),
        }
    }

    /// The typed request, as a 2026-07-28 round carries it.
    fn into_request(self) -> InputRequest {
        match self {
            Self::Built { request, .. } => request,
            Self::Form {
                form,
                message,
                mode,
                ..
            } => InputRequest::Elicit(ElicitRequest::input(
                form_params(&form, message, mode).into(),
            )),
        }
    }

    /// The wire params, as the legacy path sends them.
    fn into_params(self) -> WireParams {
        match self {
            Self::Built { params, .. } => WireParams::Object(params),
            Self::Form {
                form,
                message,
                mode,
                ..
            } => WireParams::Form(Box::new(form_params(&form, message, mode))),
        }
    }
}

/// The params a legacy ask writes to its request line: the object it was built with, or a
/// form ask's typed params, written straight to the line.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum WireParams {
    Object(JsonObject),
    Form(Box<ElicitRequestFormParams>),
}

/// The params of a form elicitation of `form`.
fn form_params(
    form: &CachedForm,
    message: String,
    mode: Option<FormMode>,
) -> ElicitRequestFormParams {
    ElicitRequestFormParams {
        mode,
        message,
        requested_schema: form.schema.clone(),
        ..Default::default()
    }
}

impl Outgoing {
    /// `elicitation/create` of `form` (the cached form of a type) with `message`, and `mode`
    /// from revision 2025-11-25 on. Its digest `form` remembers by message: the params are
    /// built only when the digest is not remembered yet, when the ask is registered, or when
    /// the legacy path sends them.
    pub(crate) fn form(form: Arc<CachedForm>, message: String, mode: Option<FormMode>) -> Self {
        let digest = form.ask_digest(&message, || {
            params_object(&form_params(&form, message.clone(), mode))
        });
        Self {
            method: "elicitation/create",
            body: AskBody::Form {
                form,
                message,
                mode,
                digest,
            },
        }
    }

    /// `elicitation/create` with these params (form or URL).
    pub(crate) fn elicitation(params: impl Into<ElicitRequestParams>) -> Self {
        let params = params.into();
        Self {
            method: "elicitation/create",
            body: AskBody::Built {
                params: params_object(&params),
                request: InputRequest::Elicit(ElicitRequest::input(params)),
            },
        }
    }

    /// `sampling/createMessage` with these params.
    pub(crate) fn sampling(params: CreateMessageRequestParams) -> Self {
        Self {
            method: "sampling/createMessage",
            body: AskBody::Built {
                params: params_object(&params),
                request: InputRequest::CreateMessage(CreateMessageRequest::input(params)),
            },
        }
    }

    /// `roots/list`, without params.
    pub(crate) fn roots() -> Self {
        Self {
            method: "roots/list",
            body: AskBody::Built {
                params: JsonObject::new(),
                request: InputRequest::ListRoots(ListRootsRequest::input(None)),
            },
        }
    }
}

/// Withdraws a sent request that will not be answered: forgets it and tells the client with
/// `notifications/cancelled` (best effort: a full queue drops the notice, and the late answer is
/// ignored either way).
struct Withdraw<'a> {
    session: &'a SessionState,
    route: &'a Route,
    id: Option<RequestId>,
}

impl Withdraw<'_> {
    fn answered(&mut self) {
        self.id = None;
    }
}

impl Drop for Withdraw<'_> {
    fn drop(&mut self) {
        let Some(id) = self.id.take() else { return };
        if self.session.withdraw(&id) {
            let mut params = JsonObject::new();
            params.insert(
                "requestId".into(),
                serde_json::to_value(&id).unwrap_or(JsonValue::Null),
            );
            params.insert(
                "reason".into(),
                "the server no longer needs the answer".into(),
            );
            let notice =
                tether_mcp_types::JSONRPCNotification::new("notifications/cancelled", Some(params));
            if let Err(error) = self.route.try_send(&notice) {
                tracing::debug!(%id, %error, "could not send notifications/cancelled for a withdrawn request");
            }
        }
    }
}

/// A server-to-client request in the making: a future that sends nothing until it is first
/// polled, and withdraws the request (telling the client) if it is dropped before the answer.
///
/// It borrows the request's token, so it cannot outlive the request either.
#[must_use = "an ask sends nothing until it is awaited"]
pub struct Ask<'a, R> {
    inner: Pin<Box<dyn Future<Output = Result<R, RequestError>> + Send + 'a>>,
}

impl<'a, R> Ask<'a, R> {
    pub(crate) fn new(future: impl Future<Output = Result<R, RequestError>> + Send + 'a) -> Self {
        Self {
            inner: Box::pin(future),
        }
    }
}

impl<R> Future for Ask<'_, R> {
    type Output = Result<R, RequestError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<R> std::fmt::Debug for Ask<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ask").finish_non_exhaustive()
    }
}

/// A server-to-client request of `method`: nothing is sent until the future is first polled.
///
/// On a legacy session the first poll sends it on the originating route and waits for the
/// answer. On a 2026-07-28 request it resolves to the answer the client gave in an earlier
/// round, or registers as live and stays pending: the dispatcher then ends the round with an
/// `InputRequiredResult` (see [`Round`]).
pub(crate) fn ask<'a, R: InputAnswer + Send + 'a>(
    scope: &'a RequestScope,
    outgoing: Outgoing,
) -> Ask<'a, R> {
    let Outgoing { method, body } = outgoing;
    // Only a 2026-07-28 round finds answers by key; a legacy ask needs none (no digest).
    let replay = scope
        .round()
        .map(|round| (round, AskKey::new(scope, method, &body.digest())));
    Ask::new(async move {
        scope.check_ask_context()?;
        scope.check_writable()?;
        match replay {
            Some((round, key)) => replayed(scope, round, key, method, body).await,
            None => nested(scope, method, body.into_params()).await,
        }
    })
}

/// The legacy path: a nested JSON-RPC request on the originating route.
async fn nested<R: InputAnswer>(
    scope: &RequestScope,
    method: &'static str,
    params: WireParams,
) -> Result<R, RequestError> {
    let session = scope.session();
    tracing::debug!(request_id = %scope.id(), method, "asking the client");
    let route = scope.route();
    let (id, answer) = session.request(route, method, Some(&params)).await?;
    drop(params);
    let mut withdraw = Withdraw {
        session,
        route,
        id: Some(id),
    };
    let timeout = session.limits.nested_request_timeout;
    let answer = tokio::select! {
        answer = answer => answer.map_err(|_| RequestError::StreamClosed)?,
        () = scope.cancellation().cancelled() => return Err(RequestError::Cancelled),
        () = session.closed().cancelled() => return Err(RequestError::StreamClosed),
        // The client ended its input: the answer can never come.
        () = session.input_ended().cancelled() => return Err(RequestError::StreamClosed),
        // The stream it went out on is gone (an HTTP client disconnected from a legacy POST):
        // the answer could still come, but nothing more can be sent for the request.
        () = route.closed() => return Err(RequestError::StreamClosed),
        () = tokio::time::sleep(timeout) => return Err(RequestError::Timeout(timeout)),
        () = stuck(scope) => return Err(RequestError::AskOutsideHandlerTask),
    };
    withdraw.answered();
    let value = answer.map_err(RequestError::Peer)?;
    tether_mcp_types::decode::from_value(value).map_err(RequestError::MalformedAnswer)
}

/// The 2026-07-28 path: the answer from an earlier round, or a live registration that keeps the
/// ask pending until the dispatcher ends the round. An answer that does not fit the ask fails
/// the request (-32602 naming the key) without the handler ever seeing it.
async fn replayed<R: InputAnswer>(
    scope: &RequestScope,
    round: &Round,
    key: AskKey,
    method: &'static str,
    body: AskBody,
) -> Result<R, RequestError> {
    if let Some(answer) = round.answer(key.as_str()) {
        match check_answer::<R>(body.requested_schema(), answer) {
            Ok(value) => return Ok(value),
            Err(problem) => round.invalidate(ErrorObject::new(
                INVALID_PARAMS,
                format!(
                    "inputResponses[\"{}\"] does not answer its {method} request: {problem}",
                    key.as_str()
                ),
            )),
        }
    } else {
        let digest = key.digest().to_owned();
        let request = body.into_request();
        let registered = round.register(
            key.0,
            LiveAsk {
                request: Box::new(request),
                digest,
            },
        );
        // Pending until the dispatcher ends the round (dropping this future) right after the
        // handler's poll returns; freed by the watchdog only if that poll never returns.
        stuck(scope).await;
        tracing::warn!(key = %registered.key(), "an ask was blocked in a nested executor on the handler's thread");
        return Err(RequestError::AskOutsideHandlerTask);
    }
    // The dispatcher drops the handler at the end of this poll.
    std::future::pending().await
}

/// Completes if the ask stays pending, for [`ASK_WATCHDOG`], inside the very poll of the
/// handler that first polled it: it is driven by a nested executor (`block_on`,
/// `block_in_place`) on the handler's own thread, which would otherwise hang (on 2026-07-28 the
/// round only ends when that poll returns; on a current-thread runtime no answer can be read).
/// Once the handler's poll has returned, this never completes.
async fn stuck(scope: &RequestScope) {
    let epoch = scope.poll_epoch();
    let mut armed: Option<Armed> = None;
    std::future::poll_fn(|cx| {
        let watch = armed.get_or_insert_with(|| Armed::new(ASK_WATCHDOG, cx.waker()));
        if scope.poll_epoch() == epoch && watch.fired() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

/// Serializes typed params to the object an ask sends.
pub(crate) fn params_object<P: serde::Serialize>(params: &P) -> JsonObject {
    match serde_json::to_value(params) {
        Ok(JsonValue::Object(map)) => map,
        _ => JsonObject::new(),
    }
}

#[cfg(test)]
mod tests {
    use tether_mcp_types::ProtocolVersion;

    use super::*;
    use crate::inflight::form_schema::form_for;

    #[allow(dead_code)]
    #[derive(schemars::JsonSchema, serde::Deserialize)]
    struct Confirm {
        yes: bool,
    }

    #[test]
    fn a_form_ask_builds_what_eagerly_built_params_would_be() {
        for version in [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2025_06_18] {
            let form = form_for::<Confirm>(&version).unwrap();
            let mode = version.has_url_elicitation().then_some(FormMode);
            let eager = ElicitRequestFormParams {
                mode,
                message: "Deploy?".into(),
                requested_schema: form.schema.clone(),
                ..Default::default()
            };
            let expected = params_object(&eager);
            let body = || Outgoing::form(form.clone(), "Deploy?".into(), mode).body;
            assert_eq!(body().digest(), canonical::digest_without_meta(&expected));
            assert_eq!(body().requested_schema(), expected.get("requestedSchema"));
            assert_eq!(params_object(&body().into_params()), expected);
            assert_eq!(
                body().into_request(),
                InputRequest::Elicit(ElicitRequest::input(eager.into()))
            );
        }
    }
}
