//! The sampling view: `sampling/createMessage`.

use tether_mcp_types::{CreateMessageRequestParams, CreateMessageResult};

use super::ask::{Ask, Outgoing, ask};
use crate::error::RequestError;
use crate::scope::RequestScope;
use crate::shape::{Shape, undeclared_sampling_capability};

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
    ///
    /// The params are shaped for the client's revision when the ask is built: before 2025-11-25, `tool_use`/`tool_result` content and arrays of
    /// blocks become text and `tools`/`toolChoice`/`task` are removed; before 2025-03-26, audio
    /// becomes text.
    ///
    /// At every revision, `tools` or `toolChoice` without the client's `sampling.tools`, and
    /// `includeContext` other than `none` without `sampling.context`, resolve to
    /// [`RequestError::CapabilityNotDeclared`] without sending anything.
    pub fn create_message(
        &self,
        mut params: CreateMessageRequestParams,
    ) -> Ask<'a, CreateMessageResult> {
        let scope = self.scope;
        if let Some(name) = undeclared_sampling_capability(&params, scope.client_capabilities()) {
            return Ask::new(async move { Err(RequestError::CapabilityNotDeclared(name)) });
        }
        params.shape(&scope.protocol_version());
        ask(scope, Outgoing::sampling(params))
    }
}
