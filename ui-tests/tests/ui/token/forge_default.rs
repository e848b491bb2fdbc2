//~ ERROR E0599
// There is no default token: a token always stands for a real client request.
use tether_mcp::InFlight;

fn forge() -> InFlight<'static> {
    InFlight::default()
}

fn main() {
    let _ = forge;
}
