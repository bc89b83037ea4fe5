//! Citations: `[@id]` and `[@a; @b]` in the text become numbered markers linking
//! into the sources sidebar.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::CowStr;
use pulldown_cmark::Event;

use crate::article::SOURCE_ANCHOR;
use crate::diagnostic::unknown_id_help;
use crate::html::escape_into;

use super::citation_syntax::{self, Item, Malformed};
use super::{Open, Renderer};

impl<'a> Renderer<'a, '_> {
    pub(super) fn flush_text(&mut self) {
        let Some((mut text, mut range)) = self.text.take() else {
            return;
        };
        let mut literal = std::mem::take(&mut self.literal);
        let marker = self.callout_marker(&text, &range);
        if marker > 0 {
            literal.retain(|&at| at >= marker);
            literal.iter_mut().for_each(|at| *at -= marker);
            text = match text {
                Cow::Borrowed(b) => Cow::Borrowed(&b[marker..]),
                Cow::Owned(o) => Cow::Owned(o[marker..].to_string()),
            };
            range.start = (range.start + marker).min(range.end);
            if text.is_empty() {
                self.marker_only = true;
                return;
            }
        }
        self.rendered.words += crate::reading::count_words(&text);
        if memchr::memmem::find(text.as_bytes(), b"[^").is_some() {
            self.undefined_notes(&range);
        }
        if memchr::memchr(b'[', text.as_bytes()).is_none() {
            self.out.push(Event::Text(match text {
                Cow::Borrowed(b) => CowStr::Borrowed(b),
                Cow::Owned(o) => o.into(),
            }));
            return;
        }
        let mut plain = String::new();
        let mut from = 0;
        for (start, len) in citations(&text, &literal) {
            let written = &text[start..=start + len];
            plain.push_str(&text[from..start]);
            from = start + len + 1;
            let Some(items) = self.checked_citation(written, &range) else {
                plain.push_str(written);
                continue;
            };
            if !plain.is_empty() {
                self.out
                    .push(Event::Text(std::mem::take(&mut plain).into()));
            }
            let html = self.citation(&items, written, range.clone());
            self.out.push(Event::Html(html.into()));
        }
        plain.push_str(&text[from..]);
        if !plain.is_empty() {
            self.out.push(Event::Text(plain.into()));
        }
    }

    /// The items of the citation `written` in the text at `range`; `None`, and an
    /// error, when it cannot be read or stands where no marker can.
    fn checked_citation<'t>(
        &mut self,
        written: &'t str,
        range: &Range<usize>,
    ) -> Option<Vec<Item<'t>>> {
        let problem = if self.images.open.is_some() {
            Some(("citation-in-alt", "a citation cannot be inside an image's alt text".to_string(), "alt text is plain text for readers who cannot see the image: cite the source in the text around it, or credit it in the image's title, `![Alt](x.png \"Caption. Credit: @id\")`".to_string()))
        } else if self.claim_stack.contains(&Open::Link) {
            Some(("citation-in-link", "a citation cannot be inside a link's text".to_string(), "a citation marker is a link, and a link cannot hold another: put the citation after the link, `[text](https://…) [@id]`".to_string()))
        } else {
            None
        };
        let parsed = match problem {
            Some(p) => Err(p),
            None => citation_syntax::parse(&written[1..written.len() - 1])
                .map_err(|m| malformed(written, m)),
        };
        match parsed {
            Ok(items) => Some(items),
            Err((code, message, help)) => {
                if self.room() {
                    let at = self.find_in(range.clone(), written);
                    self.error(code, message, at, help);
                }
                None
            }
        }
    }

    pub(super) fn citation(
        &mut self,
        items: &[Item],
        written: &str,
        range: Range<usize>,
    ) -> String {
        let mut html = String::with_capacity(32 + 192 * items.len());
        html.push_str("<sup class=\"citation\">");
        for item in items {
            let id = item.id;
            let Some(index) = self.article.source_index(id) else {
                if !self.room() {
                    continue;
                }
                let known: Vec<&str> = self.article.sources.iter().map(|s| s.id.as_str()).collect();
                let r = self.find_in(range.clone(), written);
                let r = self.body[r.clone()]
                    .find(&format!("@{id}"))
                    .map_or(r.clone(), |i| r.start + i + 1..r.start + i + 1 + id.len());
                self.error(
                    "unknown-source",
                    format!("citation `@{id}` names no source of this article"),
                    r,
                    unknown_help(id, &known, item),
                );
                continue;
            };
            self.cite_count += 1;
            let anchor = format!("cite-{}", self.cite_count);
            let label = &self.env.config.words;
            let source = (index + 1, self.article.sources[index].title.as_str());
            marker(&mut html, item, source, label, &anchor);
            if let Some(locator) = item.locator {
                self.rendered
                    .locators
                    .insert(anchor.clone(), locator.to_string());
            }
            self.rendered.citations[index].push(anchor);
        }
        html.push_str("</sup>");
        html
    }
}

/// Writes the marker of `item`, the `n`th source: a number, its label naming the
/// source and, as Pandoc's numeric styles print them, the prefix and the locator and
/// suffix, which the page shows in print and a feed reader always.
fn marker(
    html: &mut String,
    item: &Item,
    (n, title): (usize, &str),
    words: &crate::i18n::Words,
    anchor: &str,
) {
    let id = item.id;
    // Written in place: a page has dozens of markers.
    let _ = write!(
        html,
        "<a href=\"#{SOURCE_ANCHOR}{id}\" id=\"{anchor}\" aria-label=\""
    );
    if !item.prefix.is_empty() {
        escape_into(html, item.prefix);
        html.push(' ');
    }
    // "Source {number}: {title}", the title escaped where the words put it.
    let number = n.to_string();
    let label = words.format("citation_label", &[("number", &number)]);
    let (before, after) = label.split_once("{title}").unwrap_or((&label, ""));
    escape_into(html, before);
    escape_into(html, title);
    escape_into(html, after);
    if !item.detail.is_empty() {
        html.push_str(", ");
        escape_into(html, item.detail);
    }
    html.push_str("\">[");
    if !item.prefix.is_empty() {
        html.push_str(NOTE);
        escape_into(html, item.prefix);
        html.push_str(" </span>");
    }
    let _ = write!(html, "{n}");
    if !item.detail.is_empty() {
        html.push_str(NOTE);
        html.push_str(", ");
        escape_into(html, item.detail);
        html.push_str("</span>");
    }
    html.push_str("]</a>");
}

/// The help for an unknown source; with a prefix, the bracket may be prose with an
/// @ in it (`[via @handle]`), which Pandoc reads as a citation too.
fn unknown_help(id: &str, known: &[&str], item: &Item) -> String {
    let help = unknown_id_help(id, known, "sources");
    match item.prefix.is_empty() {
        true => help,
        false => format!("{help}; if this @ cites nothing, write it `\\@{id}`"),
    }
}

const NOTE: &str = "<span class=\"citation__note\">";

/// The error for the citation `written` that cannot be read.
fn malformed(written: &str, m: Malformed) -> (&'static str, String, String) {
    let help = match m {
        Malformed::NoId => "each part between `;` cites one source: `[see @one, p. 3; @two]`".to_string(),
        Malformed::BadId(id) if id.is_empty() => "write the source's id after the @: `[@source-id]`".to_string(),
        Malformed::BadId(id) => format!("`@{id}` is not a source id: ids are letters, digits, `-` and `_`; write `\\@` for an @ sign that cites nothing"),
    };
    let message = format!("`{written}` is not a citation byline understands");
    ("malformed-citation", message, help)
}

/// Where each bracketed citation in `text` is, and its length to the `]`: a `[`
/// written unescaped, before the first `]` after it, holding an `@` that starts a
/// word and is not escaped either.
fn citations<'t>(text: &'t str, literal: &'t [usize]) -> impl Iterator<Item = (usize, usize)> + 't {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr::memchr(b'[', &bytes[from..]).map(|i| from + i) {
            from = i + 1;
            if literal.binary_search(&i).is_ok() {
                continue;
            }
            let len = memchr::memchr2(b']', b'[', &bytes[i + 1..])? + 1;
            if bytes[i + len] == b'[' {
                continue;
            }
            let inner = &text[i + 1..i + len];
            let escaped_at = |at: usize| literal.binary_search(&(i + 1 + at)).is_ok();
            if citation_syntax::is_citation(inner)
                && !inner.match_indices('@').any(|(at, _)| escaped_at(at))
            {
                from = i + len + 1;
                return Some((i, len));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn citations_become_numbered_markers() {
        let r = render_body("Said so [@lavrov; @un], again [@un].\n").unwrap();
        assert_eq!(
            r.html,
            "<p>Said so <sup class=\"citation\"><a href=\"#source-lavrov\" id=\"cite-1\" aria-label=\"Source 1: Statement &lt;b&gt;\">[1]</a><a href=\"#source-un\" id=\"cite-2\" aria-label=\"Source 2: UN\">[2]</a></sup>, again <sup class=\"citation\"><a href=\"#source-un\" id=\"cite-3\" aria-label=\"Source 2: UN\">[2]</a></sup>.</p>\n"
        );
        assert_eq!(r.citations, vec![vec!["cite-1"], vec!["cite-2", "cite-3"]]);
    }

    // A citation wrapped onto the next line stayed literal text: the soft break
    // between its lines split the text it is found in.
    #[test]
    fn citations_wrapped_across_lines_are_citations() {
        let r = render_body("Said so [@lavrov;\n  @un] and\nagain [@un].\n").unwrap();
        assert_eq!(r.citations, vec![vec!["cite-1"], vec!["cite-2", "cite-3"]]);
        assert!(!r.html.contains("[@"), "{}", r.html);
        assert!(r.html.contains("</sup> and\nagain <sup"), "{}", r.html);
        let e = error_lines("Line one.\nSee [@un;\n  @lavrof] there.\n");
        assert_eq!(
            e,
            vec!["content/x/a.md:16:4 citation `@lavrof` names no source of this article"]
        );
    }

    #[test]
    fn malformed_citations_are_errors() {
        let e = error_lines("See [@lavrov; and more].\nAnd [@Ãb].\n");
        assert_eq!(
            e,
            [
                "content/x/a.md:14:5 `[@lavrov; and more]` is not a citation byline understands",
                "content/x/a.md:15:5 `[@Ãb]` is not a citation byline understands",
            ]
        );
    }

    #[test]
    fn code_keeps_citation_syntax_literal() {
        let r = render_body("`[@nobody]`\n\n```\n[@nobody]\n```\n").unwrap();
        assert!(r.html.contains("<code>[@nobody]</code>"), "{}", r.html);
    }

    #[test]
    fn prefixes_locators_and_suffixes_are_in_the_label_and_the_printed_note() {
        let r = render_body("A [see @un, p. 3; -@lavrov, para. 2, emphasis added].\n").unwrap();
        assert_eq!(
            r.html,
            "<p>A <sup class=\"citation\"><a href=\"#source-un\" id=\"cite-1\" aria-label=\"see Source 2: UN, p. 3\">[<span class=\"citation__note\">see </span>2<span class=\"citation__note\">, p. 3</span>]</a><a href=\"#source-lavrov\" id=\"cite-2\" aria-label=\"Source 1: Statement &lt;b&gt;, para. 2, emphasis added\">[1<span class=\"citation__note\">, para. 2, emphasis added</span>]</a></sup>.</p>\n"
        );
        assert_eq!(r.locators["cite-1"], "p. 3");
        assert_eq!(r.locators["cite-2"], "para. 2");
    }

    // `[see @x]` passed through as plain text with no warning.
    #[test]
    fn a_citation_with_a_prefix_is_a_citation() {
        let r = render_body("A [see @un].\n").unwrap();
        assert_eq!(r.citations, vec![vec![], vec!["cite-1"]]);
        let e = render_body("A [via @nobody].\n").unwrap_err();
        assert_eq!(e[0].location().unwrap().to_string(), "content/x/a.md:14:9");
        assert!(
            e[0].help
                .as_ref()
                .unwrap()
                .ends_with("; if this @ cites nothing, write it `\\@nobody`"),
            "{:?}",
            e[0].help
        );
    }

    // `\[@a]` and `&#91;@a]` became citations (or unknown-source errors).
    #[test]
    fn escaped_brackets_and_at_signs_are_literal_text() {
        let r =
            render_body("\\[@nobody] &#91;@nobody] [\\@nobody] [&#64;nobody] \\\\[@un]\n").unwrap();
        assert_eq!(
            r.html.split("<sup").next().unwrap(),
            "<p>[@nobody] [@nobody] [@nobody] [@nobody] \\"
        );
        assert_eq!(r.citations, vec![vec![], vec!["cite-1"]]);
        assert!(render_body("me@example.org [mail me@example.org]\n").is_ok());
    }

    // A citation in a link's text nested `<a>` in `<a>`; in alt text it was dropped,
    // leaving a back-link to nothing.
    #[test]
    fn citations_in_link_text_or_alt_text_are_errors_where_written() {
        let e = error_lines(
            "See [the [@un] text](https://e.org) and\n![A [@un] chart](https://e.org/c.png).\n",
        );
        assert_eq!(
            e,
            [
                "content/x/a.md:14:10 a citation cannot be inside a link's text",
                "content/x/a.md:15:5 a citation cannot be inside an image's alt text",
            ]
        );
        assert!(render_body("[They *halted* it [@un]](claim:halted)\n").is_ok());
    }

    // An escaped `@` in text without a `[` left its place behind, and the next
    // paragraph's citation at that place was taken for text.
    #[test]
    fn an_escape_counts_only_in_its_own_text() {
        let r = render_body(
            "&#64;x\n\n[@un]\n\n> [!NOTE]\n> \\[@un] [@un]\n\n> [!KNOWN]\n> \\[@un] [@un]\n",
        )
        .unwrap();
        assert_eq!(
            r.citations,
            vec![vec![], vec!["cite-1", "cite-2", "cite-3"]]
        );
        assert_eq!(r.html.matches("<p>[@un] <sup").count(), 2, "{}", r.html);
    }
}
