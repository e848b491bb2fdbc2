//! Where a server-to-client request came from: the client call it serves, if any.

use tether_mcp_types::RequestId;

/// One client request that is still waiting for its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingCall {
    /// Its method, such as `tools/call`.
    pub method: String,
    /// The tool or prompt name, or the resource URI, when the method has one.
    pub name: Option<String>,
    /// Its JSON-RPC id.
    pub id: RequestId,
}

/// The client request a server-to-client request (elicitation, sampling, roots) is associated
/// with, as far as the transport can tell.
///
/// - [`Origin::Call`]: exactly one call. An MRTR round of a 2026-07-28 call; a legacy HTTP
///   request on the stream of the POST that carried the call (also when that stream is resumed
///   with `Last-Event-ID`); a stdio request while exactly one call is outstanding.
/// - [`Origin::AnyOf`]: stdio carries no association, so with several calls outstanding any of
///   them may be the one.
/// - [`Origin::Unassociated`]: nothing was outstanding, or the request came on the legacy
///   standalone GET stream. SEP-2260 says servers should not send these; the published legacy
///   revisions allow them, so the client serves them with a warning unless
///   [`strict_association`](crate::client::ClientBuilder::strict_association) is on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// The request serves this call.
    Call {
        /// The call's method.
        method: String,
        /// The tool or prompt name, or the resource URI.
        name: Option<String>,
        /// The call's JSON-RPC id (on 2026-07-28, the id of the round that asked).
        id: RequestId,
    },
    /// The request serves one of these calls.
    AnyOf(Vec<PendingCall>),
    /// The request serves no call of this client.
    Unassociated,
}

impl Origin {
    /// The origin for the calls outstanding when a request arrived on a stream that carries no
    /// association (stdio, in-memory).
    pub(crate) fn of_outstanding(mut calls: Vec<PendingCall>) -> Self {
        match calls.len() {
            0 => Self::Unassociated,
            1 => {
                let call = calls.remove(0);
                Self::Call {
                    method: call.method,
                    name: call.name,
                    id: call.id,
                }
            }
            _ => {
                calls.sort_by(|a, b| a.id.cmp(&b.id));
                Self::AnyOf(calls)
            }
        }
    }

    /// Whether the request is tied to no call at all.
    pub fn is_unassociated(&self) -> bool {
        matches!(self, Self::Unassociated)
    }
}

impl From<PendingCall> for Origin {
    fn from(call: PendingCall) -> Self {
        Self::Call {
            method: call.method,
            name: call.name,
            id: call.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(id: i64) -> PendingCall {
        PendingCall {
            method: "tools/call".into(),
            name: Some(format!("t{id}")),
            id: RequestId::Number(id),
        }
    }

    #[test]
    fn outstanding_calls_decide_the_origin() {
        assert_eq!(Origin::of_outstanding(vec![]), Origin::Unassociated);
        assert_eq!(Origin::of_outstanding(vec![call(3)]), Origin::from(call(3)));
        assert_eq!(
            Origin::of_outstanding(vec![call(9), call(2)]),
            Origin::AnyOf(vec![call(2), call(9)])
        );
        assert!(Origin::Unassociated.is_unassociated());
        assert!(!Origin::from(call(1)).is_unassociated());
    }
}
