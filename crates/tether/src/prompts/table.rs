//! The table of a server's prompts, built once.

use tether_mcp_types::{
    ClientCapabilities, GetPromptResult, Icon, JsonValue, ListPromptsResult, Prompt, PromptArgument,
};

use super::argument::PromptArgumentValue;
use crate::tools::ToolArgument;

/// One prompt as declared: its definition and the client capabilities it requires.
#[derive(Clone, Debug)]
pub struct PromptEntry {
    prompt: Prompt,
    requires: Option<ClientCapabilities>,
}

impl PromptEntry {
    /// The prompt's definition.
    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }

    /// The prompt's icons.
    pub fn icons(mut self, icons: Vec<Icon>) -> Self {
        self.prompt.icons = (!icons.is_empty()).then_some(icons);
        self
    }

    /// The client capabilities the prompt needs.
    pub fn requires(mut self, requires: ClientCapabilities) -> Self {
        self.requires = Some(requires);
        self
    }

    /// The result with the prompt's description when the method gave none.
    pub fn describe(&self, mut result: GetPromptResult) -> GetPromptResult {
        if result.description.is_none() {
            result.description.clone_from(&self.prompt.description);
        }
        result
    }
}

fn prompt(name: &str, title: Option<&str>, description: Option<&str>) -> Prompt {
    Prompt {
        name: name.to_owned(),
        title: title.map(str::to_owned),
        description: description.map(str::to_owned),
        ..Default::default()
    }
}

/// A prompt with plain parameters, one argument each.
#[derive(Debug)]
pub struct PromptEntryBuilder {
    prompt: Prompt,
    arguments: Vec<PromptArgument>,
}

impl PromptEntryBuilder {
    /// A prompt named `name`.
    pub fn new(name: &str, title: Option<&str>, description: Option<&str>) -> Self {
        Self {
            prompt: prompt(name, title, description),
            arguments: Vec::new(),
        }
    }

    /// The parameter `name`, required unless it is an `Option`.
    pub fn argument<T: PromptArgumentValue>(mut self, name: &str) -> Self {
        self.arguments.push(PromptArgument {
            name: name.to_owned(),
            required: Some(T::REQUIRED),
            ..Default::default()
        });
        self
    }

    /// The prompt.
    pub fn build(mut self) -> PromptEntry {
        self.prompt.arguments = (!self.arguments.is_empty()).then_some(self.arguments);
        PromptEntry {
            prompt: self.prompt,
            requires: None,
        }
    }
}

/// A prompt taking one `Args<A>`: an argument per property of `A`'s schema, with the
/// property's description (the field's doc comment) and required as the schema says.
pub fn prompt_entry<A: ToolArgument>(
    name: &str,
    title: Option<&str>,
    description: Option<&str>,
) -> PromptEntry {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<A>().to_value();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(JsonValue::as_array)
        .map(|names| names.iter().filter_map(JsonValue::as_str).collect())
        .unwrap_or_default();
    let arguments: Vec<PromptArgument> = schema
        .get("properties")
        .and_then(JsonValue::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, property)| PromptArgument {
                    name: name.clone(),
                    title: property
                        .get("title")
                        .and_then(JsonValue::as_str)
                        .map(str::to_owned),
                    description: property
                        .get("description")
                        .and_then(JsonValue::as_str)
                        .map(str::to_owned),
                    required: Some(required.contains(&name.as_str())),
                    ..Default::default()
                })
                .collect()
        })
        .unwrap_or_default();
    let mut prompt = prompt(name, title, description);
    prompt.arguments = (!arguments.is_empty()).then_some(arguments);
    PromptEntry {
        prompt,
        requires: None,
    }
}

/// A server's prompts in declaration order.
#[derive(Clone, Debug)]
pub struct PromptTable {
    entries: Vec<PromptEntry>,
}

impl PromptTable {
    /// The table of these entries, in this order.
    pub fn new(entries: Vec<PromptEntry>) -> Self {
        Self { entries }
    }

    /// The `prompts/list` result, from memory.
    pub fn list(&self) -> ListPromptsResult {
        ListPromptsResult {
            prompts: self.entries.iter().map(|e| e.prompt.clone()).collect(),
            ..Default::default()
        }
    }

    /// The entry at `index` (declaration order).
    pub fn entry(&self, index: usize) -> &PromptEntry {
        &self.entries[index]
    }

    /// The client capabilities the prompt `name` requires.
    pub fn required(&self, name: &str) -> Option<ClientCapabilities> {
        self.entries
            .iter()
            .find(|e| e.prompt.name == name)
            .and_then(|e| e.requires.clone())
    }
}
