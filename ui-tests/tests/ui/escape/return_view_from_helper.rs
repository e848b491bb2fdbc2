//~ ERROR E0515
// A view borrows the token, not just the request: a helper that consumes the token cannot hand
// back a view of it. Keep the token alive where the view is used (take `&InFlight<'_>`).
use tether_mcp::Elicitation;
use tether_mcp::prelude::*;

fn elicitation_of(cx: InFlight<'_>) -> Option<Elicitation<'_>> {
    cx.elicitation().ok()
}

fn main() {
    let _ = elicitation_of;
}
