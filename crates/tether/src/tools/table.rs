//! The table of a server's tools, built once.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use tether_mcp_types::{
    CallToolRequestParams, ClientCapabilities, Icon, JsonObject, JsonValue, ListToolsResult, Tool,
};

use super::output::ToolOutput;
use crate::error::ToolError;

/// The whole arguments object of a tool, decoded into `T` (whose JSON Schema is the tool's
/// `inputSchema`). Without it, each parameter of a `#[tool]` method is one argument.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args<T>(pub T);

/// One tool as declared: its definition, built once, and the client capabilities it requires.
#[derive(Clone, Debug)]
pub struct ToolEntry {
    tool: Tool,
    requires: Option<ClientCapabilities>,
}

impl ToolEntry {
    fn new(tool: Tool) -> Self {
        Self {
            tool,
            requires: None,
        }
    }

    /// The tool's definition.
    pub fn tool(&self) -> &Tool {
        &self.tool
    }

    /// The tool's icons.
    pub fn icons(mut self, icons: Vec<Icon>) -> Self {
        self.tool.icons = (!icons.is_empty()).then_some(icons);
        self
    }

    /// The client capabilities the tool needs: the dispatcher refuses the call before the
    /// method runs when the client did not declare them.
    pub fn requires(mut self, requires: ClientCapabilities) -> Self {
        self.requires = Some(requires);
        self
    }

    /// The tool's behaviour hints (`readOnlyHint`, `destructiveHint`, `idempotentHint`,
    /// `openWorldHint`); all `None` leaves the tool without annotations.
    pub fn annotate(
        mut self,
        read_only: Option<bool>,
        destructive: Option<bool>,
        idempotent: Option<bool>,
        open_world: Option<bool>,
    ) -> Self {
        if read_only.is_some()
            || destructive.is_some()
            || idempotent.is_some()
            || open_world.is_some()
        {
            self.tool.annotations = Some(tether_mcp_types::ToolAnnotations {
                read_only_hint: read_only,
                destructive_hint: destructive,
                idempotent_hint: idempotent,
                open_world_hint: open_world,
                ..Default::default()
            });
        }
        self
    }
}

/// The JSON Schema of `T` (JSON Schema 2020-12, `$defs` kept), as an object.
fn schema_of<T: JsonSchema>() -> JsonObject {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    match generator.into_root_schema_for::<T>().to_value() {
        JsonValue::Object(object) => object,
        other => {
            let mut object = JsonObject::new();
            object.insert("type".into(), JsonValue::String("object".into()));
            object.insert("description".into(), JsonValue::String(other.to_string()));
            object
        }
    }
}

/// A type a `#[tool]` method can take as an argument.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a tool argument: it needs `serde::Deserialize` and `schemars::JsonSchema`",
    label = "this argument's type",
    note = "derive both on it: `#[derive(serde::Deserialize, schemars::JsonSchema)]` (schemars is re-exported as `tether_mcp::schemars`)"
)]
pub trait ToolArgument: DeserializeOwned + JsonSchema {}
impl<T: DeserializeOwned + JsonSchema> ToolArgument for T {}

/// A tool with plain parameters: its input schema has one property per parameter (required
/// unless the parameter accepts `null`, such as an `Option`).
#[derive(Debug)]
pub struct ToolEntryBuilder {
    generator: schemars::SchemaGenerator,
    properties: JsonObject,
    required: Vec<JsonValue>,
    tool: Tool,
}

impl ToolEntryBuilder {
    /// A tool named `name`.
    pub fn new(name: &str, title: Option<&str>, description: Option<&str>) -> Self {
        Self {
            generator: schemars::generate::SchemaSettings::draft2020_12().into_generator(),
            properties: JsonObject::new(),
            required: Vec::new(),
            tool: Tool {
                name: name.to_owned(),
                title: title.map(str::to_owned),
                description: description.map(str::to_owned),
                ..Default::default()
            },
        }
    }

    /// The parameter `name` of type `T`.
    pub fn argument<T: ToolArgument>(mut self, name: &str) -> Self {
        let schema = self.generator.subschema_for::<T>().to_value();
        self.properties.insert(name.to_owned(), schema);
        if serde_json::from_value::<T>(JsonValue::Null).is_err() {
            self.required.push(JsonValue::String(name.to_owned()));
        }
        self
    }

    /// The tool, its method returning `R`.
    pub fn returns<R: ToolOutput>(mut self) -> ToolEntry {
        let mut schema = JsonObject::new();
        schema.insert(
            "$schema".into(),
            JsonValue::String("https://json-schema.org/draft/2020-12/schema".into()),
        );
        schema.insert("type".into(), JsonValue::String("object".into()));
        schema.insert("properties".into(), JsonValue::Object(self.properties));
        if !self.required.is_empty() {
            schema.insert("required".into(), JsonValue::Array(self.required));
        }
        let definitions = self.generator.take_definitions(true);
        if !definitions.is_empty() {
            schema.insert(
                "$defs".into(),
                JsonValue::Object(definitions.into_iter().collect()),
            );
        }
        self.tool.input_schema = schema;
        self.tool.output_schema = R::output_schema();
        ToolEntry::new(self.tool)
    }
}

/// The argument `name` of a `tools/call`, decoded into `T`; absent counts as `null` (so an
/// `Option` parameter may be left out). An error is a tool error naming the argument.
pub fn argument<T: DeserializeOwned>(
    params: &CallToolRequestParams,
    name: &str,
) -> Result<T, ToolError> {
    match params.arguments.as_ref().and_then(|a| a.get(name)) {
        Some(value) => tether_mcp_types::decode::from_value(value.clone()).map_err(|error| {
            let path = error.path();
            if path.is_empty() || path == "." {
                ToolError::invalid_arguments(format!("{name}: {}", error.message()))
            } else {
                ToolError::invalid_arguments(format!("{name}.{path}: {}", error.message()))
            }
        }),
        None => serde_json::from_value(JsonValue::Null)
            .map_err(|_| ToolError::invalid_arguments(format!("missing argument `{name}`"))),
    }
}

/// A tool whose arguments decode into `A` and whose method returns `R`: the input schema from
/// `A`, the output schema from `R` when it is structured ([`Json`](super::Json)).
pub fn tool_entry<A: ToolArgument, R: ToolOutput>(
    name: &str,
    title: Option<&str>,
    description: Option<&str>,
) -> ToolEntry {
    let mut input_schema = schema_of::<A>();
    // A tool's input schema is an object schema even for a tool without arguments.
    input_schema
        .entry("type")
        .or_insert_with(|| JsonValue::String("object".into()));
    ToolEntry::new(Tool {
        name: name.to_owned(),
        title: title.map(str::to_owned),
        description: description.map(str::to_owned),
        input_schema,
        output_schema: R::output_schema(),
        ..Default::default()
    })
}

/// A server's tools in declaration order (so `tools/list` is deterministic).
#[derive(Clone, Debug)]
pub struct ToolTable {
    entries: Vec<ToolEntry>,
}

impl ToolTable {
    /// The table of these entries, in this order.
    pub fn new(entries: Vec<ToolEntry>) -> Self {
        Self { entries }
    }

    /// The `tools/list` result: every tool, from memory.
    pub fn list(&self) -> ListToolsResult {
        ListToolsResult {
            tools: self.entries.iter().map(|e| e.tool.clone()).collect(),
            ..Default::default()
        }
    }

    /// The entries.
    pub fn entries(&self) -> &[ToolEntry] {
        &self.entries
    }

    /// The client capabilities the tool `name` requires.
    pub fn required(&self, name: &str) -> Option<ClientCapabilities> {
        self.entries
            .iter()
            .find(|e| e.tool.name == name)
            .and_then(|e| e.requires.clone())
    }
}

/// The arguments of a `tools/call` decoded into `A`; an error is a tool error naming the
/// argument at fault (`invalid arguments: b: invalid type: string "x", expected f64`).
pub fn arguments<A: DeserializeOwned>(params: &CallToolRequestParams) -> Result<A, ToolError> {
    let value = JsonValue::Object(params.arguments.clone().unwrap_or_default());
    tether_mcp_types::decode::from_value(value).map_err(|error| {
        let path = error.path();
        if path.is_empty() || path == "." {
            ToolError::invalid_arguments(error.message())
        } else {
            ToolError::invalid_arguments(format!("{path}: {}", error.message()))
        }
    })
}

impl<T: JsonSchema> JsonSchema for Args<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Args<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Args)
    }
}
