//! The options every declaration attribute (`#[tool(..)]`, `#[prompt(..)]`,
//! `#[resource(..)]`) shares: `name`, `title`, icons and the client capabilities it requires.

use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

/// One `icon = ".."` or `icon(src = "..", mime_type = "..", sizes = "..", theme = "..")`.
struct Icon {
    src: String,
    mime_type: Option<String>,
    sizes: Vec<String>,
    /// `Light` or `Dark`.
    theme: Option<&'static str>,
}

/// `requires(elicitation, url_elicitation, sampling, roots)`.
#[derive(Default)]
struct Requires {
    elicitation: bool,
    url_elicitation: bool,
    sampling: bool,
    roots: bool,
}

/// The shared options of one declaration.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) name: Option<String>,
    pub(crate) title: Option<String>,
    icons: Vec<Icon>,
    requires: Option<Requires>,
}

const SHARED: &str = "`name = \"...\"`, `title = \"...\"`, `icon = \"https://...\"` (or `icon(src = \"...\", mime_type = \"...\", sizes = \"48x48 96x96\", theme = \"light\" | \"dark\")`), `requires(elicitation, url_elicitation, sampling, roots)`";

fn parse_icon(meta: &ParseNestedMeta<'_>) -> syn::Result<Icon> {
    if meta.input.peek(syn::Token![=]) {
        let src = meta.value()?.parse::<LitStr>()?.value();
        return Ok(Icon {
            src,
            mime_type: None,
            sizes: Vec::new(),
            theme: None,
        });
    }
    let mut src = None;
    let mut icon = Icon {
        src: String::new(),
        mime_type: None,
        sizes: Vec::new(),
        theme: None,
    };
    meta.parse_nested_meta(|part| {
        let value = part.value()?.parse::<LitStr>()?;
        if part.path.is_ident("src") {
            src = Some(value.value());
        } else if part.path.is_ident("mime_type") {
            icon.mime_type = Some(value.value());
        } else if part.path.is_ident("sizes") {
            icon.sizes = value
                .value()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
        } else if part.path.is_ident("theme") {
            icon.theme = Some(match value.value().as_str() {
                "light" => "Light",
                "dark" => "Dark",
                _ => {
                    return Err(syn::Error::new(
                        value.span(),
                        "an icon's theme is \"light\" or \"dark\"",
                    ));
                }
            });
        } else {
            return Err(part.error("an icon has `src`, `mime_type`, `sizes` and `theme`"));
        }
        Ok(())
    })?;
    icon.src = src.ok_or_else(|| meta.error("an icon needs `src = \"...\"`"))?;
    Ok(icon)
}

fn parse_requires(meta: &ParseNestedMeta<'_>) -> syn::Result<Requires> {
    let mut requires = Requires::default();
    meta.parse_nested_meta(|need| {
        let slot = if need.path.is_ident("elicitation") {
            &mut requires.elicitation
        } else if need.path.is_ident("url_elicitation") {
            &mut requires.url_elicitation
        } else if need.path.is_ident("sampling") {
            &mut requires.sampling
        } else if need.path.is_ident("roots") {
            &mut requires.roots
        } else {
            return Err(need.error(
                "a client capability is one of `elicitation`, `url_elicitation`, `sampling`, `roots`",
            ));
        };
        *slot = true;
        Ok(())
    })?;
    Ok(requires)
}

impl Options {
    /// Reads `attr` (`#[kind]` or `#[kind(..)]`); `specific` reads the options only this kind
    /// has (returning `false` for an option it does not know), listed in `specific_names` for
    /// the error message.
    pub(crate) fn parse(
        attr: &Attribute,
        kind: &str,
        specific_names: &str,
        mut specific: impl FnMut(&ParseNestedMeta<'_>) -> syn::Result<bool>,
    ) -> syn::Result<Self> {
        let mut options = Self::default();
        if matches!(attr.meta, syn::Meta::Path(_)) {
            return Ok(options);
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                options.name = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("title") {
                options.title = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("icon") {
                options.icons.push(parse_icon(&meta)?);
            } else if meta.path.is_ident("requires") {
                options.requires = Some(parse_requires(&meta)?);
            } else if !specific(&meta)? {
                return Err(meta.error(format!(
                    "unknown #[{kind}] option; the options are {SHARED}{specific_names}"
                )));
            }
            Ok(())
        })?;
        Ok(options)
    }

    /// The declared name: `name = ".."`, or the method's.
    pub(crate) fn name_or(&self, method: &syn::ImplItemFn) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| method.sig.ident.to_string())
    }

    /// Whether the declaration requires client capabilities.
    pub(crate) fn has_requirement(&self) -> bool {
        self.requires.is_some()
    }

    /// `entry` with the icons and the requirement applied.
    pub(crate) fn decorate(&self, entry: TokenStream) -> TokenStream {
        let mut entry = entry;
        if !self.icons.is_empty() {
            let icons = self.icons.iter().map(|icon| {
                let src = &icon.src;
                let mime_type = option(icon.mime_type.as_deref());
                let sizes = &icon.sizes;
                let theme = match icon.theme {
                    Some(theme) => {
                        let variant = syn::Ident::new(theme, proc_macro2::Span::call_site());
                        quote!(::core::option::Option::Some(::tether_mcp::types::IconTheme::#variant))
                    }
                    None => quote!(::core::option::Option::None),
                };
                quote!(::tether_mcp::__private::icon(#src, #mime_type, &[#( #sizes ),*], #theme))
            });
            entry = quote!(#entry.icons(::std::vec![#( #icons ),*]));
        }
        if let Some(requires) = &self.requires {
            let Requires {
                elicitation,
                url_elicitation,
                sampling,
                roots,
            } = requires;
            entry = quote!(#entry.requires(::tether_mcp::__private::requirement(
                #elicitation, #url_elicitation, #sampling, #roots
            )));
        }
        entry
    }
}

/// `Some("..")` or `None` as tokens.
pub(crate) fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
