//! `ttlMs` and `cacheScope`: the cache hints of 2026-07-28 results.

use std::time::Duration;

use tether_mcp_types::CacheScope;

/// The cache hints a server puts on the complete results of `server/discover`, `tools/list`,
/// `prompts/list`, `resources/list`, `resources/templates/list` and `resources/read` on
/// 2026-07-28, unless the handler set `ttl_ms`/`cache_scope` on the result itself (a handler's
/// own hints always win).
///
/// The default, `ttlMs: 0` and `cacheScope: "private"`, is never wrong: the client treats the
/// result as stale at once and never shares it across users. Raise the TTL for lists that
/// change rarely (a list-changed notification still invalidates them at once), and use
/// [`CacheScope::Public`] only when results do not depend on who asks.
///
/// ```
/// use std::time::Duration;
/// use tether_mcp::CacheHints;
/// use tether_mcp::types::CacheScope;
/// let hints = CacheHints::new(Duration::from_secs(60), CacheScope::Public);
/// assert_eq!(hints.ttl_ms(), 60_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheHints {
    ttl: Duration,
    scope: CacheScope,
}

impl CacheHints {
    /// Results stay fresh for `ttl` and may be shared as `scope` says.
    pub fn new(ttl: Duration, scope: CacheScope) -> Self {
        Self { ttl, scope }
    }

    /// `ttlMs`: the TTL in whole milliseconds.
    pub fn ttl_ms(&self) -> u64 {
        u64::try_from(self.ttl.as_millis()).unwrap_or(u64::MAX)
    }

    /// `cacheScope`.
    pub fn scope(&self) -> CacheScope {
        self.scope
    }
}

impl Default for CacheHints {
    fn default() -> Self {
        Self::new(Duration::ZERO, CacheScope::Private)
    }
}
