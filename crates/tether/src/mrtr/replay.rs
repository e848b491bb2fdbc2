//! Beginning and ending a round: from the retry's `requestState` and `inputResponses` to the
//! handler's [`Round`], and from the asks it left waiting to an `InputRequiredResult`.

use std::collections::HashSet;

use tether_mcp_types::error_codes::{INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST};
use tether_mcp_types::{
    ClientCapabilities, ElicitationCapability, ErrorObject, IndexMap, InputRequest, InputRequests,
    InputRequiredResult, InputResponse, JsonObject, JsonValue, SamplingCapability,
};

use super::principal::PrincipalHook;
use super::sealing::Sealer;
use super::state::{Binding, Outstanding, SealedState, SealedStateView};
use crate::canonical;
use crate::capability_check::uncovered;
use crate::error::MissingCapability;
use crate::scope::{LiveAsk, Round, RoundEnd};

/// A server's Multi Round-Trip settings.
pub(crate) struct Mrtr {
    pub(crate) sealer: Sealer,
    /// Rounds one call may take before it fails.
    pub(crate) max_rounds: u32,
    pub(crate) principal: Option<PrincipalHook>,
}

impl std::fmt::Debug for Mrtr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mrtr")
            .field("sealer", &self.sealer)
            .field("max_rounds", &self.max_rounds)
            .field("principal", &self.principal.as_ref().map(|_| "<hook>"))
            .finish()
    }
}

/// The MRTR members of a request, taken out of its params before the handler sees them (every
/// round of a call looks the same to the handler).
#[derive(Debug, Default)]
pub(crate) struct Retry {
    /// `inputResponses` as sent, each an object that tells which method it answers
    /// ([`check_responses`]); decoded only by the ask (or the low-level view) that reads it.
    pub(crate) input_responses: Option<JsonObject>,
    pub(crate) request_state: Option<String>,
}

/// `inputResponses` if each of its members is an object that says which method it answers
/// ([`InputResponse::method_answered`]); otherwise -32602 naming the first that does not.
pub(crate) fn check_responses(responses: JsonObject) -> Result<JsonObject, ErrorObject> {
    for (key, response) in &responses {
        let problem = match response {
            JsonValue::Object(object) if InputResponse::method_answered(object).is_some() => {
                continue;
            }
            JsonValue::Object(_) => InputResponse::NOT_AN_INPUT_RESPONSE.to_owned(),
            other => format!("an input response is an object, got {other}"),
        };
        return Err(invalid(format!("invalid inputResponses: {key}: {problem}")));
    }
    Ok(responses)
}

fn invalid(message: impl Into<String>) -> ErrorObject {
    ErrorObject::new(INVALID_PARAMS, message)
}

/// A fresh call id: 128 random bits in hex.
fn fresh_call_id() -> String {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    // 64 random bits drawn once per process, then a counter: unique across the replicas of a
    // deployment without a random draw (a system call) per request.
    static PREFIX: OnceLock<u64> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(|| {
        let mut bytes = [0u8; 8];
        if getrandom::fill(&mut bytes).is_err() {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            return u64::from(std::process::id()) << 32 ^ now.as_nanos() as u64;
        }
        u64::from_le_bytes(bytes)
    });
    // Written digit by digit: `format!` costs more than the rest of a plain call's round.
    let mut id = String::with_capacity(32);
    for value in [prefix, NEXT.fetch_add(1, Ordering::Relaxed)] {
        for shift in (0..16).rev() {
            id.push(char::from(
                b"0123456789abcdef"[(value >> (shift * 4)) as usize & 0xf],
            ));
        }
    }
    id
}

/// The round a request starts: its state opened and checked, its answers collected.
pub(crate) fn begin(mrtr: &Mrtr, binding: &Binding, retry: Retry) -> Result<Round, ErrorObject> {
    let state = match &retry.request_state {
        // The first round: nothing to open, and nothing reads the binding of this state (the
        // next round's is checked against the sealed one).
        None => SealedState::first_round(fresh_call_id(), Binding::default()),
        Some(sealed) => mrtr
            .sealer
            .open(sealed, binding)
            .map_err(|e| invalid(format!("invalid requestState: {e}")))?,
    };
    if state.round >= mrtr.max_rounds {
        return Err(ErrorObject::new(
            INVALID_REQUEST,
            format!(
                "this call has taken {} rounds, the limit of this server's Multi Round-Trip \
                 Requests; start it again",
                state.round
            ),
        ));
    }
    let mut answers = state.answers;
    let mut fresh = HashSet::new();
    if let Some(responses) = &retry.input_responses {
        for (key, response) in responses {
            let Some(asked) = state.outstanding.get(key) else {
                tracing::debug!(key, "ignored an input response to nothing this call asked");
                continue;
            };
            // Each response says what it answers (`check_responses`).
            let method = response
                .as_object()
                .and_then(InputResponse::method_answered)
                .unwrap_or_default();
            if asked.method != method {
                return Err(invalid(format!(
                    "inputResponses[\"{key}\"] answers {method}, but the server asked {} under \
                     that key",
                    asked.method
                )));
            }
            answers.insert(key.clone(), response.clone());
            fresh.insert(key.clone());
        }
    }
    Ok(Round::new(
        state.call,
        state.round + 1,
        answers,
        fresh,
        retry.input_responses,
        state.user,
    ))
}

/// The `InputRequiredResult` that ends `round`, or the error that fails the request.
pub(crate) fn end(
    mrtr: &Mrtr,
    binding: &Binding,
    round: &Round,
    end: RoundEnd,
    declared: &ClientCapabilities,
) -> Result<InputRequiredResult, ErrorObject> {
    let (requests, outstanding, user) = match end {
        RoundEnd::Invalid(error) => return Err(error),
        RoundEnd::Asks(live) => {
            diagnose_changed_keys(round, &live)?;
            let mut requests = InputRequests::with_capacity(live.len());
            let mut outstanding = IndexMap::with_capacity(live.len());
            for (key, ask) in live {
                let method = ask.request.tag().to_owned();
                outstanding.insert(
                    key.clone(),
                    Outstanding {
                        method,
                        digest: ask.digest,
                    },
                );
                requests.insert(key, *ask.request);
            }
            (requests, outstanding, None)
        }
        RoundEnd::Raw(raw) => {
            let requests = raw.input_requests.unwrap_or_default();
            for request in requests.values() {
                if let Some(missing) = undeclared(request, declared) {
                    return Err(missing.to_missing_required());
                }
            }
            let outstanding = requests
                .iter()
                .map(|(key, request)| (key.clone(), outstanding_of(request)))
                .collect();
            (requests, outstanding, raw.request_state)
        }
    };
    let state = SealedStateView {
        expires: 0,
        call: round.call_id(),
        round: round.number(),
        binding,
        answers: round.answers(),
        outstanding: &outstanding,
        user: user.as_deref(),
    };
    let sealed = mrtr.sealer.seal_view(state).map_err(|e| {
        ErrorObject::new(
            INTERNAL_ERROR,
            format!("cannot carry this call's state to its next round: {e}"),
        )
    })?;
    Ok(InputRequiredResult::new(requests, Some(sealed)))
}

/// What the next round remembers of an input request the handler returned itself: its method
/// and the digest of its params.
fn outstanding_of(request: &InputRequest) -> Outstanding {
    let value = serde_json::to_value(request).unwrap_or(JsonValue::Null);
    let params = value
        .get("params")
        .and_then(JsonValue::as_object)
        .cloned()
        .unwrap_or_default();
    Outstanding {
        method: request.tag().to_owned(),
        digest: canonical::digest_without_meta(&params),
    }
}

/// The capability the client did not declare for `request`, if any (the views check this for
/// asks; the low-level path is checked here).
fn undeclared(request: &InputRequest, declared: &ClientCapabilities) -> Option<MissingCapability> {
    let mut required = ClientCapabilities::default();
    let name = match request {
        InputRequest::Elicit(r) => {
            let url = serde_json::to_value(&r.params)
                .ok()
                .and_then(|p| p.get("mode").cloned())
                == Some(JsonValue::from("url"));
            required.elicitation = Some(ElicitationCapability {
                url: url.then(JsonObject::new),
                ..Default::default()
            });
            if url {
                "elicitation.url"
            } else {
                "elicitation"
            }
        }
        InputRequest::CreateMessage(r) => {
            let tools = r.params.tools.is_some() || r.params.tool_choice.is_some();
            required.sampling = Some(SamplingCapability {
                tools: tools.then(JsonObject::new),
                ..Default::default()
            });
            if tools { "sampling.tools" } else { "sampling" }
        }
        InputRequest::ListRoots(_) => {
            required.roots = Some(Default::default());
            "roots"
        }
        InputRequest::Unknown(_) => return None,
    };
    uncovered(declared, &required).map(|missing| MissingCapability::new(name, missing))
}

/// A live ask whose key was not answered while an answer of the previous round went unused,
/// with the same method and occurrence: the ask's params changed between rounds, so its answer
/// can never be found. Failing names both keys; re-asking would loop until the round limit.
fn diagnose_changed_keys(
    round: &Round,
    live: &IndexMap<String, LiveAsk>,
) -> Result<(), ErrorObject> {
    let unused = round.unused_fresh_answers();
    if unused.is_empty() {
        return Ok(());
    }
    let shape = |key: &str| -> (String, String) {
        let mut parts = key.rsplitn(3, ':');
        let occurrence = parts.next().unwrap_or_default().to_owned();
        let _digest = parts.next();
        (parts.next().unwrap_or_default().to_owned(), occurrence)
    };
    for key in live.keys() {
        if let Some(previous) = unused.iter().find(|u| shape(u) == shape(key)) {
            return Err(ErrorObject::new(
                INTERNAL_ERROR,
                format!(
                    "the handler's ask changed between rounds: the client answered `{previous}`, \
                     but this round asked `{key}` instead. An ask's params must be the same in \
                     every round of a call (no timestamps, random values or counters in them); \
                     the handler is replayed from the start each round"
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn call_ids_are_32_hex_digits_and_differ() {
        let (a, b) = (fresh_call_id(), fresh_call_id());
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert_eq!(id.len(), 32, "{id}");
            assert!(
                id.bytes()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
                "{id}"
            );
        }
        // The same 64-bit prefix, then a counter.
        assert_eq!(a[..16], b[..16]);
        let (x, y) = (&a[16..], &b[16..]);
        let counter = |hex: &str| u64::from_str_radix(hex, 16).expect("hex");
        assert!(counter(y) > counter(x), "{x} then {y}");
    }

    fn responses(value: JsonValue) -> Result<JsonObject, ErrorObject> {
        check_responses(value.as_object().cloned().unwrap_or_default())
    }

    #[test]
    fn every_response_must_say_what_it_answers() {
        let fine = json!({
            "e": {"action": "accept", "content": {"ok": true}},
            "r": {"roots": []},
            "s": {"role": "assistant", "content": {"type": "text", "text": "x"}, "model": "m"},
        });
        assert_eq!(responses(fine.clone()).ok(), fine.as_object().cloned());
        for (sent, named) in [
            (
                json!({"e": {"action": "accept"}, "x": 5}),
                "x: an input response is an object",
            ),
            (
                json!({"x": {"answer": 1}}),
                "x: an input response needs `action`",
            ),
        ] {
            let error = responses(sent).unwrap_err();
            assert_eq!(error.code, INVALID_PARAMS);
            assert!(
                error.message.starts_with("invalid inputResponses: ")
                    && error.message.contains(named),
                "{}",
                error.message
            );
        }
    }
}
