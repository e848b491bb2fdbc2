//! A library helper that asks the user, shared by two tools: [`confirm`] takes
//! `&impl ClientRequester` rather than a concrete token, so any crate can offer such helpers
//! and any request handler can call them with `&cx`.
//!
//! `ClientRequester` is sealed and implemented only by the request token (`InFlight`), so the
//! helper can only run while a client request is being served: it cannot be called from a
//! notification handler, a background task, or after the response (SEP-2260, checked at
//! compile time). Here `delete_file` and `send_email` both ask through it; like any ask, it is
//! a nested `elicitation/create` request on legacy revisions and a Multi Round-Trip round on
//! 2026-07-28. A client without the `elicitation` capability gets an error naming it.
//!
//! ```sh
//! cargo run -p tether-mcp-examples --bin library-helper
//! ```

use tether_mcp::ClientRequester;
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};

/// The form [`confirm`] shows: one yes/no field.
#[derive(Debug, serde::Deserialize, JsonSchema)]
pub struct YesNo {
    /// Yes or no.
    pub confirm: bool,
}

/// Asks the user `question` and returns whether they said yes. Declining, cancelling or
/// answering `false` are all "no".
///
/// Generic over [`ClientRequester`]: call it with `&cx` from any request handler. It fails if
/// the client did not declare the `elicitation` capability, or if the ask fails (the request
/// was cancelled, the connection closed, the answer was malformed).
///
/// On 2026-07-28 the handler is replayed from the start in every round, so `question` must be
/// the same in every round of a call: build it from the call's arguments and earlier answers,
/// not from the time or a counter.
pub async fn confirm(cx: &impl ClientRequester, question: &str) -> Result<bool, ToolError> {
    let answer = cx.elicitation()?.form::<YesNo>(question).await?;
    Ok(matches!(answer, Answer::Accepted(YesNo { confirm: true })))
}

/// The server: two tools that confirm through the same helper.
struct Helpers;

#[tether_mcp::tools]
impl ServerHandler for Helpers {
    /// Deletes a file (pretend), once the user confirms.
    #[tool]
    async fn delete_file(&self, cx: InFlight<'_>, path: String) -> Result<String, ToolError> {
        if confirm(&cx, &format!("Delete {path}?")).await? {
            Ok(format!("deleted {path}"))
        } else {
            Ok(format!("kept {path}"))
        }
    }

    /// Sends an email (pretend), once the user confirms.
    #[tool]
    async fn send_email(
        &self,
        cx: InFlight<'_>,
        to: String,
        subject: String,
    ) -> Result<String, ToolError> {
        if confirm(&cx, &format!("Send \"{subject}\" to {to}?")).await? {
            Ok(format!("sent \"{subject}\" to {to}"))
        } else {
            Ok(format!("did not send \"{subject}\" to {to}"))
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    Server::new(Helpers).serve_stdio().await
}
