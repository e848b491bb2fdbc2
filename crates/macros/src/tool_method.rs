//! One `#[tool]` method: its options (name, title, behaviour hints, icons, requirement), its
//! signature, its registration and its `call_tool` arm.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItemFn, Type};

use crate::options::{Options, option};
use crate::signature::{Params, Signature};

const HINTS: [&str; 4] = ["read_only", "destructive", "idempotent", "open_world"];

/// A parsed `#[tool]` method.
pub(crate) struct ToolMethod {
    pub(crate) name: String,
    pub(crate) options: Options,
    /// `read_only`, `destructive`, `idempotent`, `open_world` hints, in that order.
    hints: [Option<bool>; 4],
    pub(crate) signature: Signature,
}

impl ToolMethod {
    /// Reads a method whose attribute `#[tool]` (at `at`) was taken off it.
    pub(crate) fn parse(method: &ImplItemFn, attr: &syn::Attribute) -> syn::Result<Self> {
        let mut hints = [None; 4];
        let options = Options::parse(
            attr,
            "tool",
            ", and the hints `read_only`, `destructive`, `idempotent`, `open_world` (each alone or `= false`)",
            |meta| {
                let Some(at) = HINTS.iter().position(|hint| meta.path.is_ident(hint)) else {
                    return Ok(false);
                };
                // `read_only` alone means true; `read_only = false` says so.
                hints[at] = Some(if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::LitBool>()?.value
                } else {
                    true
                });
                Ok(true)
            },
        )?;
        let signature = Signature::parse(method, "#[tool]", true)?;
        Ok(Self {
            name: options.name_or(method),
            options,
            hints,
            signature,
        })
    }

    /// The registration: the tool's definition, built once.
    pub(crate) fn entry(&self) -> TokenStream {
        let name = &self.name;
        let title = option(self.options.title.as_deref());
        let description = option(self.signature.description.as_deref());
        let output: &Type = &self.signature.output;
        let returns = quote_spanned!(output.span()=> returns::<#output>());
        let definition = match &self.signature.params {
            Params::Whole(ty) => {
                let entry =
                    quote_spanned!(ty.span()=> ::tether_mcp::__private::tool_entry::<#ty, #output>);
                quote!(#entry(#name, #title, #description))
            }
            Params::Fields(fields) => {
                let arguments = fields.iter().map(|(field, ty)| {
                    let key = field.to_string();
                    quote_spanned!(ty.span()=> .argument::<#ty>(#key))
                });
                quote! {
                    ::tether_mcp::__private::ToolEntryBuilder::new(#name, #title, #description)
                        #( #arguments )*
                        .#returns
                }
            }
        };
        let hints = self.hints.iter().map(|hint| match hint {
            Some(value) => quote!(::core::option::Option::Some(#value)),
            None => quote!(::core::option::Option::None),
        });
        self.options
            .decorate(quote!(#definition.annotate(#( #hints ),*)))
    }

    /// The `call_tool` arm: decode the arguments, call the method with the token the
    /// dispatcher gave, convert what it returns.
    pub(crate) fn arm(&self, cx: &syn::Ident, params: &syn::Ident) -> TokenStream {
        let name = &self.name;
        let (decode, arguments) = self.signature.decoders(
            |ty| quote_spanned!(ty.span()=> ::tether_mcp::__private::arguments(&#params)?),
            |key, ty| quote_spanned!(ty.span()=> ::tether_mcp::__private::argument(&#params, #key)?),
        );
        let call = self.signature.call(cx, &arguments);
        quote! {
            #name => {
                #( #decode )*
                ::tether_mcp::IntoToolResult::into_tool_result(#call)
            }
        }
    }
}
