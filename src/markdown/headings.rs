//! Headings and ids: every heading gets an id (its own, checked, or one from its
//! text, unique on the page and clear of byline's anchors), and enters the contents.

use std::collections::HashMap;
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::Event;
use pulldown_cmark::Tag;
use pulldown_cmark::TagEnd;

use crate::names::slugify;

use super::Renderer;

/// A heading whose events are being collected, to derive its id from its text.
pub(super) struct OpenHeading<'a> {
    /// The heading's `Tag::Heading`.
    pub(super) tag: Tag<'a>,
    /// Where the heading's content starts in `out`.
    pub(super) start: usize,
    pub(super) range: Range<usize>,
}

impl<'a> Renderer<'a, '_> {
    pub(super) fn close_heading(&mut self) {
        let Some(OpenHeading {
            tag:
                Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                },
            start,
            range,
        }) = self.heading.take()
        else {
            return;
        };
        let braces = self.body[range.clone()]
            .rfind('{')
            .map_or(range.clone(), |i| range.start + i..range.end);
        for (name, _) in &attrs {
            let at = self.find_in(braces.clone(), name);
            self.error(
                "heading-attribute",
                format!("a heading cannot set `{name}`"),
                at,
                "headings take only an id and classes, written `{#an-id .a-class}`".into(),
            );
        }
        let text = self.heading_text(start);
        let id = match id {
            Some(id) => {
                let at = self.find_in(braces, &format!("#{id}"));
                self.authored_id(&id, at);
                id
            }
            None => self.heading_id_from_text(&text).into(),
        };
        if self.note.is_none() {
            self.rendered.contents.heading(level as u8, &id, &text);
        }
        self.heading_ids.taken.insert(id.to_string());
        let tag = Tag::Heading {
            level,
            id: Some(id),
            classes,
            attrs: Vec::new(),
        };
        self.out.insert(start, Event::Start(tag));
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    /// The id of a heading without one, from its text (the events from `start`).
    pub(super) fn heading_id_from_text(&mut self, text: &str) -> String {
        self.heading_ids.unique(heading_id(&slugify(text)))
    }

    /// The text of a heading whose events start at `start`.
    pub(super) fn heading_text(&self, start: usize) -> String {
        self.out[start..]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect()
    }

    /// Checks an id the writer chose, written at `at`, and takes it.
    pub(super) fn authored_id(&mut self, id: &str, at: Range<usize>) {
        if is_reserved_id(id) {
            self.error(
                "reserved-id",
                format!("the id `{id}` is one byline uses"),
                at,
                RESERVED_HELP.into(),
            );
        } else if self.heading_ids.taken.contains(id) {
            self.error("duplicate-id", format!("the id `{id}` is already used on this page"), at, "choose another id: an id names one place on the page (headings get ids from their text: `intro`, `intro-2`, …)".into());
        }
    }
}

/// The heading ids of a page so far, and per base id the next suffix to try: `n`
/// identical headings then take `n` steps, not `n²/2`.
#[derive(Default)]
pub(super) struct HeadingIds {
    pub(super) taken: HashSet<String>,
    next: HashMap<String, usize>,
    /// Candidate ids tried, to bound the work in tests.
    #[cfg(test)]
    tries: usize,
}

impl HeadingIds {
    /// `base`, or the first of `base-2`, `base-3`, … not yet taken. Suffixes below the
    /// remembered one were taken when last tried, and ids are never given back.
    pub(super) fn unique(&mut self, base: String) -> String {
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        loop {
            #[cfg(test)]
            {
                self.tries += 1;
            }
            let candidate = match n {
                1 => base.clone(),
                n => format!("{base}-{n}"),
            };
            n += 1;
            if !self.taken.contains(&candidate) {
                self.next.insert(base, n);
                return candidate;
            }
        }
    }
}

/// Page ids byline and themes use, which generated heading ids must not take.
const RESERVED_IDS: &[&str] = &["main", "top", "content"];

const RESERVED_PREFIXES: &[&str] = &["source-", "claim-", "cite-", "byline-"];

const RESERVED_HELP: &str = "choose another id: byline uses `main`, `top`, `content` and the ids starting `source-`, `claim-`, `cite-` and `byline-` for its own anchors";

pub(super) fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// A heading id from its slug, kept clear of the ids that anchors and themes use.
fn heading_id(slug: &str) -> String {
    if slug.is_empty() {
        return "section".into();
    }
    if is_reserved_id(slug) {
        return format!("section-{slug}");
    }
    slug.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn headings_get_unique_ids_that_do_not_clash_with_anchors() {
        let r =
            render_body("## Claim: halted\n\n## Intro\n\n## Intro\n\n## Main\n\n## Source code\n")
                .unwrap();
        assert!(
            r.html
                .contains("<h2 id=\"section-main\">Main</h2>\n<h2 id=\"section-source-code\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"section-claim-halted\">"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<h2 id=\"intro\">Intro</h2>\n<h2 id=\"intro-2\">"),
            "{}",
            r.html
        );
    }

    // 20,000 identical headings took 23 s: each id was found by trying `-2`, `-3`, …
    // from the start.
    #[test]
    fn identical_headings_get_their_ids_in_linear_work() {
        let mut ids = HeadingIds::default();
        let mut last = String::new();
        for _ in 0..20_000 {
            last = ids.unique("intro".into());
            ids.taken.insert(last.clone());
        }
        assert_eq!(last, "intro-20000");
        assert!(ids.tries <= 2 * 20_000, "{} ids tried", ids.tries);
        // Ids taken out of order are still skipped, and every id is still the first free one.
        let mut ids = HeadingIds::default();
        ids.taken.extend(["a-2".to_string(), "a-4".to_string()]);
        let got: Vec<String> = (0..3)
            .map(|_| {
                let id = ids.unique("a".into());
                ids.taken.insert(id.clone());
                id
            })
            .collect();
        assert_eq!(got, ["a", "a-3", "a-5"]);
    }

    #[test]
    fn twenty_thousand_identical_headings_build() {
        let r = render_body(&"## Intro\n\n".repeat(20_000)).unwrap();
        assert!(
            r.html.ends_with("<h2 id=\"intro-20000\">Intro</h2>\n"),
            "{}",
            &r.html[r.html.len() - 60..]
        );
    }

    // `## Hi {#main autofocus onfocus=alert(1)}` wrote the handler into the page.
    #[test]
    fn heading_attributes_other_than_an_id_and_classes_are_errors() {
        let e = error_lines("## Hi {.wide autofocus onfocus=alert(1)}\n");
        assert_eq!(
            e,
            [
                "content/x/a.md:14:14 a heading cannot set `autofocus`",
                "content/x/a.md:14:24 a heading cannot set `onfocus`",
            ]
        );
        let r = render_body("## Hi {#hello .wide .note}\n").unwrap();
        assert_eq!(r.html, "<h2 id=\"hello\" class=\"wide note\">Hi</h2>\n");
    }

    #[test]
    fn explicit_heading_ids_must_not_repeat_an_id_or_take_one_byline_makes() {
        let mut e = error_lines(
            "## Intro\n\n## Again {#intro}\n\n## A {#main}\n\n## B {#cite-1}\n\n## C {#note}\n\nText[^note].\n\n[^note]: N.\n\n## D {#d}\n\n## E {#d}\n",
        );
        e.sort();
        assert_eq!(
            e,
            [
                "content/x/a.md:16:11 the id `intro` is already used on this page",
                "content/x/a.md:18:7 the id `main` is one byline uses",
                "content/x/a.md:20:7 the id `cite-1` is one byline uses",
                "content/x/a.md:30:7 the id `d` is already used on this page",
            ]
        );
    }
}
