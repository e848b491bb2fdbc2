//! One `#[resource]` method: its options (`uri`, `mime_type`, name, title, icons,
//! requirement), its signature (the URI template's variables as parameters), its registration
//! and its `read_resource` arm.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItemFn, LitStr};

use crate::options::{Options, option};
use crate::signature::{Params, Signature};
use crate::uri_template_vars::variables;

/// A parsed `#[resource]` method.
pub(crate) struct ResourceMethod {
    pub(crate) name: String,
    uri: String,
    is_template: bool,
    mime_type: Option<String>,
    pub(crate) options: Options,
    pub(crate) signature: Signature,
}

impl ResourceMethod {
    /// Reads a method whose attribute `#[resource(uri = "..")]` was taken off it.
    pub(crate) fn parse(method: &ImplItemFn, attr: &syn::Attribute) -> syn::Result<Self> {
        let mut uri: Option<LitStr> = None;
        let mut mime_type = None;
        let options = Options::parse(
            attr,
            "resource",
            ", and `uri = \"...\"` (a URI, or a URI template such as `users://{id}`), `mime_type = \"...\"`",
            |meta| {
                if meta.path.is_ident("uri") {
                    uri = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("mime_type") {
                    mime_type = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    return Ok(false);
                }
                Ok(true)
            },
        )?;
        let Some(uri) = uri else {
            return Err(syn::Error::new(
                attr.span(),
                "a #[resource] needs its URI: #[resource(uri = \"docs://readme\")], or a URI template: #[resource(uri = \"users://{id}\")]",
            ));
        };
        let signature = Signature::parse(method, "#[resource]", false)?;
        let names = variables(&uri.value()).map_err(|why| syn::Error::new(uri.span(), why))?;
        let Params::Fields(fields) = &signature.params else {
            unreachable!("Args<T> is refused for resources");
        };
        for (field, _) in fields {
            if !names.iter().any(|n| *field == n) {
                return Err(syn::Error::new(
                    field.span(),
                    format!(
                        "`{field}` is not a variable of the URI template `{}`; a #[resource] method's parameters are its template's variables",
                        uri.value()
                    ),
                ));
            }
        }
        if let Some(missing) = names.iter().find(|n| !fields.iter().any(|(f, _)| f == *n)) {
            return Err(syn::Error::new(
                uri.span(),
                format!(
                    "the template variable `{missing}` has no parameter: add `{missing}: String` (or another type it parses into) to `{}`",
                    method.sig.ident
                ),
            ));
        }
        Ok(Self {
            name: options.name_or(method),
            is_template: !names.is_empty(),
            uri: uri.value(),
            mime_type,
            options,
            signature,
        })
    }

    /// The registration: the resource's (or template's) definition, built once.
    pub(crate) fn entry(&self) -> TokenStream {
        let (uri, name) = (&self.uri, &self.name);
        let title = option(self.options.title.as_deref());
        let description = option(self.signature.description.as_deref());
        let mime_type = option(self.mime_type.as_deref());
        let constructor = if self.is_template {
            quote!(template)
        } else {
            quote!(fixed)
        };
        self.options.decorate(quote! {
            ::tether_mcp::__private::ResourceEntry::#constructor(#uri, #name, #title, #description, #mime_type)
        })
    }

    /// The `read_resource` arm of the resource at `index` of the table; `vars` holds the URI's
    /// template variables, `mime_type` the entry's declared MIME type.
    pub(crate) fn arm(
        &self,
        index: usize,
        cx: &syn::Ident,
        params: &syn::Ident,
        vars: &syn::Ident,
        mime_type: &syn::Ident,
    ) -> TokenStream {
        let (decode, arguments) = self.signature.decoders(
            |_| unreachable!("Args<T> is refused for resources"),
            |key, ty| {
                quote_spanned!(ty.span()=> ::tether_mcp::__private::uri_variable(&#vars, &#params.uri, #key)?)
            },
        );
        let call = self.signature.call(cx, &arguments);
        let output = &self.signature.output;
        let convert =
            quote_spanned!(output.span()=> ::tether_mcp::IntoResourceResult::into_resource_result);
        quote! {
            #index => {
                #( #decode )*
                #convert(#call, &#params.uri, #mime_type)
            }
        }
    }
}
