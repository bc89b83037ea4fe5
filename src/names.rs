//! The site's one policy for the names writers give: ids of sources, claims and
//! citations; slugs and the URL segments made from text; URLs written in front
//! matter (delegating to `safe_url::check`).

use crate::config::Config;
use crate::safe_url::{self, Refused, Start, Use};

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Accepts URLs the policy allows (`safe_url::check`) and site paths (`/docs/x`, made
/// base-path-relative); refuses relative URLs, which no page listing the source could
/// follow. `what` names where the URL was written, for the message (`sources`,
/// `` `image` ``).
pub fn check_url(url: &str, config: &Config, what: &str) -> Result<String, String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err("the URL is empty".into());
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err("the URL contains control characters".into());
    }
    match safe_url::check(trimmed, Use::Link) {
        Err(Refused::OtherHost) => Err(format!(
            "`{trimmed}` has no scheme, so it leads to another host; write https://{}",
            trimmed.trim_start_matches(['/', '\\'])
        )),
        Err(Refused::Scheme(scheme)) => Err(format!("`{scheme}:` URLs are not allowed in {what}")),
        Ok(Start::Scheme(_)) => Ok(trimmed.to_string()),
        Ok(Start::SitePath) => Ok(config.link(&trimmed[1..])),
        Ok(Start::Relative | Start::OtherHost) => Err(format!(
            "`{trimmed}` is neither a URL with a scheme (https://…) nor a site path starting with `/`"
        )),
    }
}

/// A slug must be one URL segment.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if let Some(sep) = slug.chars().find(|&c| c == '/' || c == '\\') {
        return Err(format!(
            "the slug `{slug}` contains a `{sep}`; a slug names one page, not a folder"
        ));
    }
    if slug == "." {
        return Err("the slug `.` names the folder the article is in, not a page".into());
    }
    if slug.contains("..") {
        return Err(format!("the slug `{slug}` contains `..`"));
    }
    if !slug
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(format!(
            "the slug `{slug}` has characters that do not belong in a URL"
        ));
    }
    Ok(())
}

/// Turns any text into a URL segment: `Syria & Aleppo` → `syria-aleppo`.
pub fn slugify(text: &str) -> String {
    let folded;
    let ascii = if text.is_ascii() {
        text
    } else {
        folded = deunicode::deunicode(text);
        &folded
    };
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        crate::front_matter::testing::config("https://e.org/sub/")
    }

    #[test]
    fn slugify_folds_accents_and_punctuation() {
        assert_eq!(slugify("Syria & Aleppo"), "syria-aleppo");
        assert_eq!(
            slugify("Médecins Sans Frontières"),
            "medecins-sans-frontieres"
        );
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn url_schemes() {
        let c = config();
        assert!(check_url("https://x.org/a", &c, "sources").is_ok());
        assert!(check_url("JavaScript:alert(1)", &c, "sources")
            .unwrap_err()
            .contains("`JavaScript:`"));
        assert!(check_url("data:text/html,x", &c, "sources").is_err());
        assert!(check_url("//evil.org", &c, "sources").is_err());
        assert!(check_url("relative/path", &c, "sources").is_err());
    }

    // Browsers read `\` as `/` in http(s) URLs: `/\evil.example/` is `//evil.example/`.
    #[test]
    fn backslash_protocol_relative_source_urls_are_refused() {
        let c = config();
        for url in ["/\\evil.example/", "\\/evil.example/", "/\\\\evil.example"] {
            let why = check_url(url, &c, "sources").unwrap_err();
            assert!(why.contains("has no scheme"), "{url}: {why}");
        }
        assert_eq!(
            check_url("/docs/a\\b", &c, "sources").unwrap(),
            "/sub/docs/a\\b"
        );
    }
}
