//! `RequestCx`: the context of request handlers that may not ask the client anything.

use std::marker::PhantomData;

use crate::scope::RequestScope;

/// The context of the request handlers other than `tools/call`, `prompts/get` and
/// `resources/read`: progress, logging, cancellation, client information and the session. It has
/// no server-to-client requests, and cannot be turned into an [`InFlight`](crate::InFlight).
pub struct RequestCx<'req> {
    scope: &'req RequestScope,
    _invariant: PhantomData<fn(&'req ()) -> &'req ()>,
}

impl<'req> RequestCx<'req> {
    pub(crate) fn new(scope: &'req RequestScope) -> Self {
        Self {
            scope,
            _invariant: PhantomData,
        }
    }
}

super::context_methods::context_methods!(RequestCx);

impl std::fmt::Debug for RequestCx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestCx")
            .field("request_id", self.scope.id())
            .field("method", &self.scope.method())
            .finish()
    }
}
