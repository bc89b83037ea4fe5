//! Code highlighting. syntect's syntax set is loaded from its precompiled dump on
//! first use, so a site without code never pays for it, and once per process, so a
//! site with thousands of code blocks pays for it once. Output uses CSS classes
//! (`hl-…`) rather than inline colours: the theme owns the colours, dark mode included.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::html::escape;

pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a code block as `<pre class="code">`, highlighted when the language is known.
pub fn code_block(lang: Option<&str>, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"code\"");
    if let Some(lang) = lang {
        out.push_str(" data-lang=\"");
        out.push_str(&escape(lang));
        out.push('"');
    }
    out.push_str("><code>");
    match lang.and_then(|l| highlight(l, code)) {
        Some(html) => out.push_str(&html),
        None => out.push_str(&escape(code)),
    }
    out.push_str("</code></pre>\n");
    out
}

fn highlight(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classed_spans() {
        let html = code_block(Some("rust"), "fn main() {}\n");
        assert!(
            html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"),
            "{html}"
        );
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_languages_and_plain_blocks_are_escaped() {
        let html = code_block(Some("nosuchlang"), "<script>\n");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;script&gt;\n</code></pre>\n"
        );
        let html = code_block(None, "a & b");
        assert_eq!(html, "<pre class=\"code\"><code>a &amp; b</code></pre>\n");
    }
}
