//! What the `#[tether_mcp::tools]` macro builds on: the tool table (schemas generated once, at
//! the first `tools/list` or `tools/call`, and served from memory), argument decoding whose
//! errors name the field, and the conversions from a tool method's return value into a
//! `CallToolResult`.
//!
//! The macro's glue calls these through [`crate::__private`]; nothing here can make an
//! [`InFlight`](crate::InFlight) token: the glue passes on the one the dispatcher gave it.

mod output;
mod table;

pub use output::{IntoToolResult, Json, ToolOutput};
pub use table::{
    Args, ToolArgument, ToolEntry, ToolEntryBuilder, ToolTable, argument, arguments, tool_entry,
};
