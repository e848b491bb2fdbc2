//! The low-level Multi Round-Trip path (2026-07-28) for authors who build their own
//! `InputRequiredResult` and read `inputResponses` and their `requestState` themselves.

use tether_mcp_types::{InputRequiredResult, InputResponses};

use crate::error::RequestError;
use crate::scope::{RequestScope, Round};

/// A 2026-07-28 request's round, for handlers that drive Multi Round-Trip Requests by hand.
/// Obtain it with [`InFlight::multi_round`](crate::InFlight::multi_round); it is `None` on
/// legacy sessions.
///
/// Most handlers never need it: an ask (`cx.elicitation()?.form(..).await`) becomes an input
/// request on its own, and its answer is found by key when the handler is replayed. This view
/// is for a handler that keeps its own progress in `requestState` (say, the step of a wizard
/// whose steps are decided at run time) or answers with input requests it builds itself.
///
/// ```no_run
/// use tether_mcp::prelude::*;
/// use tether_mcp::types::{InputRequest, InputRequests, InputRequiredResult, ListRootsRequest};
///
/// async fn step(cx: &InFlight<'_>) -> Result<CallToolResult, ToolError> {
///     let Some(round) = cx.multi_round() else {
///         return Err(ToolError::execution("this tool needs a 2026-07-28 client"));
///     };
///     if round.request_state() == Some("asked-roots") {
///         let answered = round.input_responses().is_some_and(|r| r.contains_key("roots"));
///         return Ok(CallToolResult { content: vec![ContentBlock::text(format!("answered: {answered}"))], ..Default::default() });
///     }
///     let mut requests = InputRequests::new();
///     requests.insert("roots".into(), InputRequest::ListRoots(ListRootsRequest::input(None)));
///     let error = round.require_input(InputRequiredResult::new(requests, Some("asked-roots".into()))).await;
///     Err(error.into())
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MultiRound<'a> {
    scope: &'a RequestScope,
    round: &'a Round,
}

impl<'a> MultiRound<'a> {
    pub(crate) fn new(scope: &'a RequestScope, round: &'a Round) -> Self {
        Self { scope, round }
    }

    /// Which round of the call this is: 1 for the first request, 2 for its first retry, ...
    pub fn number(&self) -> u32 {
        self.round.number()
    }

    /// The `inputResponses` of this request, as the client sent them. The ones answering the
    /// previous round's input requests were checked against their method; others are here
    /// unchecked (the spec says to ignore them). A response that does not decode as an input
    /// response is left out; if it answers one of the previous round's input requests, the
    /// request fails with -32602 naming it unless the handler completes in this poll.
    pub fn input_responses(&self) -> Option<&'a InputResponses> {
        self.round.input_responses()
    }

    /// The `requestState` your handler gave in the previous round's
    /// [`require_input`](Self::require_input), after the server verified it: it is carried
    /// inside the server's sealed state, so it reaches you unmodified, within its expiry and
    /// only for the same tool, arguments and principal. `None` in the first round.
    pub fn request_state(&self) -> Option<&'a str> {
        self.round.user_state()
    }

    /// Ends this round with `result`: the dispatcher drops the handler and answers it, its
    /// `requestState` sealed inside the server's own. Input requests must be of kinds the client
    /// declared (otherwise the request fails with -32021).
    ///
    /// On 2026-07-28 this never returns (the handler is dropped); it resolves to an error only
    /// when polled outside the handler's own task ([`RequestError::AskOutsideHandlerTask`]) or
    /// after the request was cancelled.
    pub async fn require_input(&self, result: InputRequiredResult) -> RequestError {
        if let Err(error) = self
            .scope
            .check_ask_context()
            .and_then(|()| self.scope.check_writable())
        {
            return error;
        }
        self.round.require(result);
        std::future::pending().await
    }
}
