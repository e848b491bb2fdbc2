//~ ERROR E0603
// The seal cannot be named from outside, so it cannot be implemented either.
struct Fake;

impl tether_mcp::inflight::requester::sealed::Sealed for Fake {}

fn main() {}
