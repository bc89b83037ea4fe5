//! An article's timeline on its page: each event's citation markers get anchors of
//! their own (`cite-t2-1`: event 2, its first source), added to the sources' citations
//! so that the sidebar links back to them and the `unused-source` lint counts a
//! source that backs an event as cited. The events themselves come from the front
//! matter (`front_matter::timeline`); here they become what templates see.

use serde::Serialize;

use crate::article::{source_anchor, Article};
use crate::lang::Lang;
use crate::markdown::Rendered;

/// The id of the marker citing the `k`th source of the `i`th event (both from 0).
/// `cite-` ids are byline's (writers cannot use them), and body markers are
/// `cite-<number>`, so the two cannot meet.
fn marker(i: usize, k: usize) -> String {
    format!("cite-t{}-{}", i + 1, k + 1)
}

/// Adds the timeline's markers to `rendered.citations`, after the body's: the
/// timeline follows the body on the page.
pub fn cite(a: &Article, rendered: &mut Rendered) {
    for (i, event) in a.timeline.iter().enumerate() {
        for (k, n) in event.sources.iter().enumerate() {
            rendered.citations[n.index()].push(marker(i, k));
        }
    }
}

/// An event as templates see it (`article.timeline`, docs/templates.md).
#[derive(Serialize)]
pub struct EventContext<'a> {
    pub date: String,
    pub date_display: String,
    pub event: &'a str,
    pub sources: Vec<EventSource<'a>>,
}

/// A source backing an event: its number and anchor in the sidebar, and `marker`,
/// the id of the event's citation marker, which the sidebar links back to.
#[derive(Serialize)]
pub struct EventSource<'a> {
    pub id: &'a str,
    pub number: usize,
    pub anchor: String,
    pub marker: String,
    pub title: &'a str,
}

pub fn context<'a>(a: &'a Article, lang: &Lang) -> Vec<EventContext<'a>> {
    let events = a.timeline.iter().enumerate();
    events
        .map(|(i, e)| EventContext {
            date: e.date.iso(),
            date_display: e.date.display(lang),
            event: &e.text,
            sources: e
                .sources
                .iter()
                .enumerate()
                .map(|(k, &n)| {
                    let s = a.source(n);
                    EventSource {
                        id: &s.id,
                        number: n.number(),
                        anchor: source_anchor(&s.id),
                        marker: marker(i, k),
                        title: &s.title,
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    #[test]
    fn timeline_markers_follow_the_body_citations_of_each_source() {
        let config = testing::config("https://e.org/");
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: a\n    title: A\n  - id: b\n    title: B\ntimeline:\n  - date: 2016-12-07\n    event: E1\n    sources: [b]\n  - date: 2016-12-08\n    event: E2\n    sources: [b, a]\n---\n";
        let a = testing::parse_text(text, &config).unwrap();
        let mut rendered = Rendered {
            html: String::new(),
            citations: vec![vec!["cite-1".into()], vec![]],
            mentions: vec![],
            ..Default::default()
        };
        cite(&a, &mut rendered);
        assert_eq!(
            rendered.citations,
            [vec!["cite-1", "cite-t2-2"], vec!["cite-t1-1", "cite-t2-1"]]
        );
        let v = serde_json::to_value(context(&a, &Lang::default())).unwrap();
        assert_eq!(
            v[1],
            serde_json::json!({
                "date": "2016-12-08",
                "date_display": "8 December 2016",
                "event": "E2",
                "sources": [
                    {"id": "b", "number": 2, "anchor": "source-b", "marker": "cite-t2-1", "title": "B"},
                    {"id": "a", "number": 1, "anchor": "source-a", "marker": "cite-t2-2", "title": "A"},
                ],
            })
        );
    }
}
