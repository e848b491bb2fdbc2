//~ ERROR E0277
// `ClientRequester` is sealed: a type outside the crate cannot claim to be a request token.
use tether_mcp::prelude::*;
use tether_mcp::{Elicitation, Roots, Sampling, UrlElicitation};

struct Fake;

impl ClientRequester for Fake {
    fn elicitation(&self) -> Result<Elicitation<'_>, MissingCapability> {
        todo!()
    }
    fn url_elicitation(&self) -> Result<UrlElicitation<'_>, MissingCapability> {
        todo!()
    }
    fn sampling(&self) -> Result<Sampling<'_>, MissingCapability> {
        todo!()
    }
    fn roots(&self) -> Result<Roots<'_>, MissingCapability> {
        todo!()
    }
}

fn main() {}
