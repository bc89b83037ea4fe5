//! A claim's `history`: its past assessments, checked against each other and
//! against the claim's current status.

use crate::article::Assessment;
use crate::config::Config;
use crate::date::Date;
use crate::status::StatusId;
use crate::yaml::Seg;

use super::check::Checker;
use super::raw::{RawAssessment, Text};

/// Checks a claim's `history`: every entry dated and with a known status, in date
/// order, the last one agreeing with the claim's current `status`.
pub(super) fn check_history(
    c: &mut Checker,
    raw: Vec<RawAssessment>,
    claim: usize,
    current: Option<StatusId>,
    config: &Config,
) -> Vec<Assessment> {
    let mut out: Vec<Assessment> = Vec::new();
    let count = raw.len();
    for (j, entry) in raw.into_iter().enumerate() {
        let here = [
            Seg::Key("claims"),
            Seg::Index(claim),
            Seg::Key("history"),
            Seg::Index(j),
        ];
        let (date, status) = entry_fields(c, &here, entry.date, entry.status, config);
        if let (Some(date), Some(prev)) = (&date, out.last()) {
            out_of_order(c, &here, date, &prev.date);
        }
        if let (Some(st), Some(cur), true) = (status, current, j + 1 == count) {
            if st != cur {
                let (last, current) = (&config.status(st).key, &config.status(cur).key);
                disagrees(c, &here, last, current);
            }
        }
        if let (Some(date), Some(status)) = (date, status) {
            out.push(Assessment {
                date,
                status,
                note: entry.note.map(|t| t.0),
            });
        }
    }
    out
}

fn at(here: &[Seg<'static>; 4], key: &'static str) -> [Seg<'static>; 5] {
    [here[0], here[1], here[2], here[3], Seg::Key(key)]
}

/// An entry's `date` and `status`, both required.
fn entry_fields(
    c: &mut Checker,
    here: &[Seg<'static>; 4],
    date: Option<Text>,
    status: Option<Text>,
    config: &Config,
) -> (Option<Date>, Option<StatusId>) {
    let date_missing = date.is_none();
    let date = c.date(date, &at(here, "date"));
    if date_missing {
        c.required(None, here, "date", "this history entry", "2016-12-08");
    }
    let status = c
        .required(status, here, "status", "this history entry", "disputed")
        .and_then(|st| c.status(st, &at(here, "status"), config));
    (date, status)
}

fn out_of_order(c: &mut Checker, here: &[Seg<'static>; 4], date: &Date, prev: &Date) {
    if date < prev {
        let span = c.value_span(&at(here, "date"));
        c.error(
            "invalid-history",
            format!("history entries must be in date order, but {date} comes after {prev}"),
            span,
            Some("list the assessments oldest first".into()),
        );
    }
}

fn disagrees(c: &mut Checker, here: &[Seg<'static>; 4], last: &str, current: &str) {
    let span = c.value_span(&at(here, "status"));
    c.error(
        "invalid-history",
        format!("the last history entry says `{last}`, but the claim's status is `{current}`"),
        span,
        Some("the last entry is the current assessment: make it agree with `status`".into()),
    );
}

#[cfg(test)]
mod tests {
    use crate::front_matter::testing;

    fn run(text: &str) -> Result<crate::article::Article, Vec<crate::diagnostic::Diagnostic>> {
        testing::parse_text(text, &testing::config("https://e.org/sub/"))
    }

    #[test]
    fn unknown_history_keys_suggest_the_right_one() {
        let e = run("---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: X\n    status: confirmed\n    history:\n      - { date: 2016-12-08, stauts: confirmed }\n---\n").unwrap_err();
        assert_eq!(e[0].message, "unknown key `stauts` in a history entry");
        assert!(e[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `status`?"));
    }
}
