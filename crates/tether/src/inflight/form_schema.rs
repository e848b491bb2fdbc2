//! Turning a Rust type's JSON Schema (from schemars) into an elicitation form for a revision.
//!
//! A form is a flat object whose fields are strings (with `format`, `minLength`, `maxLength`),
//! numbers or integers (with `minimum`, `maximum`), booleans, or enums (single choice; multiple
//! choice from 2025-11-25). `Option<T>` fields are optional. Anything else — nested objects,
//! arrays of non-enums, maps — cannot be asked for, and is rejected before anything is sent.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, PoisonError, RwLock};

use schemars::JsonSchema;
use tether_mcp_types::{
    ArrayType, BooleanSchema, ElicitRequestedSchema, EnumSchema, IndexMap, JsonObject, JsonValue,
    LegacyTitledEnumSchema, MultiSelectEnumSchema, NumberSchema, NumberType,
    PrimitiveSchemaDefinition, ProtocolVersion, SingleSelectEnumSchema, StringFormat, StringSchema,
    TitledEnumItems, TitledMultiSelectEnumSchema, TitledOption, TitledSingleSelectEnumSchema,
    UntitledEnumItems, UntitledMultiSelectEnumSchema, UntitledSingleSelectEnumSchema,
};

use crate::canonical;
use crate::error::RequestError;

/// The forms built so far, by schema id (schemars' unique name of a type) and revision: a
/// type's form is generated once per process, not at every ask. The map only grows by the form
/// types the program names, times the revisions.
type FormCache = HashMap<(Cow<'static, str>, String), Result<Arc<CachedForm>, String>>;

static FORMS: LazyLock<RwLock<FormCache>> = LazyLock::new(Default::default);

/// The most ask digests a form remembers (by message); past it, a new message is digested at
/// every ask instead of growing the memo without bound.
const MAX_DIGESTS_PER_FORM: usize = 64;

/// A type's form for one revision, and the ask digests of the messages it was asked with.
#[derive(Debug)]
pub(crate) struct CachedForm {
    /// The form.
    pub(crate) schema: ElicitRequestedSchema,
    /// `schema` as the JSON `requestedSchema` of an ask, serialized once per form: what a
    /// 2026-07-28 answer is checked against, without serializing the ask's params again.
    pub(crate) requested_schema_json: JsonValue,
    /// [`canonical::digest_without_meta`] of the ask params of this form, by message: the
    /// params of [`Elicitation::form`](super::Elicitation::form) are a function of the form,
    /// the revision and the message only, so each message's digest is computed once.
    digests: RwLock<HashMap<String, String>>,
}

impl CachedForm {
    /// The digest of the ask params [`Elicitation::form`](super::Elicitation::form) builds
    /// from this form and `message`: remembered from an earlier ask with the same message, or
    /// computed from `params()` (and remembered, while the memo has room). `params` is only
    /// called when the digest is not remembered.
    pub(crate) fn ask_digest(&self, message: &str, params: impl FnOnce() -> JsonObject) -> String {
        if let Some(digest) = self
            .digests
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(message)
        {
            return digest.clone();
        }
        let digest = canonical::digest_without_meta(&params());
        let mut digests = self.digests.write().unwrap_or_else(PoisonError::into_inner);
        if digests.len() < MAX_DIGESTS_PER_FORM {
            digests.insert(message.to_owned(), digest.clone());
        }
        digest
    }
}

/// The form for `T`, shaped for `version`: built at the first ask, then from memory.
pub(crate) fn form_for<T: JsonSchema>(
    version: &ProtocolVersion,
) -> Result<Arc<CachedForm>, RequestError> {
    let key = (T::schema_id(), version.to_string());
    let cached = FORMS
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    let form = match cached {
        Some(form) => form,
        None => {
            let built = build_form::<T>(version)
                .map(|schema| {
                    Arc::new(CachedForm {
                        requested_schema_json: serde_json::to_value(&schema)
                            .unwrap_or(JsonValue::Null),
                        schema,
                        digests: RwLock::default(),
                    })
                })
                .map_err(|e| match e {
                    RequestError::UnsupportedSchema(why) => why,
                    other => other.to_string(),
                });
            FORMS
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, built.clone());
            built
        }
    };
    form.map_err(RequestError::UnsupportedSchema)
}

/// Builds the form for `T` from its generated schema.
fn build_form<T: JsonSchema>(
    version: &ProtocolVersion,
) -> Result<ElicitRequestedSchema, RequestError> {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let root = schema
        .as_object()
        .ok_or_else(|| unsupported("", "the type's schema is not an object schema"))?;
    form_from_schema(root, version)
}

fn unsupported(field: &str, why: &str) -> RequestError {
    if field.is_empty() {
        RequestError::UnsupportedSchema(why.to_owned())
    } else {
        RequestError::UnsupportedSchema(format!("field `{field}`: {why}"))
    }
}

/// Builds a form from an object schema.
pub(crate) fn form_from_schema(
    root: &JsonObject,
    version: &ProtocolVersion,
) -> Result<ElicitRequestedSchema, RequestError> {
    if root.get("type").and_then(JsonValue::as_str) != Some("object") {
        return Err(unsupported(
            "",
            "a form must be an object (a struct with named fields)",
        ));
    }
    let empty = JsonObject::new();
    let properties = match root.get("properties") {
        Some(JsonValue::Object(p)) => p,
        None => &empty,
        Some(_) => return Err(unsupported("", "`properties` is not an object")),
    };
    let mut fields = IndexMap::new();
    for (name, schema) in properties {
        let schema = schema
            .as_object()
            .ok_or_else(|| unsupported(name, "the field has no schema"))?;
        fields.insert(name.clone(), field(name, schema, version)?);
    }
    let required = root
        .get("required")
        .and_then(JsonValue::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        });
    Ok(ElicitRequestedSchema {
        r#type: Default::default(),
        properties: fields,
        required: required.filter(|r| !r.is_empty()),
        ..Default::default()
    })
}

fn string_of(schema: &JsonObject, key: &str) -> Option<String> {
    schema
        .get(key)
        .and_then(JsonValue::as_str)
        .map(str::to_owned)
}

fn u64_of(schema: &JsonObject, key: &str) -> Option<u64> {
    schema.get(key).and_then(JsonValue::as_u64)
}

/// The schema's `type`, with `null` dropped (an `Option<T>` field is `["T", "null"]`).
fn type_of(name: &str, schema: &JsonObject) -> Result<String, RequestError> {
    match schema.get("type") {
        Some(JsonValue::String(t)) => Ok(t.clone()),
        Some(JsonValue::Array(types)) => {
            let non_null: Vec<&str> = types
                .iter()
                .filter_map(JsonValue::as_str)
                .filter(|t| *t != "null")
                .collect();
            match non_null.as_slice() {
                [one] => Ok((*one).to_owned()),
                _ => Err(unsupported(name, "a field must have exactly one type")),
            }
        }
        None if schema.contains_key("oneOf") || schema.contains_key("enum") => {
            Ok("string".to_owned())
        }
        None => Err(unsupported(name, "the field has no `type`")),
        Some(_) => Err(unsupported(name, "`type` is not a string")),
    }
}

/// `[(value, title)]` of a `oneOf` of `{const, title|description}` entries.
fn titled_options(name: &str, one_of: &[JsonValue]) -> Result<Vec<TitledOption>, RequestError> {
    one_of
        .iter()
        .map(|option| {
            let option = option
                .as_object()
                .ok_or_else(|| unsupported(name, "an enum option is not an object"))?;
            let value = option
                .get("const")
                .or_else(|| {
                    option
                        .get("enum")
                        .and_then(|e| e.as_array())
                        .and_then(|e| e.first())
                })
                .and_then(JsonValue::as_str)
                .ok_or_else(|| unsupported(name, "enum options must be strings (unit variants)"))?
                .to_owned();
            let title = string_of(option, "title")
                .or_else(|| string_of(option, "description"))
                .unwrap_or_else(|| value.clone());
            Ok(TitledOption {
                value,
                title,
                extra: JsonObject::new(),
            })
        })
        .collect()
}

fn string_values(name: &str, values: &[JsonValue]) -> Result<Vec<String>, RequestError> {
    values
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| unsupported(name, "enum values must be strings"))
        })
        .collect()
}

fn field(
    name: &str,
    schema: &JsonObject,
    version: &ProtocolVersion,
) -> Result<PrimitiveSchemaDefinition, RequestError> {
    let title = string_of(schema, "title");
    let description = string_of(schema, "description");
    let ty = type_of(name, schema)?;
    let titled_allowed = version.has_url_elicitation(); // titled enums and multi-select: 2025-11-25 on
    let defaults_allowed = version.has_url_elicitation();
    match ty.as_str() {
        "string" => {
            let default = string_of(schema, "default").filter(|_| defaults_allowed);
            if let Some(values) = schema.get("enum").and_then(JsonValue::as_array) {
                let values = string_values(name, values)?;
                return Ok(PrimitiveSchemaDefinition::Enum(EnumSchema::Single(
                    SingleSelectEnumSchema::Untitled(UntitledSingleSelectEnumSchema {
                        title,
                        description,
                        values,
                        default,
                        ..Default::default()
                    }),
                )));
            }
            if let Some(one_of) = schema.get("oneOf").and_then(JsonValue::as_array) {
                let options = titled_options(name, one_of)?;
                return Ok(if titled_allowed {
                    PrimitiveSchemaDefinition::Enum(EnumSchema::Single(
                        SingleSelectEnumSchema::Titled(TitledSingleSelectEnumSchema {
                            title,
                            description,
                            one_of: options,
                            default,
                            ..Default::default()
                        }),
                    ))
                } else {
                    let (values, names): (Vec<_>, Vec<_>) =
                        options.into_iter().map(|o| (o.value, o.title)).unzip();
                    PrimitiveSchemaDefinition::Enum(EnumSchema::Legacy(LegacyTitledEnumSchema {
                        title,
                        description,
                        values,
                        enum_names: Some(names),
                        default,
                        ..Default::default()
                    }))
                });
            }
            let format = match schema.get("format").and_then(JsonValue::as_str) {
                None => None,
                Some("email") => Some(StringFormat::Email),
                Some("uri") => Some(StringFormat::Uri),
                Some("date") => Some(StringFormat::Date),
                Some("date-time") => Some(StringFormat::DateTime),
                Some(other) => {
                    return Err(unsupported(
                        name,
                        &format!(
                            "string format `{other}` is not one of email, uri, date, date-time"
                        ),
                    ));
                }
            };
            Ok(PrimitiveSchemaDefinition::String(StringSchema {
                title,
                description,
                min_length: u64_of(schema, "minLength"),
                max_length: u64_of(schema, "maxLength"),
                format,
                default,
                ..Default::default()
            }))
        }
        "number" | "integer" => Ok(PrimitiveSchemaDefinition::Number(NumberSchema {
            r#type: if ty == "integer" {
                NumberType::Integer
            } else {
                NumberType::Number
            },
            title,
            description,
            minimum: number_of(schema, "minimum"),
            maximum: number_of(schema, "maximum"),
            default: number_of(schema, "default").filter(|_| defaults_allowed),
            ..Default::default()
        })),
        "boolean" => Ok(PrimitiveSchemaDefinition::Boolean(BooleanSchema {
            title,
            description,
            default: schema.get("default").and_then(JsonValue::as_bool),
            ..Default::default()
        })),
        "array" => {
            if !titled_allowed {
                return Err(unsupported(
                    name,
                    "multiple-choice fields need revision 2025-11-25 or later",
                ));
            }
            let items = schema
                .get("items")
                .and_then(JsonValue::as_object)
                .ok_or_else(|| unsupported(name, "an array field needs `items`"))?;
            let default = schema
                .get("default")
                .and_then(JsonValue::as_array)
                .map(|d| string_values(name, d))
                .transpose()?;
            let (min_items, max_items) = (u64_of(schema, "minItems"), u64_of(schema, "maxItems"));
            if let Some(values) = items.get("enum").and_then(JsonValue::as_array) {
                let items = UntitledEnumItems {
                    r#type: Default::default(),
                    values: string_values(name, values)?,
                    extra: JsonObject::new(),
                };
                return Ok(PrimitiveSchemaDefinition::Enum(EnumSchema::Multi(
                    MultiSelectEnumSchema::Untitled(UntitledMultiSelectEnumSchema {
                        r#type: ArrayType,
                        title,
                        description,
                        min_items,
                        max_items,
                        items,
                        default,
                        ..Default::default()
                    }),
                )));
            }
            if let Some(options) = items
                .get("oneOf")
                .or_else(|| items.get("anyOf"))
                .and_then(JsonValue::as_array)
            {
                let items = TitledEnumItems {
                    any_of: titled_options(name, options)?,
                    extra: JsonObject::new(),
                };
                return Ok(PrimitiveSchemaDefinition::Enum(EnumSchema::Multi(
                    MultiSelectEnumSchema::Titled(TitledMultiSelectEnumSchema {
                        r#type: ArrayType,
                        title,
                        description,
                        min_items,
                        max_items,
                        items,
                        default,
                        ..Default::default()
                    }),
                )));
            }
            Err(unsupported(
                name,
                "an array field must be a list of enum values (multiple choice)",
            ))
        }
        "object" => Err(unsupported(
            name,
            "forms are flat: nested objects cannot be asked for",
        )),
        other => Err(unsupported(
            name,
            &format!("type `{other}` cannot be asked for"),
        )),
    }
}

/// A number member of a schema, as written (`0` stays an integer).
fn number_of(schema: &JsonObject, key: &str) -> Option<serde_json::Number> {
    match schema.get(key) {
        Some(JsonValue::Number(n)) => Some(n.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tether_mcp_types::{ElicitRequestFormParams, FormMode};

    #[allow(dead_code)]
    #[derive(schemars::JsonSchema, serde::Deserialize)]
    enum Colour {
        Red,
        Green,
    }

    #[allow(dead_code)]
    #[derive(schemars::JsonSchema, serde::Deserialize)]
    struct Form {
        /// Your name
        name: String,
        age: Option<u32>,
        subscribe: bool,
        colour: Colour,
        tags: Vec<Colour>,
    }

    #[allow(dead_code)]
    #[derive(schemars::JsonSchema, serde::Deserialize)]
    struct Nested {
        inner: Form,
    }

    #[test]
    fn a_flat_struct_becomes_a_form_per_revision() {
        let cached = form_for::<Form>(&ProtocolVersion::V_2025_11_25).unwrap();
        let form = &cached.schema;
        let json = serde_json::to_value(form).unwrap();
        assert_eq!(json["properties"]["name"]["type"], "string");
        assert_eq!(json["properties"]["name"]["description"], "Your name");
        assert_eq!(json["properties"]["age"]["type"], "integer");
        assert_eq!(json["properties"]["subscribe"]["type"], "boolean");
        assert_eq!(
            json["properties"]["colour"]["enum"],
            serde_json::json!(["Red", "Green"])
        );
        assert_eq!(json["properties"]["tags"]["type"], "array");
        let required: Vec<&str> = form
            .required
            .as_deref()
            .unwrap()
            .iter()
            .map(String::as_str)
            .collect();
        assert!(required.contains(&"name") && !required.contains(&"age"));
        // 2025-06-18 has no multiple choice.
        let err = form_for::<Form>(&ProtocolVersion::V_2025_06_18).unwrap_err();
        assert!(err.to_string().contains("field `tags`"), "{err}");
    }

    #[test]
    fn nested_objects_are_rejected_naming_the_field() {
        let err = form_for::<Nested>(&ProtocolVersion::V_2025_11_25).unwrap_err();
        assert!(
            err.to_string().contains("field `inner`") && err.to_string().contains("flat"),
            "{err}"
        );
    }

    /// A form whose schema counts how often it is generated.
    struct Counted;

    static COUNTED_BUILDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    impl schemars::JsonSchema for Counted {
        fn schema_name() -> std::borrow::Cow<'static, str> {
            "Counted".into()
        }
        fn schema_id() -> std::borrow::Cow<'static, str> {
            "tether_mcp::form_schema::tests::Counted".into()
        }
        fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
            COUNTED_BUILDS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            schemars::json_schema!({
                "type": "object",
                "properties": {"yes": {"type": "boolean"}},
                "required": ["yes"]
            })
        }
    }

    #[test]
    fn a_form_is_generated_once_per_type_and_revision() {
        for _ in 0..3 {
            form_for::<Counted>(&ProtocolVersion::V_2025_11_25).unwrap();
        }
        assert_eq!(COUNTED_BUILDS.load(std::sync::atomic::Ordering::SeqCst), 1);
        form_for::<Counted>(&ProtocolVersion::V_2025_06_18).unwrap();
        form_for::<Counted>(&ProtocolVersion::V_2025_06_18).unwrap();
        assert_eq!(COUNTED_BUILDS.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[test]
    fn a_remembered_ask_digest_is_the_digest_of_the_params() {
        let cached = form_for::<Counted>(&ProtocolVersion::V_2025_11_25).unwrap();
        for message in ["Deploy?", "Really deploy?", "Deploy?"] {
            let params = super::super::ask::params_object(&ElicitRequestFormParams {
                mode: Some(FormMode),
                message: message.into(),
                requested_schema: cached.schema.clone(),
                ..Default::default()
            });
            let expected = canonical::digest_without_meta(&params);
            assert_eq!(
                cached.ask_digest(message, || params.clone()),
                expected,
                "{message}"
            );
            // Remembered: the params are not asked for again.
            let remembered = cached.ask_digest(message, || unreachable!("digested again"));
            assert_eq!(remembered, expected, "{message}");
        }
    }

    #[test]
    fn the_remembered_requested_schema_is_the_one_the_ask_params_carry() {
        for version in [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2025_06_18] {
            let cached = form_for::<Counted>(&version).unwrap();
            let params = super::super::ask::params_object(&ElicitRequestFormParams {
                message: "Deploy?".into(),
                requested_schema: cached.schema.clone(),
                ..Default::default()
            });
            assert_eq!(
                Some(&cached.requested_schema_json),
                params.get("requestedSchema")
            );
        }
    }
}
