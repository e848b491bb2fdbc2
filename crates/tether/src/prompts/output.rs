//! From a prompt method's return value to a `GetPromptResult`.

use tether_mcp_types::{ContentBlock, GetPromptResult, PromptMessage, Role};

use crate::error::ServerError;

/// What a `#[prompt]` method may return: text (one user message), a `PromptMessage`, a list of
/// them, a whole `GetPromptResult`, or a `Result` of one of these with a [`ServerError`].
#[diagnostic::on_unimplemented(
    message = "a #[prompt] method cannot return `{Self}`",
    label = "return text, a `PromptMessage`, a `Vec<PromptMessage>` or a `GetPromptResult`",
    note = "wrap it in `Result<_, ServerError>` to fail the request"
)]
pub trait IntoPromptResult {
    /// The `prompts/get` result.
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError>;
}

impl IntoPromptResult for GetPromptResult {
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError> {
        Ok(self)
    }
}

impl IntoPromptResult for Vec<PromptMessage> {
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError> {
        Ok(GetPromptResult {
            messages: self,
            ..Default::default()
        })
    }
}

impl IntoPromptResult for PromptMessage {
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError> {
        vec![self].into_prompt_result()
    }
}

impl IntoPromptResult for String {
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError> {
        PromptMessage {
            role: Role::User,
            content: ContentBlock::text(self),
            extra: Default::default(),
        }
        .into_prompt_result()
    }
}

impl IntoPromptResult for &str {
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError> {
        self.to_owned().into_prompt_result()
    }
}

impl<T: IntoPromptResult> IntoPromptResult for Result<T, ServerError> {
    fn into_prompt_result(self) -> Result<GetPromptResult, ServerError> {
        self.and_then(IntoPromptResult::into_prompt_result)
    }
}
