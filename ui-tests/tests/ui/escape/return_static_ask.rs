//~ ERROR lifetime may not live long enough
// A helper cannot promise a `'static` ask: an ask lives no longer than the token it was built
// from. Write the helper's signature with the token's borrow (`Ask<'a, _>` from `&'a _`).
use tether_mcp::Ask;
use tether_mcp::prelude::*;

fn prefetch_roots(cx: &InFlight<'_>) -> Result<Ask<'static, ListRootsResult>, MissingCapability> {
    Ok(cx.roots()?.list())
}

fn main() {
    let _ = prefetch_roots;
}
