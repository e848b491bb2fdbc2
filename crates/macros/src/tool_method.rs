//! One `#[tool]` method: its name, title, description, token parameter, arguments and return
//! type, read from its signature and attributes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, FnArg, Ident, ImplItemFn, LitStr, Pat, ReturnType, Type};

/// How a tool takes its arguments.
pub(crate) enum Arguments {
    /// One field per plain parameter (identifier, type).
    Fields(Vec<(Ident, Type)>),
    /// One `Args<T>` parameter: the whole object.
    Whole(Type),
}

/// A parsed `#[tool]` method.
pub(crate) struct ToolMethod {
    pub(crate) method: Ident,
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// `read_only`, `destructive`, `idempotent`, `open_world` hints, in that order.
    pub(crate) hints: [Option<bool>; 4],
    /// Whether it takes the request token, and where among its parameters.
    pub(crate) token_at: Option<usize>,
    pub(crate) arguments: Arguments,
    pub(crate) output: Type,
}

/// Whether `attr` is `#[tool]` or `#[tool(..)]`.
pub(crate) fn is_tool_attribute(attr: &Attribute) -> bool {
    attr.path().is_ident("tool")
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) => path.path.segments.last(),
        _ => None,
    }
}

/// The doc comment, its lines trimmed and joined.
fn description(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

impl ToolMethod {
    /// Reads a method marked `#[tool]`, removing that attribute from it.
    pub(crate) fn parse(method: &mut ImplItemFn) -> syn::Result<Self> {
        let mut name = method.sig.ident.to_string();
        let mut title = None;
        let mut hints = [None; 4];
        let at = method
            .attrs
            .iter()
            .position(is_tool_attribute)
            .ok_or_else(|| syn::Error::new(method.sig.span(), "not a #[tool] method"))?;
        let attr = method.attrs.remove(at);
        if !matches!(attr.meta, syn::Meta::Path(_)) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    name = meta.value()?.parse::<LitStr>()?.value();
                    Ok(())
                } else if meta.path.is_ident("title") {
                    title = Some(meta.value()?.parse::<LitStr>()?.value());
                    Ok(())
                } else if let Some(at) = ["read_only", "destructive", "idempotent", "open_world"]
                    .iter()
                    .position(|hint| meta.path.is_ident(hint))
                {
                    // `read_only` alone means true; `read_only = false` says so.
                    hints[at] = Some(if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<syn::LitBool>()?.value
                    } else {
                        true
                    });
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown #[tool] option; the options are `name = \"...\"`, `title = \"...\"`, and the hints `read_only`, `destructive`, `idempotent`, `open_world` (each alone or `= false`)",
                    ))
                }
            })?;
        }
        if method.sig.asyncness.is_none() {
            return Err(syn::Error::new(
                method.sig.fn_token.span(),
                "a #[tool] method must be an `async fn`",
            ));
        }
        let mut inputs = method.sig.inputs.iter();
        match inputs.next() {
            Some(FnArg::Receiver(receiver))
                if receiver.reference.is_some() && receiver.mutability.is_none() => {}
            other => {
                let span = other.map_or(method.sig.ident.span(), Spanned::span);
                return Err(syn::Error::new(
                    span,
                    "a #[tool] method takes `&self` first (handlers are shared between requests)",
                ));
            }
        }
        let mut token_at = None;
        let mut fields = Vec::new();
        let mut whole = None;
        for (index, input) in inputs.enumerate() {
            let FnArg::Typed(typed) = input else {
                unreachable!("only the first input can be a receiver");
            };
            let segment = last_segment(&typed.ty);
            if segment.is_some_and(|s| s.ident == "InFlight") {
                if token_at.is_some() || !fields.is_empty() || whole.is_some() {
                    return Err(syn::Error::new(
                        typed.ty.span(),
                        "the request token `cx: InFlight<'_>` comes once, right after `&self`",
                    ));
                }
                token_at = Some(index);
                continue;
            }
            if let Some(other) = segment.filter(|s| s.ident == "RequestCx" || s.ident == "Notified")
            {
                return Err(syn::Error::new(
                    typed.ty.span(),
                    format!(
                        "a #[tool] method gets the request's token as `cx: InFlight<'_>`, not `{}`: `InFlight` is what elicitation, sampling and roots borrow from",
                        other.ident
                    ),
                ));
            }
            if segment.is_some_and(|s| s.ident == "Args") {
                if whole.is_some() || !fields.is_empty() {
                    return Err(syn::Error::new(
                        typed.ty.span(),
                        "a tool takes either one `Args<T>` parameter or plain parameters, not both",
                    ));
                }
                whole = Some((*typed.ty).clone());
                continue;
            }
            if whole.is_some() {
                return Err(syn::Error::new(
                    typed.ty.span(),
                    "a tool takes either one `Args<T>` parameter or plain parameters, not both",
                ));
            }
            let Pat::Ident(ident) = &*typed.pat else {
                return Err(syn::Error::new(
                    typed.pat.span(),
                    "a tool parameter is a plain name (`count: u32`): it names the argument",
                ));
            };
            fields.push((ident.ident.clone(), (*typed.ty).clone()));
        }
        let output = match &method.sig.output {
            ReturnType::Default => syn::parse_quote!(()),
            ReturnType::Type(_, ty) => (**ty).clone(),
        };
        Ok(Self {
            method: method.sig.ident.clone(),
            name,
            title,
            description: description(&method.attrs),
            hints,
            token_at,
            arguments: match whole {
                Some(ty) => Arguments::Whole(ty),
                None => Arguments::Fields(fields),
            },
            output,
        })
    }

    /// The registration: the tool's definition, built once.
    pub(crate) fn entry(&self) -> TokenStream {
        let entry = self.definition();
        let hints = self.hints.iter().map(|hint| match hint {
            Some(value) => quote!(::core::option::Option::Some(#value)),
            None => quote!(::core::option::Option::None),
        });
        quote!(#entry.annotate(#( #hints ),*))
    }

    /// The definition without its hints.
    fn definition(&self) -> TokenStream {
        let name = &self.name;
        let output = &self.output;
        let title = match &self.title {
            Some(t) => quote!(::core::option::Option::Some(#t)),
            None => quote!(::core::option::Option::None),
        };
        let description = match &self.description {
            Some(d) => quote!(::core::option::Option::Some(#d)),
            None => quote!(::core::option::Option::None),
        };
        let returns = quote_spanned!(output.span()=> returns::<#output>());
        match &self.arguments {
            Arguments::Whole(ty) => {
                let entry =
                    quote_spanned!(ty.span()=> ::tether_mcp::__private::tool_entry::<#ty, #output>);
                quote!(#entry(#name, #title, #description))
            }
            Arguments::Fields(fields) => {
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
        }
    }

    /// The `call_tool` arm: decode the arguments, call the method with the token the
    /// dispatcher gave, convert what it returns.
    pub(crate) fn arm(&self, cx: &Ident, params: &Ident) -> TokenStream {
        let name = &self.name;
        let method = &self.method;
        let mut decode = Vec::new();
        let mut call_args: Vec<TokenStream> = Vec::new();
        if self.token_at.is_some() {
            call_args.push(quote!(#cx));
        }
        match &self.arguments {
            Arguments::Whole(ty) => {
                decode.push(quote_spanned!(ty.span()=>
                    let __arguments: #ty = ::tether_mcp::__private::arguments(&#params)?;
                ));
                call_args.push(quote!(__arguments));
            }
            Arguments::Fields(fields) => {
                for (field, ty) in fields {
                    let key = field.to_string();
                    let local = format_ident!("__argument_{}", field);
                    decode.push(quote_spanned!(ty.span()=>
                        let #local: #ty = ::tether_mcp::__private::argument(&#params, #key)?;
                    ));
                    call_args.push(quote!(#local));
                }
            }
        }
        quote! {
            #name => {
                #( #decode )*
                ::tether_mcp::IntoToolResult::into_tool_result(self.#method(#(#call_args),*).await)
            }
        }
    }
}
