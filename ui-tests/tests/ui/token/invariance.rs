//~ ERROR lifetime may not live long enough
// `InFlight<'req>` is invariant in `'req`: a token for one request cannot pose as a token of a
// shorter (or longer) scope. This keeps a future `cx.spawn(fut + 'req)` sound (see
// std::thread::Scope). Twin of the `compile_fail` doc test on `InFlight`.
use tether_mcp::InFlight;

fn shrink<'a, 'b: 'a>(cx: InFlight<'b>) -> InFlight<'a> {
    cx
}

fn main() {
    let _ = shrink;
}
