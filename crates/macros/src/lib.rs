//! Procedural macros for [`tether-mcp`](https://docs.rs/tether-mcp): `#[tools]` turns the
//! `#[tool]`, `#[prompt]` and `#[resource]` methods of an `impl ServerHandler` block into MCP
//! tools, prompts and resources.
//!
//! The code they generate receives the request token that `tether-mcp` hands to
//! `call_tool`, `get_prompt` and `read_resource` and passes it on; it never builds one (it names
//! only `tether_mcp::__private`, which cannot), so the macros cannot weaken the guarantee that a
//! server-to-client request outside an in-flight client request does not compile.
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

/// Turns the `#[tool]`, `#[prompt]` and `#[resource]` methods of an
/// `impl ServerHandler for Type` block into the server's tools, prompts and resources. The
/// methods move to an inherent `impl Type`; the block gets the `ServerHandler` methods that
/// serve them (`list_tools`/`call_tool`, `list_prompts`/`get_prompt`,
/// `list_resources`/`list_resource_templates`/`read_resource`, for the kinds it declares),
/// `default_capabilities` (the kinds declared) and, when a declaration says `requires(..)`,
/// `required_capabilities`. Definitions and schemas are built once, at first use, in
/// declaration order, and served from memory. Other `ServerHandler` methods written in the
/// block (`complete`, `subscribe`, ...) stay as they are.
///
/// Every declared method is an `async fn` taking `&self`, then optionally `cx: InFlight<'_>`
/// (the request's token, for elicitation, sampling and roots), then its parameters. Its doc
/// comment is the description. Its body must be `Send` (checked at the method).
///
/// - `#[tool]`: plain parameters (`a: f64, b: f64`: one argument each, `Deserialize +
///   JsonSchema`, required unless they accept `null`) or one `Args<T>` taking the whole
///   arguments object; a bad argument is a tool error naming it. Returns text (`String`,
///   `&str`, numbers), `Json<T>` (structured output; `T: Serialize + JsonSchema` is the output
///   schema), a `CallToolResult`, `()`, or a `Result` of these with a `ToolError`. Hints:
///   `read_only`, `destructive`, `idempotent`, `open_world` (alone = true, or `= false`).
/// - `#[prompt]`: `String` (required) and `Option<String>` (optional) parameters, or one
///   `Args<T>` whose fields are strings (their docs describe the arguments). Returns text (one
///   user message), a `PromptMessage`, `Vec<PromptMessage>`, a `GetPromptResult`, or a `Result`
///   of these with a `ServerError`.
/// - `#[resource(uri = "...", mime_type = "...")]`: a fixed URI (listed by `resources/list`)
///   or a URI template (`users://{id}`, `files://{+path}`; listed by
///   `resources/templates/list`) whose variables are the method's parameters, parsed into
///   `String`, numbers, `bool`, `char` or an `Option` of one. Returns text, `Blob`, `Json<T>`,
///   `ResourceContents`, a `ReadResourceResult`, or a `Result` of these with a `ServerError`.
///
/// Every attribute also takes `name = "..."`, `title = "..."`, `icon = "https://..."` (or
/// `icon(src = "...", mime_type = "...", sizes = "48x48 96x96", theme = "light" | "dark")`,
/// repeatable) and `requires(elicitation, url_elicitation, sampling, roots)`: the client
/// capabilities it needs, checked by the dispatcher before the method runs.
///
/// ```ignore
/// #[tether_mcp::tools]
/// impl ServerHandler for Notes {
///     /// Adds two numbers.
///     #[tool(read_only)]
///     async fn add(&self, a: f64, b: f64) -> f64 {
///         a + b
///     }
///
///     /// Summarises a note.
///     #[prompt]
///     async fn summarise(&self, id: String) -> String {
///         format!("Summarise note {id}.")
///     }
///
///     /// A note.
///     #[resource(uri = "notes://{id}", mime_type = "text/plain")]
///     async fn note(&self, id: u64) -> Result<String, ServerError> {
///         self.read(id)
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
