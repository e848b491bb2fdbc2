//~ ERROR E0624
// A token cannot be built outside the crate: only the dispatcher may call its constructor.
#![allow(unreachable_code)]

use tether_mcp::InFlight;

fn forge() -> InFlight<'static> {
    InFlight::new(todo!())
}

fn main() {
    let _ = forge;
}
