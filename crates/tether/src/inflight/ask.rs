//! The ask machinery shared by every capability view: a server-to-client request that is built
//! lazily, keyed at build time, registered on its first poll and withdrawn when dropped.

use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use tether_mcp_types::{JsonObject, JsonValue, RequestId};

use crate::error::RequestError;
use crate::scope::RequestScope;
use crate::session::SessionState;

/// The identity of an ask, fixed when it is built: its method, a digest of its canonical params
/// (sorted keys, `_meta` left out) and its occurrence among identical asks of the request, in
/// program order. It is the same on every replay of a handler, which is what lets a 2026-07-28
/// Multi Round-Trip Request find the answer to the ask in `inputResponses`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct AskKey(String);

impl AskKey {
    pub(crate) fn new(scope: &RequestScope, method: &str, params: &JsonObject) -> Self {
        let mut canonical = String::new();
        write_canonical(&mut canonical, &JsonValue::Object(without_meta(params)));
        let digest = Sha256::digest(canonical.as_bytes());
        let mut hex = String::with_capacity(16);
        for byte in &digest[..8] {
            let _ = write!(hex, "{byte:02x}");
        }
        let method_and_digest = format!("{method}:{hex}");
        let occurrence = scope.next_occurrence(&method_and_digest);
        Self(format!("{method_and_digest}:{occurrence}"))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

fn without_meta(params: &JsonObject) -> JsonObject {
    params
        .iter()
        .filter(|(k, _)| k.as_str() != "_meta")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Canonical JSON (RFC 8785 style): object keys sorted, no insignificant white space, numbers as
/// serde_json writes them (integers exactly; floats shortest round-trip).
fn write_canonical(out: &mut String, value: &JsonValue) {
    match value {
        JsonValue::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&JsonValue::String(key.clone()).to_string());
                out.push(':');
                write_canonical(out, &map[key]);
            }
            out.push('}');
        }
        JsonValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        JsonValue::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                let _ = write!(out, "{}", f as i64);
            }
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}

/// Withdraws a sent request that will not be answered: forgets it and tells the client with
/// `notifications/cancelled` (best effort: a full queue drops the notice, and the late answer is
/// ignored either way).
struct Withdraw<'a> {
    session: &'a SessionState,
    id: Option<RequestId>,
}

impl Withdraw<'_> {
    fn answered(&mut self) {
        self.id = None;
    }
}

impl Drop for Withdraw<'_> {
    fn drop(&mut self) {
        let Some(id) = self.id.take() else { return };
        if self.session.withdraw(&id) {
            let mut params = JsonObject::new();
            params.insert(
                "requestId".into(),
                serde_json::to_value(&id).unwrap_or(JsonValue::Null),
            );
            params.insert(
                "reason".into(),
                "the server no longer needs the answer".into(),
            );
            let notice =
                tether_mcp_types::JSONRPCNotification::new("notifications/cancelled", Some(params));
            if let Err(error) = self.session.try_send(&notice) {
                tracing::debug!(%id, %error, "could not send notifications/cancelled for a withdrawn request");
            }
        }
    }
}

/// A server-to-client request in the making: a future that sends nothing until it is first
/// polled, and withdraws the request (telling the client) if it is dropped before the answer.
///
/// It borrows the request's token, so it cannot outlive the request either.
#[must_use = "an ask sends nothing until it is awaited"]
pub struct Ask<'a, R> {
    inner: Pin<Box<dyn Future<Output = Result<R, RequestError>> + Send + 'a>>,
}

impl<'a, R> Ask<'a, R> {
    pub(crate) fn new(future: impl Future<Output = Result<R, RequestError>> + Send + 'a) -> Self {
        Self {
            inner: Box::pin(future),
        }
    }
}

impl<R> Future for Ask<'_, R> {
    type Output = Result<R, RequestError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<R> std::fmt::Debug for Ask<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ask").finish_non_exhaustive()
    }
}

/// A server-to-client request of `method`: nothing is sent until the future is first polled.
pub(crate) fn ask<'a, R: DeserializeOwned + Send + 'a>(
    scope: &'a RequestScope,
    method: &'static str,
    params: JsonObject,
) -> Ask<'a, R> {
    let key = AskKey::new(scope, method, &params);
    Ask::new(async move {
        scope.check_ask_context()?;
        scope.check_writable()?;
        let session = scope.session();
        tracing::debug!(request_id = %scope.id(), key = key.as_str(), method, "asking the client");
        let (id, answer) = session.request(method, Some(params)).await?;
        let mut withdraw = Withdraw {
            session,
            id: Some(id),
        };
        let timeout = session.limits.nested_request_timeout;
        let answer = tokio::select! {
            answer = answer => answer.map_err(|_| RequestError::StreamClosed)?,
            () = scope.cancellation().cancelled() => return Err(RequestError::Cancelled),
            () = session.closed().cancelled() => return Err(RequestError::StreamClosed),
            () = tokio::time::sleep(timeout) => return Err(RequestError::Timeout(timeout)),
        };
        withdraw.answered();
        let value = answer.map_err(RequestError::Peer)?;
        tether_mcp_types::decode::from_value(value).map_err(RequestError::MalformedAnswer)
    })
}

/// Serializes typed params to the object an ask sends.
pub(crate) fn params_object<P: serde::Serialize>(params: &P) -> JsonObject {
    match serde_json::to_value(params) {
        Ok(JsonValue::Object(map)) => map,
        _ => JsonObject::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_sorts_keys_and_normalises_numbers() {
        let mut a = String::new();
        write_canonical(
            &mut a,
            &serde_json::json!({"b": 1.0, "a": [true, null, "x"], "c": {"z": 1, "y": 2}}),
        );
        assert_eq!(a, r#"{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}"#);
        let mut b = String::new();
        write_canonical(
            &mut b,
            &serde_json::json!({"c": {"y": 2, "z": 1}, "a": [true, null, "x"], "b": 1}),
        );
        assert_eq!(a, b);
    }
}
