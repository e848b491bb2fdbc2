//! The elicitation views: forms (`Elicitation`) and URLs (`UrlElicitation`), and `Answer`.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use tether_mcp_types::{
    ElicitAction, ElicitRequestFormParams, ElicitRequestURLParams, ElicitResult, FormMode,
    JsonValue, UrlMode,
};

use super::ask::{Ask, ask, params_object};
use super::form_schema::form_for;
use crate::error::RequestError;
use crate::scope::RequestScope;

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
        let built = form_for::<T>(&version).map(|requested_schema| ElicitRequestFormParams {
            mode: version.has_url_elicitation().then_some(FormMode),
            message: message.into(),
            requested_schema,
            ..Default::default()
        });
        let asked = built
            .map(|params| ask::<ElicitResult>(scope, "elicitation/create", params_object(&params)));
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
        ask(self.scope, "elicitation/create", params_object(&params))
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
    pub fn url(&self, message: impl Into<String>, url: impl Into<String>) -> Ask<'a, ElicitAction> {
        let scope = self.scope;
        let elicitation_id = format!(
            "{}-{}",
            scope.id(),
            scope.next_occurrence("url-elicitation")
        );
        let params = ElicitRequestURLParams {
            mode: UrlMode,
            message: message.into(),
            url: url.into(),
            elicitation_id: Some(elicitation_id),
            ..Default::default()
        };
        let asked = ask::<ElicitResult>(scope, "elicitation/create", params_object(&params));
        Ask::new(async move { Ok(asked.await?.action) })
    }
}
