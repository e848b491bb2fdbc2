//! Limits and timeouts of a server, with safe defaults.

use std::time::Duration;

/// Limits and timeouts of a server. Every field has a safe default ([`Limits::default`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Handlers running at once per connection (default 64). Responses and notifications from
    /// the client are always read, whatever the number of running handlers.
    pub max_concurrent_requests: usize,
    /// Requests waiting for a running slot per connection (default 256); past it a request is
    /// answered at once with an error naming the limit.
    pub max_queued_requests: usize,
    /// How long a server-to-client request waits for its answer (default 300 s).
    pub nested_request_timeout: Duration,
    /// How long a cancelled handler keeps running to observe `cancelled()` before it is
    /// dropped (default 500 ms).
    pub cancel_grace: Duration,
    /// How long requests already read keep running, to finish and be answered, after the
    /// client ends its input (stdio EOF) while its output stays open (default 2 s, the time
    /// this SDK's own client waits before it signals a child server). Then whatever still runs
    /// is cancelled (and gets [`cancel_grace`](Self::cancel_grace)). A client that closes its
    /// input to end the session still gets the answers of calls that finish within it; a
    /// handler waiting for an answer from the client fails at once, since none can come.
    pub end_of_input_drain: Duration,
    /// The longest message line accepted on stdio-style transports (default 4 MiB); a longer
    /// line is discarded without being buffered and answered with -32600.
    pub max_message_bytes: usize,
    /// Messages queued toward the client per connection (default 1024).
    pub outbound_capacity: usize,
    /// Distinct resource URIs whose `notifications/resources/updated` may wait per connection
    /// while its outbound queue is full (default 256). List-changed notifications always wait,
    /// at most one per kind; past this bound an update of a further URI is not sent (a
    /// `warn!` counts them), while updates of URIs already waiting still coalesce.
    pub pending_resource_updates: usize,
    /// Rounds one 2026-07-28 Multi Round-Trip call may take (default 16); the round after the
    /// last fails with -32600 naming the limit.
    pub max_mrtr_rounds: u32,
    /// The largest sealed `requestState` the server issues or accepts (default 256 KiB). A
    /// state that would grow past it fails the call with -32603; a larger one sent by a
    /// client is rejected with -32602 before it is opened.
    pub max_request_state_bytes: usize,
    /// How long a sealed `requestState` stays valid (default 10 minutes): the time a user has
    /// to answer one round.
    pub request_state_ttl: Duration,
    /// `subscriptions/listen` streams open at once per connection (default 16); past it a
    /// listen is answered -32600 naming the limit.
    pub max_listens: usize,
    /// How long a request's first poll may run on its connection's dispatch loop (default
    /// 5 ms). A request is first polled there, where most answer at once without a task of
    /// their own; one still running after that poll goes on as its own task. The loop reads
    /// nothing while a first poll runs, so a handler whose first poll (its work up to the
    /// first `.await` that waits) takes longer than this starts on tasks of its own for the
    /// next second, on that connection; then it is tried inline again. `Duration::ZERO` starts
    /// every request on its own task. Blocking work belongs in `tokio::task::spawn_blocking`
    /// either way. (The default sits above the few milliseconds a busy machine may stretch a
    /// quick poll by preempting its thread.)
    pub inline_poll_limit: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_concurrent_requests: 64,
            max_queued_requests: 256,
            nested_request_timeout: Duration::from_secs(300),
            cancel_grace: Duration::from_millis(500),
            end_of_input_drain: Duration::from_secs(2),
            max_message_bytes: 4 * 1024 * 1024,
            outbound_capacity: 1024,
            pending_resource_updates: 256,
            max_mrtr_rounds: 16,
            max_request_state_bytes: 256 * 1024,
            request_state_ttl: Duration::from_secs(600),
            max_listens: 16,
            inline_poll_limit: Duration::from_millis(5),
        }
    }
}
