//~ ERROR E0515
// Nor can a test smuggle out a view (or an ask) borrowed from the token.
use tether_mcp::testing::{ScriptedClient, with_in_flight};

#[tokio::main]
async fn main() {
    let roots = with_in_flight(ScriptedClient::new(), async |cx| cx.roots()).await;
    drop(roots);
}
