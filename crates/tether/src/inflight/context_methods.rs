//! The methods every request context shares (`InFlight` and `RequestCx`).

/// Implements the shared request-context methods on a `Type<'req>` holding `scope`.
macro_rules! context_methods {
    ($ty:ident) => {
        impl<'req> $ty<'req> {
            /// The JSON-RPC id of the request being served.
            pub fn request_id(&self) -> &tether_mcp_types::RequestId {
                self.scope.id()
            }

            /// A stable id of the call: the same across the rounds of a 2026-07-28 Multi
            /// Round-Trip Request (where [`request_id`](Self::request_id) changes every round),
            /// so use it for idempotency keys. On legacy sessions it is the request id.
            pub fn call_id(&self) -> String {
                self.scope.call_id()
            }

            /// The protocol revision the client speaks.
            pub fn protocol_version(&self) -> tether_mcp_types::ProtocolVersion {
                self.scope.protocol_version()
            }

            /// Who the client says it is (self-reported; never use it for security decisions).
            pub fn client_info(&self) -> Option<&tether_mcp_types::Implementation> {
                self.scope.client_info()
            }

            /// The capabilities the client declared.
            pub fn client_capabilities(&self) -> &tether_mcp_types::ClientCapabilities {
                self.scope.client_capabilities()
            }

            /// Reports progress if the client asked for it (a progress token); otherwise does
            /// nothing. Values must increase: a non-increasing one is dropped with a warning.
            pub async fn progress(
                &self,
                progress: f64,
                total: Option<f64>,
                message: Option<String>,
            ) -> Result<(), $crate::RequestError> {
                self.scope.progress(progress, total, message).await
            }

            /// Sends a log message (`notifications/message`) if the request's threshold lets
            /// `level` through; otherwise returns `Ok(())` without sending anything.
            ///
            /// On legacy sessions the threshold is the session's `logging/setLevel`: before the
            /// client sends one every level passes; afterwards only `level`s at or above it.
            /// Advertise the `logging` capability so clients can set the level. On 2026-07-28
            /// the threshold is the request's own `_meta["io.modelcontextprotocol/logLevel"]`,
            /// and a request without one gets no log messages at all.
            pub async fn log(
                &self,
                level: tether_mcp_types::LoggingLevel,
                data: impl Into<tether_mcp_types::JsonValue>,
            ) -> Result<(), $crate::RequestError> {
                self.scope.log(level, None, data.into()).await
            }

            /// Completes when the client cancels this request; usable in `select!`.
            pub async fn cancelled(&self) {
                self.scope.cancellation().cancelled().await
            }

            /// Whether the client cancelled this request.
            pub fn is_cancelled(&self) -> bool {
                self.scope.cancellation().is_cancelled()
            }

            /// The session this request belongs to: a storable handle that can only `ping`.
            pub fn session(&self) -> $crate::Session {
                $crate::Session::new(self.scope.session().clone())
            }
        }
    };
}

pub(crate) use context_methods;
