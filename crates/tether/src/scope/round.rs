//! The Multi Round-Trip state of one request round (2026-07-28): the answers the handler's asks
//! find, and the asks still waiting for one.
//!
//! On a modern request an ask never goes on the wire. If its answer is known (from this round's
//! `inputResponses` or the sealed `requestState`) it resolves to it; otherwise it registers
//! here and stays pending. After a poll of the handler returns `Pending`, the dispatcher looks
//! at what is registered: live asks end the round with an `InputRequiredResult` carrying all of
//! them, and the handler is dropped (its next round replays it from the start).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use tether_mcp_types::error_codes::INVALID_PARAMS;
use tether_mcp_types::{
    ErrorObject, IndexMap, InputRequest, InputRequiredResult, InputResponse, InputResponses,
    JsonObject, JsonValue,
};

use crate::inflight::decode_ref;

/// An ask waiting for the client: the input request as the client will receive it, typed as
/// the view built it (never re-decoded from JSON), and the digest of its params from its key.
/// (The request is boxed: a map of unboxed ones reserves kilobytes for its first entry.)
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LiveAsk {
    pub(crate) request: Box<InputRequest>,
    pub(crate) digest: String,
}

/// How a round ends when the handler is pending.
#[derive(Debug)]
pub(crate) enum RoundEnd {
    /// The handler waits for these asks, by key, in the order they registered.
    Asks(IndexMap<String, LiveAsk>),
    /// The handler (the low-level path) returned this result itself.
    Raw(InputRequiredResult),
    /// An answer was invalid; the request fails with this error.
    Invalid(ErrorObject),
}

/// The Multi Round-Trip state of one round.
#[derive(Debug)]
pub(crate) struct Round {
    call_id: String,
    number: u32,
    answers: IndexMap<String, JsonValue>,
    /// Keys answered by this round's `inputResponses` (not by earlier rounds).
    fresh: HashSet<String>,
    consumed: Mutex<HashSet<String>>,
    live: Mutex<IndexMap<String, LiveAsk>>,
    invalid: Mutex<Option<ErrorObject>>,
    raw: Mutex<Option<InputRequiredResult>>,
    /// `inputResponses` as the client sent them (each says which method it answers).
    input_responses: Option<JsonObject>,
    /// `input_responses` decoded, the first time the low-level view reads them.
    decoded_responses: OnceLock<Option<InputResponses>>,
    user_state: Option<String>,
}

impl Round {
    pub(crate) fn new(
        call_id: String,
        number: u32,
        answers: IndexMap<String, JsonValue>,
        fresh: HashSet<String>,
        input_responses: Option<JsonObject>,
        user_state: Option<String>,
    ) -> Self {
        Self {
            call_id,
            number,
            answers,
            fresh,
            consumed: Mutex::new(HashSet::new()),
            live: Mutex::new(IndexMap::new()),
            invalid: Mutex::new(None),
            raw: Mutex::new(None),
            input_responses,
            decoded_responses: OnceLock::new(),
            user_state,
        }
    }

    pub(crate) fn call_id(&self) -> &str {
        &self.call_id
    }

    /// 1 for the first round of a call, 2 for its first retry, ...
    pub(crate) fn number(&self) -> u32 {
        self.number
    }

    /// Every answer known in this round, by key.
    pub(crate) fn answers(&self) -> &IndexMap<String, JsonValue> {
        &self.answers
    }

    /// The `inputResponses` of the request as the client sent them, decoded on first use (the
    /// low-level path; asks decode only the answer they find). One that answers an input request
    /// of the previous round but does not decode fails the request (-32602 naming it) once the
    /// handler's poll returns pending; any other that does not is left out.
    pub(crate) fn input_responses(&self) -> Option<&InputResponses> {
        self.decoded_responses
            .get_or_init(|| {
                let sent = self.input_responses.as_ref()?;
                let mut decoded = InputResponses::with_capacity(sent.len());
                for (key, response) in sent {
                    match decode_ref::<InputResponse>(response) {
                        Ok(response) => {
                            decoded.insert(key.clone(), response);
                        }
                        Err(e) if self.fresh.contains(key) => self.invalidate(ErrorObject::new(
                            INVALID_PARAMS,
                            format!("invalid inputResponses: {key}: {e}"),
                        )),
                        Err(e) => {
                            tracing::debug!(key, %e, "left out an input response that does not decode");
                        }
                    }
                }
                Some(decoded)
            })
            .as_ref()
    }

    /// The handler's own state from the previous round (the low-level path).
    pub(crate) fn user_state(&self) -> Option<&str> {
        self.user_state.as_deref()
    }

    /// The answer to the ask `key`, if known; marks it used.
    pub(crate) fn answer(&self, key: &str) -> Option<&JsonValue> {
        let answer = self.answers.get(key)?;
        lock(&self.consumed).insert(key.to_owned());
        Some(answer)
    }

    /// Registers a live ask; it counts until the returned guard is dropped.
    pub(crate) fn register(&self, key: String, ask: LiveAsk) -> Registration<'_> {
        lock(&self.live).insert(key.clone(), ask);
        Registration { round: self, key }
    }

    /// Marks the round failed by an invalid answer (the first one wins).
    pub(crate) fn invalidate(&self, error: ErrorObject) {
        lock(&self.invalid).get_or_insert(error);
    }

    /// Records the handler's own `InputRequiredResult` (the low-level path).
    pub(crate) fn require(&self, result: InputRequiredResult) {
        *lock(&self.raw) = Some(result);
    }

    /// What ends the round, after a poll of the handler returned `Pending`: `None` if the
    /// handler is waiting for something else (its own I/O, a timer). A round that ends is over:
    /// its handler is dropped next.
    pub(crate) fn end(&self) -> Option<RoundEnd> {
        if let Some(error) = lock(&self.invalid).take() {
            return Some(RoundEnd::Invalid(error));
        }
        if let Some(raw) = lock(&self.raw).take() {
            return Some(RoundEnd::Raw(raw));
        }
        // Taken, not copied: a round that ends drops its handler, whose asks would only
        // withdraw themselves from this map.
        let mut live = lock(&self.live);
        (!live.is_empty()).then(|| RoundEnd::Asks(std::mem::take(&mut *live)))
    }

    /// Keys the client answered in this round that the replay did not use.
    pub(crate) fn unused_fresh_answers(&self) -> Vec<String> {
        let consumed = lock(&self.consumed);
        let mut unused: Vec<String> = self
            .fresh
            .iter()
            .filter(|k| !consumed.contains(*k))
            .cloned()
            .collect();
        unused.sort();
        unused
    }
}

/// A live ask's registration: dropping the ask withdraws it.
#[derive(Debug)]
pub(crate) struct Registration<'a> {
    round: &'a Round,
    key: String,
}

impl Registration<'_> {
    pub(crate) fn key(&self) -> &str {
        &self.key
    }
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        lock(&self.round.live).shift_remove(&self.key);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn round(fresh: &[&str], sent: JsonValue) -> Round {
        let fresh = fresh.iter().map(|k| (*k).to_owned()).collect();
        let sent = sent.as_object().cloned();
        Round::new("call".into(), 2, IndexMap::new(), fresh, sent, None)
    }

    /// The low-level view decodes what was sent once; a response that does not decode is left
    /// out, and fails the request only if it answers something the previous round asked.
    #[test]
    fn the_low_level_view_leaves_out_what_does_not_decode_and_fails_on_an_asked_key() {
        let sent = json!({
            "asked": {"action": 5},
            "unasked": {"roots": "not a list"},
            "good": {"action": "decline"},
        });
        let ignored = round(&[], sent.clone());
        let decoded = ignored.input_responses().expect("responses");
        assert_eq!(decoded.keys().collect::<Vec<_>>(), ["good"]);
        assert!(ignored.end().is_none(), "nothing asked went wrong");

        let failed = round(&["asked"], sent);
        assert_eq!(failed.input_responses().map(|r| r.len()), Some(1));
        match failed.end() {
            Some(RoundEnd::Invalid(error)) => {
                assert_eq!(error.code, INVALID_PARAMS);
                assert!(error.message.contains("asked"), "{}", error.message);
            }
            other => panic!("expected the round to fail, got {other:?}"),
        }
        assert!(round(&[], JsonValue::Null).input_responses().is_none());
    }
}
