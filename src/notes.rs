//! Footnotes as endnotes: a "Notes" section after the body, numbered in the order they
//! are first referenced, each note linking back to every reference to it. Their ids are
//! numbered under byline's own prefix (`byline-note-2`, `byline-noteref-2-1`), never
//! taken from the label a writer chose, so no heading or raw-HTML id can collide with
//! them; DPUB-ARIA roles tell assistive technology what the links are.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::Event;

use crate::html::escape;
use crate::i18n::Words;

/// How many times one note may be referenced: each reference adds a back-link to the
/// note, so a note referenced thousands of times wrote more than 100 times its input.
pub const MAX_REFERENCES: usize = 100;

/// The notes of one body, as the renderer meets their references and definitions.
#[derive(Default)]
pub struct Notes<'a> {
    /// Note number (from 1) by label, in order of first reference.
    numbers: HashMap<String, usize>,
    /// Per note number - 1: how many references it has.
    refs: Vec<usize>,
    /// Definitions by label: their rendered events, and where the definition was written.
    defs: HashMap<String, (Vec<Event<'a>>, std::ops::Range<usize>)>,
}

/// A definition whose label no reference uses, to be reported where it is written.
pub struct Unreferenced {
    pub label: String,
    pub at: std::ops::Range<usize>,
}

impl<'a> Notes<'a> {
    /// The marker of a new reference to the note `label`; `Err` with the count of
    /// references so far once it has [`MAX_REFERENCES`].
    pub fn reference(&mut self, label: &str) -> Result<String, usize> {
        let next = self.numbers.len() + 1;
        let n = *self.numbers.entry(label.to_string()).or_insert(next);
        if n > self.refs.len() {
            self.refs.push(0);
        }
        if self.refs[n - 1] >= MAX_REFERENCES {
            self.refs[n - 1] += 1;
            return Err(self.refs[n - 1]);
        }
        self.refs[n - 1] += 1;
        let k = self.refs[n - 1];
        Ok(format!("<sup class=\"noteref\"><a href=\"#byline-note-{n}\" id=\"byline-noteref-{n}-{k}\" role=\"doc-noteref\">{n}</a></sup>"))
    }

    /// Keeps a definition's events; false if `label` was defined before.
    pub fn define(
        &mut self,
        label: &str,
        events: Vec<Event<'a>>,
        at: std::ops::Range<usize>,
    ) -> bool {
        if self.defs.contains_key(label) {
            return false;
        }
        self.defs.insert(label.to_string(), (events, at));
        true
    }

    /// The labels referenced but defined nowhere are left as pulldown-cmark wrote them
    /// (it makes no reference of them); definitions nobody references are returned.
    pub fn unreferenced(&self) -> Vec<Unreferenced> {
        let mut out: Vec<Unreferenced> = self
            .defs
            .iter()
            .filter(|(label, _)| !self.numbers.contains_key(*label))
            .map(|(label, (_, at))| Unreferenced {
                label: label.clone(),
                at: at.clone(),
            })
            .collect();
        out.sort_by_key(|u| u.at.start);
        out
    }

    /// The "Notes" section, or nothing when the body has no notes.
    pub fn section(mut self, words: &Words) -> String {
        let mut by_number: Vec<(usize, String)> =
            self.numbers.drain().map(|(l, n)| (n, l)).collect();
        by_number.sort_unstable();
        let mut html = String::new();
        for (n, label) in by_number {
            let Some((events, _)) = self.defs.remove(&label) else {
                continue;
            };
            if html.is_empty() {
                let notes = escape(words.text("notes"));
                let _ = write!(html, "<section class=\"endnotes\" role=\"doc-endnotes\" aria-label=\"{notes}\">\n<h2 class=\"endnotes__heading\">{notes}</h2>\n<ol class=\"endnotes__list\">\n");
            }
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, events.into_iter());
            let links = backlinks(n, self.refs[n - 1].min(MAX_REFERENCES), words);
            let _ = write!(html, "<li id=\"byline-note-{n}\">");
            match body.strip_suffix("</p>\n") {
                Some(start) => {
                    let _ = writeln!(html, "{start} {links}</p></li>");
                }
                None => {
                    let _ = writeln!(html, "{body}<p>{links}</p></li>");
                }
            }
        }
        if !html.is_empty() {
            html.push_str("</ol>\n</section>\n");
        }
        html
    }
}

/// The footnote references written in `source` (a slice of the body) that were left
/// as text: pulldown-cmark makes a reference only of a label some definition has.
/// Returns each label with its offset in `source`; `\[^x]` is not a reference.
pub fn undefined_references(source: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for (i, _) in source.match_indices("[^") {
        if source[..i].ends_with('\\') {
            continue;
        }
        let rest = &source[i + 2..];
        let Some(end) = rest.find(']') else { continue };
        let label = &rest[..end];
        if !label.is_empty() && !label.contains(char::is_whitespace) {
            found.push((i, label));
        }
    }
    found
}

/// The links from note `n` back to each of its `count` references.
fn backlinks(n: usize, count: usize, words: &Words) -> String {
    let mut html = String::from("<span class=\"backlinks\">");
    for k in 1..=count {
        let sup = if count > 1 {
            format!("<sup>{k}</sup>")
        } else {
            String::new()
        };
        let label = escape(&words.format("back_to_reference", &[("n", &k.to_string())]));
        let _ = write!(html, "<a class=\"backlink\" href=\"#byline-noteref-{n}-{k}\" role=\"doc-backlink\" aria-label=\"{label}\">↩{sup}</a>");
    }
    html.push_str("</span>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_numbered_by_first_reference_and_link_back_to_every_one() {
        let mut notes = Notes::default();
        assert!(notes
            .reference("b")
            .unwrap()
            .contains("id=\"byline-noteref-1-1\""));
        assert!(notes
            .reference("a")
            .unwrap()
            .contains("href=\"#byline-note-2\""));
        assert!(notes
            .reference("b")
            .unwrap()
            .contains("id=\"byline-noteref-1-2\""));
        let p = |t: &'static str| {
            vec![
                Event::Start(pulldown_cmark::Tag::Paragraph),
                Event::Text(t.into()),
                Event::End(pulldown_cmark::TagEnd::Paragraph),
            ]
        };
        assert!(notes.define("a", p("A."), 0..1));
        assert!(notes.define("b", p("B."), 2..3));
        assert!(!notes.define("b", p("again"), 4..5));
        assert!(notes.define("c", p("C."), 6..7));
        let unref = notes.unreferenced();
        assert_eq!(unref.len(), 1);
        assert_eq!((unref[0].label.as_str(), unref[0].at.clone()), ("c", 6..7));
        let html = notes.section(&crate::i18n::english());
        let b = html.find("B.").unwrap();
        assert!(b < html.find("A.").unwrap(), "{html}");
        assert!(html.contains("<li id=\"byline-note-1\"><p>B. <span class=\"backlinks\"><a class=\"backlink\" href=\"#byline-noteref-1-1\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩<sup>1</sup></a><a class=\"backlink\" href=\"#byline-noteref-1-2\""), "{html}");
        assert!(!html.contains("C."), "{html}");
    }

    #[test]
    fn a_note_takes_a_bounded_number_of_references() {
        let mut notes = Notes::default();
        for _ in 0..MAX_REFERENCES {
            assert!(notes.reference("a").is_ok());
        }
        assert_eq!(notes.reference("a"), Err(MAX_REFERENCES + 1));
        assert_eq!(notes.reference("a"), Err(MAX_REFERENCES + 2));
    }

    #[test]
    fn references_left_as_text_are_found_unless_escaped() {
        assert_eq!(undefined_references("a [^x] \\[^y] [^ z] [^w"), [(2, "x")]);
    }

    #[test]
    fn a_body_without_notes_has_no_section() {
        assert_eq!(Notes::default().section(&crate::i18n::english()), "");
    }
}
