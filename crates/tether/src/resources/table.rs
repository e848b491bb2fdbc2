//! The table of a server's resources and resource templates, built once.

use tether_mcp_types::{
    ClientCapabilities, Icon, ListResourceTemplatesResult, ListResourcesResult, Resource,
    ResourceTemplate,
};

use crate::server::{TemplateVars, UriTemplate};

/// What a declared resource is: one URI, or a URI template with its matcher.
#[derive(Clone, Debug)]
enum Kind {
    Fixed(Resource),
    Template {
        template: ResourceTemplate,
        matcher: Option<UriTemplate>,
    },
}

/// One resource as declared: a fixed URI (listed by `resources/list`) or a URI template
/// (listed by `resources/templates/list`), and the client capabilities reading it requires.
#[derive(Clone, Debug)]
pub struct ResourceEntry {
    kind: Kind,
    requires: Option<ClientCapabilities>,
}

impl ResourceEntry {
    /// A resource at the fixed `uri`.
    pub fn fixed(
        uri: &str,
        name: &str,
        title: Option<&str>,
        description: Option<&str>,
        mime_type: Option<&str>,
    ) -> Self {
        Self {
            kind: Kind::Fixed(Resource {
                uri: uri.to_owned(),
                name: name.to_owned(),
                title: title.map(str::to_owned),
                description: description.map(str::to_owned),
                mime_type: mime_type.map(str::to_owned),
                ..Default::default()
            }),
            requires: None,
        }
    }

    /// Resources whose URIs match `uri_template` (RFC 6570; `{var}`, `{+var}` and `{#var}`
    /// match, as [`UriTemplate`] says). `#[resource]` checked the template at compile time; a
    /// template that still does not parse matches nothing, and says so in the log.
    pub fn template(
        uri_template: &str,
        name: &str,
        title: Option<&str>,
        description: Option<&str>,
        mime_type: Option<&str>,
    ) -> Self {
        let matcher = UriTemplate::parse(uri_template)
            .inspect_err(|error| {
                tracing::error!(%error, "resource template `{name}` matches no URI");
            })
            .ok();
        Self {
            kind: Kind::Template {
                template: ResourceTemplate {
                    uri_template: uri_template.to_owned(),
                    name: name.to_owned(),
                    title: title.map(str::to_owned),
                    description: description.map(str::to_owned),
                    mime_type: mime_type.map(str::to_owned),
                    ..Default::default()
                },
                matcher,
            },
            requires: None,
        }
    }

    /// The resource's icons.
    pub fn icons(mut self, icons: Vec<Icon>) -> Self {
        let icons = (!icons.is_empty()).then_some(icons);
        match &mut self.kind {
            Kind::Fixed(resource) => resource.icons = icons,
            Kind::Template { template, .. } => template.icons = icons,
        }
        self
    }

    /// The client capabilities reading the resource needs.
    pub fn requires(mut self, requires: ClientCapabilities) -> Self {
        self.requires = Some(requires);
        self
    }

    /// The declared MIME type.
    pub fn mime_type(&self) -> Option<&str> {
        match &self.kind {
            Kind::Fixed(resource) => resource.mime_type.as_deref(),
            Kind::Template { template, .. } => template.mime_type.as_deref(),
        }
    }
}

/// A server's resources in declaration order.
#[derive(Clone, Debug)]
pub struct ResourceTable {
    entries: Vec<ResourceEntry>,
}

impl ResourceTable {
    /// The table of these entries, in this order.
    pub fn new(entries: Vec<ResourceEntry>) -> Self {
        Self { entries }
    }

    /// The `resources/list` result: the fixed resources, from memory.
    pub fn list(&self) -> ListResourcesResult {
        ListResourcesResult {
            resources: self
                .entries
                .iter()
                .filter_map(|e| match &e.kind {
                    Kind::Fixed(resource) => Some(resource.clone()),
                    Kind::Template { .. } => None,
                })
                .collect(),
            ..Default::default()
        }
    }

    /// The `resources/templates/list` result: the templates, from memory.
    pub fn templates(&self) -> ListResourceTemplatesResult {
        ListResourceTemplatesResult {
            resource_templates: self
                .entries
                .iter()
                .filter_map(|e| match &e.kind {
                    Kind::Template { template, .. } => Some(template.clone()),
                    Kind::Fixed(_) => None,
                })
                .collect(),
            ..Default::default()
        }
    }

    /// The entry that serves `uri` (a fixed URI first, then the templates in order) and the
    /// URI's template variables.
    pub fn find(&self, uri: &str) -> Option<(usize, TemplateVars)> {
        let fixed = self.entries.iter().position(|e| match &e.kind {
            Kind::Fixed(resource) => resource.uri == uri,
            Kind::Template { .. } => false,
        });
        if let Some(index) = fixed {
            return Some((index, TemplateVars::default()));
        }
        self.entries
            .iter()
            .enumerate()
            .find_map(|(index, e)| match &e.kind {
                Kind::Template {
                    matcher: Some(matcher),
                    ..
                } => matcher.matches(uri).map(|vars| (index, vars)),
                _ => None,
            })
    }

    /// The entry at `index` (declaration order).
    pub fn entry(&self, index: usize) -> &ResourceEntry {
        &self.entries[index]
    }

    /// The client capabilities reading `uri` requires.
    pub fn required(&self, uri: &str) -> Option<ClientCapabilities> {
        self.find(uri)
            .and_then(|(index, _)| self.entries[index].requires.clone())
    }
}
