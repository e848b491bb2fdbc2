//~ ERROR use of deprecated method `tether_mcp::unassociated::Dangerous::<'a>::unassociated`
// The escape hatch for requests outside any client request (feature `unassociated-requests`,
// legacy peers only) is deprecated from the start: a crate that denies `deprecated` cannot use
// it by accident.
#![deny(deprecated)]

use tether_mcp::prelude::*;

async fn background(session: Session) {
    let _ = session.dangerous().unassociated().list_roots().await;
}

fn main() {
    let _ = background;
}
