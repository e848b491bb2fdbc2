//! `RequestId` and `ProgressToken`: a string or an integer, never null, never fractional.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! string_or_integer {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            /// A string value.
            String(String),
            /// An integer value.
            Number(i64),
        }

        impl From<i64> for $name {
            fn from(n: i64) -> Self {
                Self::Number(n)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self::String(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::String(s.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Self::String(s) => write!(f, "{s:?}"),
                    Self::Number(n) => write!(f, "{n}"),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::String(s) => serializer.serialize_str(s),
                    Self::Number(n) => serializer.serialize_i64(*n),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!($what, " (a string or an integer)"))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name::Number(v))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        i64::try_from(v).map($name::Number).map_err(|_| {
                            E::custom(format_args!(concat!($what, " {} is out of the 64-bit integer range"), v))
                        })
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$name, E> {
                        if v.is_finite() && v.fract() == 0.0 {
                            return Err(E::custom(concat!($what, " is out of the 64-bit integer range")));
                        }
                        Err(E::custom(format_args!(
                            concat!($what, " must be a string or an integer, found the number {}"),
                            v
                        )))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::String(v.to_owned()))
                    }
                    fn visit_string<E: de::Error>(self, v: String) -> Result<$name, E> {
                        Ok($name::String(v))
                    }
                    fn visit_unit<E: de::Error>(self) -> Result<$name, E> {
                        Err(E::custom(concat!($what, " must not be null")))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

string_or_integer!(
    /// A JSON-RPC request id: a string or an integer. `null` and fractional numbers are rejected.
    RequestId,
    "request id"
);

string_or_integer!(
    /// A progress token (`_meta.progressToken`): a string or an integer.
    ProgressToken,
    "progress token"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_both_kinds_round_trip() {
        for text in [r#""abc""#, "42", "-7", r#""""#] {
            let id: RequestId = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&id).unwrap(), text);
        }
    }

    #[test]
    fn null_fractional_and_other_kinds_are_rejected_with_a_message() {
        let err = serde_json::from_str::<RequestId>("null")
            .unwrap_err()
            .to_string();
        assert!(err.contains("must not be null"), "{err}");
        let err = serde_json::from_str::<RequestId>("1.5")
            .unwrap_err()
            .to_string();
        assert!(err.contains("found the number 1.5"), "{err}");
        assert!(serde_json::from_str::<RequestId>("true").is_err());
        assert!(serde_json::from_str::<RequestId>("[1]").is_err());
        let err = serde_json::from_str::<RequestId>("18446744073709551615")
            .unwrap_err()
            .to_string();
        assert!(err.contains("out of the 64-bit"), "{err}");
    }
}
