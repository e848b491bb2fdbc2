//! `#[tools]` on an `impl ServerHandler for Type` block: its `#[tool]`, `#[prompt]` and
//! `#[resource]` methods become the server's tools, prompts and resources.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Ident, ImplItem, ImplItemFn, ItemImpl};

use crate::prompt_method::PromptMethod;
use crate::resource_method::ResourceMethod;
use crate::tool_method::ToolMethod;

/// What a block declares.
#[derive(Default)]
struct Declared {
    tools: Vec<ToolMethod>,
    prompts: Vec<PromptMethod>,
    resources: Vec<ResourceMethod>,
    /// The declaring methods, moved to an inherent impl.
    methods: Vec<ImplItemFn>,
    /// Everything else in the block, kept in the trait impl.
    kept: Vec<ImplItem>,
}

/// The `ServerHandler` methods each kind of declaration writes.
const WRITTEN: [(&str, &[&str]); 3] = [
    ("#[tool]", &["list_tools", "call_tool"]),
    ("#[prompt]", &["list_prompts", "get_prompt"]),
    (
        "#[resource]",
        &["list_resources", "list_resource_templates", "read_resource"],
    ),
];

fn take_attribute(method: &mut ImplItemFn, kind: &str) -> Option<syn::Attribute> {
    let at = method.attrs.iter().position(|a| a.path().is_ident(kind))?;
    Some(method.attrs.remove(at))
}

fn duplicate(kind: &str, name: &str, method: &Ident, previous: &Ident) -> syn::Error {
    syn::Error::new(
        method.span(),
        format!(
            "two {kind}s are named `{name}` (the other is the method `{previous}`); rename one with #[{kind}(name = \"...\")]"
        ),
    )
}

impl Declared {
    fn read(items: Vec<ImplItem>) -> syn::Result<Self> {
        let mut declared = Self::default();
        for item in items {
            let ImplItem::Fn(mut method) = item else {
                declared.kept.push(item);
                continue;
            };
            if let Some(attr) = take_attribute(&mut method, "tool") {
                let tool = ToolMethod::parse(&method, &attr)?;
                if let Some(previous) = declared.tools.iter().find(|t| t.name == tool.name) {
                    return Err(duplicate(
                        "tool",
                        &tool.name,
                        &method.sig.ident,
                        &previous.signature.method,
                    ));
                }
                declared.tools.push(tool);
            } else if let Some(attr) = take_attribute(&mut method, "prompt") {
                let prompt = PromptMethod::parse(&method, &attr)?;
                if let Some(previous) = declared.prompts.iter().find(|p| p.name == prompt.name) {
                    return Err(duplicate(
                        "prompt",
                        &prompt.name,
                        &method.sig.ident,
                        &previous.signature.method,
                    ));
                }
                declared.prompts.push(prompt);
            } else if let Some(attr) = take_attribute(&mut method, "resource") {
                declared
                    .resources
                    .push(ResourceMethod::parse(&method, &attr)?);
            } else {
                declared.kept.push(ImplItem::Fn(method));
                continue;
            }
            declared.methods.push(method);
        }
        Ok(declared)
    }

    fn present(&self) -> [bool; 3] {
        [
            !self.tools.is_empty(),
            !self.prompts.is_empty(),
            !self.resources.is_empty(),
        ]
    }

    fn has_requirement(&self) -> bool {
        self.tools.iter().any(|t| t.options.has_requirement())
            || self.prompts.iter().any(|p| p.options.has_requirement())
            || self.resources.iter().any(|r| r.options.has_requirement())
    }

    /// The names of the methods the user wrote in the block.
    fn written_by_user(&self) -> impl Iterator<Item = &Ident> {
        self.kept.iter().filter_map(|item| match item {
            ImplItem::Fn(method) => Some(&method.sig.ident),
            _ => None,
        })
    }

    /// Refuses a user-written method that the declarations write.
    fn check_conflicts(&self) -> syn::Result<()> {
        let present = self.present();
        for ident in self.written_by_user() {
            for ((kind, names), present) in WRITTEN.iter().zip(present) {
                if present && names.iter().any(|n| ident == n) {
                    return Err(syn::Error::new(
                        ident.span(),
                        format!(
                            "#[tools] writes `{ident}` from the {kind} methods; remove this one (or drop #[tools] and write it yourself)"
                        ),
                    ));
                }
            }
            if ident == "required_capabilities" && self.has_requirement() {
                return Err(syn::Error::new(
                    ident.span(),
                    "#[tools] writes `required_capabilities` from the `requires(..)` options; remove this one, or the `requires(..)` options",
                ));
            }
        }
        Ok(())
    }
}

/// What a block whose declarations have an error still expands to: the block without its
/// declaring methods, so that the one error is not followed by others about the missing trait
/// impl.
pub(crate) fn fallback(item: TokenStream) -> TokenStream {
    let Ok(mut block) = syn::parse2::<ItemImpl>(item) else {
        return TokenStream::new();
    };
    block.items.retain(|item| match item {
        ImplItem::Fn(method) => !method.attrs.iter().any(|a| {
            ["tool", "prompt", "resource"]
                .iter()
                .any(|kind| a.path().is_ident(kind))
        }),
        _ => true,
    });
    quote!(#block)
}

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new(attr.span(), "#[tools] takes no options"));
    }
    let mut block: ItemImpl = syn::parse2(item)?;
    let Some((_, trait_path, _)) = &block.trait_ else {
        return Err(syn::Error::new(
            block.self_ty.span(),
            "write #[tools] on `impl ServerHandler for YourType`: it fills in the handler's tool, prompt and resource methods",
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
    let trait_path = trait_path.clone();
    let declared = Declared::read(std::mem::take(&mut block.items))?;
    if declared.present() == [false; 3] {
        return Err(syn::Error::new(
            block.self_ty.span(),
            "#[tools] found no #[tool], #[prompt] or #[resource] method in this block",
        ));
    }
    declared.check_conflicts()?;

    let mut tables = Vec::new();
    let mut handlers = Vec::new();
    if !declared.tools.is_empty() {
        let (table, handler) = tools(&declared.tools);
        tables.push(table);
        handlers.push(handler);
    }
    if !declared.prompts.is_empty() {
        let (table, handler) = prompts(&declared.prompts);
        tables.push(table);
        handlers.push(handler);
    }
    if !declared.resources.is_empty() {
        let (table, handler) = resources(&declared.resources);
        tables.push(table);
        handlers.push(handler);
    }
    handlers.push(capabilities(&declared));
    if declared.has_requirement() {
        handlers.push(requirements(&declared));
    }

    let Declared { methods, kept, .. } = declared;
    let self_ty = &block.self_ty;
    let (impl_generics, _, where_clause) = block.generics.split_for_impl();
    let attrs = &block.attrs;
    Ok(quote! {
        impl #impl_generics #self_ty #where_clause {
            #( #methods )*
            #( #tables )*
        }

        #( #attrs )*
        impl #impl_generics #trait_path for #self_ty #where_clause {
            #( #kept )*
            #( #handlers )*
        }
    })
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A `fn name() -> &'static Table` building the table at first use.
fn table(name: &str, table: TokenStream, entries: &[TokenStream], what: &str) -> TokenStream {
    let name = ident(name);
    let doc = format!("The {what} of this server, built at first use and then served from memory.");
    quote! {
        #[doc = #doc]
        #[doc(hidden)]
        fn #name() -> &'static ::tether_mcp::__private::#table {
            static TABLE: ::std::sync::OnceLock<::tether_mcp::__private::#table> =
                ::std::sync::OnceLock::new();
            TABLE.get_or_init(|| ::tether_mcp::__private::#table::new(::std::vec![#( #entries ),*]))
        }
    }
}

fn tools(tools: &[ToolMethod]) -> (TokenStream, TokenStream) {
    let (cx, params) = (ident("__tether_cx"), ident("__tether_params"));
    let entries: Vec<TokenStream> = tools.iter().map(ToolMethod::entry).collect();
    let arms = tools.iter().map(|t| t.arm(&cx, &params));
    let table = table("__tether_tool_table", quote!(ToolTable), &entries, "tools");
    let handler = quote! {
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
    };
    (table, handler)
}

fn prompts(prompts: &[PromptMethod]) -> (TokenStream, TokenStream) {
    let (cx, params) = (ident("__tether_cx"), ident("__tether_params"));
    let entries: Vec<TokenStream> = prompts.iter().map(PromptMethod::entry).collect();
    let arms = prompts
        .iter()
        .enumerate()
        .map(|(index, p)| p.arm(index, &cx, &params));
    let table = table(
        "__tether_prompt_table",
        quote!(PromptTable),
        &entries,
        "prompts",
    );
    let handler = quote! {
        async fn list_prompts(
            &self,
            _: ::core::option::Option<::tether_mcp::types::PaginatedRequestParams>,
            _: ::tether_mcp::RequestCx<'_>,
        ) -> ::core::result::Result<::tether_mcp::types::ListPromptsResult, ::tether_mcp::ServerError> {
            ::core::result::Result::Ok(Self::__tether_prompt_table().list())
        }

        async fn get_prompt(
            &self,
            #params: ::tether_mcp::types::GetPromptRequestParams,
            #cx: ::tether_mcp::InFlight<'_>,
        ) -> ::core::result::Result<::tether_mcp::types::GetPromptResult, ::tether_mcp::ServerError> {
            let _ = &#cx;
            match #params.name.as_str() {
                #( #arms )*
                __other => ::core::result::Result::Err(::tether_mcp::ServerError::invalid_params(
                    ::std::format!("unknown prompt: {__other}"),
                )),
            }
        }
    };
    (table, handler)
}

fn resources(resources: &[ResourceMethod]) -> (TokenStream, TokenStream) {
    let (cx, params) = (ident("__tether_cx"), ident("__tether_params"));
    let (vars, mime_type) = (ident("__tether_vars"), ident("__tether_mime_type"));
    let entries: Vec<TokenStream> = resources.iter().map(ResourceMethod::entry).collect();
    let arms = resources
        .iter()
        .enumerate()
        .map(|(index, r)| r.arm(index, &cx, &params, &vars, &mime_type));
    let table = table(
        "__tether_resource_table",
        quote!(ResourceTable),
        &entries,
        "resources",
    );
    let handler = quote! {
        async fn list_resources(
            &self,
            _: ::core::option::Option<::tether_mcp::types::PaginatedRequestParams>,
            _: ::tether_mcp::RequestCx<'_>,
        ) -> ::core::result::Result<::tether_mcp::types::ListResourcesResult, ::tether_mcp::ServerError> {
            ::core::result::Result::Ok(Self::__tether_resource_table().list())
        }

        async fn list_resource_templates(
            &self,
            _: ::core::option::Option<::tether_mcp::types::PaginatedRequestParams>,
            _: ::tether_mcp::RequestCx<'_>,
        ) -> ::core::result::Result<::tether_mcp::types::ListResourceTemplatesResult, ::tether_mcp::ServerError> {
            ::core::result::Result::Ok(Self::__tether_resource_table().templates())
        }

        async fn read_resource(
            &self,
            #params: ::tether_mcp::types::ReadResourceRequestParams,
            #cx: ::tether_mcp::InFlight<'_>,
        ) -> ::core::result::Result<::tether_mcp::types::ReadResourceResult, ::tether_mcp::ServerError> {
            let __tether_table = Self::__tether_resource_table();
            let ::core::option::Option::Some((__tether_index, #vars)) = __tether_table.find(&#params.uri) else {
                return ::core::result::Result::Err(::tether_mcp::ServerError::resource_not_found(&#params.uri));
            };
            let _ = (&#vars, &#cx);
            let #mime_type = __tether_table.entry(__tether_index).mime_type();
            match __tether_index {
                #( #arms )*
                _ => ::core::result::Result::Err(::tether_mcp::ServerError::resource_not_found(&#params.uri)),
            }
        }
    };
    (table, handler)
}

/// `default_capabilities`: what the block declares, plus what the methods the user wrote in
/// the block serve (`call_tool` is `tools`, `complete` is `completions`, `set_level` is
/// `logging`, `subscribe` is `resources.subscribe`). Not written when the user wrote it.
fn capabilities(declared: &Declared) -> TokenStream {
    let wrote = |name: &str| declared.written_by_user().any(|i| i == name);
    if wrote("default_capabilities") {
        return TokenStream::new();
    }
    let present = declared.present();
    let some = quote!(::core::option::Option::Some(
        ::core::default::Default::default()
    ));
    let none = quote!(::core::option::Option::None);
    let [tools, prompts] = std::array::from_fn(|kind| {
        if present[kind] || WRITTEN[kind].1.iter().any(|n| wrote(n)) {
            some.clone()
        } else {
            none.clone()
        }
    });
    let subscribe = wrote("subscribe");
    let resources = if present[2] || subscribe || WRITTEN[2].1.iter().any(|n| wrote(n)) {
        let subscribe = if subscribe {
            quote!(::core::option::Option::Some(true))
        } else {
            none.clone()
        };
        quote!(::core::option::Option::Some(::tether_mcp::types::ResourcesCapability {
            subscribe: #subscribe,
            ..::core::default::Default::default()
        }))
    } else {
        none.clone()
    };
    let completions = if wrote("complete") {
        some.clone()
    } else {
        none.clone()
    };
    let logging = if wrote("set_level") { some } else { none };
    quote! {
        fn default_capabilities(&self) -> ::tether_mcp::types::ServerCapabilities {
            ::tether_mcp::types::ServerCapabilities {
                tools: #tools,
                prompts: #prompts,
                resources: #resources,
                completions: #completions,
                logging: #logging,
                ..::core::default::Default::default()
            }
        }
    }
}

/// `required_capabilities`: each declaration's `requires(..)`, from its table.
fn requirements(declared: &Declared) -> TokenStream {
    let mut arms = Vec::new();
    if !declared.tools.is_empty() {
        arms.push(quote!(::tether_mcp::Target::Tool(__name) => Self::__tether_tool_table().required(__name),));
    }
    if !declared.prompts.is_empty() {
        arms.push(quote!(::tether_mcp::Target::Prompt(__name) => Self::__tether_prompt_table().required(__name),));
    }
    if !declared.resources.is_empty() {
        arms.push(quote!(::tether_mcp::Target::Resource(__uri) => Self::__tether_resource_table().required(__uri),));
    }
    quote! {
        fn required_capabilities(
            &self,
            __target: ::tether_mcp::Target<'_>,
        ) -> ::core::option::Option<::tether_mcp::types::ClientCapabilities> {
            match __target {
                #( #arms )*
                _ => ::core::option::Option::None,
            }
        }
    }
}
