//~ ERROR E0117
// Nobody can add `Clone` to the token from outside: the orphan rule forbids it, so "not
// `Clone`" is a property the crate controls.
use tether_mcp::InFlight;

impl Clone for InFlight<'_> {
    fn clone(&self) -> Self {
        todo!()
    }
}

fn main() {}
