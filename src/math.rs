//! TeX formulas (`$…$`, `$$…$$`) turned into MathML when the site is built, so a page
//! needs no script, web font or request to show them, and a feed carries them too.
//! pulldown-latex parses and renders; byline bounds what it is given first: a formula
//! may not define macros (a few nested definitions expand exponentially) nor nest its
//! groups deeper than Markdown may, so a hostile formula costs work linear in its size.

use pulldown_cmark::{CowStr, Event};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

use crate::markdown::MAX_NESTING;

/// Why a formula could not be rendered, and where in it (a byte offset of the TeX).
#[derive(Debug, PartialEq)]
pub struct Invalid {
    pub message: String,
    pub help: String,
    pub at: Option<usize>,
}

/// Control words that define macros, refused (see the module docs).
const DEFINITIONS: &[&str] = &[
    "def",
    "edef",
    "gdef",
    "xdef",
    "let",
    "newcommand",
    "renewcommand",
    "providecommand",
    "DeclareMathOperator",
];

/// The MathML of a formula, `display` for `$$…$$`, with its TeX kept as an annotation.
pub fn render(tex: &str, display: bool) -> Result<String, Invalid> {
    bound(tex)?;
    let storage = Storage::new();
    let events = Parser::new(tex, &storage)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Invalid {
            message: format!("this formula is not valid TeX: {}", reason(&e.to_string())),
            help: "correct the TeX, or write `\\$` for a dollar sign that starts no formula".into(),
            at: None,
        })?;
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(tex.trim()),
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(tex.len() * 8 + 64);
    let events = events.into_iter().map(Ok::<_, std::fmt::Error>);
    push_mathml(&mut out, events, config).map_err(|e| Invalid {
        message: format!("this formula could not be written as MathML: {e}"),
        help: "simplify the formula".into(),
        at: None,
    })?;
    Ok(out)
}

/// The first line of pulldown-latex's message, without its prefix (the rest is a
/// drawing of the context, which byline's caret already shows).
fn reason(display: &str) -> &str {
    let line = display.lines().next().unwrap_or_default();
    line.strip_prefix("parsing error: ").unwrap_or(line)
}

/// Refuses macro definitions and groups nested deeper than [`MAX_NESTING`].
fn bound(tex: &str) -> Result<(), Invalid> {
    let bytes = tex.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'\\' => {
                let name_len = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
                let name = &tex[i + 1..i + 1 + name_len];
                match name {
                    "left" | "begin" => depth += 1,
                    "right" | "end" => depth = depth.saturating_sub(1),
                    _ if DEFINITIONS.contains(&name) => {
                        return Err(Invalid {
                            message: format!("a formula cannot define macros (`\\{name}`)"),
                            help: "write the formula out in full".into(),
                            at: Some(i),
                        });
                    }
                    _ => {}
                }
                i += name_len.max(1);
            }
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(Invalid {
                message: format!("the formula nests more than {MAX_NESTING} groups deep here"),
                help: format!(
                    "byline renders formulas nested at most {MAX_NESTING} deep: flatten it"
                ),
                at: Some(i),
            });
        }
        i += 1;
    }
    Ok(())
}

/// A formula's event as HTML: the renderer keeps MathML in math events, so that it is
/// told from raw HTML (which is sanitized) by its kind.
pub fn as_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::InlineMath(mathml) | Event::DisplayMath(mathml) => Event::Html(mathml),
        other => other,
    }
}

/// The events with each formula replaced by an empty span with an id of byline's,
/// which the sanitizer keeps and no writer can give, and the formulas' MathML.
pub fn placeholders(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<CowStr<'_>>) {
    let mut maths = Vec::new();
    let events = events
        .into_iter()
        .map(|event| match event {
            Event::InlineMath(mathml) | Event::DisplayMath(mathml) => {
                maths.push(mathml);
                Event::Html(format!("<span id=\"byline-math-{}\"></span>", maths.len()).into())
            }
            other => other,
        })
        .collect();
    (events, maths)
}

/// Puts the formulas back into a sanitized body in place of their placeholders.
pub fn restore(html: &str, maths: &[CowStr<'_>]) -> String {
    if maths.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + maths.iter().map(|m| m.len()).sum::<usize>());
    let mut rest = html;
    const OPEN: &str = "<span id=\"byline-math-";
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n: usize = after[..digits].parse().unwrap_or(0);
        match (
            maths.get(n.wrapping_sub(1)),
            after[digits..].strip_prefix("\"></span>"),
        ) {
            (Some(m), Some(tail)) => {
                out.push_str(m);
                rest = tail;
            }
            _ => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_with_their_tex_annotated() {
        let m = render("x^2", false).unwrap();
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<msup>"), "{m}");
        assert!(m.contains("x^2</annotation>"), "{m}");
        assert!(render("x", true).unwrap().contains("display=\"block\""));
    }

    #[test]
    fn invalid_tex_is_an_error_in_one_line() {
        let e = render("\\frac{1}{", false).unwrap_err();
        assert!(
            e.message.starts_with("this formula is not valid TeX: "),
            "{e:?}"
        );
        assert!(!e.message.contains('\n'), "{e:?}");
        assert!(render("\\unknowncommand", false).is_err());
    }

    #[test]
    fn macro_definitions_and_deep_nesting_are_refused_where_written() {
        let e = render("a \\def\\x{xx} \\x", false).unwrap_err();
        assert_eq!(e.at, Some(2));
        assert!(e.message.contains("`\\def`"), "{e:?}");
        let deep = format!(
            "{}x{}",
            "{".repeat(MAX_NESTING + 1),
            "}".repeat(MAX_NESTING + 1)
        );
        assert_eq!(render(&deep, false).unwrap_err().at, Some(MAX_NESTING));
        let lefts = "\\left(".repeat(MAX_NESTING + 1);
        assert!(render(&lefts, false).unwrap_err().message.contains("nests"));
    }

    #[test]
    fn formulas_leave_and_return_to_a_sanitized_body_by_their_placeholders() {
        let events = vec![
            Event::Text("a".into()),
            Event::InlineMath("<math>1</math>".into()),
            Event::DisplayMath("<math>2</math>".into()),
        ];
        let (events, maths) = placeholders(events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert_eq!(
            html,
            "a<span id=\"byline-math-1\"></span><span id=\"byline-math-2\"></span>"
        );
        assert_eq!(restore(&html, &maths), "a<math>1</math><math>2</math>");
        let stray = "<span id=\"byline-math-9\"></span>";
        assert_eq!(restore(stray, &maths), stray);
    }

    // Work and output stay linear: a long formula of every shape renders within a
    // bounded multiple of its size.
    #[test]
    fn long_formulas_cost_output_linear_in_their_size() {
        for unit in [
            "x^2+",
            "\\frac{a}{b}",
            "{{{{x}}}}",
            "\\sqrt{x}",
            "a_1^2",
            "\\alpha ",
        ] {
            let tex = unit.repeat(20_000);
            let out = render(&tex, true).map(|m| m.len()).unwrap_or(0);
            assert!(out <= 60 * tex.len() + 1000, "{unit}: {out} bytes");
        }
    }
}
