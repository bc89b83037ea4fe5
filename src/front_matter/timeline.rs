//! An article's `timeline`: dated events, each backed by sources of the article,
//! checked the way claims are (every date parsed, every source id known) and listed
//! oldest first, since readers take the list's order as the order things happened.

use crate::article::Event;
use crate::date::Date;
use crate::yaml::Seg;

use super::article::{numbered, source_refs};
use super::check::Checker;
use super::raw::RawEvent;

/// The events of `timeline:`; `sources` are the ids they may name, as for claims.
pub(super) fn check_timeline(c: &mut Checker, raw: Vec<RawEvent>, sources: &[&str]) -> Vec<Event> {
    let known = numbered(sources);
    let mut events: Vec<Event> = Vec::with_capacity(raw.len());
    let mut last: Option<Date> = None;
    for (i, entry) in raw.into_iter().enumerate() {
        let here = [Seg::Key("timeline"), Seg::Index(i)];
        let date_missing = entry.date.is_none();
        let date = c.date(entry.date, &[here[0], here[1], Seg::Key("date")]);
        if date_missing {
            c.required(None, &here, "date", "this timeline entry", "2016-12-08");
        }
        let text = c.required(
            entry.event,
            &here,
            "event",
            "this timeline entry",
            "\"Russia says the army has halted its offensive.\"",
        );
        let backed_by = source_refs(c, &here, entry.sources, "sources", &known, sources);
        if let Some(date) = &date {
            if let Some(prev) = last.as_ref().filter(|prev| date < *prev) {
                out_of_order(c, &here, date, prev);
            }
            last = Some(date.clone());
        }
        if let (Some(date), Some(text)) = (date, text) {
            events.push(Event {
                date,
                text,
                sources: backed_by,
            });
        }
    }
    events
}

fn out_of_order(c: &mut Checker, here: &[Seg<'static>; 2], date: &Date, prev: &Date) {
    let span = c.value_span(&[here[0], here[1], Seg::Key("date")]);
    c.error(
        "invalid-timeline",
        format!("this event is dated {date}, before the event above it ({prev})"),
        span,
        Some("list the events oldest first: readers take the timeline's order as the order things happened".into()),
    );
}

#[cfg(test)]
mod tests {
    use crate::article::SourceNo;
    use crate::front_matter::testing;

    fn run(text: &str) -> Result<crate::article::Article, Vec<crate::diagnostic::Diagnostic>> {
        testing::parse_text(text, &testing::config("https://e.org/"))
    }

    const SOURCES: &str = "sources:\n  - id: s1\n    title: S\n  - id: s2\n    title: T\n";

    #[test]
    fn a_timeline_names_its_sources_by_number() {
        let a = run(&format!("---\ntitle: T\ndate: 2016-12-08\n{SOURCES}timeline:\n  - date: 2016-12-07\n    event: Strikes.\n    sources: [s2]\n  - date: 2016-12-08T10:00:00Z\n    event: Announcement.\n    sources: [s1, \"@s2\"]\n---\n")).unwrap();
        assert_eq!(a.timeline.len(), 2);
        assert_eq!(a.timeline[0].text, "Strikes.");
        assert_eq!(a.timeline[0].sources, [SourceNo(1)]);
        assert_eq!(a.timeline[1].sources, [SourceNo(0), SourceNo(1)]);
        assert_eq!(a.timeline[1].date.iso(), "2016-12-08T10:00:00+00:00");
    }

    #[test]
    fn every_mistake_in_a_timeline_is_an_error_at_its_line() {
        let e = run(&format!("---\ntitle: T\ndate: 2016-12-08\n{SOURCES}timeline:\n  - date: 2016-12-09\n    event: Later.\n    sources: [s1, lavrov]\n  - date: 2016-12-08\n    event: Earlier.\n  - date: 2016-12-32\n    event: Bad day.\n  - event: No date.\n    sorces: [s1]\n  - date: 2016-12-10\n---\n")).unwrap_err();
        let found: Vec<String> = e
            .iter()
            .map(|d| format!("{} {} {}", d.location().unwrap(), d.code, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "content/a.md:18:5 unknown-key unknown key `sorces` in a timeline entry",
                "content/a.md:12:19 unknown-source `sources` names `lavrov`, which is not a source of this article",
                "content/a.md:13:11 invalid-timeline this event is dated 2016-12-08, before the event above it (2016-12-09)",
                "content/a.md:15:11 invalid-date `2016-12-32` does not exist: December 2016 has no day 32",
                "content/a.md:17:5 missing-field this timeline entry has no `date`",
                "content/a.md:19:5 missing-field this timeline entry has no `event`",
            ]
        );
        assert_eq!(
            e[0].help.as_deref(),
            Some("did you mean `sources`? Custom data goes under `extra`.")
        );
        assert_eq!(e[2].help.as_deref(), Some("list the events oldest first: readers take the timeline's order as the order things happened"));
    }
}
