//! Block quotes, and the callouts a quote's marker line makes of one (see `callout`).

use std::ops::Range;

use pulldown_cmark::Event;
use pulldown_cmark::Tag;

use crate::callout;
use crate::callout::Marker;
use crate::diagnostic::did_you_mean;

use super::Renderer;

impl<'a> Renderer<'a, '_> {
    /// A block quote: a GitHub alert opens a callout's box; an ordinary quote may
    /// still turn out to be one of byline's callouts (see [`Self::callout_marker`]).
    pub(super) fn open_quote(&mut self, kind: Option<pulldown_cmark::BlockQuoteKind>) {
        match kind {
            Some(k) => {
                let open = callout::open(callout::github(k));
                self.out.push(Event::Html(open.into()));
                self.quotes.push(true);
            }
            None => {
                self.quote_start = Some(self.out.len());
                self.out.push(Event::Start(Tag::BlockQuote(None)));
                self.quotes.push(false);
            }
        }
    }

    /// When `text` opens the first paragraph of an ordinary quote with a callout's
    /// marker line (`[!KNOWN]`), turns the quote into the callout's box and returns
    /// the marker's length, to leave out; 0 otherwise.
    pub(super) fn callout_marker(&mut self, text: &str, range: &Range<usize>) -> usize {
        let Some(start) = self.quote_start.take() else {
            return 0;
        };
        let first = self.out.len() == start + 2
            && matches!(self.out[start + 1], Event::Start(Tag::Paragraph));
        if !first {
            return 0;
        }
        match callout::marker(text) {
            Marker::None => 0,
            Marker::Kind(k, len) => {
                self.out[start] = Event::Html(callout::open(k).into());
                if let Some(top) = self.quotes.last_mut() {
                    *top = true;
                }
                len
            }
            Marker::Unknown(word) => {
                let markers = callout::markers();
                let help = match did_you_mean(word, markers.iter().copied()) {
                    Some(m) => format!("did you mean `[!{m}]`?"),
                    None => format!(
                        "a callout starts with one of {}",
                        markers
                            .iter()
                            .map(|m| format!("`[!{m}]`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let at = self.find_in(range.clone(), &format!("[!{word}]"));
                self.error(
                    "unknown-callout",
                    format!("`[!{word}]` is not a kind of callout"),
                    at,
                    help,
                );
                0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn quotes_with_a_marker_line_become_callouts() {
        let r = render_body("> [!WHY]\n> It *matters*.\n\n> [!known]\n>\n> Known.\n\n> [!TIP]\n> Tip.\n\n> Plain [!KNOWN]\n").unwrap();
        assert_eq!(
            r.html,
            "<div class=\"callout callout--why\" role=\"note\">\n<p class=\"callout__title\">Why it matters</p>\n<p>It <em>matters</em>.</p>\n</div>\n<div class=\"callout callout--known\" role=\"note\">\n<p class=\"callout__title\">What we know</p>\n<p>Known.</p>\n</div>\n<div class=\"callout callout--tip\" role=\"note\">\n<p class=\"callout__title\">Tip</p>\n<p>Tip.</p>\n</div>\n<blockquote>\n<p>Plain [!KNOWN]</p>\n</blockquote>\n"
        );
        let e = error_lines("> [!KNWON]\n> x\n");
        assert_eq!(
            e,
            ["content/x/a.md:14:3 `[!KNWON]` is not a kind of callout"]
        );
    }
}
