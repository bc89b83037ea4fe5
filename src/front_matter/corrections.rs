//! An article's `corrections`: changes to its text that are not a claim's change of
//! status, each dated, of a kind readers know (correction, clarification, update) and
//! said in words. Listed oldest first on the page and in the corrections log, so the
//! order written does not matter; a correction dated before the article is a mistake.

use crate::article::{Correction, CorrectionKind};
use crate::date::Date;
use crate::diagnostic::did_you_mean;
use crate::yaml::Seg;

use super::check::Checker;
use super::raw::RawCorrection;

/// The entries of `corrections:`, oldest first (entries of one day in written order).
pub(super) fn check_corrections(
    c: &mut Checker,
    raw: Vec<RawCorrection>,
    published: Option<&Date>,
) -> Vec<Correction> {
    let mut out = Vec::with_capacity(raw.len());
    for (i, entry) in raw.into_iter().enumerate() {
        let here = [Seg::Key("corrections"), Seg::Index(i)];
        let date_missing = entry.date.is_none();
        let date = c.date(entry.date, &[here[0], here[1], Seg::Key("date")]);
        if date_missing {
            c.required(None, &here, "date", "this correction", "2016-12-09");
        }
        if let (Some(date), Some(published)) = (&date, published) {
            if date.day < published.day {
                before_publication(c, &here, date, published);
            }
        }
        let kind = c.required(
            entry.kind,
            &here,
            "kind",
            "this correction",
            "clarification",
        );
        let kind = kind.and_then(|k| correction_kind(c, &here, &k));
        let text = c.required(
            entry.text,
            &here,
            "text",
            "this correction",
            "\"An earlier version said the talks had ended.\"",
        );
        if let (Some(date), Some(kind), Some(text)) = (date, kind, text) {
            out.push(Correction { date, kind, text });
        }
    }
    out.sort_by(|x, y| x.date.cmp(&y.date));
    out
}

fn correction_kind(
    c: &mut Checker,
    here: &[Seg<'static>; 2],
    kind: &str,
) -> Option<CorrectionKind> {
    let found = CorrectionKind::ALL
        .iter()
        .find(|(name, _)| *name == kind.trim());
    if let Some((_, k)) = found {
        return Some(*k);
    }
    let names = CorrectionKind::ALL.map(|(name, _)| name);
    let help = match did_you_mean(kind, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? The kinds are: {}", names.join(", ")),
        None => format!("use one of: {}", names.join(", ")),
    };
    let span = c.value_span(&[here[0], here[1], Seg::Key("kind")]);
    c.error(
        "unknown-correction-kind",
        format!("unknown kind of correction `{kind}`"),
        span,
        Some(help),
    );
    None
}

fn before_publication(c: &mut Checker, here: &[Seg<'static>; 2], date: &Date, published: &Date) {
    let span = c.value_span(&[here[0], here[1], Seg::Key("date")]);
    c.error(
        "invalid-correction",
        format!("this correction is dated {date}, before the article was published ({published})"),
        span,
        Some(
            "date it the day the text was changed; a change before publication needs no note"
                .into(),
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::article::CorrectionKind;
    use crate::front_matter::testing;

    fn run(text: &str) -> Result<crate::article::Article, Vec<crate::diagnostic::Diagnostic>> {
        testing::parse_text(text, &testing::config("https://e.org/"))
    }

    #[test]
    fn corrections_are_read_oldest_first() {
        let a = run("---\ntitle: T\ndate: 2016-12-08\ncorrections:\n  - date: 2016-12-12\n    kind: update\n    text: Later.\n  - { date: 2016-12-09, kind: clarification, text: Earlier. }\n---\n").unwrap();
        let found: Vec<(String, CorrectionKind, &str)> = a
            .corrections
            .iter()
            .map(|c| (c.date.iso(), c.kind, c.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "2016-12-09".into(),
                    CorrectionKind::Clarification,
                    "Earlier."
                ),
                ("2016-12-12".into(), CorrectionKind::Update, "Later.")
            ]
        );
    }

    #[test]
    fn every_mistake_in_a_correction_is_an_error_at_its_line() {
        let e = run("---\ntitle: T\ndate: 2016-12-08\ncorrections:\n  - date: 2016-12-07\n    kind: correction\n    text: Too early.\n  - date: 2016-12-09\n    kind: clarifcation\n    text: Typo.\n  - date: 2016-12-32\n    kind: update\n    txt: No text.\n  - kind: update\n    text: \"\"\n---\n").unwrap_err();
        let found: Vec<String> = e
            .iter()
            .map(|d| format!("{} {} {}", d.location().unwrap(), d.code, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "content/a.md:13:5 unknown-key unknown key `txt` in a correction",
                "content/a.md:5:11 invalid-correction this correction is dated 2016-12-07, before the article was published (2016-12-08)",
                "content/a.md:9:11 unknown-correction-kind unknown kind of correction `clarifcation`",
                "content/a.md:11:11 invalid-date `2016-12-32` does not exist: December 2016 has no day 32",
                "content/a.md:11:5 missing-field this correction has no `text`",
                "content/a.md:14:5 missing-field this correction has no `date`",
                "content/a.md:15:11 missing-field `text` of this correction is empty",
            ]
        );
        assert_eq!(
            e[2].help.as_deref(),
            Some("did you mean `clarification`? The kinds are: correction, clarification, update")
        );
    }
}
