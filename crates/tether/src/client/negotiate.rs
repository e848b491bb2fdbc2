//! Choosing the protocol era with a server: 2026-07-28 first (`server/discover`, with a short
//! probe timeout), the `initialize` handshake otherwise — whatever error the probe met, and
//! after restarting a child process that exited during the probe. The outcome is remembered
//! per command line or URL ([`EraCache`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tether_mcp_types::error_codes::UNSUPPORTED_PROTOCOL_VERSION;
use tether_mcp_types::{
    DiscoverResult, InitializeRequestParams, InitializeResult, JsonObject, JsonValue,
    ProtocolVersion,
};

use super::ClientError;
use super::engine::{Engine, Negotiated, Outgoing};
use super::result_text::ResultText;

/// Where a client remembers which era each server spoke, so that the next connection to the
/// same command line or URL skips the probe. [`EraCache::default`] is shared by the whole
/// process; [`EraCache::new`] is a private one.
#[derive(Clone, Debug)]
pub struct EraCache {
    versions: Arc<Mutex<HashMap<String, ProtocolVersion>>>,
}

impl EraCache {
    /// An empty cache of its own.
    pub fn new() -> Self {
        Self {
            versions: Arc::default(),
        }
    }

    /// The version last negotiated with `server` (a command line or URL).
    pub fn get(&self, server: &str) -> Option<ProtocolVersion> {
        self.versions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(server)
            .cloned()
    }

    fn put(&self, server: String, version: ProtocolVersion) {
        self.versions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(server, version);
    }

    /// Forgets `server`, so the next connection probes again.
    pub fn forget(&self, server: &str) {
        self.versions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(server);
    }
}

impl Default for EraCache {
    /// The process-wide cache.
    fn default() -> Self {
        static SHARED: OnceLock<EraCache> = OnceLock::new();
        SHARED.get_or_init(EraCache::new).clone()
    }
}

/// How negotiation ended.
pub(crate) enum Outcome {
    /// The connection is ready.
    Ready,
    /// The probe closed the connection (a child that exits on an unknown first message):
    /// reconnect and speak legacy.
    Restart,
}

/// What to negotiate.
pub(crate) struct Plan<'a> {
    pub(crate) pinned: Option<ProtocolVersion>,
    pub(crate) cache: &'a EraCache,
    pub(crate) key: Option<String>,
    /// Skip the probe (after a restart).
    pub(crate) legacy_only: bool,
}

/// Settles the era on a fresh connection.
pub(crate) async fn negotiate(
    engine: &Arc<Engine>,
    plan: Plan<'_>,
) -> Result<Outcome, ClientError> {
    let known = plan
        .pinned
        .clone()
        .or_else(|| plan.key.as_deref().and_then(|k| plan.cache.get(k)));
    let version = match known {
        Some(version) if version.is_modern() => {
            engine.set_negotiated(Negotiated {
                version: version.clone(),
                server_info: None,
                capabilities: Default::default(),
                instructions: None,
            });
            version
        }
        Some(version) => initialize(engine, version).await?,
        None if plan.legacy_only => initialize(engine, ProtocolVersion::V_2025_11_25).await?,
        None => match probe(engine).await {
            Probe::Modern(version) => version,
            Probe::Legacy(version) => match initialize(engine, version).await {
                Ok(version) => version,
                // The probe timed out but reached the server, which then chose 2026-07-28
                // for the connection (a stdio server that fixes its era on the first
                // message): it refuses `initialize` naming the modern version. Ask again.
                Err(ClientError::Server { error, .. })
                    if error.code == UNSUPPORTED_PROTOCOL_VERSION
                        && best(&supported_in(error.data.as_ref()))
                            .is_some_and(|v| v.is_modern()) =>
                {
                    match probe(engine).await {
                        Probe::Modern(version) => version,
                        Probe::Closed => return Ok(Outcome::Restart),
                        Probe::Legacy(_) => {
                            return Err(ClientError::Negotiation(
                                "the server refused initialize for 2026-07-28 but did not answer server/discover".into(),
                            ));
                        }
                    }
                }
                Err(error) => return Err(error),
            },
            Probe::Closed => return Ok(Outcome::Restart),
        },
    };
    if plan.pinned.is_none()
        && let Some(key) = plan.key
    {
        plan.cache.put(key, version);
    }
    Ok(Outcome::Ready)
}

enum Probe {
    Modern(ProtocolVersion),
    Legacy(ProtocolVersion),
    Closed,
}

/// `server/discover` at 2026-07-28 (once more at a version the server names, after a -32022).
async fn probe(engine: &Arc<Engine>) -> Probe {
    let mut version = ProtocolVersion::V_2026_07_28;
    for _ in 0..2 {
        let outcome = tokio::time::timeout(
            engine.options.probe_timeout,
            send(engine, "server/discover", JsonObject::new(), Some(&version)),
        )
        .await;
        match outcome {
            Err(_) => {
                tracing::debug!("no answer to server/discover in time; trying initialize");
                return Probe::Legacy(ProtocolVersion::V_2025_11_25);
            }
            Ok(Ok(result)) => {
                let Ok(discovered) = result.decode::<DiscoverResult>("server/discover") else {
                    return Probe::Legacy(ProtocolVersion::V_2025_11_25);
                };
                return match best(&discovered.supported_versions) {
                    Some(modern) if modern.is_modern() => {
                        let server_info = discovered
                            .meta
                            .as_ref()
                            .and_then(|m| m.server_info().ok().flatten());
                        engine.set_negotiated(Negotiated {
                            version: modern.clone(),
                            server_info,
                            capabilities: discovered.capabilities,
                            instructions: discovered.instructions,
                        });
                        Probe::Modern(modern)
                    }
                    Some(legacy) => Probe::Legacy(legacy),
                    None => Probe::Legacy(ProtocolVersion::V_2025_11_25),
                };
            }
            Ok(Err(ClientError::Server { error, .. }))
                if error.code == UNSUPPORTED_PROTOCOL_VERSION =>
            {
                match best(&supported_in(error.data.as_ref())) {
                    Some(next) if next.is_modern() => version = next,
                    Some(legacy) => return Probe::Legacy(legacy),
                    None => return Probe::Legacy(ProtocolVersion::V_2025_11_25),
                }
            }
            Ok(Err(ClientError::Closed { .. })) => return Probe::Closed,
            Ok(Err(error)) => {
                tracing::debug!(%error, "server/discover failed; trying initialize");
                return Probe::Legacy(ProtocolVersion::V_2025_11_25);
            }
        }
    }
    Probe::Legacy(ProtocolVersion::V_2025_11_25)
}

/// The versions a -32022 error's `data.supported` names.
fn supported_in(data: Option<&JsonValue>) -> Vec<ProtocolVersion> {
    data.and_then(|d| d.get("supported"))
        .and_then(JsonValue::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str())
                .map(ProtocolVersion::new)
                .collect()
        })
        .unwrap_or_default()
}

/// The newest version in `supported` that this client speaks.
fn best(supported: &[ProtocolVersion]) -> Option<ProtocolVersion> {
    supported
        .iter()
        .filter(|v| v.is_known())
        .max_by(|a, b| a.as_str().cmp(b.as_str()))
        .cloned()
}

/// The legacy handshake: `initialize` asking for `version`, then `notifications/initialized`.
async fn initialize(
    engine: &Arc<Engine>,
    version: ProtocolVersion,
) -> Result<ProtocolVersion, ClientError> {
    let params = InitializeRequestParams {
        meta: None,
        protocol_version: version,
        capabilities: engine.capabilities.clone(),
        client_info: engine.info.clone(),
        extra: JsonObject::new(),
    };
    let params = match serde_json::to_value(params) {
        Ok(JsonValue::Object(params)) => params,
        _ => unreachable!("InitializeRequestParams serializes to an object"),
    };
    let result = tokio::time::timeout(
        engine
            .options
            .request_timeout
            .unwrap_or(std::time::Duration::from_secs(60)),
        send(engine, "initialize", params, None),
    )
    .await
    .map_err(|_| ClientError::Negotiation("no answer to initialize in time".into()))??;
    let result: InitializeResult = result.decode("initialize")?;
    let chosen = result.protocol_version.clone();
    if !chosen.is_known() || !chosen.has_initialize() {
        return Err(ClientError::Negotiation(format!(
            "the server chose protocol version {chosen}, which this client does not speak over initialize"
        )));
    }
    engine.set_negotiated(Negotiated {
        version: chosen.clone(),
        server_info: Some(result.server_info),
        capabilities: result.capabilities,
        instructions: result.instructions,
    });
    engine.notify("notifications/initialized", None).await?;
    engine.wire.initialized(engine, &chosen).await;
    Ok(chosen)
}

/// One request outside any call (the probe and the handshake).
async fn send(
    engine: &Arc<Engine>,
    method: &str,
    params: JsonObject,
    modern: Option<&ProtocolVersion>,
) -> Result<ResultText, ClientError> {
    let mut outstanding = engine
        .start(Outgoing {
            method: method.to_owned(),
            name: None,
            params: &params,
            progress: false,
            version: modern.cloned(),
            param_headers: Vec::new(),
            listen: None,
        })
        .await?;
    outstanding.reply(&mut |_| {}).await
}
