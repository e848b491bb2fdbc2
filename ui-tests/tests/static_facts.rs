//! Trait facts about the public types, checked at compile time: if one stops holding, this file
//! stops compiling.

use static_assertions::{
    assert_eq_size, assert_impl_all, assert_not_impl_any, assert_type_eq_all, const_assert_eq,
};
use tether_mcp::ProtocolVersion;
use tether_mcp::types::{DecodeError, JSONRPCMessage, JsonRpcVersion, ProgressToken, RequestId};

// `tether_mcp::ProtocolVersion` is the wire type itself, not a copy of it.
assert_type_eq_all!(ProtocolVersion, tether_mcp::types::ProtocolVersion);

// A revision can be shared across tasks, compared, sorted by date and used as a map key, and it
// travels as a JSON string.
assert_impl_all!(
    ProtocolVersion: Send,
    Sync,
    Clone,
    Ord,
    std::hash::Hash,
    std::fmt::Debug,
    std::fmt::Display,
    std::str::FromStr,
    serde::Serialize,
    serde::de::DeserializeOwned,
);
// It keeps unknown strings (owned), so it is not `Copy`; and there is no implicit revision: a
// version is always negotiated or chosen, never defaulted.
assert_not_impl_any!(ProtocolVersion: Copy, Default);
const_assert_eq!(ProtocolVersion::ALL.len(), 5);
const_assert_eq!(ProtocolVersion::LEGACY.len(), 4);

// Request ids key the tables of in-flight requests.
assert_impl_all!(
    RequestId: Send,
    Sync,
    Clone,
    Eq,
    Ord,
    std::hash::Hash,
    std::fmt::Debug,
    std::fmt::Display,
    serde::Serialize,
    serde::de::DeserializeOwned,
);
// An id is never null (no default) and never fractional; a `u64` could exceed the wire range,
// so there is no infallible conversion from one.
assert_not_impl_any!(RequestId: Default, From<f64>, From<u64>);
assert_impl_all!(ProgressToken: Send, Sync, Clone, Eq, std::hash::Hash);
assert_not_impl_any!(ProgressToken: Default, From<f64>);

// `"jsonrpc": "2.0"` is a zero-sized marker: it cannot be built from an arbitrary string.
assert_eq_size!(JsonRpcVersion, ());
assert_impl_all!(JsonRpcVersion: Copy, Default, Eq, serde::Serialize, serde::de::DeserializeOwned);
assert_not_impl_any!(JsonRpcVersion: std::str::FromStr, From<String>, From<&'static str>);

// Messages move between the transport tasks and the dispatcher.
assert_impl_all!(JSONRPCMessage: Send, Sync, Clone, std::fmt::Debug);

// Decode errors work with `?` into `Box<dyn Error + Send + Sync>` and `anyhow`-style errors.
assert_impl_all!(DecodeError: std::error::Error, Send, Sync, Clone, Eq);

// ---------------------------------------------------------------------------------------------
// The request token and the contexts (ARCHITECTURE.md §3). The compile-fail programs under
// tests/ui show what cannot be written; these facts pin the auto traits and sizes that make the
// legal programs work.
// ---------------------------------------------------------------------------------------------

mod tokens {
    use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};
    use tether_mcp::prelude::*;
    use tether_mcp::types::{ElicitAction, ElicitResult};
    use tether_mcp::{Ask, Elicitation, Roots, Sampling, UrlElicitation};

    // The token is one pointer, shared across the handler's awaits (`Send`), lent to joined
    // helpers (`Sync`), and never pinned in place. It cannot be duplicated or made up.
    assert_impl_all!(InFlight<'static>: Send, Sync, Unpin, std::fmt::Debug, ClientRequester);
    assert_not_impl_any!(InFlight<'static>: Clone, Copy, Default);
    assert_eq_size!(InFlight<'static>, usize);

    // The narrower contexts cannot be duplicated or made up either, and cannot ask.
    assert_impl_all!(RequestCx<'static>: Send, Sync, std::fmt::Debug);
    assert_not_impl_any!(RequestCx<'static>: Clone, Copy, Default, ClientRequester);
    assert_impl_all!(Notified<'static>: Send, Sync, std::fmt::Debug);
    assert_not_impl_any!(Notified<'static>: Clone, Copy, Default, ClientRequester);
    // No conversion turns a context that cannot ask into one that can.
    assert_not_impl_any!(InFlight<'static>: From<RequestCx<'static>>, From<Notified<'static>>);

    // The storable handles: `Clone + 'static`, usable from any task, and unable to ask.
    assert_impl_all!(Session: Clone, Send, Sync, std::fmt::Debug);
    assert_not_impl_any!(Session: ClientRequester, Default);
    assert_impl_all!(Notifier: Clone, Send, Sync, std::fmt::Debug);
    assert_not_impl_any!(Notifier: ClientRequester, Default);
    const fn is_static<T: 'static>() {}
    const _: () = is_static::<Session>();
    const _: () = is_static::<Notifier>();

    // A server can be shared by every connection's task.
    struct Idle;
    impl ServerHandler for Idle {}
    assert_impl_all!(Server<Idle>: Send, Sync, Clone);

    // The views and asks move with the handler's future across threads.
    assert_impl_all!(Elicitation<'static>: Send, Sync);
    assert_impl_all!(UrlElicitation<'static>: Send, Sync);
    assert_impl_all!(Sampling<'static>: Send, Sync);
    assert_impl_all!(Roots<'static>: Send, Sync);
    assert_impl_all!(Ask<'static, ElicitResult>: Send, Unpin);
    assert_impl_all!(Ask<'static, Answer<bool>>: Send, Unpin);
    assert_impl_all!(Ask<'static, ElicitAction>: Send, Unpin);
    assert_impl_all!(Ask<'static, CreateMessageResult>: Send, Unpin);
    assert_impl_all!(Ask<'static, ListRootsResult>: Send, Unpin);

    // `?` works in handlers on both failures of an ask.
    assert_impl_all!(ToolError: From<MissingCapability>, From<RequestError>);
    assert_impl_all!(ServerError: From<MissingCapability>, From<RequestError>);
}

/// The futures users build and await are `Send`: a `!Send` one would break every handler that
/// awaits it, with an error far from its cause. These functions are never called; they only
/// have to type-check.
#[allow(dead_code)]
mod futures_are_send {
    use std::future::Future;

    use serde::de::DeserializeOwned;
    use tether_mcp::prelude::*;
    use tether_mcp::schemars::JsonSchema;
    use tether_mcp::types::ElicitRequestFormParams;

    fn assert_send<T: Send>(_: &T) {}

    fn asks<T>(cx: &InFlight<'_>) -> Result<(), MissingCapability>
    where
        T: DeserializeOwned + JsonSchema + Send + 'static,
    {
        assert_send(&cx.elicitation()?.form::<T>("message"));
        assert_send(&cx.elicitation()?.elicit(ElicitRequestFormParams::default()));
        assert_send(&cx.url_elicitation()?.url("message", "https://example.com"));
        assert_send(
            &cx.sampling()?
                .create_message(CreateMessageRequestParams::default()),
        );
        assert_send(&cx.roots()?.list());
        Ok(())
    }

    fn asks_through_the_trait<C: ClientRequester>(cx: &C) -> Result<(), MissingCapability> {
        assert_send(&cx.roots()?.list());
        assert_send(
            &cx.sampling()?
                .create_message(CreateMessageRequestParams::default()),
        );
        Ok(())
    }

    fn context_methods(cx: &InFlight<'_>) {
        assert_send(&cx.cancelled());
        assert_send(&cx.progress(1.0, None, None));
        assert_send(&cx.session().ping());
    }

    // The handler methods take `&'req self` and `InFlight<'req>` with one lifetime.
    fn any_handler<'req, H: ServerHandler>(
        handler: &'req H,
        params: CallToolRequestParams,
        cx: InFlight<'req>,
    ) {
        assert_send(&handler.call_tool(params, cx));
    }

    fn any_handler_of_other_methods<'req, H: ServerHandler>(
        handler: &'req H,
        cx: RequestCx<'req>,
        params: Option<PaginatedRequestParams>,
    ) {
        assert_send(&handler.list_tools(params, cx));
    }

    // A handler written with `async fn`: its concrete future, asks included, is `Send`.
    struct Asker;

    impl ServerHandler for Asker {
        async fn call_tool(
            &self,
            _params: CallToolRequestParams,
            cx: InFlight<'_>,
        ) -> Result<CallToolResult, ToolError> {
            let _ = cx.roots()?.list().await?;
            Ok(CallToolResult::default())
        }
    }

    fn concrete_handler<'req>(
        handler: &'req Asker,
        params: CallToolRequestParams,
        cx: InFlight<'req>,
    ) -> impl Future + Send + 'req {
        handler.call_tool(params, cx)
    }
}
