//! Citations: `[@id]` and `[@a; @b]` in the text become numbered markers linking
//! into the sources sidebar.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::CowStr;
use pulldown_cmark::Event;

use crate::article::SOURCE_ANCHOR;
use crate::diagnostic::unknown_id_help;
use crate::diagnostic::MAX_PER_FILE;
use crate::html::escape_into;
use crate::names::is_valid_id;

use super::Renderer;

impl<'a> Renderer<'a, '_> {
    pub(super) fn flush_text(&mut self) {
        let Some((mut text, mut range)) = self.text.take() else {
            return;
        };
        let marker = self.callout_marker(&text, &range);
        if marker > 0 {
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
        if find_citation(&text).is_none() {
            self.out.push(Event::Text(match text {
                Cow::Borrowed(b) => CowStr::Borrowed(b),
                Cow::Owned(o) => o.into(),
            }));
            return;
        }
        let mut rest = text.as_ref();
        let mut plain = String::new();
        while let Some(start) = find_citation(rest) {
            let Some(len) = rest[start..].find(']') else {
                break;
            };
            let inner = &rest[start + 1..start + len];
            plain.push_str(&rest[..start]);
            let ids: Option<Vec<&str>> = inner
                .split(';')
                .map(|part| part.trim().strip_prefix('@').filter(|id| is_valid_id(id)))
                .collect();
            let written = &rest[start..=start + len];
            match ids {
                Some(ids) => {
                    if !plain.is_empty() {
                        self.out
                            .push(Event::Text(std::mem::take(&mut plain).into()));
                    }
                    let html = self.citation(&ids, written, range.clone());
                    self.out.push(Event::Html(html.into()));
                }
                None if self.errors.len() >= MAX_PER_FILE => {
                    self.dropped += 1;
                    plain.push_str(written);
                }
                None => {
                    let r = self.find_in(range.clone(), written);
                    self.error(
                        "malformed-citation",
                        format!("`{written}` is not a citation byline understands"),
                        r,
                        "write [@source-id], or [@one; @two] for several sources".into(),
                    );
                    plain.push_str(written);
                }
            }
            rest = &rest[start + len + 1..];
        }
        plain.push_str(rest);
        if !plain.is_empty() {
            self.out.push(Event::Text(plain.into()));
        }
    }

    pub(super) fn citation(&mut self, ids: &[&str], written: &str, range: Range<usize>) -> String {
        let mut html = String::with_capacity(32 + 192 * ids.len());
        html.push_str("<sup class=\"citation\">");
        for id in ids {
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
                    unknown_id_help(id, &known, "sources"),
                );
                continue;
            };
            self.cite_count += 1;
            let anchor = format!("cite-{}", self.cite_count);
            let source = &self.article.sources[index];
            let n = index + 1;
            // Written in place: a page has dozens of markers.
            let _ = write!(
                html,
                "<a href=\"#{SOURCE_ANCHOR}{id}\" id=\"{anchor}\" aria-label=\"Source {n}: "
            );
            escape_into(&mut html, &source.title);
            let _ = write!(html, "\">[{n}]</a>");
            self.rendered.citations[index].push(anchor);
        }
        html.push_str("</sup>");
        html
    }
}

/// Where the first `[@` of a citation is: found by its `[`, which prose seldom has.
fn find_citation(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'[', bytes).find(|&i| bytes.get(i + 1) == Some(&b'@'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn a_citation_starts_at_the_first_bracket_followed_by_an_at_sign() {
        assert_eq!(find_citation("a [b] [@c]"), Some(6));
        assert_eq!(find_citation("[@c"), Some(0));
        assert_eq!(find_citation("a [ @c] [[@"), Some(9));
        assert_eq!(find_citation("a [b] c@ d["), None);
        assert_eq!(find_citation(""), None);
    }

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
        let e = error_lines("See [@lavrov, p. 3].\n");
        assert!(e[0].contains("is not a citation"), "{e:?}");
    }

    #[test]
    fn code_keeps_citation_syntax_literal() {
        let r = render_body("`[@nobody]`\n\n```\n[@nobody]\n```\n").unwrap();
        assert!(r.html.contains("<code>[@nobody]</code>"), "{}", r.html);
    }
}
