//! The sampling view: `sampling/createMessage`.

use tether_mcp_types::{CreateMessageRequestParams, CreateMessageResult};

use super::ask::{Ask, ask, params_object};
use crate::scope::RequestScope;

/// Asking the client's model for a completion (`sampling/createMessage`). Obtain it with
/// `cx.sampling()?`.
#[derive(Debug, Clone, Copy)]
pub struct Sampling<'a> {
    scope: &'a RequestScope,
}

impl<'a> Sampling<'a> {
    pub(crate) fn new(scope: &'a RequestScope) -> Self {
        Self { scope }
    }

    /// Asks the client to sample its model. Nothing is sent until the future is first polled.
    pub fn create_message(
        &self,
        params: CreateMessageRequestParams,
    ) -> Ask<'a, CreateMessageResult> {
        ask(self.scope, "sampling/createMessage", params_object(&params))
    }
}
