//! `ProtocolVersion`: the MCP revision a message speaks.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An MCP protocol revision, such as `2025-06-18`.
///
/// Known revisions have constants; any other string (a future revision, or garbage from a
/// peer) is preserved as it was received so it can be echoed back in an
/// `UnsupportedProtocolVersionError`. Versions order by date: revision strings are ISO dates, so
/// they compare as strings, and a string that is not a date sorts after every date.
///
/// ```
/// use tether_mcp_types::ProtocolVersion;
/// let v: ProtocolVersion = "2025-06-18".parse().unwrap();
/// assert_eq!(v, ProtocolVersion::V_2025_06_18);
/// assert!(v.has_initialize() && !v.has_mrtr());
/// assert!(ProtocolVersion::V_2024_11_05 < ProtocolVersion::V_2026_07_28);
/// assert!(!ProtocolVersion::from("2030-01-01").is_known());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ProtocolVersion(Cow<'static, str>);

impl ProtocolVersion {
    /// 2024-11-05: the first published revision (HTTP+SSE transport).
    pub const V_2024_11_05: Self = Self(Cow::Borrowed("2024-11-05"));
    /// 2025-03-26: Streamable HTTP, batches, tool annotations, audio, completions.
    pub const V_2025_03_26: Self = Self(Cow::Borrowed("2025-03-26"));
    /// 2025-06-18: elicitation, structured tool output, resource links; no batches.
    pub const V_2025_06_18: Self = Self(Cow::Borrowed("2025-06-18"));
    /// 2025-11-25: icons, URL elicitation, sampling with tools, experimental tasks.
    pub const V_2025_11_25: Self = Self(Cow::Borrowed("2025-11-25"));
    /// 2026-07-28: stateless requests, `server/discover`, Multi Round-Trip Requests.
    pub const V_2026_07_28: Self = Self(Cow::Borrowed("2026-07-28"));

    /// The newest revision this crate knows.
    pub const LATEST: Self = Self::V_2026_07_28;

    /// Every revision this crate knows, oldest first.
    pub const ALL: [Self; 5] = [
        Self::V_2024_11_05,
        Self::V_2025_03_26,
        Self::V_2025_06_18,
        Self::V_2025_11_25,
        Self::V_2026_07_28,
    ];

    /// The revisions negotiated with the `initialize` handshake, oldest first.
    pub const LEGACY: [Self; 4] = [
        Self::V_2024_11_05,
        Self::V_2025_03_26,
        Self::V_2025_06_18,
        Self::V_2025_11_25,
    ];

    /// A version from any string; known revisions become their constant.
    pub fn new(version: impl Into<String>) -> Self {
        let version = version.into();
        Self::ALL
            .into_iter()
            .find(|known| known.as_str() == version)
            .unwrap_or(Self(Cow::Owned(version)))
    }

    /// The version string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is one of the five published revisions.
    pub fn is_known(&self) -> bool {
        Self::ALL.iter().any(|known| known == self)
    }

    /// Whether the revision is legacy: negotiated with `initialize` (2024-11-05 … 2025-11-25).
    /// Unknown strings that sort before 2026-07-28 count as legacy.
    pub fn has_initialize(&self) -> bool {
        *self < Self::V_2026_07_28
    }

    /// Whether the revision is modern: stateless, with per-request `_meta` (2026-07-28 on).
    pub fn is_modern(&self) -> bool {
        !self.has_initialize()
    }

    /// Multi Round-Trip Requests (`InputRequiredResult`), 2026-07-28 on.
    pub fn has_mrtr(&self) -> bool {
        self.is_modern()
    }

    /// `resultType` is required on every result (2026-07-28 on).
    pub fn requires_result_type(&self) -> bool {
        self.is_modern()
    }

    /// `ttlMs`/`cacheScope` on list, read and discover results (2026-07-28 on).
    pub fn has_cache_hints(&self) -> bool {
        self.is_modern()
    }

    /// Servers may send JSON-RPC requests to the client (legacy revisions).
    pub fn has_server_requests(&self) -> bool {
        self.has_initialize()
    }

    /// `ping`, `logging/setLevel`, `resources/subscribe` and `resources/unsubscribe` exist.
    pub fn has_ping(&self) -> bool {
        self.has_initialize()
    }

    /// Streamable HTTP sessions (`Mcp-Session-Id`, GET stream, DELETE): 2025-03-26 … 2025-11-25.
    pub fn has_sessions(&self) -> bool {
        *self >= Self::V_2025_03_26 && self.has_initialize()
    }

    /// JSON-RPC batches must be received (2025-03-26 only).
    pub fn has_batches(&self) -> bool {
        *self == Self::V_2025_03_26
    }

    /// Audio content, tool annotations, the `completions` capability, progress `message`.
    pub fn has_audio(&self) -> bool {
        *self >= Self::V_2025_03_26
    }

    /// Elicitation (`elicitation/create`), 2025-06-18 on.
    pub fn has_elicitation(&self) -> bool {
        *self >= Self::V_2025_06_18
    }

    /// `structuredContent`/`outputSchema`, `resource_link` content, `title`, completion context.
    pub fn has_structured_content(&self) -> bool {
        *self >= Self::V_2025_06_18
    }

    /// `structuredContent` may be any JSON value, not only an object (2026-07-28 on).
    pub fn allows_any_structured_content(&self) -> bool {
        self.is_modern()
    }

    /// Icons, URL elicitation, sampling with tools, tool-use content, `Implementation.description`.
    pub fn has_icons(&self) -> bool {
        *self >= Self::V_2025_11_25
    }

    /// URL-mode elicitation (2025-11-25 on; an MRTR input request in 2026-07-28).
    pub fn has_url_elicitation(&self) -> bool {
        *self >= Self::V_2025_11_25
    }

    /// Sampling requests may carry `tools`/`toolChoice`; `tool_use`/`tool_result` content.
    pub fn has_sampling_tools(&self) -> bool {
        *self >= Self::V_2025_11_25
    }

    /// The experimental core tasks of 2025-11-25 (`tasks/*`, `execution.taskSupport`).
    pub fn has_core_tasks(&self) -> bool {
        *self == Self::V_2025_11_25
    }

    /// Code used for "resource not found": -32002 on legacy revisions, -32602 from 2026-07-28.
    pub fn resource_not_found_code(&self) -> i64 {
        if self.is_modern() {
            crate::error_codes::INVALID_PARAMS
        } else {
            crate::error_codes::RESOURCE_NOT_FOUND
        }
    }
}

impl From<&str> for ProtocolVersion {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for ProtocolVersion {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl std::str::FromStr for ProtocolVersion {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(s))
    }
}

impl PartialOrd for ProtocolVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ProtocolVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        // Dates first, by their text; anything that is not a date after them, by its text.
        let key = |v: &Self| (!looks_like_date(v.as_str()), v.0.clone());
        key(self).cmp(&key(other))
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolVersion({})", self.as_str())
    }
}

impl Serialize for ProtocolVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProtocolVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_versions_are_ordered_by_date() {
        let mut shuffled = vec![
            ProtocolVersion::V_2026_07_28,
            ProtocolVersion::V_2024_11_05,
            ProtocolVersion::V_2025_11_25,
            ProtocolVersion::V_2025_03_26,
            ProtocolVersion::V_2025_06_18,
        ];
        shuffled.sort();
        assert_eq!(shuffled, ProtocolVersion::ALL.to_vec());
    }

    #[test]
    fn unknown_versions_are_preserved_and_sort_sensibly() {
        let future: ProtocolVersion = serde_json::from_str(r#""2027-01-01""#).unwrap();
        assert!(!future.is_known());
        assert_eq!(serde_json::to_string(&future).unwrap(), r#""2027-01-01""#);
        assert!(future > ProtocolVersion::V_2026_07_28 && future.is_modern());
        let garbage = ProtocolVersion::from("draft");
        assert!(garbage > future, "non-dates sort after every date");
        let old = ProtocolVersion::from("2024-10-07");
        assert!(old.has_initialize() && !old.has_audio());
    }

    #[test]
    fn feature_queries_follow_the_revision_table() {
        use ProtocolVersion as V;
        assert!(V::V_2025_03_26.has_batches() && !V::V_2025_06_18.has_batches());
        assert!(!V::V_2024_11_05.has_sessions() && V::V_2025_11_25.has_sessions());
        assert!(!V::V_2026_07_28.has_sessions() && !V::V_2026_07_28.has_ping());
        assert!(V::V_2025_06_18.has_elicitation() && !V::V_2025_06_18.has_url_elicitation());
        assert!(V::V_2025_11_25.has_core_tasks() && !V::V_2026_07_28.has_core_tasks());
        assert_eq!(V::V_2025_11_25.resource_not_found_code(), -32002);
        assert_eq!(V::V_2026_07_28.resource_not_found_code(), -32602);
    }
}
