//! A stdio server whose tool asks the user several questions in a row: `create_project` asks
//! for the project's name, then its language (a single choice), then for confirmation, and
//! answers with a summary.
//!
//! It is written once, as straight-line code over the request's token (`cx: InFlight<'_>`),
//! and serves both protocol eras:
//!
//! - **Legacy** (2024-11-05 to 2025-11-25): each question is a nested `elicitation/create`
//!   request on the call's route; the handler runs once.
//! - **2026-07-28**: each question becomes one Multi Round-Trip round. The call is answered
//!   with an `InputRequiredResult` asking for the name; the client retries with the answer;
//!   the handler is replayed from the start, finds the name answered, and asks for the
//!   language; and so on. The earlier answers travel in the sealed `requestState`, so every
//!   question's message may depend on earlier answers (they are the same in every round).
//!
//! Run it under any MCP client:
//!
//! ```sh
//! cargo run -p tether-mcp-examples --bin wizard
//! ```
//!
//! or drive it with the `client` example:
//!
//! ```sh
//! cargo build -p tether-mcp-examples --bin wizard
//! cargo run -p tether-mcp-examples --bin client -- --tool create_project \
//!     --answer name=atlas --answer language=Python -- target/debug/wizard
//! ```

use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};

/// The first question: the project's name.
#[derive(Debug, serde::Deserialize, JsonSchema)]
struct ProjectName {
    /// The project's name.
    name: String,
}

/// The languages a project can be written in: a single-choice form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, JsonSchema)]
enum Language {
    Rust,
    Python,
    TypeScript,
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Rust => "Rust",
            Self::Python => "Python",
            Self::TypeScript => "TypeScript",
        })
    }
}

/// The second question: the project's language.
#[derive(Debug, serde::Deserialize, JsonSchema)]
struct LanguageChoice {
    /// The language of the project.
    language: Language,
}

/// The last question: go ahead?
#[derive(Debug, serde::Deserialize, JsonSchema)]
struct Confirmation {
    /// Create the project?
    confirm: bool,
}

/// The wizard server: one tool, `create_project`.
struct Wizard;

#[tether_mcp::tools]
impl ServerHandler for Wizard {
    /// Creates a project after asking the user for its name, its language and a confirmation.
    #[tool]
    async fn create_project(&self, cx: InFlight<'_>) -> Result<String, ToolError> {
        // Missing the capability is a tool error naming it (legacy) or -32021 (2026-07-28).
        let ask = cx.elicitation()?;

        // Round 1 (2026-07-28) / nested request 1 (legacy). The message is fixed: on
        // 2026-07-28 the ask must be rebuilt identically on every replay.
        let Some(ProjectName { name }) = ask
            .form::<ProjectName>("What is the project called?")
            .await?
            .accepted()
        else {
            return Ok("project creation cancelled: no name given".to_owned());
        };
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(ToolError::invalid_arguments("the project name is empty"));
        }

        // Round 2. The message depends on the first answer only, so it is stable too.
        let Some(LanguageChoice { language }) = ask
            .form::<LanguageChoice>(format!("Which language is {name} written in?"))
            .await?
            .accepted()
        else {
            return Ok(format!(
                "project creation cancelled: no language for {name}"
            ));
        };

        // Round 3.
        match ask
            .form::<Confirmation>(format!("Create the {language} project {name}?"))
            .await?
        {
            // Anything with a side effect belongs here, after the last ask: on 2026-07-28
            // the code before it runs once per round.
            Answer::Accepted(Confirmation { confirm: true }) => {
                Ok(format!("created project {name} ({language})"))
            }
            Answer::Accepted(Confirmation { confirm: false }) | Answer::Declined => {
                Ok(format!("did not create project {name} ({language})"))
            }
            Answer::Cancelled => Ok(format!("project creation cancelled for {name}")),
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    Server::new(Wizard).serve_stdio().await
}
