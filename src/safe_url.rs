//! byline's one URL policy, and how a browser reads the start of a URL. Browsers drop
//! leading and trailing spaces and control characters and every tab and newline, and
//! read `\` as `/` in http(s) URLs: `java<TAB>script:` is a `javascript:` URL and
//! `/\evil.example/` leads to another host. Every URL a writer gives byline (Markdown
//! links and images, source URLs, URLs in sanitized raw HTML, site paths in
//! `site.toml`) is read this way and judged by `check`, so no spelling gets round it
//! and no two places disagree.

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

/// What a URL is for: only an image's source may be a `data:image/…` URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Link,
    Image,
}

/// Why `check` refuses a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// `javascript:`, `vbscript:`, `file:`, or `data:` but for an image's `data:image/…`:
    /// the scheme as written.
    Scheme(String),
    /// `//host`, `/\host`: a URL without a scheme that leads to another host.
    OtherHost,
}

/// Schemes that run code in the page or open the reader's own files.
const DANGEROUS_SCHEMES: &[&str] = &["javascript", "vbscript", "file"];

/// The policy: refuses what can run code or leave the site unannounced
/// (`javascript:`, `vbscript:`, `file:`, `data:` other than an image's, and
/// protocol-relative `//host` in any spelling); lets every other scheme, site path and
/// relative URL through, saying how it starts.
pub fn check(url: &str, used: Use) -> Result<Start, Refused> {
    let url = read(url);
    match start_of(&url) {
        Start::OtherHost => Err(Refused::OtherHost),
        Start::Scheme(scheme) if dangerous(&scheme, &url, used) => Err(Refused::Scheme(scheme)),
        start => Ok(start),
    }
}

fn dangerous(scheme: &str, url: &str, used: Use) -> bool {
    let scheme_lower = scheme.to_ascii_lowercase();
    if DANGEROUS_SCHEMES.contains(&scheme_lower.as_str()) {
        return true;
    }
    let image_data = || {
        let media_type = url[scheme.len() + 1..].trim_start();
        media_type
            .get(..6)
            .is_some_and(|t| t.eq_ignore_ascii_case("image/"))
    };
    scheme_lower == "data" && !(used == Use::Image && image_data())
}

/// The URL as a browser reads it: without leading and trailing spaces and control
/// characters, and without any tab or newline.
pub fn read(url: &str) -> Cow<'_, str> {
    let url = url.trim_matches(|c: char| c <= ' ');
    if url.contains(['\t', '\n', '\r']) {
        url.replace(['\t', '\n', '\r'], "").into()
    } else {
        url.into()
    }
}

/// How a URL read by `read` starts.
fn start_of(url: &str) -> Start {
    if let Some(scheme) = scheme_of(url) {
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
fn scheme_of(url: &str) -> Option<&str> {
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

    fn start(url: &str) -> Start {
        start_of(&read(url))
    }

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

    #[test]
    fn the_policy_refuses_what_runs_code_or_leaves_the_site_and_allows_the_rest() {
        let scheme = |s: &str| Err(Refused::Scheme(s.into()));
        for (url, refused) in [
            ("javascript:alert(1)", scheme("javascript")),
            (" JavaScript:alert(1)", scheme("JavaScript")),
            ("java\tscript:alert(1)", scheme("javascript")),
            ("\u{1}vbscript:msgbox(1)", scheme("vbscript")),
            ("file:///etc/passwd", scheme("file")),
            ("data:text/html,<script>alert(1)</script>", scheme("data")),
            ("//evil.example/x", Err(Refused::OtherHost)),
            ("/\\evil.example/x", Err(Refused::OtherHost)),
            ("\\/evil.example/x", Err(Refused::OtherHost)),
        ] {
            assert_eq!(check(url, Use::Link), refused, "{url:?}");
            assert_eq!(check(url, Use::Image), refused, "{url:?}");
        }
        for url in [
            "https://e.org/",
            "HTTP://e.org/",
            "mailto:a@e.org",
            "tel:+331",
            "irc://irc.libera.chat/x",
            "ftp://e.org/f",
            "doi:10.1000/182",
        ] {
            let scheme = url.split(':').next().unwrap().to_string();
            assert_eq!(check(url, Use::Link), Ok(Start::Scheme(scheme)), "{url}");
        }
        assert_eq!(check("/docs/x", Use::Link), Ok(Start::SitePath));
        assert_eq!(check("../a.md#b", Use::Link), Ok(Start::Relative));
    }

    #[test]
    fn only_an_image_may_be_a_data_url_and_only_of_an_image() {
        let data = Ok(Start::Scheme("data".into()));
        assert_eq!(check("data:image/png;base64,iVBO", Use::Image), data);
        assert_eq!(check("data: IMAGE/svg+xml,<svg/>", Use::Image), data);
        assert_eq!(
            check("data:image/png;base64,iVBO", Use::Link),
            Err(Refused::Scheme("data".into()))
        );
        for url in ["data:text/html,x", "data:,x", "data:imag", "data:image"] {
            assert_eq!(
                check(url, Use::Image),
                Err(Refused::Scheme("data".into())),
                "{url}"
            );
        }
    }
}
