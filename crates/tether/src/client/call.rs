//! One client call: its options (progress, timeout), its `_meta` on 2026-07-28, the one retry a
//! -32022 earns, and — for `tools/call`, `prompts/get` and `resources/read` — its MRTR rounds.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tether_mcp_types::error_codes::UNSUPPORTED_PROTOCOL_VERSION;
use tether_mcp_types::{
    JsonObject, JsonValue, ProgressNotificationParams, ProtocolVersion, RequestId,
};

use super::engine::{Engine, Outgoing};
use super::result_text::ResultText;
use super::{Client, ClientError, rounds};

type Progress<'c> = Box<dyn FnMut(ProgressNotificationParams) + Send + 'c>;

/// A request to the server, ready to be awaited, with its options.
///
/// ```no_run
/// # async fn run(client: tether_mcp::client::Client) -> Result<(), tether_mcp::client::ClientError> {
/// use std::time::Duration;
///
/// let result = client
///     .call_tool("deploy", serde_json::json!({"env": "staging"}))
///     .on_progress(|p| eprintln!("{} of {:?}", p.progress, p.total))
///     .timeout(Duration::from_secs(120))
///     .await?;
/// # Ok(()) }
/// ```
///
/// Dropping the future before it completes withdraws the request: `notifications/cancelled`
/// on stdio and legacy HTTP, the response stream closed on 2026-07-28 HTTP.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'c, T> {
    client: &'c Client,
    method: &'static str,
    name: Option<String>,
    params: Result<JsonObject, ClientError>,
    rounds: bool,
    on_progress: Option<Progress<'c>>,
    timeout: Option<Option<Duration>>,
    finish: fn(&Arc<Engine>, &mut T),
    _result: PhantomData<fn() -> T>,
}

impl<'c, T> Call<'c, T> {
    pub(crate) fn new(
        client: &'c Client,
        method: &'static str,
        name: Option<String>,
        params: Result<JsonObject, ClientError>,
    ) -> Self {
        Self {
            client,
            method,
            name,
            params,
            rounds: false,
            on_progress: None,
            timeout: None,
            finish: |_, _| {},
            _result: PhantomData,
        }
    }

    /// Post-processes the decoded result (filtering `tools/list` on 2026-07-28 HTTP).
    pub(crate) fn finishing(mut self, finish: fn(&Arc<Engine>, &mut T)) -> Self {
        self.finish = finish;
        self
    }

    /// Drive MRTR rounds through the client's handlers until the result is complete.
    pub(crate) fn with_rounds(mut self) -> Self {
        self.rounds = true;
        self
    }

    /// Asks for progress notifications and passes each one to `f` while the call runs.
    pub fn on_progress(mut self, f: impl FnMut(ProgressNotificationParams) + Send + 'c) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }

    /// Gives up (and withdraws the request) after `after`; overrides
    /// [`ClientBuilder::request_timeout`](super::ClientBuilder::request_timeout). On a
    /// multi-round call it bounds each round.
    pub fn timeout(mut self, after: Duration) -> Self {
        self.timeout = Some(Some(after));
        self
    }

    /// Waits as long as the server takes.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }
}

impl<'c, T: DeserializeOwned + Send + 'static> IntoFuture for Call<'c, T> {
    type Output = Result<T, ClientError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, ClientError>> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let Call {
                client,
                method,
                name,
                params,
                rounds,
                on_progress,
                timeout,
                finish,
                ..
            } = self;
            let engine = client.engine();
            let mut request = Request {
                engine,
                method,
                name,
                timeout: timeout.unwrap_or(engine.options.request_timeout),
                on_progress,
            };
            let params = params?;
            let mut result: T = if rounds {
                rounds::drive(&mut request, params).await?
            } else {
                let (result, _) = request.send(&params).await?;
                result.decode(method)?
            };
            finish(engine, &mut result);
            Ok(result)
        })
    }
}

/// The state of one call across its sends (MRTR rounds, the -32022 retry).
pub(crate) struct Request<'e, 'c> {
    pub(crate) engine: &'e Arc<Engine>,
    pub(crate) method: &'static str,
    pub(crate) name: Option<String>,
    timeout: Option<Duration>,
    on_progress: Option<Progress<'c>>,
}

impl<'e> Request<'e, 'static> {
    /// A request without options beyond the client's defaults.
    pub(crate) fn plain(engine: &'e Arc<Engine>, method: &'static str) -> Self {
        Self {
            engine,
            method,
            name: None,
            timeout: engine.options.request_timeout,
            on_progress: None,
        }
    }
}

impl Request<'_, '_> {
    /// Sends the request once (and once more with a version the server supports, if it
    /// answers -32022); returns the result and the JSON-RPC id it was sent under.
    pub(crate) async fn send(
        &mut self,
        params: &JsonObject,
    ) -> Result<(ResultText, RequestId), ClientError> {
        let version = self
            .engine
            .negotiated()
            .map(|n| n.version.clone())
            .ok_or_else(|| ClientError::closed("the client is not connected"))?;
        match self.send_as(params, &version).await {
            Err(ClientError::Server { error, .. })
                if error.code == UNSUPPORTED_PROTOCOL_VERSION && version.is_modern() =>
            {
                let Some(retry) = supported_modern(error.data.as_ref()) else {
                    return Err(ClientError::Server {
                        method: self.method.to_owned(),
                        error,
                    });
                };
                tracing::info!(from = %version, to = %retry, "the server rejected the protocol version; retrying once with one it supports");
                self.engine.switch_version(retry.clone());
                self.send_as(params, &retry).await
            }
            other => other,
        }
    }

    /// Sends the request under `version` (on 2026-07-28 with the per-request `_meta`).
    pub(crate) async fn send_as(
        &mut self,
        params: &JsonObject,
        version: &ProtocolVersion,
    ) -> Result<(ResultText, RequestId), ClientError> {
        let param_headers = self
            .engine
            .param_headers(self.method, version, params)
            .await;
        let engine = self.engine;
        let outgoing = Outgoing {
            method: self.method.to_owned(),
            name: self.name.clone(),
            params,
            progress: self.on_progress.is_some(),
            version: Some(version.clone()),
            param_headers,
            listen: None,
        };
        let mut ignore = |_: ProgressNotificationParams| {};
        let on_progress: &mut (dyn FnMut(ProgressNotificationParams) + Send) =
            match self.on_progress.as_mut() {
                Some(f) => f.as_mut(),
                None => &mut ignore,
            };
        // The timeout covers sending too: an HTTP response's headers can take as long as the
        // handler does.
        let exchange = async move {
            let mut outstanding = engine.start(outgoing).await?;
            let id = outstanding.call.id.clone();
            outstanding
                .reply(on_progress)
                .await
                .map(|result| (result, id))
        };
        match self.timeout {
            Some(after) => {
                tokio::time::timeout(after, exchange)
                    .await
                    .map_err(|_| ClientError::Timeout {
                        method: self.method.to_owned(),
                        after,
                    })?
            }
            None => exchange.await,
        }
    }
}

/// The best 2026-07-28-or-later version in a -32022 error's `supported` list that this client
/// speaks.
fn supported_modern(data: Option<&JsonValue>) -> Option<ProtocolVersion> {
    let supported = data?.get("supported")?.as_array()?;
    supported
        .iter()
        .filter_map(|v| v.as_str())
        .map(ProtocolVersion::new)
        .filter(|v| v.is_known() && v.is_modern())
        .max_by(|a, b| a.as_str().cmp(b.as_str()))
}
