//! Procedural macros for [`tether-mcp`](https://docs.rs/tether-mcp): `#[tools]` turns the
//! `#[tool]` methods of an `impl ServerHandler` block into MCP tools.
//!
//! The code they generate receives the request token that `tether-mcp` hands to
//! `call_tool` and passes it on; it never builds one (it names only `tether_mcp::__private`,
//! which cannot), so the macros cannot weaken the guarantee that a server-to-client request
//! outside an in-flight client request does not compile.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod options;
mod prompt_method;
mod resource_method;
mod server_block;
mod signature;
mod tool_method;
mod uri_template_vars;

use proc_macro::TokenStream;

/// Turns the `#[tool]` methods of an `impl ServerHandler for Type` block into tools: the block
/// gets `list_tools` (the tools in declaration order, their schemas built once and served from
/// memory) and `call_tool` (arguments decoded, a bad argument answered as a tool error naming
/// it), and the methods move to an inherent `impl Type`. Other `ServerHandler` methods written
/// in the block stay as they are.
///
/// A `#[tool]` method is an `async fn` taking `&self`, then optionally `cx: InFlight<'_>`
/// (the request's token, for elicitation, sampling and roots), then either its arguments as
/// plain parameters (`a: f64, b: f64`; each type `Deserialize + JsonSchema`) or one
/// `Args<T>` parameter taking the whole arguments object. Its doc comment is the tool's
/// description; `#[tool(name = "...", title = "...")]` rename or title it. It returns text
/// (`String`, `&str`, numbers), `Json<T>` (structured output; `T: Serialize + JsonSchema` is
/// the output schema), a `CallToolResult`, `()`, or a `Result` of these with a `ToolError`.
///
/// ```ignore
/// #[tether_mcp::tools]
/// impl ServerHandler for Calculator {
///     /// Adds two numbers.
///     #[tool]
///     async fn add(&self, a: f64, b: f64) -> f64 {
///         a + b
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn tools(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: proc_macro2::TokenStream = item.into();
    server_block::expand(attr.into(), item.clone())
        .unwrap_or_else(|error| {
            let mut output = error.into_compile_error();
            output.extend(server_block::fallback(item));
            output
        })
        .into()
}
