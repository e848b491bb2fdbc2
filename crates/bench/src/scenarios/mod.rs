//! The scenarios: each sets up its sessions once, then measures them with
//! [`crate::measure::compare`] at every in-flight level.

pub(crate) mod bounds;
pub(crate) mod build_cost;
pub(crate) mod echo;
pub(crate) mod elicit_legacy;
pub(crate) mod http;
pub(crate) mod memory;
pub(crate) mod mrtr;

use crate::measure::{Config, Series, Session, compare};

/// Measures whichever of the sessions could be set up, at `in_flight`; a session that could
/// not be set up gives its reason in place of numbers. Returns tether's, rmcp's and (when
/// given) the bare echo's series.
pub(crate) async fn measure_sdks(
    config: &Config,
    tether: &Result<Session, String>,
    rmcp: &Result<Session, String>,
    bare: Option<&Session>,
    in_flight: usize,
) -> (Series, Series, Option<Series>) {
    let mut sessions = Vec::with_capacity(3);
    for session in [tether.as_ref().ok(), rmcp.as_ref().ok(), bare]
        .into_iter()
        .flatten()
    {
        sessions.push(session);
    }
    let mut measured = compare(config, &sessions, in_flight).await.into_iter();
    let tether = match tether {
        Ok(_) => measured
            .next()
            .unwrap_or_else(|| Err("not measured".into())),
        Err(reason) => Err(reason.clone()),
    };
    let rmcp = match rmcp {
        Ok(_) => measured
            .next()
            .unwrap_or_else(|| Err("not measured".into())),
        Err(reason) => Err(reason.clone()),
    };
    let bare = bare.map(|_| {
        measured
            .next()
            .unwrap_or_else(|| Err("not measured".into()))
    });
    (tether, rmcp, bare)
}
