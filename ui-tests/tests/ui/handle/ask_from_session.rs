//~ ERROR E0599
// The storable `Session` handle can only `ping` (exempt from SEP-2260): it has no capability
// views, so keeping it does not keep a way to ask the client.
use tether_mcp::prelude::*;

async fn later(session: Session) {
    let _ = session.elicitation();
}

fn main() {
    let _ = later;
}
