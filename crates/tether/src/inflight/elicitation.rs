//! The elicitation views: forms (`Elicitation`) and URLs (`UrlElicitation`), and `Answer`.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tether_mcp_types::{
    ElicitAction, ElicitRequestFormParams, ElicitRequestURLParams, ElicitResult,
    ElicitationCompleteNotificationParams, FormMode, JsonValue, ProtocolVersion, UrlMode,
};

use super::ask::{Ask, Outgoing, ask};
use super::form_schema::form_for;
use crate::error::RequestError;
use crate::scope::RequestScope;
use crate::session::SessionState;

/// What the user did with a form: the typed values, or a refusal.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "the user may have declined or cancelled; match on the answer"]
pub enum Answer<T> {
    /// The user submitted the form.
    Accepted(T),
    /// The user explicitly declined.
    Declined,
    /// The user dismissed the request without choosing.
    Cancelled,
}

impl<T> Answer<T> {
    /// The values, if the user accepted.
    pub fn accepted(self) -> Option<T> {
        match self {
            Self::Accepted(t) => Some(t),
            Self::Declined | Self::Cancelled => None,
        }
    }
}

/// Asking the user to fill in a form (`elicitation/create`, form mode). Borrowed from an
/// [`InFlight`](crate::InFlight) token: obtain it with `cx.elicitation()?`.
#[derive(Debug, Clone, Copy)]
pub struct Elicitation<'a> {
    scope: &'a RequestScope,
}

impl<'a> Elicitation<'a> {
    pub(crate) fn new(scope: &'a RequestScope) -> Self {
        Self { scope }
    }

    /// Asks the user for a `T`, showing `message`. The form is generated from `T`'s JSON Schema
    /// and shaped for the client's revision; a type that cannot be a form (nested objects,
    /// maps, ...) fails with [`RequestError::UnsupportedSchema`] before anything is sent.
    ///
    /// Nothing is sent until the returned future is first polled.
    pub fn form<T>(&self, message: impl Into<String>) -> Ask<'a, Answer<T>>
    where
        T: DeserializeOwned + JsonSchema + Send + 'a,
    {
        let scope = self.scope;
        let version = scope.protocol_version();
        let asked = form_for::<T>(&version).map(|form| {
            let mode = version.has_url_elicitation().then_some(FormMode);
            ask::<ElicitResult>(scope, Outgoing::form(form, message.into(), mode))
        });
        Ask::new(async move {
            let result = asked?.await?;
            match result.action {
                ElicitAction::Accept => {
                    let content = result.content.unwrap_or_default();
                    let value = serde_json::to_value(content).unwrap_or(JsonValue::Null);
                    tether_mcp_types::decode::from_value(value)
                        .map(Answer::Accepted)
                        .map_err(RequestError::MalformedAnswer)
                }
                ElicitAction::Decline => Ok(Answer::Declined),
                ElicitAction::Cancel => Ok(Answer::Cancelled),
            }
        })
    }

    /// Sends a form elicitation with raw params and returns the client's raw answer.
    pub fn elicit(&self, params: ElicitRequestFormParams) -> Ask<'a, ElicitResult> {
        ask(self.scope, Outgoing::elicitation(params))
    }
}

/// Asking the user to visit a URL out of band (URL-mode elicitation, 2025-11-25 on). Obtain it
/// with `cx.url_elicitation()?`, which needs the client to have declared URL mode.
#[derive(Debug, Clone, Copy)]
pub struct UrlElicitation<'a> {
    scope: &'a RequestScope,
}

impl<'a> UrlElicitation<'a> {
    pub(crate) fn new(scope: &'a RequestScope) -> Self {
        Self { scope }
    }

    /// Asks the user to open `url`, explaining why with `message`. `accept` means the user
    /// consented to open it, not that the out-of-band flow finished.
    ///
    /// On 2025-11-25 the request carries a fresh `elicitationId`. On `accept` the answer holds
    /// an [`ElicitationCompletion`] for that id: keep it (it is `'static`) and call
    /// [`complete`](ElicitationCompletion::complete) when the out-of-band flow finishes, for
    /// example in a web callback, to send `notifications/elicitation/complete`.
    ///
    /// On 2026-07-28 it is an input request of a Multi Round-Trip round, without
    /// `elicitationId`; the answer has no completion handle (there is no such notification):
    /// the client retries the call, and the replayed handler checks whether the flow finished
    /// (keep that in your own store, keyed by [`call_id`](crate::InFlight::call_id)).
    pub fn url(&self, message: impl Into<String>, url: impl Into<String>) -> Ask<'a, UrlAnswer> {
        let scope = self.scope;
        // 2026-07-28 has no elicitationId and no completion notification: the client retries
        // the call, and the handler, replayed, decides whether the flow finished.
        let elicitation_id = scope.modern().is_none().then(|| {
            format!(
                "{}-{}",
                scope.id(),
                scope.next_occurrence("url-elicitation")
            )
        });
        let params = ElicitRequestURLParams {
            mode: UrlMode,
            message: message.into(),
            url: url.into(),
            elicitation_id: elicitation_id.clone(),
            ..Default::default()
        };
        let asked = ask::<ElicitResult>(scope, Outgoing::elicitation(params));
        let session = scope.session().clone();
        Ask::new(async move {
            let action = asked.await?.action;
            let completion = elicitation_id
                .filter(|_| action == ElicitAction::Accept)
                .map(|id| ElicitationCompletion::new(session, id));
            Ok(UrlAnswer { action, completion })
        })
    }
}

/// What the user did with a URL elicitation.
#[derive(Clone, Debug)]
#[non_exhaustive]
#[must_use = "the user may have declined or cancelled; check the action"]
pub struct UrlAnswer {
    /// The user's choice. `accept` means consent to open the URL, not that the flow finished.
    pub action: ElicitAction,
    /// On `accept`: the handle that reports the end of the out-of-band flow. `None` otherwise.
    pub completion: Option<ElicitationCompletion>,
}

impl UrlAnswer {
    /// Whether the user accepted (consented to open the URL).
    pub fn accepted(&self) -> bool {
        self.action == ElicitAction::Accept
    }
}

/// Reports that one URL elicitation's out-of-band flow finished:
/// `notifications/elicitation/complete {elicitationId}` on the session that asked.
///
/// Obtained from an accepted [`UrlAnswer`]. It is `Clone + Send + Sync + 'static`, so it can be
/// stored until the flow ends (a web callback, a background job). It can send exactly one
/// thing, that notification for that one id, and at most once across all its clones; it cannot
/// send any request, so it does not weaken SEP-2260 (which is about server-to-client
/// *requests*).
///
/// The notification exists only in 2025-11-25: on a session of any other revision
/// [`complete`](Self::complete) sends nothing and fails with [`RequestError::Unsupported`]
/// (URL elicitation itself is 2025-11-25 on, so this only concerns later revisions).
#[derive(Clone, Debug)]
pub struct ElicitationCompletion {
    session: Arc<SessionState>,
    elicitation_id: Arc<str>,
    sent: Arc<AtomicBool>,
}

impl ElicitationCompletion {
    pub(crate) fn new(session: Arc<SessionState>, elicitation_id: String) -> Self {
        Self {
            session,
            elicitation_id: elicitation_id.into(),
            sent: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The `elicitationId` this handle completes.
    pub fn elicitation_id(&self) -> &str {
        &self.elicitation_id
    }

    /// Whether [`complete`](Self::complete) was already called (by this handle or a clone).
    pub fn is_completed(&self) -> bool {
        self.sent.load(Ordering::Acquire)
    }

    /// Sends `notifications/elicitation/complete` for this elicitation.
    ///
    /// At most once: the first call (across clones) sends; later calls send nothing and return
    /// `Ok(())`, so a retried callback is harmless. A session of a revision without the
    /// notification fails with [`RequestError::Unsupported`] (and nothing is marked sent); a
    /// closed session fails with [`RequestError::StreamClosed`] (and the handle is spent).
    pub async fn complete(&self) -> Result<(), RequestError> {
        let version = self.session.negotiated().map(|n| &n.version);
        if version != Some(&ProtocolVersion::V_2025_11_25) {
            return Err(RequestError::Unsupported);
        }
        if self.sent.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        let params = ElicitationCompleteNotificationParams {
            meta: None,
            elicitation_id: self.elicitation_id.to_string(),
            extra: Default::default(),
        };
        let params = match serde_json::to_value(params) {
            Ok(JsonValue::Object(map)) => Some(map),
            _ => None,
        };
        self.session
            .notify("notifications/elicitation/complete", params)
            .await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tether_mcp_types::{ClientCapabilities, Implementation, ProtocolVersion};
    use tokio::sync::mpsc;

    use super::*;
    use crate::config::Limits;
    use crate::session::Negotiated;

    fn session_at(version: ProtocolVersion) -> (Arc<SessionState>, mpsc::Receiver<String>) {
        let (route, rx) = crate::route::Route::channel(4);
        let session = Arc::new(SessionState::new(route, Arc::new(Limits::default())));
        session.negotiate(Negotiated {
            version,
            client_capabilities: ClientCapabilities::default(),
            client_info: Implementation::default(),
        });
        (session, rx)
    }

    #[tokio::test]
    async fn completion_is_unsupported_outside_2025_11_25_and_sends_nothing() {
        for version in [ProtocolVersion::V_2025_06_18, ProtocolVersion::V_2026_07_28] {
            let (session, mut rx) = session_at(version);
            let completion = ElicitationCompletion::new(session, "e-1".into());
            assert_eq!(completion.complete().await, Err(RequestError::Unsupported));
            assert!(!completion.is_completed());
            assert!(rx.try_recv().is_err());
        }
    }

    #[tokio::test]
    async fn completion_sends_once_across_clones() {
        let (session, mut rx) = session_at(ProtocolVersion::V_2025_11_25);
        let completion = ElicitationCompletion::new(session, "e-1".into());
        let clone = completion.clone();
        assert_eq!(completion.complete().await, Ok(()));
        assert_eq!(clone.complete().await, Ok(()));
        let line = rx.try_recv().expect("one notification");
        let value: JsonValue = serde_json::from_str(&line).unwrap();
        assert_eq!(value["method"], "notifications/elicitation/complete");
        assert_eq!(value["params"]["elicitationId"], "e-1");
        assert!(rx.try_recv().is_err());
    }
}
