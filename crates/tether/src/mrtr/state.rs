//! What a sealed `requestState` carries between the rounds of one call.

use serde::{Deserialize, Serialize};
use tether_mcp_types::{IndexMap, JsonValue};

/// The request a state belongs to: its method, the tool or prompt name (or resource URI), a
/// digest of its arguments and the principal the server's hook named. A state is only opened
/// for a request with the same binding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Binding {
    /// `tools/call`, `prompts/get` or `resources/read`.
    pub(crate) method: String,
    /// The tool or prompt name, or the resource URI.
    pub(crate) target: String,
    /// The digest of the canonical arguments (empty for `resources/read`).
    pub(crate) arguments: String,
    /// Who is calling, as the server's principal hook says (`None` without a hook).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) principal: Option<String>,
}

impl Binding {
    /// `Ok` if `expected` is the same request; otherwise names the first thing that differs.
    pub(crate) fn check(&self, expected: &Binding) -> Result<(), StateError> {
        if self.method != expected.method {
            Err(StateError::Mismatch("the method"))
        } else if self.target != expected.target {
            Err(StateError::Mismatch(
                "the tool or prompt name, or resource URI",
            ))
        } else if self.arguments != expected.arguments {
            Err(StateError::Mismatch("the arguments"))
        } else if self.principal != expected.principal {
            Err(StateError::Mismatch("the principal"))
        } else {
            Ok(())
        }
    }
}

/// A request's [`Binding`] as its round begins. A retry's is whole (the state it carries is
/// opened against it); a first round's lacks the arguments' digest, computed from the arguments
/// kept here only if the round ends by sealing a state: most first rounds complete without one.
#[derive(Debug)]
pub(crate) struct PendingBinding {
    binding: Binding,
    /// The arguments the digest is still to be computed from (`Some(None)`: absent, counted as
    /// `{}`); `None` once the digest is in the binding.
    arguments: Option<Option<JsonValue>>,
}

impl PendingBinding {
    /// A binding whose arguments' digest is known.
    pub(crate) fn known(binding: Binding) -> Self {
        Self {
            binding,
            arguments: None,
        }
    }

    /// A binding whose arguments' digest is computed from `arguments` when it is needed.
    pub(crate) fn deferred(binding: Binding, arguments: Option<JsonValue>) -> Self {
        Self {
            binding,
            arguments: Some(arguments),
        }
    }

    /// The binding, without its arguments' digest if that is deferred (a first round's, which
    /// nothing reads before it seals).
    pub(crate) fn as_begun(&self) -> &Binding {
        &self.binding
    }

    /// The whole binding.
    pub(crate) fn resolve(self) -> Binding {
        let mut binding = self.binding;
        if let Some(arguments) = self.arguments {
            binding.arguments = arguments_digest(arguments.as_ref());
        }
        binding
    }
}

/// The digest of a request's arguments for its binding (absent or `null` arguments count as
/// `{}`).
pub(crate) fn arguments_digest(arguments: Option<&JsonValue>) -> String {
    match arguments {
        None | Some(JsonValue::Null) => {
            crate::canonical::digest_without_meta(&tether_mcp_types::JsonObject::new())
        }
        Some(arguments) => crate::canonical::digest(arguments),
    }
}

/// An input request of the previous round that the client was asked to answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Outstanding {
    /// `elicitation/create`, `sampling/createMessage` or `roots/list`.
    pub(crate) method: String,
    /// The digest of the input request's params.
    pub(crate) digest: String,
}

/// The payload of a sealed `requestState`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SealedState {
    /// When the state stops being accepted, in milliseconds since the Unix epoch.
    pub(crate) expires: u64,
    /// The call's id, the same in every round (`call_id()`).
    pub(crate) call: String,
    /// The number of rounds that ended with input required so far.
    pub(crate) round: u32,
    /// The request this state belongs to.
    pub(crate) binding: Binding,
    /// Every answer so far, by ask key (left out when empty: every version reads a missing
    /// member as empty).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub(crate) answers: IndexMap<String, JsonValue>,
    /// The input requests of the round that ended, by key (left out when empty).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub(crate) outstanding: IndexMap<String, Outstanding>,
    /// State of the handler's own (the low-level path's `requestState`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) user: Option<String>,
}

impl SealedState {
    /// The state of a call before any round ended.
    pub(crate) fn first_round(call: String, binding: Binding) -> Self {
        Self {
            expires: 0,
            call,
            round: 0,
            binding,
            answers: IndexMap::new(),
            outstanding: IndexMap::new(),
            user: None,
        }
    }
}

/// A [`SealedState`] borrowed from where its parts live (the round, the request's binding), to
/// seal without copying them: it serializes exactly as the owned state does.
#[derive(Debug, Serialize)]
pub(crate) struct SealedStateView<'a> {
    /// See [`SealedState::expires`].
    pub(crate) expires: u64,
    /// See [`SealedState::call`].
    pub(crate) call: &'a str,
    /// See [`SealedState::round`].
    pub(crate) round: u32,
    /// See [`SealedState::binding`].
    pub(crate) binding: &'a Binding,
    /// See [`SealedState::answers`].
    #[serde(skip_serializing_if = "is_empty_map")]
    pub(crate) answers: &'a IndexMap<String, JsonValue>,
    /// See [`SealedState::outstanding`].
    #[serde(skip_serializing_if = "is_empty_map")]
    pub(crate) outstanding: &'a IndexMap<String, Outstanding>,
    /// See [`SealedState::user`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) user: Option<&'a str>,
}

/// Whether a borrowed map is empty (serde passes a reference to the field).
fn is_empty_map<V>(map: &&IndexMap<String, V>) -> bool {
    map.is_empty()
}

#[cfg(test)]
impl SealedState {
    /// This state as a [`SealedStateView`] (tests seal owned states through it).
    pub(crate) fn view(&self) -> SealedStateView<'_> {
        SealedStateView {
            expires: self.expires,
            call: &self.call,
            round: self.round,
            binding: &self.binding,
            answers: &self.answers,
            outstanding: &self.outstanding,
            user: self.user.as_deref(),
        }
    }
}

/// Why a `requestState` was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum StateError {
    /// Not a state this server seals (wrong format or encoding).
    #[error("it is not a state this server issued")]
    Malformed,
    /// Sealed with a key this server does not hold (another deployment, a restart with a
    /// random key, or a retired key).
    #[error(
        "it was sealed with key `{0}`, which this server does not hold (a restart with a \
         random key, another replica without the shared key, or a retired key)"
    )]
    UnknownKey(String),
    /// The tag does not match: the state was changed.
    #[error("its integrity check failed: it was modified")]
    BadTag,
    /// Past its expiry.
    #[error("it has expired; start the call again")]
    Expired,
    /// It belongs to another request.
    #[error("it belongs to another request: {0} differ")]
    Mismatch(&'static str),
    /// Over the size limit.
    #[error("it is {size} bytes, over the {max}-byte limit")]
    TooLarge {
        /// The state's size.
        size: usize,
        /// The limit.
        max: usize,
    },
}
