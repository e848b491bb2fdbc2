//~ ERROR lifetime may not live long enough
// `testing::with_in_flight` is higher-ranked over the token's lifetime: a test cannot smuggle
// the token out of the closure.
use tether_mcp::testing::{ScriptedClient, with_in_flight};

#[tokio::main]
async fn main() {
    let cx = with_in_flight(ScriptedClient::new(), async |cx| cx).await;
    drop(cx);
}
