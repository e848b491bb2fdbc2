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
    #[cfg(feature = "http")]
    extensions: Option<&'a http::Extensions>,
}

impl<'a> PrincipalCx<'a> {
    #[cfg(feature = "http")]
    pub(crate) fn new(
        method: &'a str,
        params: Option<&'a JsonObject>,
        extensions: Option<&'a http::Extensions>,
    ) -> Self {
        Self {
            method,
            params,
            extensions,
        }
    }

    #[cfg(not(feature = "http"))]
    pub(crate) fn new(method: &'a str, params: Option<&'a JsonObject>) -> Self {
        Self { method, params }
    }

    /// The HTTP request's extensions, when the request came over Streamable HTTP (feature
    /// `http`): where an authentication layer (a tower middleware in front of the service)
    /// records who is calling. This is the place to read the principal from.
    #[cfg(feature = "http")]
    pub fn extensions(&self) -> Option<&http::Extensions> {
        self.extensions
    }

    /// The request's method.
    pub fn method(&self) -> &str {
        self.method
    }

    /// The request's raw params, as its handler gets them: `_meta` without the 2026-07-28
    /// protocol keys (version, capabilities, identity, log level), which the server reads
    /// itself. They come from the client: use them to tell tenants apart only if something you
    /// trust authenticated them.
    pub fn params(&self) -> Option<&JsonObject> {
        self.params
    }
}

/// The hook as the server stores it.
pub(crate) type PrincipalHook = Arc<dyn Fn(&PrincipalCx<'_>) -> Option<String> + Send + Sync>;
