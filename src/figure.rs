//! Figures in plain Markdown: an image alone in its paragraph with a title is a
//! `<figure>`, the title its caption. A title ending in `Credit: …` gives the figure a
//! credit, shown under it; `Credit: @source-id` names one of the article's sources,
//! which is then cited like any other (a numbered marker leading into the sidebar, and
//! back). The title is plain text in every Markdown tool, so a figure written for
//! byline still reads as an image with a tooltip anywhere else.

use crate::html::escape_into;
use crate::names::is_valid_id;

/// What an image's title says: a caption, and maybe a credit.
#[derive(Debug, PartialEq)]
pub struct Caption<'t> {
    pub text: &'t str,
    pub credit: Option<Credit<'t>>,
}

#[derive(Debug, PartialEq)]
pub enum Credit<'t> {
    /// Credited in words: `Credit: Jane Doe/AFP`.
    Text(&'t str),
    /// Credited to a source of the article: `Credit: @afp` (or `[@afp]`).
    Source(&'t str),
}

const CREDIT: &str = "Credit:";

/// Splits a title at its last `Credit:` (at the start or after a space).
pub fn caption(title: &str) -> Caption<'_> {
    let at = title
        .match_indices(CREDIT)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || title[..i].ends_with(char::is_whitespace))
        .last();
    let Some(at) = at else {
        return Caption {
            text: title.trim(),
            credit: None,
        };
    };
    let credit = title[at + CREDIT.len()..].trim();
    let id = credit
        .strip_prefix("[@")
        .and_then(|c| c.strip_suffix(']'))
        .or_else(|| credit.strip_prefix('@'))
        .filter(|id| is_valid_id(id));
    let credit = match id {
        Some(id) => Some(Credit::Source(id)),
        None if credit.is_empty() => None,
        None => Some(Credit::Text(credit)),
    };
    Caption {
        text: title[..at].trim(),
        credit,
    }
}

/// The figure around `img`: the caption's text, then the credit (`credit_html`, the
/// credit's words or a source's name and marker, already HTML).
pub fn html(img: &str, text: &str, credit_html: Option<&str>) -> String {
    let mut out = String::with_capacity(img.len() + text.len() + 128);
    out.push_str("<figure class=\"figure\">\n");
    out.push_str(img);
    out.push_str("\n<figcaption>");
    escape_into(&mut out, text);
    if let Some(credit) = credit_html {
        if !text.is_empty() {
            out.push(' ');
        }
        out.push_str("<span class=\"figure__credit\">Credit: ");
        out.push_str(credit);
        out.push_str("</span>");
    }
    out.push_str("</figcaption>\n</figure>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_a_caption_with_an_optional_credit() {
        let c = |t| caption(t);
        assert_eq!(
            c(" A map. "),
            Caption {
                text: "A map.",
                credit: None
            }
        );
        assert_eq!(
            c("Buses leave. Credit: Jane Doe/AFP"),
            Caption {
                text: "Buses leave.",
                credit: Some(Credit::Text("Jane Doe/AFP"))
            }
        );
        assert_eq!(
            c("Displaced, by day. Credit: @ocha"),
            Caption {
                text: "Displaced, by day.",
                credit: Some(Credit::Source("ocha"))
            }
        );
        assert_eq!(
            c("Credit: [@afp]"),
            Caption {
                text: "",
                credit: Some(Credit::Source("afp"))
            }
        );
        assert_eq!(c("NoCredit: x").credit, None);
        assert_eq!(
            c("Credit: @not an id"),
            Caption {
                text: "",
                credit: Some(Credit::Text("@not an id"))
            }
        );
    }

    #[test]
    fn a_figure_shows_its_caption_then_its_credit() {
        assert_eq!(
            html("<img>", "A <b>", Some("AFP")),
            "<figure class=\"figure\">\n<img>\n<figcaption>A &lt;b&gt; <span class=\"figure__credit\">Credit: AFP</span></figcaption>\n</figure>\n"
        );
    }
}
