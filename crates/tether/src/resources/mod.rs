//! What `#[resource]` methods of a `#[tether_mcp::tools]` block build on: the resource table
//! (`resources/list` and `resources/templates/list` built once, URIs matched against the
//! declared templates), URI variables read into typed parameters, and the conversions from a
//! resource method's return value into a `ReadResourceResult`.

mod output;
mod table;
mod variable;

pub use output::{Blob, IntoResourceResult};
pub use table::{ResourceEntry, ResourceTable};
pub use variable::{UriVariable, uri_variable};
