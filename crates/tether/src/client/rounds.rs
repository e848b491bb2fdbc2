//! The MRTR driver (2026-07-28, SEP-2322): `tools/call`, `prompts/get` and `resources/read`
//! retried round after round, each input request answered by the client's handlers, until the
//! result is complete.
//!
//! Each round is a new request under a fresh JSON-RPC id, carrying the previous round's
//! answers in `inputResponses` and its `requestState` byte for byte (none when the server sent
//! none). A result without `resultType` is complete.

use futures_util::future::try_join_all;
use serde::de::DeserializeOwned;
use tether_mcp_types::{
    InputRequest, InputResponse, InputResponses, JsonObject, JsonValue, MultiRoundResult,
};

use super::ClientError;
use super::call::Request;
use super::engine::Engine;
use super::origin::Origin;

/// Sends `params` and answers input requests until the result is complete or the round cap
/// is reached.
pub(crate) async fn drive<T: DeserializeOwned>(
    request: &mut Request<'_, '_>,
    mut params: JsonObject,
) -> Result<T, ClientError> {
    let max = request.engine.options.max_rounds.max(1);
    let mut answers: Option<InputResponses> = None;
    let mut state: Option<String> = None;
    for round in 1..=max {
        // The same params every round, with this round's answers and state (none on the
        // first, whatever the caller put there).
        params.remove("inputResponses");
        params.remove("requestState");
        if let Some(answers) = answers.take() {
            let answers =
                serde_json::to_value(answers).map_err(|e| ClientError::InvalidParams {
                    method: request.method.to_owned(),
                    detail: e.to_string(),
                })?;
            params.insert("inputResponses".into(), answers);
        }
        if let Some(state) = state.take() {
            params.insert("requestState".into(), JsonValue::String(state));
        }
        let (result, id) = request.send(&params).await?;
        match result.decode_rounds::<T>(request.method)? {
            MultiRoundResult::Complete(done) => return Ok(done),
            MultiRoundResult::InputRequired(needed) => {
                if round == max {
                    return Err(ClientError::TooManyRounds {
                        method: request.method.to_owned(),
                        rounds: max,
                    });
                }
                let origin = Origin::Call {
                    method: request.method.to_owned(),
                    name: request.name.clone(),
                    id,
                };
                if let Some(asks) = needed.input_requests {
                    answers = Some(answer_all(request.engine, asks, origin).await?);
                }
                state = needed.request_state;
            }
        }
    }
    unreachable!("the loop returns on its last round")
}

/// Answers every input request of a round, concurrently, in the order the server asked.
async fn answer_all(
    engine: &Engine,
    asks: tether_mcp_types::InputRequests,
    origin: Origin,
) -> Result<InputResponses, ClientError> {
    let answers = asks.into_iter().map(|(key, ask)| {
        let origin = origin.clone();
        async move { answer(engine, ask, origin).await.map(|a| (key, a)) }
    });
    Ok(try_join_all(answers).await?.into_iter().collect())
}

async fn answer(
    engine: &Engine,
    ask: InputRequest,
    origin: Origin,
) -> Result<InputResponse, ClientError> {
    let failed = |method: &str, error| ClientError::Handler {
        method: method.to_owned(),
        error: Box::new(error),
    };
    let not_offered = |method: &str| ClientError::NotOffered {
        method: method.to_owned(),
    };
    match ask {
        InputRequest::Elicit(ask) => {
            let method = "elicitation/create";
            let (_, handler) = engine
                .handlers
                .elicitation
                .clone()
                .ok_or_else(|| not_offered(method))?;
            handler
                .elicit(ask.params, origin)
                .await
                .map(InputResponse::Elicit)
                .map_err(|e| failed(method, e))
        }
        InputRequest::CreateMessage(ask) => {
            let method = "sampling/createMessage";
            let (_, handler) = engine
                .handlers
                .sampling
                .clone()
                .ok_or_else(|| not_offered(method))?;
            handler
                .create_message(ask.params, origin)
                .await
                .map(InputResponse::CreateMessage)
                .map_err(|e| failed(method, e))
        }
        InputRequest::ListRoots(_) => {
            let method = "roots/list";
            let (_, handler) = engine
                .handlers
                .roots
                .clone()
                .ok_or_else(|| not_offered(method))?;
            handler
                .list_roots(origin)
                .await
                .map(InputResponse::ListRoots)
                .map_err(|e| failed(method, e))
        }
        other @ InputRequest::Unknown(_) => Err(ClientError::NotOffered {
            method: other.tag().to_owned(),
        }),
    }
}
