//! Sealing `requestState`: HMAC-SHA256 under a named key, with rotation.
//!
//! A sealed state reads `v1.<key id>.<payload>.<tag>`: the payload is base64url JSON (see
//! [`SealedState`](super::state::SealedState)), the tag the HMAC-SHA256 of `tether-mcp/request-state/v1` + key id +
//! payload. Sealing gives integrity, not secrecy: the client can read the payload (the answers
//! it gave itself), but any change to it, or a tag made with another key, is rejected before a
//! handler runs.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[cfg(test)]
use super::state::SealedState;
use super::state::{Binding, SealedStateView, StateError};

type HmacSha256 = Hmac<Sha256>;

/// What the tag covers besides the key id and the payload, so a tag of this format can never be
/// confused with an HMAC the application computes with the same secret for something else.
const DOMAIN: &[u8] = b"tether-mcp/request-state/v1";
/// The shortest secret accepted: 256 bits, the HMAC-SHA256 block-size guidance.
const MIN_SECRET_BYTES: usize = 32;
/// The longest key id: it travels in every sealed state.
const MAX_KEY_ID_BYTES: usize = 32;

/// A key that seals the `requestState` of Multi Round-Trip Requests (2026-07-28).
///
/// Every replica of a server that may serve the rounds of one call needs the same key (a
/// load balancer can send each round anywhere). The default, [`SealingKey::random`], is made
/// per process: rounds then fail across restarts and replicas. Give each key a new id when you
/// rotate, and keep the old one as a [previous key](crate::ServerBuilder::previous_sealing_key)
/// for the state's lifetime. What the seal checks and what it does not:
/// [docs/sealing.md](https://github.com/tether-mcp/tether-mcp/blob/main/docs/sealing.md);
/// replicas behind a load balancer, rotation step by step, health checks:
/// [docs/deployment.md](https://github.com/tether-mcp/tether-mcp/blob/main/docs/deployment.md).
///
/// ```
/// use tether_mcp::SealingKey;
/// let secret = [7u8; 32]; // in production: 32+ random bytes from your secret store
/// let key = SealingKey::new("2026-11", &secret).expect("a valid key");
/// assert_eq!(key.id(), "2026-11");
/// ```
#[derive(Clone)]
pub struct SealingKey {
    id: String,
    /// The HMAC keyed with the secret that has already absorbed the tag's fixed prefix
    /// (`DOMAIN`, `\0`, the id, `.`): each tag clones it instead of keying a new HMAC (two
    /// SHA-256 blocks) and feeding the prefix again.
    keyed_prefix: HmacSha256,
}

/// Why a [`SealingKey`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidSealingKey {
    /// The secret is shorter than 32 bytes.
    #[error("a sealing secret needs at least {MIN_SECRET_BYTES} bytes, got {0}")]
    SecretTooShort(usize),
    /// The id is empty, longer than 32 bytes, or has a character outside `A-Za-z0-9_-`.
    #[error("a sealing key id is 1 to {MAX_KEY_ID_BYTES} characters of A-Z a-z 0-9 _ -, got {0:?}")]
    BadId(String),
    /// The text form is not `<id>:<secret>` with the secret in hex or base64.
    #[error("a sealing key is written <id>:<secret>, the secret in hex or base64: {0}")]
    BadFormat(&'static str),
}

impl SealingKey {
    /// A key named `id` (1 to 32 characters of `A-Za-z0-9_-`; it is written in every sealed
    /// state so the right key can be picked during a rotation) with `secret` (at least 32
    /// bytes).
    pub fn new(id: impl Into<String>, secret: &[u8]) -> Result<Self, InvalidSealingKey> {
        let id = id.into();
        let id_ok = !id.is_empty()
            && id.len() <= MAX_KEY_ID_BYTES
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !id_ok {
            return Err(InvalidSealingKey::BadId(id));
        }
        if secret.len() < MIN_SECRET_BYTES {
            return Err(InvalidSealingKey::SecretTooShort(secret.len()));
        }
        Ok(Self::from_parts(id, secret))
    }

    /// The key from a checked id and secret, with its keyed HMAC prepared (the secret itself
    /// is not kept: the HMAC state is all a tag needs).
    fn from_parts(id: String, secret: &[u8]) -> Self {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        let mut keyed_prefix = HmacSha256::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of every length"));
        keyed_prefix.update(DOMAIN);
        keyed_prefix.update(b"\0");
        keyed_prefix.update(id.as_bytes());
        keyed_prefix.update(b".");
        Self { id, keyed_prefix }
    }

    /// A random key for this process only (the default): 32 bytes from the operating system's
    /// generator, under a random id. State sealed with it cannot be opened by another process,
    /// so a restart or another replica rejects the rounds of calls in progress.
    pub fn random() -> Self {
        let mut secret = [0u8; MIN_SECRET_BYTES];
        let mut id = [0u8; 6];
        if getrandom::fill(&mut secret).is_err() || getrandom::fill(&mut id).is_err() {
            // The OS generator failing is a broken system; a key nobody can guess is still
            // needed, so derive one from what differs per process and time.
            let seed = format!("{:?}{:?}", std::process::id(), SystemTime::now());
            secret.copy_from_slice(&<Sha256 as sha2::Digest>::digest(seed.as_bytes()));
            id.copy_from_slice(&secret[..6]);
        }
        Self::from_parts(format!("p{}", URL_SAFE_NO_PAD.encode(id)), &secret)
    }

    /// The key id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The HMAC of `DOMAIN`, `\0`, the id, `.` and `payload`, ready to finalize or verify.
    fn mac(&self, payload: &str) -> HmacSha256 {
        let mut mac = self.keyed_prefix.clone();
        mac.update(payload.as_bytes());
        mac
    }
}

impl std::str::FromStr for SealingKey {
    type Err = InvalidSealingKey;

    /// `<id>:<secret>`, the secret in hex or base64 (standard or URL-safe alphabet, padding
    /// optional), as a deployment keeps it in its secret store or environment:
    ///
    /// ```
    /// use tether_mcp::SealingKey;
    /// // openssl rand -hex 32
    /// let key: SealingKey = "2026-11:8f1d0c2b4a6e8f1d0c2b4a6e8f1d0c2b4a6e8f1d0c2b4a6e8f1d0c2b4a6e8f1d"
    ///     .parse()
    ///     .expect("a valid key");
    /// assert_eq!(key.id(), "2026-11");
    /// // openssl rand -base64 32
    /// let key: SealingKey = "k2:q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=".parse().unwrap();
    /// assert_eq!(key.id(), "k2");
    /// assert!("no-colon".parse::<SealingKey>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (id, secret) = text
            .trim()
            .split_once(':')
            .ok_or(InvalidSealingKey::BadFormat("no `:` between id and secret"))?;
        let secret = secret.trim();
        let bytes = hex_bytes(secret)
            .or_else(|| {
                let digits = secret.trim_end_matches('=');
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(digits)
                    .or_else(|_| URL_SAFE_NO_PAD.decode(digits))
                    .ok()
            })
            .ok_or(InvalidSealingKey::BadFormat(
                "the secret is neither hex nor base64",
            ))?;
        Self::new(id, &bytes)
    }
}

/// The bytes an even number of hex digits spell.
fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() || !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealingKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// The keys of a server: the current one seals and opens, previous ones only open, each until
/// its deadline.
#[derive(Debug)]
pub(crate) struct Sealer {
    current: SealingKey,
    previous: Vec<(SealingKey, SystemTime)>,
    ttl: Duration,
    max_bytes: usize,
}

/// Room for the JSON of a typical state (a few outstanding asks and answers) before it grows.
const STATE_JSON_CAPACITY: usize = 512;

/// Whether `text` is written in the base64url alphabet (without padding), as every payload and
/// tag this server seals is.
fn is_base64url(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Milliseconds since the Unix epoch.
pub(crate) fn unix_ms(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Sealer {
    pub(crate) fn new(
        current: SealingKey,
        previous: Vec<(SealingKey, SystemTime)>,
        ttl: Duration,
        max_bytes: usize,
    ) -> Self {
        Self {
            current,
            previous,
            ttl,
            max_bytes,
        }
    }

    /// Seals `state` (its `expires` set from the TTL) with the current key; `Err` if the result
    /// would exceed the size limit.
    #[cfg(test)]
    pub(crate) fn seal(&self, state: &mut SealedState) -> Result<String, StateError> {
        self.seal_at(state, SystemTime::now())
    }

    #[cfg(test)]
    pub(crate) fn seal_at(
        &self,
        state: &mut SealedState,
        now: SystemTime,
    ) -> Result<String, StateError> {
        state.expires = unix_ms(now + self.ttl);
        self.seal_exactly(&state.view())
    }

    /// Seals a borrowed state (its `expires` set from the TTL).
    pub(crate) fn seal_view(&self, mut state: SealedStateView<'_>) -> Result<String, StateError> {
        state.expires = unix_ms(SystemTime::now() + self.ttl);
        self.seal_exactly(&state)
    }

    /// `v1.<key id>.<payload>.<tag>` of `state` as it is, written into one string.
    fn seal_exactly(&self, state: &SealedStateView<'_>) -> Result<String, StateError> {
        let mut json = Vec::with_capacity(STATE_JSON_CAPACITY);
        serde_json::to_writer(&mut json, state).map_err(|_| StateError::Malformed)?;
        let id = &self.current.id;
        // "v1." id "." payload "." tag (32 bytes: 43 characters).
        let mut sealed = String::with_capacity(3 + id.len() + 1 + json.len().div_ceil(3) * 4 + 44);
        sealed.push_str("v1.");
        sealed.push_str(id);
        sealed.push('.');
        let payload_start = sealed.len();
        URL_SAFE_NO_PAD.encode_string(&json, &mut sealed);
        let tag = self
            .current
            .mac(&sealed[payload_start..])
            .finalize()
            .into_bytes();
        sealed.push('.');
        URL_SAFE_NO_PAD.encode_string(tag, &mut sealed);
        if sealed.len() > self.max_bytes {
            return Err(StateError::TooLarge {
                size: sealed.len(),
                max: self.max_bytes,
            });
        }
        Ok(sealed)
    }

    /// Opens a state sealed by [`seal_view`](Self::seal_view) for the request `expected` describes:
    /// checks size, format, key, tag, expiry and binding, in that order.
    pub(crate) fn open(
        &self,
        sealed: &str,
        expected: &Binding,
    ) -> Result<super::state::SealedState, StateError> {
        self.open_at(sealed, expected, SystemTime::now())
    }

    pub(crate) fn open_at(
        &self,
        sealed: &str,
        expected: &Binding,
        now: SystemTime,
    ) -> Result<super::state::SealedState, StateError> {
        if sealed.len() > self.max_bytes {
            return Err(StateError::TooLarge {
                size: sealed.len(),
                max: self.max_bytes,
            });
        }
        let mut parts = sealed.split('.');
        let (Some("v1"), Some(key_id), Some(payload), Some(tag), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(StateError::Malformed);
        };
        if !is_base64url(payload) || !is_base64url(tag) {
            return Err(StateError::Malformed);
        }
        let key = if key_id == self.current.id {
            &self.current
        } else {
            match self.previous.iter().find(|(k, _)| k.id == key_id) {
                Some((key, until)) if now <= *until => key,
                _ => return Err(StateError::UnknownKey(key_id.to_owned())),
            }
        };
        // The format is right, so a tag that does not decode (cut short, or a last character
        // whose padding bits changed) is a wrong tag like any other: the state was modified.
        // A tag too long for the buffer is wrong too (a right one is 32 bytes).
        let mut tag_bytes = [0u8; 48];
        let tag_len = URL_SAFE_NO_PAD
            .decode_slice(tag, &mut tag_bytes)
            .map_err(|_| StateError::BadTag)?;
        key.mac(payload)
            .verify_slice(&tag_bytes[..tag_len])
            .map_err(|_| StateError::BadTag)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| StateError::Malformed)?;
        let state: super::state::SealedState =
            serde_json::from_slice(&json).map_err(|_| StateError::Malformed)?;
        if unix_ms(now) > state.expires {
            return Err(StateError::Expired);
        }
        state.binding.check(expected)?;
        Ok(state)
    }
}

#[cfg(test)]
mod tests;
