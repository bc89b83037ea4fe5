//! What a browser makes of the start of a URL written in a page. Browsers drop
//! leading and trailing spaces and control characters and every tab and newline, and
//! read `\` as `/` in http(s) URLs: `java<TAB>script:` is a `javascript:` URL and
//! `/\evil.example/` leads to another host. Every URL check in byline (front matter,
//! Markdown links) reads URLs this way, so none can be got round by spelling.

use std::borrow::Cow;

/// How a URL starts, as a browser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// `https:`, `javascript:`: the scheme as written (without tabs and newlines).
    Scheme(String),
    /// `//host/…`, `/\host/…`: another host, reached with the page's scheme.
    OtherHost,
    /// `/docs/x`: a path on this site.
    SitePath,
    /// `x.md`, `#part`, `?q=1`, or nothing.
    Relative,
}

pub fn start(url: &str) -> Start {
    let url = url.trim_matches(|c: char| c <= ' ');
    let url: Cow<str> = if url.contains(['\t', '\n', '\r']) {
        url.replace(['\t', '\n', '\r'], "").into()
    } else {
        url.into()
    };
    if let Some(scheme) = scheme_of(&url) {
        return Start::Scheme(scheme.to_string());
    }
    let slash = |c: Option<u8>| matches!(c, Some(b'/' | b'\\'));
    let bytes = url.as_bytes();
    match (bytes.first().copied(), bytes.get(1).copied()) {
        (first, second) if slash(first) && slash(second) => Start::OtherHost,
        (Some(b'/'), _) => Start::SitePath,
        _ => Start::Relative,
    }
}

/// The scheme of a URL (`javascript` in `javascript:alert(1)`), if it has one.
pub fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_start_as_browsers_read_them() {
        let scheme = |s: &str| Start::Scheme(s.into());
        assert_eq!(start("https://e.org/"), scheme("https"));
        assert_eq!(start(" java\tscript:alert(1)"), scheme("javascript"));
        assert_eq!(start("\u{1}JavaScript:x"), scheme("JavaScript"));
        for other in ["//e.org", "/\\e.org", "\\\\e.org", "\\/e.org", "/\t/e.org"] {
            assert_eq!(start(other), Start::OtherHost, "{other:?}");
        }
        assert_eq!(start("/docs/a\\b"), Start::SitePath);
        assert_eq!(start("a/b.md#c"), Start::Relative);
        assert_eq!(start("1:2"), Start::Relative);
        assert_eq!(start(""), Start::Relative);
    }
}
