//! A URI template's variables read into a `#[resource]` method's parameters.

use crate::error::ServerError;
use crate::server::TemplateVars;

/// A type a `#[resource]` method can take for a variable of its URI template: `String`, a
/// number, `bool` or `char` (parsed from the URI), or an `Option` of one (for a variable the
/// URI may leave empty).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a URI template variable",
    label = "take `String`, a number, `bool`, `char`, or an `Option` of one",
    note = "a URI variable is text: parse other types from a `String` in the method"
)]
pub trait UriVariable: Sized {
    /// The parameter from the variable's (percent-decoded) text; `None` is absent or empty.
    fn from_variable(text: Option<&str>) -> Result<Self, String>;
}

macro_rules! parsed {
    ($($t:ty),*) => {$(
        impl UriVariable for $t {
            fn from_variable(text: Option<&str>) -> Result<Self, String> {
                match text {
                    Some(text) if !text.is_empty() => text.parse().map_err(|e| format!("{e}")),
                    _ => Err("missing".to_owned()),
                }
            }
        }
    )*};
}
parsed!(
    String, bool, char, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64
);

impl<T: UriVariable> UriVariable for Option<T> {
    fn from_variable(text: Option<&str>) -> Result<Self, String> {
        match text {
            Some(text) if !text.is_empty() => T::from_variable(Some(text)).map(Some),
            _ => Ok(None),
        }
    }
}

/// The variable `name` of the matched URI `uri`; a value that does not parse is -32602 naming
/// the variable.
pub fn uri_variable<T: UriVariable>(
    vars: &TemplateVars,
    uri: &str,
    name: &str,
) -> Result<T, ServerError> {
    T::from_variable(vars.get(name))
        .map_err(|why| ServerError::invalid_params(format!("{uri}: URI variable `{name}`: {why}")))
}
