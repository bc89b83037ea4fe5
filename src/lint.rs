//! Warnings: things that are allowed but usually a slip in the reporting (a source
//! nobody cites, a claim with no source, a dispute with nobody disputing, a status
//! assessed before the article's last update). They are computed from the checked
//! `Article` and its rendered body, print like errors, and fail the build only with
//! `--deny-warnings`. Positions are looked up only when there is something to say.

use crate::article::Article;
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{more_in_file, Diagnostic, Severity, SourceFile, MAX_PER_FILE};
use crate::front_matter::{self, Split};
use crate::markdown::Rendered;
use crate::status::Tone;
use crate::yaml::Seg;

/// One finding before it is placed in the file: (code, message, help, where).
struct Finding {
    code: &'static str,
    message: String,
    help: String,
    list: &'static str,
    index: usize,
    key: &'static str,
}

/// The warnings for one article; `file`/`split` are the text it was parsed from.
pub fn article(
    a: &Article,
    rendered: &Rendered,
    file: &SourceFile,
    split: &Split,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, s) in a.sources.iter().enumerate() {
        let cited = rendered.citations.get(i).is_some_and(|c| !c.is_empty());
        let backs_claim = a.asserted_by(i).next().is_some() || a.contested_by(i).next().is_some();
        if !cited && !backs_claim {
            found.push(Finding {
                code: "unused-source",
                message: format!("the source `{}` is never cited", s.id),
                help: format!(
                    "cite it in the text with [@{}], name it in a claim's `asserted_by` or `contested_by`, or remove it",
                    s.id
                ),
                list: "sources",
                index: i,
                key: "id",
            });
        }
    }
    for (i, c) in a.claims.iter().enumerate() {
        let status = config.status(c.status);
        if c.asserted_by.is_empty() && c.contested_by.is_empty() {
            found.push(Finding {
                code: "unsourced-claim",
                message: format!("the claim `{}` names no source", c.id),
                help: "say who makes the claim with `asserted_by: [source-id]` (and who disputes it with `contested_by`)".into(),
                list: "claims",
                index: i,
                key: "id",
            });
        } else if status.tone == Tone::Disputed && c.contested_by.is_empty() {
            found.push(Finding {
                code: "uncontested-dispute",
                message: format!(
                    "the claim `{}` is `{}` but no source contests it",
                    c.id, status.key
                ),
                help: "add the sources that dispute it under `contested_by`".into(),
                list: "claims",
                index: i,
                key: "status",
            });
        }
        // A site-wide claim is assessed in content/claims.yaml, not with each article.
        if let (Some(as_of), Some(updated), false) = (&c.as_of, &a.updated, c.site_wide) {
            if as_of < updated {
                found.push(Finding {
                    code: "stale-claim",
                    message: format!(
                        "the status of `{}` was last assessed on {}, before the article was updated on {}",
                        c.id,
                        as_of.iso(),
                        updated.iso()
                    ),
                    help: "check the claim again and move `as_of` to the date you did".into(),
                    list: "claims",
                    index: i,
                    key: "as_of",
                });
            }
        }
    }
    timeline(a, &mut found);
    if found.is_empty() {
        return Vec::new();
    }
    let dropped = found.len().saturating_sub(MAX_PER_FILE);
    found.truncate(MAX_PER_FILE);
    let paths: Vec<Vec<Seg>> = found
        .iter()
        .map(|f| vec![Seg::Key(f.list), Seg::Index(f.index), Seg::Key(f.key)])
        .collect();
    let spans = front_matter::value_spans(file, split, &paths);
    let mut warnings: Vec<Diagnostic> = found
        .into_iter()
        .zip(spans)
        .map(|(f, span)| {
            Diagnostic::warning(f.code, f.message)
                .at(file, span)
                .help(f.help)
        })
        .collect();
    if dropped > 0 {
        warnings.push(more_in_file(&file.name, Severity::Warning, dropped));
    }
    warnings
}

/// How many characters of a claim search engines show (Google's advice for
/// ClaimReview's `claimReviewed`).
pub const SHORT_CLAIM: usize = 75;

/// How many `long-claim` warnings a build shows at their line; the rest are counted.
const LONG_CLAIMS_SHOWN: usize = 10;

/// `long-claim`: claims whose `short`, or `text` without one, is longer than
/// [`SHORT_CLAIM`] characters. Site-wide and capped: a site that writes its
/// claims in full sentences (the benchmark corpus: most of its claims) would otherwise
/// print a warning for nearly every claim, and re-read every front matter to place it.
pub fn long_claims(articles: &[&Article]) -> Vec<Diagnostic> {
    let long = articles.iter().flat_map(|a| {
        let long = a.claims.iter().enumerate().filter(|(_, c)| {
            let reviewed = c.short.as_deref().unwrap_or(&c.text);
            reviewed.len() > SHORT_CLAIM && reviewed.chars().count() > SHORT_CLAIM
        });
        long.map(move |(i, c)| (*a, i, c))
    });
    let mut warnings = Vec::new();
    let mut more: Vec<&str> = Vec::new();
    let mut more_count = 0;
    for (a, i, c) in long {
        if warnings.len() < LONG_CLAIMS_SHOWN {
            warnings.push(long_claim(a, i, c));
        } else {
            more_count += 1;
            if more.last() != Some(&a.display_path.as_str()) {
                more.push(&a.display_path);
            }
        }
    }
    if more_count > 0 {
        let plural = if more_count == 1 {
            "claim is"
        } else {
            "claims are"
        };
        warnings.push(
            Diagnostic::warning(
                "long-claim",
                format!("{more_count} more {plural} longer than {SHORT_CLAIM} characters for search engines"),
            )
            .help(format!(
                "in {}: give each a `short:` of at most {SHORT_CLAIM} characters for search engines' fact-check markup",
                crate::diagnostic::some_of(&more)
            )),
        );
    }
    warnings
}

/// The warning for claim `i` of `a`, at its `short`, or its `text` without one.
fn long_claim(a: &Article, i: usize, c: &crate::article::Claim) -> Diagnostic {
    let (key, warning) = match &c.short {
        None => ("text", Diagnostic::warning(
            "long-claim",
            format!(
                "the claim `{}` has {} characters, and no `short` for search engines, which show about {SHORT_CLAIM}",
                c.id,
                c.text.chars().count()
            ),
        )
        .help(format!(
            "add `short:` with the claim in at most {SHORT_CLAIM} characters: ClaimReview markup uses it, the page still shows `text`"
        ))),
        Some(short) => ("short", Diagnostic::warning(
            "long-claim",
            format!(
                "the `short` of claim `{}` has {} characters; search engines show about {SHORT_CLAIM}",
                c.id,
                short.chars().count()
            ),
        )
        .help(format!("shorten it to at most {SHORT_CLAIM} characters"))),
    };
    let file = crate::content::ContentFile {
        rel_path: a.rel_path.clone(),
        fs_path: a.fs_path.clone(),
    };
    let placed = file.read().ok().and_then(|file| {
        let split = front_matter::split(&file).ok()?;
        let path = vec![Seg::Key("claims"), Seg::Index(i), Seg::Key(key)];
        let span = front_matter::value_spans(&file, &split, &[path]).pop()?;
        Some(warning.clone().at(&file, span))
    });
    placed.unwrap_or_else(|| warning.in_file(a.display_path.clone()))
}

/// An event with no source, or backed by a source published before it happened.
fn timeline(a: &Article, found: &mut Vec<Finding>) {
    for (i, e) in a.timeline.iter().enumerate() {
        if e.sources.is_empty() {
            found.push(Finding {
                code: "unsourced-event",
                message: format!("the timeline event of {} names no source", e.date.iso()),
                help: "say which sources report it with `sources: [source-id]`".into(),
                list: "timeline",
                index: i,
                key: "event",
            });
        }
        let early = e.sources.iter().map(|&n| a.source(n));
        for s in early.filter(|s| s.date.as_ref().is_some_and(|d| d.day < e.date.day)) {
            let published = s.date.as_ref().map(Date::iso).unwrap_or_default();
            found.push(Finding {
                code: "source-before-event",
                message: format!(
                    "the source `{}` is dated {published}, before the event it backs ({})",
                    s.id,
                    e.date.iso()
                ),
                help: "a source cannot report what had not happened yet: check the event's `date` and the source's".into(),
                list: "timeline",
                index: i,
                key: "date",
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn lint(text: &str, cited: &[usize]) -> Vec<String> {
        let config = testing::config("https://e.org/");
        let file = SourceFile::new("content/a.md", text);
        let split = front_matter::split(&file).unwrap();
        let a = front_matter::parse(&file, &split, &testing::location(), &config).unwrap();
        let rendered = Rendered {
            html: String::new(),
            citations: (0..a.sources.len())
                .map(|i| {
                    if cited.contains(&i) {
                        vec!["c".into()]
                    } else {
                        vec![]
                    }
                })
                .collect(),
            mentions: vec![Vec::new(); a.claims.len()],
            ..Rendered::default()
        };
        article(&a, &rendered, &file, &split, &config)
            .iter()
            .map(|d| format!("{} {}", d.location().unwrap(), d.code))
            .collect()
    }

    const ARTICLE: &str = "---
title: T
date: 2016-12-08
updated: 2016-12-10
sources:
  - id: cited
    title: C
  - id: unused
    title: U
  - id: backer
    title: B
claims:
  - id: alone
    text: X
    status: confirmed
  - id: one-sided
    text: Y
    status: disputed
    as_of: 2016-12-09
    asserted_by: [backer]
  - id: fine
    text: Z
    status: disputed
    as_of: 2016-12-10
    asserted_by: [backer]
    contested_by: [cited]
---
";

    #[test]
    fn every_kind_of_warning_points_at_its_key() {
        assert_eq!(
            lint(ARTICLE, &[0]),
            [
                "content/a.md:8:9 unused-source",
                "content/a.md:13:9 unsourced-claim",
                "content/a.md:18:13 uncontested-dispute",
                "content/a.md:19:12 stale-claim",
            ]
        );
    }

    #[test]
    fn an_event_without_sources_or_reported_before_it_happened_is_a_warning() {
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n    date: 2016-12-08\ntimeline:\n  - date: 2016-12-08\n    event: Fine.\n    sources: [s]\n  - date: 2016-12-09\n    event: Reported the day before.\n    sources: [s]\n  - date: 2016-12-10\n    event: Nobody says so.\n---\n";
        assert_eq!(
            lint(text, &[0]),
            [
                "content/a.md:12:11 source-before-event",
                "content/a.md:16:12 unsourced-event",
            ]
        );
    }

    #[test]
    fn a_clean_article_has_no_warnings() {
        let clean = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n---\n";
        assert!(lint(clean, &[0]).is_empty());
    }
}
