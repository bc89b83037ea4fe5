//! How a claim's status changed over time, and what readers are told about it. A
//! change after publication is announced at the top of the article, as a
//! *Correction* when a firm verdict (a status whose tone is `confirmed` or `false`)
//! was reversed, and as an *Update* when an open question (`disputed`, `unverified`)
//! moved on (or a neutral status, no verdict, gave way to another). The rule lives here so the article page, the ledger and the docs agree.

use serde::Serialize;

use crate::article::{claim_anchor, Article, Assessment};
use crate::config::Config;
use crate::date::Date;
use crate::status::{Status, Tone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    Correction,
    Update,
}

/// One status change of one claim, after the article was published.
#[derive(Debug, Serialize)]
pub struct Change<'a> {
    pub kind: ChangeKind,
    /// When it changed, for ordering; `date` is its written form.
    #[serde(skip)]
    pub date_of: &'a Date,
    pub date: String,
    pub date_display: String,
    pub claim_id: &'a str,
    /// `claim-<id>`, the claim's entry in the sidebar.
    pub anchor: String,
    pub claim_text: &'a str,
    pub from: &'a Status,
    pub to: &'a Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

/// An assessment as templates and `claims.json` see it.
#[derive(Debug, Serialize)]
pub struct AssessmentContext<'a> {
    pub date: String,
    pub date_display: String,
    pub status: &'a Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

pub fn assessments<'a>(
    history: &'a [Assessment],
    config: &'a Config,
) -> Vec<AssessmentContext<'a>> {
    history
        .iter()
        .map(|h| AssessmentContext {
            date: h.date.iso(),
            date_display: h.date.display(&config.lang),
            status: config.status(h.status),
            note: h.note.as_deref(),
        })
        .collect()
}

/// A change away from a firm verdict is a correction; any other change is an update.
pub fn kind(from: Tone) -> ChangeKind {
    match from {
        Tone::Confirmed | Tone::False => ChangeKind::Correction,
        Tone::Disputed | Tone::Unverified | Tone::Neutral => ChangeKind::Update,
    }
}

/// Every status change dated after publication, oldest first (ties: claim order).
pub fn changes<'a>(a: &'a Article, config: &'a Config) -> Vec<Change<'a>> {
    let vocab = &config.vocabulary;
    let mut out = Vec::new();
    for claim in &a.claims {
        for pair in claim.history.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            if before.status == after.status || after.date <= a.date {
                continue;
            }
            let (from, to) = (vocab.status(before.status), vocab.status(after.status));
            out.push(Change {
                kind: kind(from.tone),
                date_of: &after.date,
                date: after.date.iso(),
                date_display: after.date.display(&config.lang),
                claim_id: &claim.id,
                anchor: claim_anchor(&claim.id),
                claim_text: &claim.text,
                from,
                to,
                note: after.note.as_deref(),
            });
        }
    }
    out.sort_by(|x, y| x.date_of.cmp(y.date_of));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn article(history: &str) -> (Article, Config) {
        let config = testing::config("https://e.org/");
        let text = format!("---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: X\n    status: false\n    history:\n{history}---\n");
        (testing::parse_text(&text, &config).unwrap(), config)
    }

    #[test]
    fn an_open_question_settled_later_is_an_update() {
        let (a, config) = article("      - { date: 2016-12-08, status: unverified }\n      - { date: 2016-12-11, status: \"false\", note: Shown wrong }\n");
        let c = changes(&a, &config);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, ChangeKind::Update);
        assert_eq!(
            (c[0].date.as_str(), c[0].note),
            ("2016-12-11", Some("Shown wrong"))
        );
        assert_eq!(
            (c[0].from.key.as_str(), c[0].to.key.as_str()),
            ("unverified", "false")
        );
        assert_eq!(
            a.updated.as_ref().map(|d| d.iso()).as_deref(),
            Some("2016-12-11")
        );
        assert_eq!(
            a.claims[0].as_of.as_ref().map(|d| d.iso()).as_deref(),
            Some("2016-12-11")
        );
    }

    #[test]
    fn a_reversed_verdict_is_a_correction_and_changes_before_publication_are_not_notes() {
        let (a, config) = article("      - { date: 2016-12-01, status: unverified }\n      - { date: 2016-12-08, status: confirmed }\n      - { date: 2016-12-20, status: \"false\" }\n");
        let c = changes(&a, &config);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, ChangeKind::Correction);
        assert_eq!(c[0].anchor, "claim-c");
    }
}
