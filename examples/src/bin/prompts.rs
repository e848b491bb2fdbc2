//! Prompts and argument completion, declared with `#[prompt]` in a `#[tether_mcp::tools]`
//! block:
//!
//! - `greet(name, style?)` takes plain `String` / `Option<String>` parameters: `name` is a
//!   required prompt argument, `style` an optional one;
//! - `review_code` takes one `Args<ReviewCode>`: each field is an argument, its doc comment
//!   the argument's description, `Option` fields optional; it renders two messages;
//! - `complete`, written by hand in the same block, answers `completion/complete`: the
//!   `language` of `review_code` and the `style` of `greet`, by case-insensitive prefix.
//!
//! The server advertises what the block holds: `prompts` for the `#[prompt]` methods and
//! `completions` for the hand-written `complete`.
//!
//! ```sh
//! cargo run -p tether-mcp-examples --bin prompts
//! ```

use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::types::{Completion, CompletionReference};

/// The languages `review_code` knows, offered by `completion/complete`.
const LANGUAGES: [&str; 13] = [
    "C",
    "C++",
    "Go",
    "Haskell",
    "Java",
    "JavaScript",
    "Kotlin",
    "Python",
    "Ruby",
    "Rust",
    "Scala",
    "Swift",
    "TypeScript",
];

/// The greeting styles `greet` knows, offered by `completion/complete`.
const STYLES: [&str; 3] = ["formal", "friendly", "pirate"];

/// The arguments of the `review_code` prompt.
#[derive(Debug, serde::Deserialize, JsonSchema)]
struct ReviewCode {
    /// The code to review.
    code: String,
    /// The language the code is written in.
    language: String,
    /// What the review should focus on.
    focus: Option<String>,
}

/// The values of `choices` starting with `prefix`, ignoring case, in order.
fn by_prefix(choices: &[&str], prefix: &str) -> Vec<String> {
    let prefix = prefix.to_lowercase();
    choices
        .iter()
        .filter(|choice| choice.to_lowercase().starts_with(&prefix))
        .map(|choice| (*choice).to_owned())
        .collect()
}

/// The server: two prompts and the completion of their arguments.
struct Prompts;

#[tether_mcp::tools]
impl ServerHandler for Prompts {
    /// Greets someone, in a style if one is given.
    #[prompt(title = "Greeting")]
    async fn greet(&self, name: String, style: Option<String>) -> String {
        match style {
            Some(style) => format!("Greet {name} in a {style} way."),
            None => format!("Greet {name}."),
        }
    }

    /// Asks for a review of a piece of code.
    #[prompt(name = "review_code", title = "Code review")]
    async fn review(&self, Args(review): Args<ReviewCode>) -> Vec<PromptMessage> {
        let focus = review.focus.as_deref().unwrap_or("correctness");
        vec![
            PromptMessage {
                role: Role::User,
                content: ContentBlock::text(format!(
                    "Review this {} code, focusing on {focus}:\n{}",
                    review.language, review.code
                )),
                extra: Default::default(),
            },
            PromptMessage {
                role: Role::Assistant,
                content: ContentBlock::text(format!(
                    "I will review the {} code for {focus}.",
                    review.language
                )),
                extra: Default::default(),
            },
        ]
    }

    /// `completion/complete`: the values of a prompt argument starting with what the user
    /// typed. Arguments without a list of values complete to nothing; an unknown prompt is
    /// -32602.
    async fn complete(
        &self,
        params: CompleteRequestParams,
        cx: RequestCx<'_>,
    ) -> Result<CompleteResult, ServerError> {
        let _ = cx;
        let CompletionReference::Prompt(prompt) = &params.reference else {
            // This server has no resource templates.
            return Ok(CompleteResult::default());
        };
        let argument = &params.argument;
        let choices: &[&str] = match (prompt.name.as_str(), argument.name.as_str()) {
            ("review_code", "language") => &LANGUAGES,
            ("greet", "style") => &STYLES,
            ("review_code" | "greet", _) => &[],
            (other, _) => {
                return Err(ServerError::invalid_params(format!(
                    "unknown prompt: {other}"
                )));
            }
        };
        let values = by_prefix(choices, &argument.value);
        Ok(CompleteResult {
            completion: Completion {
                total: Some(values.len() as u64),
                has_more: Some(false),
                values,
                ..Default::default()
            },
            ..Default::default()
        })
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    Server::new(Prompts).serve_stdio().await
}
