//! `UriTemplate`: matches `resources/read` URIs against the RFC 6570 templates of
//! `resources/templates/list`, and expands templates into URIs.

use std::collections::BTreeMap;
use std::fmt;

use iri_string::spec::UriSpec;
use iri_string::template::simple_context::SimpleContext;
use iri_string::template::{UriTemplateStr, UriTemplateString};

/// An RFC 6570 URI template that can be matched: `resources/read` URIs against the
/// `uriTemplate`s a server lists in `resources/templates/list`.
///
/// RFC 6570 defines only expansion (values → URI). Matching (URI → values) is the inverse, and
/// no well-kept crate offers it, so this type validates and expands templates with the
/// [`iri-string`](https://docs.rs/iri-string) crate and matches with its own code, which handles
/// the expressions whose inverse is unambiguous, one variable each:
///
/// | Expression | Matches | Value |
/// |---|---|---|
/// | `{var}` (level 1) | one or more unreserved characters (`A-Z a-z 0-9 - . _ ~`) or percent-encoded triplets: never `/`, `?`, `#`, ... | percent-decoded |
/// | `{+var}` (level 2) | one or more characters of a URI, reserved ones (`/ ? # : @ ...`) included | percent-decoded |
/// | `{#var}` (level 2) | `#` then what `{+var}` matches | percent-decoded |
///
/// Non-ASCII characters (IRIs) match in every form. [`parse`](Self::parse) refuses the other
/// operators (`{/var}`, `{.var}`, `{;var}`, `{?var}`, `{&var}`), lists (`{a,b}`), modifiers
/// (`{var:3}`, `{var*}`) and a variable named twice, naming the expression, and any template
/// that is not valid RFC 6570 (as `iri-string` judges it).
///
/// Matching rules: every variable matches at least one character (`file:///{name}` does not
/// match `file:///`); literal text matches exactly; a value whose percent-decoding is not UTF-8
/// fails the match; where a URI splits in several ways, earlier variables take as much as they
/// can (`{+dir}/{name}` splits `a/b/c` into `a/b` and `c`). Decoding means `{+path}` cannot tell
/// `%2F` from `/`: sanitize paths before use (the spec requires it). Matching takes time
/// linear in the URI's length (times the template's parts), whatever the input.
///
/// ```
/// use tether_mcp::UriTemplate;
///
/// let template = UriTemplate::parse("file:///{+path}")?;
/// let vars = template.matches("file:///docs/read%20me.md").unwrap();
/// assert_eq!(vars.get("path"), Some("docs/read me.md"));
/// assert!(template.matches("https://example.com/x").is_none());
///
/// let user = UriTemplate::parse("users://{id}/profile")?;
/// assert_eq!(user.matches("users://42/profile").unwrap().get("id"), Some("42"));
/// assert!(user.matches("users://4/2/profile").is_none()); // `{id}` never matches `/`
/// assert_eq!(user.expand([("id", "a b")]), "users://a%20b/profile");
///
/// assert!(UriTemplate::parse("search://{?q}").is_err()); // matching `{?q}` is not supported
/// # Ok::<(), tether_mcp::UriTemplateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriTemplate {
    template: UriTemplateString,
    parts: Vec<Part>,
}

/// A template [`UriTemplate::parse`] refuses: invalid RFC 6570, or not matchable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UriTemplateError(String);

/// The variables a [`UriTemplate`] match extracted, by name, percent-decoded. Also the values
/// to [expand](UriTemplate::expand) a template with (`FromIterator` of name-value pairs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateVars(BTreeMap<String, String>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Var { name: String, reserved: bool },
}

impl UriTemplate {
    /// Parses `template`; see the [type docs](Self) for what can be matched.
    pub fn parse(template: &str) -> Result<Self, UriTemplateError> {
        let validated = UriTemplateStr::new(template)
            .map_err(|e| UriTemplateError(format!("`{template}`: {e}")))?;
        let mut parts = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            // Validated: every `{` has its `}` and expressions do not nest.
            let Some(close) = rest[open..].find('}').map(|len| open + len) else {
                return Err(UriTemplateError(format!(
                    "`{template}`: unclosed expression"
                )));
            };
            push_literal(&mut parts, &rest[..open]);
            let expression = &rest[open + 1..close];
            let unsupported = |why: &str| {
                UriTemplateError(format!(
                    "`{template}`: `{{{expression}}}` cannot be matched: {why}; only `{{var}}`, \
                     `{{+var}}` and `{{#var}}` with one variable each can"
                ))
            };
            let (fragment, reserved, name) = match expression.as_bytes().first() {
                Some(b'+') => (false, true, &expression[1..]),
                Some(b'#') => (true, true, &expression[1..]),
                Some(b'/' | b'.' | b';' | b'?' | b'&') => {
                    return Err(unsupported("its operator is not supported"));
                }
                _ => (false, false, expression),
            };
            if name.contains(',') {
                return Err(unsupported("it lists several variables"));
            }
            if name.contains([':', '*']) {
                return Err(unsupported("it has a modifier"));
            }
            if names.contains(&name) {
                return Err(unsupported("the variable appears twice"));
            }
            names.push(name);
            if fragment {
                push_literal(&mut parts, "#");
            }
            parts.push(Part::Var {
                name: name.to_owned(),
                reserved,
            });
            rest = &rest[close + 1..];
        }
        push_literal(&mut parts, rest);
        Ok(Self {
            template: validated.into(),
            parts,
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        self.template.as_str()
    }

    /// The variable names, in order.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Var { name, .. } => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The variables of `uri` if it matches the template, percent-decoded; `None` if it does
    /// not match.
    pub fn matches(&self, uri: &str) -> Option<TemplateVars> {
        let units = Units::of(uri);
        // reach[p][u]: the first `p` parts can match the URI up to unit boundary `u`.
        let mut reach = vec![vec![false; units.count() + 1]];
        reach[0][0] = true;
        for part in &self.parts {
            let from = reach.last()?;
            let to = match part {
                Part::Literal(text) => units.after_literal(from, text),
                Part::Var { reserved, .. } => units.after_var(from, *reserved),
            };
            reach.push(to);
        }
        if !reach.last()?[units.count()] {
            return None;
        }
        // Walk back from the end: each variable starts as late as the parts before it allow,
        // so the earlier variables take as much as they can.
        let mut vars = TemplateVars::default();
        let mut end = units.count();
        for (p, part) in self.parts.iter().enumerate().rev() {
            let start = match part {
                Part::Literal(text) => units.at_byte(units.byte(end) - text.len())?,
                Part::Var { name, reserved } => {
                    let start = (0..end)
                        .rev()
                        .take_while(|&u| units.allowed(u, *reserved))
                        .find(|&u| reach[p][u])?;
                    let raw = &uri[units.byte(start)..units.byte(end)];
                    let value = percent_encoding::percent_decode_str(raw)
                        .decode_utf8()
                        .ok()?;
                    vars.0.insert(name.clone(), value.into_owned());
                    start
                }
            };
            end = start;
        }
        Some(vars)
    }

    /// The URI for `vars` (RFC 6570 expansion by `iri-string`, percent-encoding as a URI
    /// requires). A variable without a value expands to nothing.
    pub fn expand<K, V>(&self, vars: impl IntoIterator<Item = (K, V)>) -> String
    where
        K: Into<String>,
        V: Into<String>,
    {
        let mut context = SimpleContext::new();
        for (name, value) in vars {
            context.insert(name, value.into());
        }
        // Expansion fails only for a list or map value under a prefix modifier: this context
        // holds strings only, and `parse` refuses modifiers.
        match self.template.expand::<UriSpec, _>(&context) {
            Ok(expanded) => expanded.to_string(),
            Err(e) => unreachable!("expanding a matchable template with strings: {e}"),
        }
    }
}

impl TemplateVars {
    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The variables and their values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many variables there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The map of names to values.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for TemplateVars {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl IntoIterator for TemplateVars {
    type Item = (String, String);
    type IntoIter = std::collections::btree_map::IntoIter<String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a TemplateVars {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

fn push_literal(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Literal(text.to_owned()));
    }
}

impl fmt::Display for UriTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for UriTemplate {
    type Err = UriTemplateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A URI cut into units: percent-encoded triplets, single ASCII characters, and non-ASCII
/// characters. Variables and literals start and end on unit boundaries.
struct Units<'a> {
    uri: &'a str,
    /// The byte offset of each unit, then the URI's length.
    bounds: Vec<usize>,
    /// For each unit: whether `{var}` (bit 0) and `{+var}` (bit 1) may match it.
    classes: Vec<u8>,
}

const SIMPLE: u8 = 1;
const RESERVED: u8 = 2;

impl<'a> Units<'a> {
    fn of(uri: &'a str) -> Self {
        let bytes = uri.as_bytes();
        let (mut bounds, mut classes) = (Vec::new(), Vec::new());
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let (len, class) = if b == b'%' {
                let triplet = bytes
                    .get(at + 1..at + 3)
                    .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
                if triplet {
                    (3, SIMPLE | RESERVED)
                } else {
                    (1, 0)
                }
            } else if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (1, SIMPLE | RESERVED)
            } else if b":/?#[]@!$&'()*+,;=".contains(&b) {
                (1, RESERVED)
            } else if b.is_ascii() {
                (1, 0) // never in an expansion: space, quotes, braces, controls, ...
            } else {
                let len = uri[at..].chars().next().map_or(1, char::len_utf8);
                (len, SIMPLE | RESERVED)
            };
            bounds.push(at);
            classes.push(class);
            at += len;
        }
        bounds.push(bytes.len());
        Self {
            uri,
            bounds,
            classes,
        }
    }

    fn count(&self) -> usize {
        self.classes.len()
    }

    fn byte(&self, unit: usize) -> usize {
        self.bounds[unit]
    }

    /// The unit boundary at byte offset `byte`, if it is one.
    fn at_byte(&self, byte: usize) -> Option<usize> {
        self.bounds.binary_search(&byte).ok()
    }

    fn allowed(&self, unit: usize, reserved: bool) -> bool {
        self.classes[unit] & if reserved { RESERVED } else { SIMPLE } != 0
    }

    /// Where a literal that may start at any `from` boundary ends.
    fn after_literal(&self, from: &[bool], text: &str) -> Vec<bool> {
        let mut to = vec![false; from.len()];
        for (unit, _) in from.iter().enumerate().filter(|(_, reached)| **reached) {
            let start = self.bounds[unit];
            if self.uri[start..].starts_with(text)
                && let Some(after) = self.at_byte(start + text.len())
            {
                to[after] = true;
            }
        }
        to
    }

    /// Where a variable that may start at any `from` boundary can end: one sweep, since a run
    /// of allowed units reached at one boundary can end at any later boundary of the run.
    fn after_var(&self, from: &[bool], reserved: bool) -> Vec<bool> {
        let mut to = vec![false; from.len()];
        let mut in_run = false;
        for unit in 0..self.count() {
            in_run = self.allowed(unit, reserved) && (in_run || from[unit]);
            to[unit + 1] = in_run;
        }
        to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(template: &str) -> UriTemplate {
        UriTemplate::parse(template).unwrap()
    }

    fn vars(template: &str, uri: &str) -> Option<Vec<(String, String)>> {
        t(template).matches(uri).map(|v| v.into_iter().collect())
    }

    fn one(template: &str, uri: &str) -> Option<String> {
        let vars = t(template).matches(uri)?;
        assert_eq!(vars.len(), 1);
        vars.iter().next().map(|(_, v)| v.to_owned())
    }

    #[test]
    fn a_simple_variable_matches_one_segment_decoded() {
        assert_eq!(
            one("file:///{name}", "file:///a.txt").as_deref(),
            Some("a.txt")
        );
        assert_eq!(
            one("file:///{name}", "file:///a%20b").as_deref(),
            Some("a b")
        );
        assert_eq!(
            one("file:///{name}", "file:///a%2Fb").as_deref(),
            Some("a/b")
        );
        assert_eq!(
            one("file:///{name}", "file:///caf%C3%A9").as_deref(),
            Some("café")
        );
        assert_eq!(
            one("file:///{name}", "file:///café").as_deref(),
            Some("café")
        );
        assert_eq!(one("file:///{name}", "file:///a/b"), None);
        assert_eq!(one("file:///{name}", "file:///a?x"), None);
        assert_eq!(
            one("file:///{name}", "file:///"),
            None,
            "values are not empty"
        );
        assert_eq!(
            one("file:///{name}", "file:///a b"),
            None,
            "a space is not a URI"
        );
    }

    #[test]
    fn a_reserved_variable_matches_across_segments() {
        assert_eq!(
            one("file:///{+path}", "file:///a/b/c.md").as_deref(),
            Some("a/b/c.md")
        );
        assert_eq!(
            one("file:///{+path}", "file:///a?x=1#f").as_deref(),
            Some("a?x=1#f")
        );
        assert_eq!(
            one("file:///{+path}", "file:///a%20b/c").as_deref(),
            Some("a b/c")
        );
        assert_eq!(one("file:///{+path}", "http:///a"), None);
    }

    #[test]
    fn a_fragment_variable_needs_its_hash() {
        assert_eq!(
            one("doc://x{#section}", "doc://x#intro").as_deref(),
            Some("intro")
        );
        assert_eq!(
            one("doc://x{#section}", "doc://x#a/b").as_deref(),
            Some("a/b")
        );
        assert_eq!(one("doc://x{#section}", "doc://xintro"), None);
    }

    #[test]
    fn literals_after_a_variable_are_found_at_the_right_place() {
        assert_eq!(
            one("file:///{name}.txt", "file:///a.b.txt").as_deref(),
            Some("a.b")
        );
        assert_eq!(one("file:///{name}.txt", "file:///a.b.md"), None);
        assert_eq!(
            vars(
                "repo://{owner}/{repo}/issues/{n}",
                "repo://me/tether/issues/7"
            ),
            Some(vec![
                ("n".into(), "7".into()),
                ("owner".into(), "me".into()),
                ("repo".into(), "tether".into()),
            ])
        );
    }

    #[test]
    fn earlier_variables_take_as_much_as_they_can() {
        assert_eq!(
            vars("x:{+a}/{+b}", "x:1/2/3"),
            Some(vec![("a".into(), "1/2".into()), ("b".into(), "3".into())])
        );
        assert_eq!(
            vars("x:{+dir}/{name}", "x:1/2/3"),
            Some(vec![
                ("dir".into(), "1/2".into()),
                ("name".into(), "3".into())
            ])
        );
        assert_eq!(
            vars("x:{a}{b}", "x:abc"),
            Some(vec![("a".into(), "ab".into()), ("b".into(), "c".into())])
        );
    }

    #[test]
    fn triplets_are_never_split_and_bad_utf8_fails() {
        // `{a}` cannot end inside `%41`, so `b` starts after it.
        assert_eq!(
            vars("x:{a}{b}", "x:%41"),
            None,
            "one unit cannot feed two variables"
        );
        assert_eq!(one("x:{a}", "x:%FF"), None);
        assert_eq!(one("x:{a}", "x:%4"), None, "a lone % is not a URI");
    }

    #[test]
    fn templates_without_variables_match_exactly() {
        let fixed = t("file:///README.md");
        assert_eq!(
            fixed.matches("file:///README.md"),
            Some(TemplateVars::default())
        );
        assert_eq!(fixed.matches("file:///README.mdx"), None);
        assert_eq!(fixed.variables().count(), 0);
    }

    #[test]
    fn unmatchable_and_invalid_templates_are_refused_naming_the_expression() {
        for (template, words) in [
            ("x:{/a}", ["{/a}", "operator"]),
            ("x:{?q}", ["{?q}", "operator"]),
            ("x:{a,b}", ["{a,b}", "several"]),
            ("x:{a:3}", ["{a:3}", "modifier"]),
            ("x:{a*}", ["{a*}", "modifier"]),
            ("x:{a}/{a}", ["{a}", "twice"]),
        ] {
            let message = UriTemplate::parse(template).unwrap_err().to_string();
            for word in words {
                assert!(message.contains(word), "{template}: {message}");
            }
        }
        for invalid in ["x:{a", "x:{}", "x:{a b}", "x:a}b", "x:{=a}"] {
            let message = UriTemplate::parse(invalid).unwrap_err().to_string();
            assert!(message.contains(invalid), "{message}");
        }
    }

    #[test]
    fn expansion_is_rfc_6570_and_round_trips_through_matching() {
        let template = t("file:///{dir}/{+rest}{#frag}");
        let uri = template.expand([("dir", "a b/c"), ("rest", "x/y z"), ("frag", "top")]);
        assert_eq!(uri, "file:///a%20b%2Fc/x/y%20z#top");
        let back = template.matches(&uri).unwrap();
        assert_eq!(back.get("dir"), Some("a b/c"));
        assert_eq!(back.get("rest"), Some("x/y z"));
        assert_eq!(back.get("frag"), Some("top"));
        assert_eq!(template.expand(&back), uri);
        assert_eq!(
            template.variables().collect::<Vec<_>>(),
            vec!["dir", "rest", "frag"]
        );
        assert_eq!(template.to_string(), "file:///{dir}/{+rest}{#frag}");
        assert_eq!("x:{a}".parse::<UriTemplate>().unwrap(), t("x:{a}"));
    }

    #[test]
    fn a_hostile_uri_is_matched_in_linear_time() {
        // Backtracking would try every split of the `x`s between the three variables.
        let template = t("x:{+a}x{+b}x{+c}y");
        let uri = format!("x:{}", "x".repeat(200_000));
        let started = std::time::Instant::now();
        assert_eq!(template.matches(&uri), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(template.matches(&format!("{uri}y")).is_some());
    }
}
