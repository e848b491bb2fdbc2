//~ ERROR cannot be a prompt parameter: prompt arguments are strings
// Prompt arguments are strings on the wire: a plain prompt parameter is `String` or
// `Option<String>`.
use tether_mcp::prelude::*;

struct Prompts;

#[tether_mcp::tools]
impl ServerHandler for Prompts {
    /// Summarises in so many words.
    #[prompt]
    async fn summarise(&self, words: u32) -> String {
        format!("Summarise in {words} words.")
    }
}

fn main() {}
