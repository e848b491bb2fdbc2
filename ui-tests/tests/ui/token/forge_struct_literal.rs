//~ ERROR E0451
// A token cannot be built outside the crate: its fields are private (and so is the type of
// its scope, which cannot even be named).
#![allow(unreachable_code)]

use std::marker::PhantomData;

use tether_mcp::InFlight;

fn forge() -> InFlight<'static> {
    InFlight {
        scope: todo!(),
        _invariant: PhantomData,
    }
}

fn main() {
    let _ = forge;
}
