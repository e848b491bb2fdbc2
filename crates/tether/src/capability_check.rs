//! Whether a client's declared capabilities cover what a request needs.

use tether_mcp_types::{CapabilityMap, ClientCapabilities};

/// The part of `required` that `declared` does not cover, or `None` when everything is covered.
pub(crate) fn uncovered(
    declared: &ClientCapabilities,
    required: &ClientCapabilities,
) -> Option<ClientCapabilities> {
    let mut missing = ClientCapabilities::default();
    let mut any = false;
    if required.roots.is_some() && declared.roots.is_none() {
        missing.roots = required.roots.clone();
        any = true;
    }
    if let Some(need) = &required.sampling {
        let has = declared.sampling.as_ref();
        let short = has.is_none()
            || (need.tools.is_some() && has.is_some_and(|s| s.tools.is_none()))
            || (need.context.is_some() && has.is_some_and(|s| s.context.is_none()));
        if short {
            missing.sampling = Some(need.clone());
            any = true;
        }
    }
    if let Some(need) = &required.elicitation {
        let has = declared.elicitation.as_ref();
        let short = match has {
            None => true,
            Some(has) => {
                (need.url.is_some() && !has.supports_url())
                    || (need.form.is_some() && !has.supports_form())
                    || (need.form.is_none() && need.url.is_none() && !has.supports_form())
            }
        };
        if short {
            missing.elicitation = Some(need.clone());
            any = true;
        }
    }
    for (required_map, declared_map, slot) in [
        (
            &required.experimental,
            &declared.experimental,
            &mut missing.experimental,
        ),
        (
            &required.extensions,
            &declared.extensions,
            &mut missing.extensions,
        ),
    ] {
        if let Some(need) = required_map {
            let absent: CapabilityMap = need
                .iter()
                .filter(|(k, _)| declared_map.as_ref().is_none_or(|d| !d.contains_key(*k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !absent.is_empty() {
                *slot = Some(absent);
                any = true;
            }
        }
    }
    any.then_some(missing)
}
