//! The principal hook: who is calling, as far as the server can tell, bound into every sealed
//! `requestState` so that one principal's state cannot be replayed by another.

use std::sync::Arc;

use tether_mcp_types::JsonObject;

/// What the [principal hook](crate::ServerBuilder::principal) sees of a request.
#[derive(Debug)]
#[non_exhaustive]
pub struct PrincipalCx<'a> {
    method: &'a str,
    params: Option<&'a JsonObject>,
}

impl<'a> PrincipalCx<'a> {
    pub(crate) fn new(method: &'a str, params: Option<&'a JsonObject>) -> Self {
        Self { method, params }
    }

    /// The request's method.
    pub fn method(&self) -> &str {
        self.method
    }

    /// The request's raw params (including `_meta`). They come from the client: use them to
    /// tell tenants apart only if something you trust authenticated them.
    pub fn params(&self) -> Option<&JsonObject> {
        self.params
    }
}

/// The hook as the server stores it.
pub(crate) type PrincipalHook = Arc<dyn Fn(&PrincipalCx<'_>) -> Option<String> + Send + Sync>;
