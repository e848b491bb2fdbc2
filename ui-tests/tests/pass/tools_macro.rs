// #[tools] with everything a tool may take and return: the token or not, plain parameters
// (an Option one may be left out), one `Args<T>`, text, numbers, structured `Json<T>`, a whole
// `CallToolResult`, `()`, and `Result`s of those; other ServerHandler methods in the same block.
use tether_mcp::prelude::*;
use tether_mcp::types::{ListPromptsResult, PaginatedRequestParams};

#[derive(serde::Deserialize, tether_mcp::schemars::JsonSchema)]
#[schemars(crate = "tether_mcp::schemars")]
struct Query {
    text: String,
}

#[derive(serde::Serialize, tether_mcp::schemars::JsonSchema)]
#[schemars(crate = "tether_mcp::schemars")]
struct Count {
    words: usize,
}

struct Everything;

#[tether_mcp::tools]
impl ServerHandler for Everything {
    /// Echoes, after checking the client is there.
    #[tool]
    async fn echo(&self, cx: InFlight<'_>, text: String, times: Option<u32>) -> Result<String, ToolError> {
        let _ = cx.request_id();
        Ok(text.repeat(times.unwrap_or(1) as usize))
    }

    #[tool(name = "count", read_only)]
    async fn count_words(&self, Args(query): Args<Query>) -> Json<Count> {
        Json(Count { words: query.text.split_whitespace().count() })
    }

    #[tool]
    async fn nothing(&self) {}

    #[tool]
    async fn raw(&self) -> CallToolResult {
        CallToolResult::default()
    }

    #[tool]
    async fn half(&self, n: i64) -> Result<i64, ToolError> {
        if n % 2 == 0 { Ok(n / 2) } else { Err(ToolError::execution("odd")) }
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListPromptsResult, ServerError> {
        Ok(ListPromptsResult::default())
    }
}

fn main() {
    let _ = Server::new(Everything);
}
