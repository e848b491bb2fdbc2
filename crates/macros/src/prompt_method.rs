//! One `#[prompt]` method: its options, its signature (plain `String`/`Option<String>`
//! parameters or one `Args<T>`), its registration and its `get_prompt` arm.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ImplItemFn;
use syn::spanned::Spanned;

use crate::options::{Options, option};
use crate::signature::{Params, Signature};

/// A parsed `#[prompt]` method.
pub(crate) struct PromptMethod {
    pub(crate) name: String,
    pub(crate) options: Options,
    pub(crate) signature: Signature,
}

impl PromptMethod {
    /// Reads a method whose attribute `#[prompt]` was taken off it.
    pub(crate) fn parse(method: &ImplItemFn, attr: &syn::Attribute) -> syn::Result<Self> {
        let options = Options::parse(attr, "prompt", "", |_| Ok(false))?;
        let signature = Signature::parse(method, "#[prompt]", true)?;
        Ok(Self {
            name: options.name_or(method),
            options,
            signature,
        })
    }

    /// The registration: the prompt's definition, built once.
    pub(crate) fn entry(&self) -> TokenStream {
        let name = &self.name;
        let title = option(self.options.title.as_deref());
        let description = option(self.signature.description.as_deref());
        let definition = match &self.signature.params {
            Params::Whole(ty) => {
                let entry =
                    quote_spanned!(ty.span()=> ::tether_mcp::__private::prompt_entry::<#ty>);
                quote!(#entry(#name, #title, #description))
            }
            Params::Fields(fields) => {
                let arguments = fields.iter().map(|(field, ty)| {
                    let key = field.to_string();
                    quote_spanned!(ty.span()=> .argument::<#ty>(#key))
                });
                quote! {
                    ::tether_mcp::__private::PromptEntryBuilder::new(#name, #title, #description)
                        #( #arguments )*
                        .build()
                }
            }
        };
        self.options.decorate(definition)
    }

    /// The `get_prompt` arm of the prompt at `index` of the table.
    pub(crate) fn arm(&self, index: usize, cx: &syn::Ident, params: &syn::Ident) -> TokenStream {
        let name = &self.name;
        let (decode, arguments) = self.signature.decoders(
            |ty| quote_spanned!(ty.span()=> ::tether_mcp::__private::prompt_arguments(&#params, #name)?),
            |key, ty| {
                quote_spanned!(ty.span()=> ::tether_mcp::__private::prompt_argument(&#params, #name, #key)?)
            },
        );
        let call = self.signature.call(cx, &arguments);
        let output = &self.signature.output;
        let convert =
            quote_spanned!(output.span()=> ::tether_mcp::IntoPromptResult::into_prompt_result);
        quote! {
            #name => {
                #( #decode )*
                #convert(#call).map(|__result| Self::__tether_prompt_table().entry(#index).describe(__result))
            }
        }
    }
}
