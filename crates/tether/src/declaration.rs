//! What every `#[tool]`, `#[prompt]` and `#[resource]` declaration shares: icons, the client
//! capabilities it requires, and the check that its body can run on any thread.

use std::future::Future;

use tether_mcp_types::{
    ClientCapabilities, ElicitationCapability, Icon, IconTheme, RootsCapability, SamplingCapability,
};

/// An icon from `icon = "..."` or `icon(src = "...", mime_type = "...", sizes = "...", theme = "...")`.
pub fn icon(src: &str, mime_type: Option<&str>, sizes: &[&str], theme: Option<IconTheme>) -> Icon {
    Icon {
        src: src.to_owned(),
        mime_type: mime_type.map(str::to_owned),
        sizes: (!sizes.is_empty()).then(|| sizes.iter().map(|s| (*s).to_owned()).collect()),
        theme,
        extra: Default::default(),
    }
}

/// The client capabilities of `requires(elicitation, url_elicitation, sampling, roots)`.
pub fn requirement(
    elicitation: bool,
    url_elicitation: bool,
    sampling: bool,
    roots: bool,
) -> ClientCapabilities {
    let elicitation = (elicitation || url_elicitation).then(|| ElicitationCapability {
        form: elicitation.then(Default::default),
        url: url_elicitation.then(Default::default),
        ..Default::default()
    });
    ClientCapabilities {
        elicitation,
        sampling: sampling.then(SamplingCapability::default),
        roots: roots.then(RootsCapability::default),
        ..Default::default()
    }
}

/// The body of a declared tool, prompt or resource, unchanged; it must be `Send` because the
/// server runs requests on any worker thread. A body that holds something that is not `Send`
/// (an `Rc`, a `RefCell` borrow, a `MutexGuard` of std) across an `.await` fails here, at the
/// user's method, with the compiler's note naming the value.
pub fn body_is_send<F: Future + Send>(body: F) -> F {
    body
}
