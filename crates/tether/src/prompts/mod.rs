//! What `#[prompt]` methods of a `#[tether_mcp::tools]` block build on: the prompt table (the
//! `prompts/list` result built once), argument reading with errors that name the argument, and
//! the conversions from a prompt method's return value into a `GetPromptResult`.

mod argument;
mod output;
mod table;

pub use argument::{PromptArgumentValue, prompt_argument, prompt_arguments};
pub use output::IntoPromptResult;
pub use table::{PromptEntry, PromptEntryBuilder, PromptTable, prompt_entry};
