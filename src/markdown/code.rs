//! Code blocks, highlighted when they end, and formulas rendered to MathML.

use std::ops::Range;

use pulldown_cmark::Event;
use pulldown_cmark::TagEnd;

use crate::highlight;
use crate::math;

use super::Renderer;

impl<'a> Renderer<'a, '_> {
    /// Collects a code block's text; its end writes it highlighted.
    pub(super) fn code_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = self.code.take().unwrap_or_default();
                self.out.push(Event::Html(
                    highlight::code_block(lang.as_deref(), &code).into(),
                ));
            }
            _ => {}
        }
    }

    /// A formula, rendered now; kept as a math event holding its MathML (see
    /// [`math::as_html`]).
    pub(super) fn math(&mut self, tex: &str, display: bool, range: Range<usize>) {
        match math::render(tex, display) {
            Ok(mathml) => {
                let event = match display {
                    true => Event::DisplayMath(mathml.into()),
                    false => Event::InlineMath(mathml.into()),
                };
                self.out.push(event);
            }
            Err(e) => {
                let tex_at = self.find_in(range.clone(), tex);
                let at = match e.at {
                    Some(i) if tex_at.start + i < tex_at.end => {
                        tex_at.start + i..tex_at.start + i + 1
                    }
                    _ => tex_at,
                };
                self.error("invalid-math", e.message, at, e.help);
            }
        }
    }
}

/// The language a code block names in its info string (`rust` in ```` ```rust,ignore ````).
pub(super) fn code_lang(kind: pulldown_cmark::CodeBlockKind) -> Option<String> {
    match kind {
        pulldown_cmark::CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .filter(|l| !l.is_empty())
            .map(str::to_string),
        pulldown_cmark::CodeBlockKind::Indented => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn formulas_become_mathml_and_invalid_tex_is_an_error_where_written() {
        let r = render_body("Area $\\pi r^2$.\n\n$$\\sum_i x_i$$\n").unwrap();
        assert!(r.html.starts_with("<p>Area <math"), "{}", r.html);
        assert!(r.html.contains("<math display=\"block\""), "{}", r.html);
        assert!(!r.html.contains("byline-math"), "{}", r.html);
        let e = error_lines("Text.\nSee $x^$ and $a \\def\\b{c}$.\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("content/x/a.md:15:6 this formula is not valid TeX: "),
            "{e:?}"
        );
        assert_eq!(
            e[1],
            "content/x/a.md:15:17 a formula cannot define macros (`\\def`)"
        );
    }
}
