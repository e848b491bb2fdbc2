//! The signature every declared method shares: `async fn name(&self, [cx: InFlight<'_>,]
//! parameters...) -> Output`, and its doc comment.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, FnArg, Ident, ImplItemFn, Pat, ReturnType, Type};

/// How a method takes its arguments.
pub(crate) enum Params {
    /// One per plain parameter (identifier, type).
    Fields(Vec<(Ident, Type)>),
    /// One `Args<T>` parameter: the whole arguments object.
    Whole(Type),
}

/// A declared method's signature.
pub(crate) struct Signature {
    pub(crate) method: Ident,
    pub(crate) description: Option<String>,
    pub(crate) takes_token: bool,
    pub(crate) params: Params,
    pub(crate) output: Type,
    /// Where errors about the method as a whole point: its name.
    pub(crate) span: Span,
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) => path.path.segments.last(),
        _ => None,
    }
}

/// The doc comment, its lines trimmed and joined.
pub(crate) fn description(attrs: &[Attribute]) -> Option<String> {
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

impl Signature {
    /// Reads the signature of a `kind` (`#[tool]`, ...) method; `whole` says whether an
    /// `Args<T>` parameter is allowed.
    pub(crate) fn parse(method: &ImplItemFn, kind: &str, whole_allowed: bool) -> syn::Result<Self> {
        if method.sig.asyncness.is_none() {
            return Err(syn::Error::new(
                method.sig.fn_token.span(),
                format!("a {kind} method must be an `async fn`"),
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
                    format!(
                        "a {kind} method takes `&self` first (handlers are shared between requests)"
                    ),
                ));
            }
        }
        let mut takes_token = false;
        let mut fields = Vec::new();
        let mut whole = None;
        let either = "takes either one `Args<T>` parameter or plain parameters, not both";
        for input in inputs {
            let FnArg::Typed(typed) = input else {
                unreachable!("only the first input can be a receiver");
            };
            let segment = last_segment(&typed.ty);
            if segment.is_some_and(|s| s.ident == "InFlight") {
                if takes_token || !fields.is_empty() || whole.is_some() {
                    return Err(syn::Error::new(
                        typed.ty.span(),
                        "the request token `cx: InFlight<'_>` comes once, right after `&self`",
                    ));
                }
                takes_token = true;
                continue;
            }
            if let Some(other) = segment.filter(|s| s.ident == "RequestCx" || s.ident == "Notified")
            {
                return Err(syn::Error::new(
                    typed.ty.span(),
                    format!(
                        "a {kind} method gets the request's token as `cx: InFlight<'_>`, not `{}`: `InFlight` is what elicitation, sampling and roots borrow from",
                        other.ident
                    ),
                ));
            }
            if segment.is_some_and(|s| s.ident == "Args") {
                if !whole_allowed {
                    return Err(syn::Error::new(
                        typed.ty.span(),
                        format!(
                            "a {kind} method takes its URI template's variables as plain parameters (`id: u64`), not `Args<T>`"
                        ),
                    ));
                }
                if whole.is_some() || !fields.is_empty() {
                    return Err(syn::Error::new(
                        typed.ty.span(),
                        format!("a {kind} method {either}"),
                    ));
                }
                whole = Some((*typed.ty).clone());
                continue;
            }
            if whole.is_some() {
                return Err(syn::Error::new(
                    typed.ty.span(),
                    format!("a {kind} method {either}"),
                ));
            }
            let Pat::Ident(ident) = &*typed.pat else {
                return Err(syn::Error::new(
                    typed.pat.span(),
                    format!(
                        "a {kind} parameter is a plain name (`count: u32`): it names the argument"
                    ),
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
            description: description(&method.attrs),
            takes_token,
            params: match whole {
                Some(ty) => Params::Whole(ty),
                None => Params::Fields(fields),
            },
            output,
            span: method.sig.ident.span(),
        })
    }

    /// The statements that read the method's arguments, and the locals to call it with:
    /// `whole(ty)` reads an `Args<T>` parameter, `field(key, ty)` one plain parameter (an
    /// expression each, of the parameter's type, that may use `?`).
    pub(crate) fn decoders(
        &self,
        whole: impl Fn(&Type) -> TokenStream,
        field: impl Fn(&str, &Type) -> TokenStream,
    ) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let mut decode = Vec::new();
        let mut locals = Vec::new();
        match &self.params {
            Params::Whole(ty) => {
                let read = whole(ty);
                decode.push(quote_spanned!(ty.span()=> let __arguments: #ty = #read;));
                locals.push(quote!(__arguments));
            }
            Params::Fields(fields) => {
                for (name, ty) in fields {
                    let read = field(&name.to_string(), ty);
                    let local = format_ident!("__argument_{}", name);
                    decode.push(quote_spanned!(ty.span()=> let #local: #ty = #read;));
                    locals.push(quote!(#local));
                }
            }
        }
        (decode, locals)
    }

    /// The call of the method with the token the dispatcher gave (if it takes one) and these
    /// decoded arguments, awaited. The body must be `Send`: when it is not, the error points at
    /// the method's name, with the compiler's note naming the value held across an `.await`.
    pub(crate) fn call(&self, cx: &Ident, arguments: &[TokenStream]) -> TokenStream {
        let method = &self.method;
        let token = self.takes_token.then(|| quote_spanned!(self.span=> #cx,));
        quote_spanned! {self.span=>
            ::tether_mcp::__private::body_is_send(self.#method(#token #( #arguments ),*)).await
        }
    }
}
