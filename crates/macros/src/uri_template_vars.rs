//! The variables of a `#[resource]` URI template, read at compile time with the rules the
//! runtime matcher (`tether_mcp::UriTemplate`) follows: `{var}`, `{+var}` and `{#var}`, one
//! variable each.

/// The template's variable names in order, or why the template cannot be matched.
pub(crate) fn variables(template: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(format!("`{template}` has a `}}` without its `{{`"));
        }
        let Some(close) = rest[open..].find('}').map(|len| open + len) else {
            return Err(format!("`{template}` has a `{{` without its `}}`"));
        };
        let expression = &rest[open + 1..close];
        let name = expression.strip_prefix(['+', '#']).unwrap_or(expression);
        let unsupported = |why: &str| {
            format!(
                "`{{{expression}}}` in `{template}` cannot be matched: {why}; write `{{var}}`, `{{+var}}` or `{{#var}}`, one variable each"
            )
        };
        if name.starts_with(['/', '.', ';', '?', '&', '=', ',', '!', '@', '|']) {
            return Err(unsupported("its operator is not supported"));
        }
        if name.contains(',') {
            return Err(unsupported("it lists several variables"));
        }
        if name.contains([':', '*']) {
            return Err(unsupported("it has a modifier"));
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '%')
        {
            return Err(unsupported("a variable name is letters, digits and `_`"));
        }
        if names.iter().any(|n| n == name) {
            return Err(unsupported("the variable appears twice"));
        }
        names.push(name.to_owned());
        rest = &rest[close + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::variables;

    #[test]
    fn reads_the_variables_in_order() {
        assert_eq!(
            variables("users://{id}/files/{+path}").unwrap(),
            ["id", "path"]
        );
        assert!(variables("docs://readme").unwrap().is_empty());
    }

    #[test]
    fn refuses_what_the_matcher_cannot_match() {
        for bad in [
            "a://{x,y}",
            "a://{?q}",
            "a://{x*}",
            "a://{x:3}",
            "a://{x}/{x}",
            "a://{x",
            "a://x}",
            "a://{}",
        ] {
            assert!(variables(bad).is_err(), "{bad} was accepted");
        }
    }
}
