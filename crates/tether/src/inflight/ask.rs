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
    ElicitRequestParams, ErrorObject, InputRequest, JsonObject, JsonValue, ListRootsRequest,
    RequestId,
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

/// A server-to-client request as a view builds it: its method, its params (see
/// [`AskParams`]), and the same request typed, which a 2026-07-28 round carries in its
/// `InputRequiredResult` without decoding it back from JSON.
pub(crate) struct Outgoing {
    method: &'static str,
    params: AskParams,
    request: InputRequest,
}

/// The params of an ask, as its key, its answer check and the legacy path need them.
enum AskParams {
    /// The JSON object that goes on the wire (and is digested into the key).
    Object(JsonObject),
    /// A form elicitation's params, kept typed in the request: the wire object is built only
    /// if the legacy path sends it, the digest comes from the form's memo and the
    /// `requestedSchema` from the form's JSON, both computed once per form.
    Form {
        /// The cached form the params were built from.
        form: Arc<CachedForm>,
        /// [`canonical::digest_without_meta`] of the wire object.
        digest: String,
    },
}

impl AskParams {
    /// [`canonical::digest_without_meta`] of the wire object.
    fn digest(&self) -> String {
        match self {
            Self::Object(object) => canonical::digest_without_meta(object),
            Self::Form { digest, .. } => digest.clone(),
        }
    }

    /// The `requestedSchema` an accepted form answer is checked against, if any.
    fn requested_schema(&self) -> Option<&JsonValue> {
        match self {
            Self::Object(object) => object.get("requestedSchema"),
            Self::Form { form, .. } => Some(&form.requested_schema_json),
        }
    }

    /// The wire object; a form's is serialized from the typed `request` it was built into.
    fn into_object(self, request: &InputRequest) -> JsonObject {
        match (self, request) {
            (Self::Object(object), _) => object,
            (Self::Form { .. }, InputRequest::Elicit(elicit)) => params_object(&elicit.params),
            (Self::Form { .. }, other) => params_object(other),
        }
    }
}

impl Outgoing {
    /// `elicitation/create` of a form built from `form` (the cached form of a type), whose
    /// digest `form` remembers by message: the params are serialized only when the digest is
    /// not remembered yet, or when the legacy path sends them.
    pub(crate) fn form(params: ElicitRequestFormParams, form: Arc<CachedForm>) -> Self {
        let digest = form.ask_digest(&params.message, || params_object(&params));
        Self {
            method: "elicitation/create",
            params: AskParams::Form { form, digest },
            request: InputRequest::Elicit(ElicitRequest::input(params.into())),
        }
    }

    /// `elicitation/create` with these params (form or URL).
    pub(crate) fn elicitation(params: impl Into<ElicitRequestParams>) -> Self {
        let params = params.into();
        Self {
            method: "elicitation/create",
            params: AskParams::Object(params_object(&params)),
            request: InputRequest::Elicit(ElicitRequest::input(params)),
        }
    }

    /// `sampling/createMessage` with these params.
    pub(crate) fn sampling(params: CreateMessageRequestParams) -> Self {
        Self {
            method: "sampling/createMessage",
            params: AskParams::Object(params_object(&params)),
            request: InputRequest::CreateMessage(CreateMessageRequest::input(params)),
        }
    }

    /// `roots/list`, without params.
    pub(crate) fn roots() -> Self {
        Self {
            method: "roots/list",
            params: AskParams::Object(JsonObject::new()),
            request: InputRequest::ListRoots(ListRootsRequest::input(None)),
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
    let Outgoing {
        method,
        params,
        request,
    } = outgoing;
    // Only a 2026-07-28 round finds answers by key; a legacy ask needs none (no digest).
    let replay = scope
        .round()
        .map(|round| (round, AskKey::new(scope, method, &params.digest())));
    Ask::new(async move {
        scope.check_ask_context()?;
        scope.check_writable()?;
        match replay {
            Some((round, key)) => replayed(scope, round, key, method, (request, params)).await,
            None => nested(scope, method, params.into_object(&request)).await,
        }
    })
}

/// The legacy path: a nested JSON-RPC request on the originating route.
async fn nested<R: InputAnswer>(
    scope: &RequestScope,
    method: &'static str,
    params: JsonObject,
) -> Result<R, RequestError> {
    let session = scope.session();
    tracing::debug!(request_id = %scope.id(), method, "asking the client");
    let route = scope.route();
    let (id, answer) = session.request(route, method, Some(params)).await?;
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
    (request, params): (InputRequest, AskParams),
) -> Result<R, RequestError> {
    if let Some(answer) = round.answer(key.as_str()) {
        match check_answer::<R>(params.requested_schema(), answer) {
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
        let registered = round.register(key.0, LiveAsk { request, digest });
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
