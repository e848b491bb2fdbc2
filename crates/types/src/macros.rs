//! Declarative macros that define the typed JSON-RPC requests and notifications.
//!
//! A typed request is a struct `{ id, params }` whose `jsonrpc` and `method` members are fixed:
//! they are written on serialization and checked on deserialization (a wrong `method` is an
//! error naming the expected one). The three server-to-client requests that 2026-07-28 also uses
//! as MRTR input requests (`{method, params}`, no `jsonrpc`/`id`) take `id: Option<RequestId>`.

/// `request!{ #[doc] Name = "method", params: P, result: R }` (params required),
/// `params?: P` (params optional), and `id?` before `params` for an optional id.
macro_rules! request {
    ($(#[$doc:meta])* $name:ident = $method:literal, params: $params:ty, result: $result:ty) => {
        request!(@define $(#[$doc])* $name, $method, $crate::RequestId, $params, $params, $result, required_id, required_params);
    };
    ($(#[$doc:meta])* $name:ident = $method:literal, params?: $params:ty, result: $result:ty) => {
        request!(@define $(#[$doc])* $name, $method, $crate::RequestId, Option<$params>, $params, $result, required_id, optional_params);
    };
    ($(#[$doc:meta])* $name:ident = $method:literal, id?, params: $params:ty, result: $result:ty) => {
        request!(@define_input $(#[$doc])* $name, $method, $params, $params, $result, required_params);
    };
    ($(#[$doc:meta])* $name:ident = $method:literal, id?, params?: $params:ty, result: $result:ty) => {
        request!(@define_input $(#[$doc])* $name, $method, Option<$params>, $params, $result, optional_params);
    };
    (@define $(#[$doc:meta])* $name:ident, $method:literal, $id_ty:ty, $field_ty:ty, $params:ty, $result:ty, $id_kind:ident, $params_kind:ident) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("JSON-RPC method `", $method, "`.")]
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            /// The JSON-RPC request id.
            pub id: $id_ty,
            /// The request parameters.
            pub params: $field_ty,
        }

        impl $name {
            /// A request with this id and these params.
            pub fn new(id: impl Into<$crate::RequestId>, params: $field_ty) -> Self {
                Self { id: id.into(), params }
            }
        }

        impl $crate::RequestMethod for $name {
            const METHOD: &'static str = $method;
            type Params = $params;
            type Result = $result;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::jsonrpc::envelope::serialize_request(
                    serializer,
                    true,
                    request!(@id_ref $id_kind, self.id),
                    $method,
                    request!(@params_ref $params_kind, self.params),
                )
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (_, raw_id, raw_params) = $crate::jsonrpc::envelope::deserialize_request::<D, $params>(
                    deserializer,
                    $method,
                    request!(@id_required $id_kind),
                )?;
                Ok($name {
                    id: request!(@id_take $id_kind, raw_id),
                    params: request!(@params_take $params_kind, raw_params),
                })
            }
        }
    };
    (@define_input $(#[$doc:meta])* $name:ident, $method:literal, $field_ty:ty, $params:ty, $result:ty, $params_kind:ident) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("Method `", $method, "`. As a legacy JSON-RPC request it has `jsonrpc` and `id`; as a ")]
        #[doc = "2026-07-28 MRTR input request it has neither. Both are kept as received."]
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            /// `Some` on a JSON-RPC request; `None` on an MRTR input request.
            pub jsonrpc: Option<$crate::JsonRpcVersion>,
            /// The JSON-RPC request id (`None` on an MRTR input request).
            pub id: Option<$crate::RequestId>,
            /// The request parameters.
            pub params: $field_ty,
        }

        impl $name {
            /// A legacy JSON-RPC request with this id.
            pub fn new(id: impl Into<$crate::RequestId>, params: $field_ty) -> Self {
                Self { jsonrpc: Some($crate::JsonRpcVersion), id: Some(id.into()), params }
            }

            /// A 2026-07-28 MRTR input request: `{method, params}`.
            pub fn input(params: $field_ty) -> Self {
                Self { jsonrpc: None, id: None, params }
            }
        }

        impl $crate::RequestMethod for $name {
            const METHOD: &'static str = $method;
            type Params = $params;
            type Result = $result;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::jsonrpc::envelope::serialize_request(
                    serializer,
                    self.jsonrpc.is_some(),
                    self.id.as_ref(),
                    $method,
                    request!(@params_ref $params_kind, self.params),
                )
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (jsonrpc, id, raw_params) = $crate::jsonrpc::envelope::deserialize_request::<D, $params>(
                    deserializer,
                    $method,
                    false,
                )?;
                Ok($name { jsonrpc, id, params: request!(@params_take $params_kind, raw_params) })
            }
        }
    };
    (@id_ref required_id, $e:expr) => { Some(&$e) };
    (@id_required required_id) => { true };
    (@id_take required_id, $e:expr) => { $e.expect("deserialize_request returns an id when it is required") };
    (@params_ref required_params, $e:expr) => { Some(&$e) };
    (@params_ref optional_params, $e:expr) => { $e.as_ref() };
    (@params_take required_params, $e:expr) => {
        match $e {
            Some(p) => p,
            None => return Err(<D::Error as ::serde::de::Error>::missing_field("params")),
        }
    };
    (@params_take optional_params, $e:expr) => { $e };
}

/// `notification!{ #[doc] Name = "method", params: P }` or `params?: P`.
macro_rules! notification {
    ($(#[$doc:meta])* $name:ident = $method:literal, params: $params:ty) => {
        notification!(@define $(#[$doc])* $name, $method, $params, $params, required_params);
    };
    ($(#[$doc:meta])* $name:ident = $method:literal, params?: $params:ty) => {
        notification!(@define $(#[$doc])* $name, $method, Option<$params>, $params, optional_params);
    };
    (@define $(#[$doc:meta])* $name:ident, $method:literal, $field_ty:ty, $params:ty, $params_kind:ident) => {
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("JSON-RPC notification `", $method, "`.")]
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            /// The notification parameters.
            pub params: $field_ty,
        }

        impl $crate::NotificationMethod for $name {
            const METHOD: &'static str = $method;
            type Params = $params;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::jsonrpc::envelope::serialize_request(
                    serializer,
                    true,
                    None,
                    $method,
                    request!(@params_ref $params_kind, self.params),
                )
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw_params = $crate::jsonrpc::envelope::deserialize_notification::<D, $params>(
                    deserializer,
                    $method,
                )?;
                Ok($name { params: request!(@params_take $params_kind, raw_params) })
            }
        }
    };
}

/// `coded_error!{ #[doc] Name = CODE, data: D }`: an error object whose `code` is fixed.
macro_rules! coded_error {
    ($(#[$doc:meta])* $name:ident = $code:path, data: $data:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            /// A short description of the error.
            pub message: String,
            /// Additional information about the error.
            pub data: $data,
        }

        impl $name {
            /// The error code this type always carries.
            pub const CODE: i64 = $code;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::jsonrpc::error_object::serialize_coded(serializer, Self::CODE, &self.message, &self.data)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (message, data) =
                    $crate::jsonrpc::error_object::deserialize_coded::<D, $data>(deserializer, Self::CODE)?;
                Ok($name { message, data })
            }
        }

        impl From<$name> for $crate::ErrorObject {
            fn from(e: $name) -> Self {
                $crate::ErrorObject {
                    code: $code,
                    message: e.message,
                    data: $crate::jsonrpc::error_object::data_to_value(&e.data),
                }
            }
        }
    };
}

/// `const_str!{ #[doc] Name = "value" }`: a unit type that is always the string `value` on the
/// wire (a `type` or `method` discriminator); reading any other string is an error naming both.
macro_rules! const_str {
    ($(#[$doc:meta])* $name:ident = $value:literal) => {
        $(#[$doc])*
        #[doc = concat!("Always the string `\"", $value, "\"`.")]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name;

        impl $name {
            /// The wire string.
            pub const VALUE: &'static str = $value;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($value)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                if s == $value {
                    Ok($name)
                } else {
                    Err(<D::Error as ::serde::de::Error>::custom(format_args!(
                        "expected \"{}\", found {:?}",
                        $value, s
                    )))
                }
            }
        }
    };
}

/// `tagged_union!{ #[doc] Name by "type" { #[doc] Variant(Type) = "value", ... } }`: an enum of
/// objects told apart by a string member. Each variant's type writes its own discriminator; on
/// reading, the member selects the variant (so errors come from that variant and name its
/// field), and an unknown value is kept whole in `Unknown`.
macro_rules! tagged_union {
    ($(#[$doc:meta])* $name:ident by $tag:literal { $($(#[$vdoc:meta])* $variant:ident($ty:ty) = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub enum $name {
            $($(#[$vdoc])* $variant($ty),)+
            /// A kind this crate does not know, kept as received.
            Unknown($crate::JsonObject),
        }

        impl $name {
            /// The discriminator value of this variant.
            pub fn tag(&self) -> &str {
                match self {
                    $(Self::$variant(_) => $value,)+
                    Self::Unknown(o) => o.get($tag).and_then(|v| v.as_str()).unwrap_or(""),
                }
            }
        }

        $(impl From<$ty> for $name {
            fn from(v: $ty) -> Self {
                Self::$variant(v)
            }
        })+

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(v) => v.serialize(serializer),)+
                    Self::Unknown(o) => o.serialize(serializer),
                }
            }
        }

        impl $crate::tagged::Tagged for $name {
            const TAG: &'static str = $tag;

            fn read_variant<'de, A: ::serde::de::MapAccess<'de>>(
                tag: &str,
                map: $crate::tagged::Replayed<'de, A>,
            ) -> Result<Self, A::Error> {
                match tag {
                    $($value => map.read::<$ty>().map(Self::$variant),)+
                    _ => map.into_object().map(Self::Unknown),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map($crate::tagged::TaggedVisitor::<Self>::new())
            }
        }
    };
}
