//! Footnotes, which become endnotes (see `notes`): definitions, references, and
//! the errors for notes undefined, defined twice or never referenced.

use std::ops::Range;

use pulldown_cmark::Event;

use super::Renderer;

impl<'a> Renderer<'a, '_> {
    /// Ends a footnote definition: its events go to the notes, not the body.
    pub(super) fn close_note(&mut self) {
        let Some((label, start, range)) = self.note.take() else {
            return;
        };
        let events = self.out.split_off(start.min(self.out.len()));
        if !self.notes.define(&label, events, range.clone()) {
            let at = self.find_in(range, &format!("[^{label}]"));
            self.error(
                "duplicate-footnote",
                format!("the footnote `[^{label}]` is defined twice"),
                at,
                "give each note its own label, or merge the two".into(),
            );
        }
    }

    pub(super) fn note_reference(&mut self, label: &str, range: Range<usize>) {
        match self.notes.reference(label) {
            Ok(marker) => self.out.push(Event::Html(marker.into())),
            Err(count) if count == crate::notes::MAX_REFERENCES + 1 => self.error(
                "too-many-references",
                format!(
                    "the footnote `[^{label}]` is referenced more than {} times",
                    crate::notes::MAX_REFERENCES
                ),
                range,
                "a note links back to each reference: write the note once more under another label"
                    .into(),
            ),
            Err(_) => {}
        }
    }

    /// Reports the footnote references in the text at `range` that no definition has.
    pub(super) fn undefined_notes(&mut self, range: &Range<usize>) {
        let Some(source) = self.body.get(range.clone()) else {
            return;
        };
        for (at, label) in crate::notes::undefined_references(source) {
            let start = range.start + at;
            self.error(
                "undefined-footnote",
                format!("the footnote `[^{label}]` is not defined"),
                start..start + label.len() + 3,
                format!("define it on a line of its own: `[^{label}]: The note.`, or write `\\[^{label}]` to show the brackets"),
            );
        }
    }

    /// Reports the footnotes defined but never referenced: their text would be lost.
    pub(super) fn check_notes(&mut self) {
        for u in self.notes.unreferenced() {
            let label = &u.label;
            let at = self.find_in(u.at, &format!("[^{label}]"));
            self.error(
                "unused-footnote",
                format!("the footnote `[^{label}]` is never referenced"),
                at,
                format!("refer to it in the text with `[^{label}]`, or delete it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn footnotes_become_endnotes_after_the_body_whatever_their_labels() {
        let r = render_body(
            "## Intro {#note}\n\nA[^note] b[^2] c[^note].\n\n[^2]: Two.\n[^note]: One.\n\nEnd.\n",
        )
        .unwrap();
        assert!(r.html.starts_with("<h2 id=\"note\">Intro</h2>\n<p>A<sup class=\"noteref\"><a href=\"#byline-note-1\" id=\"byline-noteref-1-1\" role=\"doc-noteref\">1</a></sup> b<sup class=\"noteref\"><a href=\"#byline-note-2\" id=\"byline-noteref-2-1\""), "{}", r.html);
        let notes = r.html.find("<section class=\"endnotes\"").unwrap();
        assert!(r.html.find("<p>End.</p>").unwrap() < notes, "{}", r.html);
        assert!(r.html[notes..].contains("<li id=\"byline-note-1\"><p>One. <span class=\"backlinks\"><a class=\"backlink\" href=\"#byline-noteref-1-1\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩<sup>1</sup></a><a class=\"backlink\" href=\"#byline-noteref-1-2\""), "{}", r.html);
        assert!(r.html.ends_with("</ol>\n</section>\n"), "{}", r.html);
    }

    #[test]
    fn unreferenced_and_twice_defined_footnotes_are_errors() {
        let e = error_lines("A[^a].\n\n[^a]: One.\n\n[^a]: Again.\n\n[^lost]: Never used.\n");
        assert_eq!(
            e,
            [
                "content/x/a.md:18:1 the footnote `[^a]` is defined twice",
                "content/x/a.md:20:1 the footnote `[^lost]` is never referenced",
            ]
        );
    }
}
