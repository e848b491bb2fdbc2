//! Multi Round-Trip Requests (2026-07-28, SEP-2322) by replay: the dispatcher's side.
//!
//! A modern `tools/call`, `prompts/get` or `resources/read` runs its handler with a
//! [`Round`](crate::scope::Round) in its scope. [`begin`] builds it from the request: it opens
//! the sealed `requestState` of the previous round (integrity, expiry, binding), checks the
//! client's `inputResponses` against what that round asked, and collects every answer so far.
//! When the handler is left waiting for asks, [`end`] turns them into an `InputRequiredResult`
//! with a freshly sealed state. The next round replays the handler from the start; its asks find
//! their answers by key. See `docs/replay.md`.

mod principal;
mod replay;
mod sealing;
mod state;

pub use principal::PrincipalCx;
pub(crate) use principal::PrincipalHook;
pub(crate) use replay::{Mrtr, Retry, begin, check_responses, end};
pub(crate) use sealing::Sealer;
pub use sealing::{InvalidSealingKey, SealingKey};
pub(crate) use state::{Binding, PendingBinding, arguments_digest};
