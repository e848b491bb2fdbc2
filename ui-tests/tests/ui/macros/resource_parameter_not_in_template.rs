//~ ERROR is not a variable of the URI template
// A resource method's parameters are its URI template's variables: `user` is not one of
// `users://{id}/profile`'s.
use tether_mcp::prelude::*;

struct Users;

#[tether_mcp::tools]
impl ServerHandler for Users {
    /// A user's profile.
    #[resource(uri = "users://{id}/profile")]
    async fn profile(&self, user: u64) -> String {
        format!("user {user}")
    }
}

fn main() {}
