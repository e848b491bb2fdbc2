//! The schema of an elicitation form (`ElicitRequestedSchema`) and its fields: the primitive
//! schema definitions (string, number, boolean, and the single- and multi-select enums).

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{JsonObject, JsonValue};

const_str!(
    /// `type: "object"` of a requested schema.
    ObjectType = "object"
);
const_str!(
    /// `type: "string"`.
    StringType = "string"
);
const_str!(
    /// `type: "boolean"`.
    BooleanType = "boolean"
);
const_str!(
    /// `type: "array"`.
    ArrayType = "array"
);

/// The schema of an elicitation form: an object whose properties are primitives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ElicitRequestedSchema {
    /// The JSON Schema dialect.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always `"object"`.
    pub r#type: ObjectType,
    /// The fields, in display order.
    pub properties: IndexMap<String, PrimitiveSchemaDefinition>,
    /// The names of the required fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `format` of a [`StringSchema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StringFormat {
    /// An email address.
    Email,
    /// A URI.
    Uri,
    /// A date.
    Date,
    /// A date and time.
    DateTime,
}

/// A string field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StringSchema {
    /// Always `"string"`.
    pub r#type: StringType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// The format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<StringFormat>,
    /// The default value (2025-11-25 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `type` of a [`NumberSchema`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberType {
    /// Any number.
    #[default]
    Number,
    /// An integer.
    Integer,
}

/// A number or integer field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberSchema {
    /// `"number"` or `"integer"`.
    pub r#type: NumberType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum value (kept as written: `0` stays an integer, `0.5` a float).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<serde_json::Number>,
    /// Maximum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<serde_json::Number>,
    /// The default value (2025-11-25 on); an `integer` field's default stays an integer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Number>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A boolean field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BooleanSchema {
    /// Always `"boolean"`.
    pub r#type: BooleanType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// One titled option: `{const, title}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TitledOption {
    /// The value.
    #[serde(rename = "const")]
    pub value: String,
    /// The label shown.
    pub title: String,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A single choice among plain values (2025-11-25 on; the `enum` form).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UntitledSingleSelectEnumSchema {
    /// Always `"string"`.
    pub r#type: StringType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The values.
    #[serde(rename = "enum")]
    pub values: Vec<String>,
    /// The default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A single choice among titled values (2025-11-25 on; the `oneOf` form).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TitledSingleSelectEnumSchema {
    /// Always `"string"`.
    pub r#type: StringType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The options.
    #[serde(rename = "oneOf")]
    pub one_of: Vec<TitledOption>,
    /// The default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The `items` of an [`UntitledMultiSelectEnumSchema`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UntitledEnumItems {
    /// Always `"string"`.
    pub r#type: StringType,
    /// The values.
    #[serde(rename = "enum")]
    pub values: Vec<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The `items` of a [`TitledMultiSelectEnumSchema`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TitledEnumItems {
    /// The options.
    #[serde(rename = "anyOf")]
    pub any_of: Vec<TitledOption>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Several choices among plain values (2025-11-25 on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UntitledMultiSelectEnumSchema {
    /// Always `"array"`.
    pub r#type: ArrayType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The fewest choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// The most choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// The values.
    pub items: UntitledEnumItems,
    /// The default choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Vec<String>>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Several choices among titled values (2025-11-25 on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledMultiSelectEnumSchema {
    /// Always `"array"`.
    pub r#type: ArrayType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The fewest choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// The most choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// The options.
    pub items: TitledEnumItems,
    /// The default choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Vec<String>>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A single choice with `enumNames` labels: the 2025-06-18 `EnumSchema`, kept as
/// `LegacyTitledEnumSchema` from 2025-11-25 (deprecated there).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyTitledEnumSchema {
    /// Always `"string"`.
    pub r#type: StringType,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The values.
    #[serde(rename = "enum")]
    pub values: Vec<String>,
    /// Labels for the values, index by index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_names: Option<Vec<String>>,
    /// The default value (2025-11-25 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A single-choice field (`SingleSelectEnumSchema`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SingleSelectEnumSchema {
    /// Plain values.
    Untitled(UntitledSingleSelectEnumSchema),
    /// Titled values.
    Titled(TitledSingleSelectEnumSchema),
}

/// A multiple-choice field (`MultiSelectEnumSchema`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MultiSelectEnumSchema {
    /// Plain values.
    Untitled(UntitledMultiSelectEnumSchema),
    /// Titled values.
    Titled(TitledMultiSelectEnumSchema),
}

/// Any enum field (`EnumSchema`; in 2025-06-18 `EnumSchema` is the single shape now called
/// [`LegacyTitledEnumSchema`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EnumSchema {
    /// A single choice.
    Single(SingleSelectEnumSchema),
    /// Several choices.
    Multi(MultiSelectEnumSchema),
    /// A single choice with `enumNames`.
    Legacy(LegacyTitledEnumSchema),
}

/// A field of an elicitation form (`PrimitiveSchemaDefinition`). The variant is chosen by
/// `type` and then by the members present (`enum` + `enumNames`, `enum`, `oneOf`,
/// `items.anyOf`), so errors name the field of the shape that was meant; a shape this crate
/// does not know is kept in `Unknown`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PrimitiveSchemaDefinition {
    /// A string.
    String(StringSchema),
    /// A number or integer.
    Number(NumberSchema),
    /// A boolean.
    Boolean(BooleanSchema),
    /// An enum of any kind.
    Enum(EnumSchema),
    /// A shape this crate does not know, kept as received.
    Unknown(JsonObject),
}

impl<'de> Deserialize<'de> for PrimitiveSchemaDefinition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use EnumSchema as E;
        let object = JsonObject::deserialize(deserializer)?;
        let ty = object
            .get("type")
            .and_then(JsonValue::as_str)
            .unwrap_or_default()
            .to_owned();
        let has = |k: &str| object.contains_key(k);
        let items_any_of = object.get("items").and_then(|i| i.get("anyOf")).is_some();
        let (enum_, enum_names, one_of) = (has("enum"), has("enumNames"), has("oneOf"));
        let value = JsonValue::Object(object);
        match ty.as_str() {
            "string" if enum_ && enum_names => {
                crate::decode::redecode::<LegacyTitledEnumSchema, D::Error>(value)
                    .map(|s| Self::Enum(E::Legacy(s)))
            }
            "string" if enum_ => {
                crate::decode::redecode::<UntitledSingleSelectEnumSchema, D::Error>(value)
                    .map(|s| Self::Enum(E::Single(SingleSelectEnumSchema::Untitled(s))))
            }
            "string" if one_of => {
                crate::decode::redecode::<TitledSingleSelectEnumSchema, D::Error>(value)
                    .map(|s| Self::Enum(E::Single(SingleSelectEnumSchema::Titled(s))))
            }
            "string" => crate::decode::redecode::<StringSchema, D::Error>(value).map(Self::String),
            "number" | "integer" => {
                crate::decode::redecode::<NumberSchema, D::Error>(value).map(Self::Number)
            }
            "boolean" => {
                crate::decode::redecode::<BooleanSchema, D::Error>(value).map(Self::Boolean)
            }
            "array" if items_any_of => {
                crate::decode::redecode::<TitledMultiSelectEnumSchema, D::Error>(value)
                    .map(|s| Self::Enum(E::Multi(MultiSelectEnumSchema::Titled(s))))
            }
            "array" => crate::decode::redecode::<UntitledMultiSelectEnumSchema, D::Error>(value)
                .map(|s| Self::Enum(E::Multi(MultiSelectEnumSchema::Untitled(s)))),
            _ => match value {
                JsonValue::Object(o) => Ok(Self::Unknown(o)),
                other => Err(serde::de::Error::custom(format_args!(
                    "expected an object, found {other}"
                ))),
            },
        }
    }
}

macro_rules! deserialize_via_primitive {
    ($ty:ty, $what:literal, $($pat:pat => $out:expr),+) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match PrimitiveSchemaDefinition::deserialize(deserializer)? {
                    $($pat => Ok($out),)+
                    _ => Err(serde::de::Error::custom(concat!("expected ", $what))),
                }
            }
        }
    };
}

deserialize_via_primitive!(EnumSchema, "an enum schema", PrimitiveSchemaDefinition::Enum(e) => e);
deserialize_via_primitive!(
    SingleSelectEnumSchema, "a single-select enum schema",
    PrimitiveSchemaDefinition::Enum(EnumSchema::Single(s)) => s
);
deserialize_via_primitive!(
    MultiSelectEnumSchema, "a multi-select enum schema",
    PrimitiveSchemaDefinition::Enum(EnumSchema::Multi(m)) => m
);
