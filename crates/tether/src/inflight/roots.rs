//! The roots view: `roots/list`.

use tether_mcp_types::ListRootsResult;

use super::ask::{Ask, Outgoing, ask};
use crate::scope::RequestScope;

/// Asking the client for its roots (`roots/list`; deprecated by the specification in 2026-07-28,
/// still fully supported). Obtain it with `cx.roots()?`.
#[derive(Debug, Clone, Copy)]
pub struct Roots<'a> {
    scope: &'a RequestScope,
}

impl<'a> Roots<'a> {
    pub(crate) fn new(scope: &'a RequestScope) -> Self {
        Self { scope }
    }

    /// Lists the client's roots. Nothing is sent until the future is first polled.
    pub fn list(&self) -> Ask<'a, ListRootsResult> {
        ask(self.scope, Outgoing::roots())
    }
}
