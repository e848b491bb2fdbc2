//! The two SDKs, each with the same server (tools `echo` and `deploy`) and its own client,
//! connected over the same in-memory duplex.

pub(crate) mod http;
pub(crate) mod rmcp;
pub(crate) mod tether;

/// The text every `echo` call sends and expects back.
pub(crate) const ECHO_TEXT: &str = "the quick brown fox jumps over the lazy dog";

/// What `deploy` answers once the client accepted its question.
pub(crate) const DEPLOYED: &str = "deployed";

/// Bytes either direction of the in-memory duplex holds before a writer waits (the size
/// tether's own tests use), for every participant.
pub(crate) const DUPLEX_BUFFER: usize = 1 << 16;

/// Which protocol era a connection speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Era {
    /// 2025-11-25, after an `initialize` handshake; asks are nested requests.
    Legacy,
    /// 2026-07-28: stateless requests; asks are Multi Round-Trip rounds.
    Modern,
}

impl Era {
    /// How the report names it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Legacy => "2025-11-25",
            Self::Modern => "2026-07-28",
        }
    }
}

/// `Ok` when `got` is what the call should have answered.
pub(crate) fn expect_text(got: Option<&str>, is_error: bool, want: &str) -> Result<(), String> {
    match got {
        Some(text) if !is_error && text == want => Ok(()),
        other => Err(format!(
            "expected {want:?}, got {other:?} (is_error: {is_error})"
        )),
    }
}
