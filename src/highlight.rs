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
    let language = syntax.scope.build_string();
    let language = language.rsplit('.').next().unwrap_or_default();
    Some(lighten(&generator.finalize(), language))
}

/// Scopes that only frame others (a language's whole text, its `meta` structure):
/// no theme colours them, and they were half of a highlighted block's spans.
const FRAMES: [&str; 3] = ["hl-source", "hl-text", "hl-meta"];

/// syntect's spans without those of `FRAMES`, each without the scope's last name
/// when it is the `language`'s (`hl-python`), which the block's `data-lang` says.
fn lighten(html: &str, language: &str) -> String {
    let suffix = format!(" hl-{language}");
    let mut out = String::with_capacity(html.len());
    let mut kept: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("</span>") {
            if kept.pop().unwrap_or(true) {
                out.push_str("</span>");
            }
            rest = after;
        } else if let Some((classes, after)) =
            (rest.strip_prefix("<span class=\"")).and_then(|r| r.split_once("\">"))
        {
            let keep = !FRAMES.contains(&classes.split(' ').next().unwrap_or_default());
            if keep {
                let classes = classes.strip_suffix(suffix.as_str()).unwrap_or(classes);
                out.push_str("<span class=\"");
                out.push_str(classes);
                out.push_str("\">");
            }
            kept.push(keep);
            rest = after;
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
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
    fn spans_that_only_frame_others_and_the_language_s_name_are_left_out() {
        let html = code_block(Some("python"), "def f(x): return \"a\" # b\n");
        assert!(
            !html.contains("hl-source") && !html.contains("hl-meta"),
            "{html}"
        );
        assert!(!html.contains("hl-python"), "{html}");
        assert!(html.contains("<span class=\"hl-storage hl-type hl-function\">def</span>"));
        assert!(html.contains("<span class=\"hl-comment hl-line hl-number-sign\">"));
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        let text = |h: &str| {
            let mut t = String::new();
            let mut tag = false;
            for c in h.chars() {
                match c {
                    '<' => tag = true,
                    '>' => tag = false,
                    c if !tag => t.push(c),
                    _ => {}
                }
            }
            t
        };
        assert_eq!(text(&html), "def f(x): return &quot;a&quot; # b\n\n");
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
