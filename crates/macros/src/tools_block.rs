//! `#[tools]` on an `impl ServerHandler for Type` block.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Ident, ImplItem, ItemImpl};

use crate::tool_method::{ToolMethod, is_tool_attribute};

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new(attr.span(), "#[tools] takes no options"));
    }
    let mut block: ItemImpl = syn::parse2(item)?;
    let Some((_, trait_path, _)) = &block.trait_ else {
        return Err(syn::Error::new(
            block.self_ty.span(),
            "write #[tools] on `impl ServerHandler for YourType`: it fills in `list_tools` and `call_tool`",
        ));
    };
    if trait_path
        .segments
        .last()
        .is_none_or(|s| s.ident != "ServerHandler")
    {
        return Err(syn::Error::new(
            trait_path.span(),
            "#[tools] goes on an `impl ServerHandler for YourType` block",
        ));
    }
    let mut tools = Vec::new();
    let mut methods = Vec::new();
    let mut kept = Vec::new();
    for item in std::mem::take(&mut block.items) {
        match item {
            ImplItem::Fn(mut method) if method.attrs.iter().any(is_tool_attribute) => {
                let tool = ToolMethod::parse(&mut method)?;
                if let Some(previous) = tools.iter().find(|t: &&ToolMethod| t.name == tool.name) {
                    return Err(syn::Error::new(
                        method.sig.ident.span(),
                        format!(
                            "two tools are named `{}` (the other is the method `{}`); rename one with #[tool(name = \"...\")]",
                            tool.name, previous.method
                        ),
                    ));
                }
                tools.push(tool);
                methods.push(method);
            }
            ImplItem::Fn(method)
                if method.sig.ident == "list_tools" || method.sig.ident == "call_tool" =>
            {
                return Err(syn::Error::new(
                    method.sig.ident.span(),
                    format!(
                        "#[tools] writes `{}` from the #[tool] methods; remove this one (or drop #[tools] and write both yourself)",
                        method.sig.ident
                    ),
                ));
            }
            other => kept.push(other),
        }
    }
    if tools.is_empty() {
        return Err(syn::Error::new(
            block.self_ty.span(),
            "#[tools] found no #[tool] method in this block",
        ));
    }

    let cx = Ident::new("__tether_cx", Span::call_site());
    let params = Ident::new("__tether_params", Span::call_site());
    let entries: Vec<TokenStream> = tools.iter().map(ToolMethod::entry).collect();
    let arms: Vec<TokenStream> = tools.iter().map(|t| t.arm(&cx, &params)).collect();
    let self_ty = &block.self_ty;
    let (impl_generics, _, where_clause) = block.generics.split_for_impl();
    let attrs = &block.attrs;
    let trait_path = &block.trait_.as_ref().map(|(_, p, _)| p.clone());
    Ok(quote! {
        impl #impl_generics #self_ty #where_clause {
            #( #methods )*

            /// The tools of this server, built at first use and then served from memory.
            #[doc(hidden)]
            fn __tether_tool_table() -> &'static ::tether_mcp::__private::ToolTable {
                static TABLE: ::std::sync::OnceLock<::tether_mcp::__private::ToolTable> =
                    ::std::sync::OnceLock::new();
                TABLE.get_or_init(|| ::tether_mcp::__private::ToolTable::new(::std::vec![#( #entries ),*]))
            }
        }

        #( #attrs )*
        impl #impl_generics #trait_path for #self_ty #where_clause {
            #( #kept )*

            async fn list_tools(
                &self,
                _: ::core::option::Option<::tether_mcp::types::PaginatedRequestParams>,
                _: ::tether_mcp::RequestCx<'_>,
            ) -> ::core::result::Result<::tether_mcp::types::ListToolsResult, ::tether_mcp::ServerError> {
                ::core::result::Result::Ok(Self::__tether_tool_table().list())
            }

            async fn call_tool(
                &self,
                #params: ::tether_mcp::types::CallToolRequestParams,
                #cx: ::tether_mcp::InFlight<'_>,
            ) -> ::core::result::Result<::tether_mcp::types::CallToolResult, ::tether_mcp::ToolError> {
                let _ = &#cx;
                match #params.name.as_str() {
                    #( #arms )*
                    __other => ::core::result::Result::Err(::tether_mcp::ToolError::unknown_tool(__other)),
                }
            }
        }
    })
}
