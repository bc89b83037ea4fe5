//! An article's front matter, read and checked into an [`Article`]: its own keys,
//! tags, slug, sources, claims, and the shared sources it uses.

use std::collections::{HashMap, HashSet};

use crate::article::{Article, Claim, Correction, Event, Index, Source, SourceNo};
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{more_in_file, unknown_id_help, Diagnostic, Severity, SourceFile};
use crate::names::{check_slug, slugify};
use crate::safe_url::{self, Start, Use};
use crate::yaml::Seg;

use super::check::{Checker, Doc};
use super::claimant::{appearances, claim_claimant, Claimants};
use super::corrections::check_corrections;
use super::history::check_history;
use super::raw::{
    RawArticle, RawClaim, RawClaimItem, Text, TextList, MAX_AUTHOR, MAX_AUTHORS, MAX_SUMMARY,
    MAX_TAGS, MAX_TITLE,
};
use super::site_claims::SITE_CLAIMS;
use super::timeline::check_timeline;
use super::{Location, Shared, Split};

/// Reads and checks one article's front matter, without shared sources.
pub fn parse(
    file: &SourceFile,
    split: &Split,
    loc: &Location,
    config: &Config,
) -> Result<Article, Vec<Diagnostic>> {
    parse_with(file, split, loc, config, &Shared::default()).map(|(a, _)| a)
}

/// Reads and checks one article's front matter; the article may cite `shared` sources
/// and name shared claimants by id. Returns the article with its warnings.
pub fn parse_with(
    file: &SourceFile,
    split: &Split,
    loc: &Location,
    config: &Config,
    shared: &Shared,
) -> Result<(Article, Vec<Diagnostic>), Vec<Diagnostic>> {
    let whole = shared;
    let shared = &shared.sources[..];
    let mut warnings = Vec::new();
    let mut c = Checker::new(Doc::FrontMatter, file, split.yaml, split.yaml_line);
    let raw: RawArticle = c.read()?;
    let title = c.required(
        raw.title,
        &[],
        "title",
        "the article",
        "\"What happened in Aleppo?\"",
    );
    let title = title.filter(|t| within(&mut c, t, &[Seg::Key("title")], "the title", MAX_TITLE));
    let summary = raw.summary.map(|t| t.0);
    if let Some(s) = &summary {
        within(
            &mut c,
            s,
            &[Seg::Key("summary")],
            "the summary",
            MAX_SUMMARY,
        );
    }
    let authors = authors(&mut c, raw.authors);
    let (date, updated) = dates(&mut c, raw.date, raw.updated);
    let path = slug_path(&mut c, loc.path, raw.slug);
    let tags = tags(&mut c, raw.tags);
    let mut ids = HashSet::new();
    let own = c.sources(
        raw.sources.unwrap_or_default(),
        config,
        &mut ids,
        shared,
        &mut warnings,
    );
    let offered = offered(shared, &ids);
    let available = citable(&own, &offered);
    let mut claims = claims(
        &mut c,
        raw.claims.unwrap_or_default(),
        &available,
        whole,
        config,
    );
    let mut timeline = check_timeline(&mut c, raw.timeline.unwrap_or_default(), &available);
    let sources = with_shared_sources(own, &offered, split.body, &mut claims, &mut timeline);
    let (image, image_file) = image(&mut c, raw.image, config);
    let image_alt = raw.image_alt.map(|t| t.0);
    if image_alt.is_some() && image.is_none() && image_file.is_none() {
        let span = c.value_span(&[Seg::Key("image_alt")]);
        c.error(
            "image-alt-without-image",
            "`image_alt` describes the article's `image`, which it does not set".into(),
            span,
            Some(
                "add `image:` (a file of the article, a site path or a URL), or remove `image_alt`"
                    .into(),
            ),
        );
    }
    let corrections = check_corrections(&mut c, raw.corrections.unwrap_or_default(), date.as_ref());
    let updated = updated.or_else(|| last_reassessed(date.as_ref(), &claims, &corrections));
    let extra = c.extra(raw.extra, &[Seg::Key("extra")]);
    let expires = expires(&mut c, raw.expires, date.as_ref());
    let contents = contents(&mut c, raw.contents);
    let warnings = close(c, warnings)?;
    let (Some(title), Some(date)) = (title, date) else {
        unreachable!("a missing title or date is recorded as an error above")
    };
    let article = Article {
        rel_path: loc.rel_path.to_string(),
        display_path: file.name.clone(),
        fs_path: loc.fs_path.to_path_buf(),
        path,
        title,
        date,
        updated,
        summary,
        authors,
        tags,
        draft: raw.draft,
        contents,
        extra,
        image,
        timeline,
        corrections,
        expires,
        image_file,
        image_alt,
        index: Index::new(&sources, &claims),
        sources,
        claims,
    };
    Ok((article, warnings))
}

/// `image`: a URL or site path (made absolute), or the name of one of the article's
/// files (`chart.png`), which `site` finds once every article's files are known.
fn image(c: &mut Checker, raw: Option<Text>, config: &Config) -> (Option<String>, Option<String>) {
    let relative = raw.as_ref().is_some_and(|Text(t)| {
        let t = t.trim();
        !t.is_empty()
            && !t.starts_with(['#', '?'])
            && matches!(safe_url::check(t, Use::Image), Ok(Start::Relative))
    });
    if relative {
        return (None, raw.map(|Text(t)| t.trim().to_string()));
    }
    let url = c.url(raw, &[Seg::Key("image")], config, "`image`");
    (url.map(|u| config.absolute(&u)), None)
}

/// The shared sources an article may use: those none of its own replaces.
fn offered<'a>(shared: &'a [Source], own_ids: &HashSet<String>) -> Vec<&'a Source> {
    shared.iter().filter(|s| !own_ids.contains(&s.id)).collect()
}

/// The ids a claim may name: the article's own sources, then the shared ones offered.
/// A claim's [`SourceNo`] counts in this order until [`with_shared_sources`].
fn citable<'a>(own: &'a [Source], offered: &[&'a Source]) -> Vec<&'a str> {
    own.iter()
        .chain(offered.iter().copied())
        .map(|s| s.id.as_str())
        .collect()
}

/// The warnings, or every error and warning if there is an error.
fn close(c: Checker, mut warnings: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if c.dropped_warnings > 0 {
        let more = more_in_file(&c.file.name, Severity::Warning, c.dropped_warnings);
        warnings.push(more);
    }
    if !c.errors.is_empty() {
        let mut errors = c.into_errors();
        errors.extend(warnings);
        return Err(errors);
    }
    Ok(warnings)
}

/// `date` (required) and `updated`.
fn dates(
    c: &mut Checker,
    date: Option<Text>,
    updated: Option<Text>,
) -> (Option<Date>, Option<Date>) {
    let date_missing = date.is_none();
    let date = c.date(date, &[Seg::Key("date")]);
    if date_missing {
        c.error(
            "missing-field",
            "the article has no `date`".into(),
            0..3,
            Some("add `date: YYYY-MM-DD`, the day the article was published".into()),
        );
    }
    (date, c.date(updated, &[Seg::Key("updated")]))
}

/// The article's site path: `slug` replaces the last segment of the one its file gives.
fn slug_path(c: &mut Checker, path: &str, slug: Option<Text>) -> String {
    let Some(Text(slug)) = slug else {
        return path.to_string();
    };
    match check_slug(&slug) {
        Ok(()) if !slug.is_empty() => {
            let parent = path
                .trim_end_matches('/')
                .rsplit_once('/')
                .map_or("", |(p, _)| p);
            return if parent.is_empty() {
                format!("{slug}/")
            } else {
                format!("{parent}/{slug}/")
            };
        }
        Ok(()) => {
            let span = c.value_span(&[Seg::Key("slug")]);
            c.error(
                "invalid-slug",
                "the slug is empty".into(),
                span,
                Some("remove `slug` to use the file name, or give it a value".into()),
            );
        }
        Err(why) => {
            let span = c.value_span(&[Seg::Key("slug")]);
            let suggestion = slugify(&slug);
            c.error(
                "invalid-slug",
                why,
                span,
                Some(format!("use a single segment such as `{suggestion}`")),
            );
        }
    }
    path.to_string()
}

/// Whether `text` (`what`, at `path`) has at most `most` characters; an error if not.
fn within(c: &mut Checker, text: &str, path: &[Seg], what: &str, most: usize) -> bool {
    let count = text.chars().count();
    if count <= most {
        return true;
    }
    let span = c.value_span(path);
    c.error(
        "too-long",
        format!("{what} has {count} characters; it may have at most {most}"),
        span,
        Some(
            "shorten it: home, tag and feed entries repeat it for every tag of the article".into(),
        ),
    );
    false
}

/// The authors, at most [`MAX_AUTHORS`] of at most [`MAX_AUTHOR`] characters each.
fn authors(c: &mut Checker, raw: TextList) -> Vec<String> {
    if raw.0.len() > MAX_AUTHORS {
        let span = c.value_span(&[Seg::Key("authors"), Seg::Index(MAX_AUTHORS)]);
        c.error(
            "too-many-authors",
            format!("an article may have at most {MAX_AUTHORS} authors; this is one too many"),
            span,
            Some("name the people who wrote it; credit others in the body".into()),
        );
        return Vec::new();
    }
    let mut authors = Vec::with_capacity(raw.0.len());
    for (i, name) in raw.0.into_iter().enumerate() {
        if within(
            c,
            &name,
            &[Seg::Key("authors"), Seg::Index(i)],
            "this author's name",
            MAX_AUTHOR,
        ) {
            authors.push(name);
        }
    }
    authors
}

/// `contents`: `true` or `false`.
fn contents(c: &mut Checker, raw: Option<Text>) -> Option<bool> {
    match raw?.0.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        other => {
            let span = c.value_span(&[Seg::Key("contents")]);
            c.error(
                "invalid-contents",
                format!("`contents` is `true` or `false`, not `{other}`"),
                span,
                Some("write `contents: true` to show a table of contents, `contents: false` to show none, or leave it out to follow the rule (three `##` headings)".into()),
            );
            None
        }
    }
}

/// The tags, trimmed and without repeats, at most [`MAX_TAGS`].
fn tags(c: &mut Checker, raw: TextList) -> Vec<String> {
    let mut tags = Vec::new();
    for (i, tag) in raw.0.into_iter().enumerate() {
        let tag = tag.trim().to_string();
        if slugify(&tag).is_empty() {
            let span = c.value_span(&[Seg::Key("tags"), Seg::Index(i)]);
            c.error(
                "invalid-tag",
                format!("the tag `{tag}` has no letters or digits"),
                span,
                Some("tags name a topic, e.g. `syria`".into()),
            );
        } else if !tags.contains(&tag) {
            if tags.len() == MAX_TAGS {
                let span = c.value_span(&[Seg::Key("tags"), Seg::Index(i)]);
                c.error(
                    "too-many-tags",
                    format!("an article may have at most {MAX_TAGS} tags; this is one too many"),
                    span,
                    Some("keep the topics a reader would browse by: every tag's page and feed repeat the article with all its tags".into()),
                );
                break;
            }
            tags.push(tag);
        }
    }
    tags
}

/// The claims; `sources` are the ids they may name, the article's own then the shared.
/// A site-wide claim named by id joins as it is defined, its sources renumbered.
fn claims(
    c: &mut Checker,
    raw: Vec<RawClaimItem>,
    sources: &[&str],
    shared: &Shared,
    config: &Config,
) -> Vec<Claim> {
    let known = numbered(sources);
    let mut ids = HashSet::new();
    let mut claims = Vec::new();
    for (i, item) in raw.into_iter().enumerate() {
        let own = match item {
            RawClaimItem::Own(raw) => *raw,
            RawClaimItem::SiteWide(id) => {
                claims.extend(site_wide(c, id.trim(), i, &known, shared, &mut ids));
                continue;
            }
        };
        let checked = claim(
            c,
            own,
            i,
            (&known, sources),
            &shared.claimants,
            config,
            &mut ids,
        );
        claims.extend(checked);
    }
    claims
}

/// The site-wide claim `id`, named at `claims[i]`, its sources numbered as `known` says.
fn site_wide(
    c: &mut Checker,
    id: &str,
    i: usize,
    known: &HashMap<&str, SourceNo>,
    shared: &Shared,
    ids: &mut HashSet<String>,
) -> Option<Claim> {
    let here = [Seg::Key("claims"), Seg::Index(i)];
    let Some(defined) = shared.claims.get(id) else {
        let span = c.value_span(&here);
        let help = shared.claims.help(id);
        c.error(
            "unknown-claim",
            format!("`{id}` is not a claim of {SITE_CLAIMS}"),
            span,
            Some(help),
        );
        return None;
    };
    if !ids.insert(id.to_string()) {
        let span = c.value_span(&here);
        c.error(
            "duplicate-id",
            format!("claim id `{id}` is used twice in this article"),
            span,
            Some(
                "name a site-wide claim once, and give every claim of the article its own id"
                    .into(),
            ),
        );
        return None;
    }
    let mut claim = defined.clone();
    let renumber = |n: &mut SourceNo| *n = known[shared.sources[n.0].id.as_str()];
    let named = claim.asserted_by.iter_mut().chain(&mut claim.contested_by);
    named.for_each(renumber);
    (claim
        .appearances
        .iter_mut()
        .filter_map(|a| a.source.as_mut()))
    .for_each(renumber);
    Some(claim)
}

/// One claim written at `claims[i]`; `known` numbers the ids it may name (`sources`).
pub(super) fn claim(
    c: &mut Checker,
    raw_claim: RawClaim,
    i: usize,
    (known, sources): (&HashMap<&str, SourceNo>, &[&str]),
    claimants: &Claimants,
    config: &Config,
    ids: &mut HashSet<String>,
) -> Option<Claim> {
    let here = [Seg::Key("claims"), Seg::Index(i)];
    let id = c.id(raw_claim.id, &here, "claim", ids);
    let text = c.required(
        raw_claim.text,
        &here,
        "text",
        "this claim",
        "\"The army halted its offensive.\"",
    );
    let status = c.required(raw_claim.status, &here, "status", "this claim", "disputed");
    let status =
        status.and_then(|st| c.status(st, &[here[0], here[1], Seg::Key("status")], config));
    let as_of = c.date(raw_claim.as_of, &[here[0], here[1], Seg::Key("as_of")]);
    let history = check_history(c, raw_claim.history.unwrap_or_default(), i, status, config);
    let as_of = as_of_history(c, &here, as_of, history.last().map(|h| &h.date));
    let mut refs = |list, key| source_refs(c, &here, list, key, known, sources);
    let asserted_by = refs(raw_claim.asserted_by, "asserted_by");
    let contested_by = refs(raw_claim.contested_by, "contested_by");
    let claimant = claim_claimant(c, raw_claim.claimant, &here, claimants, config);
    let claim_date = c.date(
        raw_claim.claim_date,
        &[here[0], here[1], Seg::Key("claim_date")],
    );
    let raw_appearances = raw_claim.appearances.unwrap_or_default();
    let appearances = appearances(c, raw_appearances, &here, known, sources, config);
    let extra = c.extra(raw_claim.extra, &[here[0], here[1], Seg::Key("extra")]);
    Some(Claim {
        id: id?,
        text: text?,
        status: status?,
        as_of,
        asserted_by,
        contested_by,
        note: raw_claim.note.map(|t| t.0),
        short: raw_claim
            .short
            .map(|t| t.0)
            .filter(|t| !t.trim().is_empty()),
        history,
        claimant,
        claim_date,
        appearances,
        explanation: raw_claim.explanation.map(|t| t.0),
        extra,
        site_wide: false,
        listed: true,
    })
}

/// Each id of `sources` with its number (the first, for an id written twice).
pub(super) fn numbered<'a>(sources: &[&'a str]) -> HashMap<&'a str, SourceNo> {
    let mut known = HashMap::with_capacity(sources.len());
    for (n, id) in sources.iter().enumerate() {
        known.entry(*id).or_insert(SourceNo(n));
    }
    known
}

/// A claim's `as_of`: by default the date of its latest assessment, and never before it.
fn as_of_history(
    c: &mut Checker,
    here: &[Seg; 2],
    as_of: Option<Date>,
    latest: Option<&Date>,
) -> Option<Date> {
    let Some(latest) = latest else {
        return as_of;
    };
    match as_of {
        None => Some(latest.clone()),
        Some(d) => {
            if d < *latest {
                let span = c.value_span(&[here[0], here[1], Seg::Key("as_of")]);
                c.error(
                    "invalid-history",
                    format!("`as_of` is {d}, before the claim's latest assessment ({latest})"),
                    span,
                    Some(
                        "set `as_of` to the date of the last `history` entry, or remove it".into(),
                    ),
                );
            }
            Some(d)
        }
    }
}

/// The sources a claim's `key` (`asserted_by`, `contested_by`) or a timeline entry's
/// `sources` names, each one a source of the article.
pub(super) fn source_refs(
    c: &mut Checker,
    here: &[Seg; 2],
    list: TextList,
    key: &'static str,
    known: &HashMap<&str, SourceNo>,
    sources: &[&str],
) -> Vec<SourceNo> {
    let mut out = Vec::new();
    for (j, sid) in list.0.into_iter().enumerate() {
        let sid = sid.trim().trim_start_matches('@');
        if let Some(&n) = known.get(sid) {
            out.push(n);
            continue;
        }
        let span = c.value_span(&[here[0], here[1], Seg::Key(key), Seg::Index(j)]);
        let help = (!c.full()).then(|| unknown_id_help(sid, sources, "sources"));
        c.error(
            "unknown-source",
            format!("`{key}` names `{sid}`, which is not {}", c.doc.sources()),
            span,
            help,
        );
    }
    out
}

/// The article's own sources, then the shared ones offered that it uses: those a claim,
/// a timeline entry or a citation in the body names. The claims' and events' source
/// numbers, counted in [`citable`] order, are renumbered into the list returned.
fn with_shared_sources(
    own: Vec<Source>,
    offered: &[&Source],
    body: &str,
    claims: &mut [Claim],
    timeline: &mut [Event],
) -> Vec<Source> {
    let first_shared = own.len();
    let outside_code: String;
    let mut cited = cited_ids(body);
    // The cheap scan also finds citations shown as code; when it names a shared
    // source, the Markdown is read to leave code out.
    if offered.iter().any(|s| cited.contains(s.id.as_str())) {
        outside_code = crate::markdown::text_outside_code(body);
        cited = cited_ids(&outside_code);
    }
    let mut used: Vec<bool> = offered
        .iter()
        .map(|s| cited.contains(s.id.as_str()))
        .collect();
    let named = claims.iter().flat_map(|c| {
        let appeared = c.appearances.iter().filter_map(|a| a.source.as_ref());
        c.asserted_by.iter().chain(&c.contested_by).chain(appeared)
    });
    for n in named.chain(timeline.iter().flat_map(|e| &e.sources)) {
        if let Some(k) = n.0.checked_sub(first_shared) {
            used[k] = true;
        }
    }
    let mut sources = own;
    let mut renumbered = Vec::with_capacity(offered.len());
    for (s, used) in offered.iter().zip(used) {
        renumbered.push(SourceNo(sources.len()));
        if used {
            sources.push((*s).clone());
        }
    }
    let named = claims.iter_mut().flat_map(|c| {
        let appeared = c.appearances.iter_mut().filter_map(|a| a.source.as_mut());
        (c.asserted_by.iter_mut().chain(&mut c.contested_by)).chain(appeared)
    });
    for n in named.chain(timeline.iter_mut().flat_map(|e| &mut e.sources)) {
        if let Some(k) = n.0.checked_sub(first_shared) {
            *n = renumbered[k];
        }
    }
    sources
}

/// `updated` by default: the last change of a claim's assessment, or the last correction, after publication.
fn last_reassessed(
    date: Option<&Date>,
    claims: &[Claim],
    corrections: &[Correction],
) -> Option<Date> {
    let assessed = claims
        .iter()
        .filter_map(|c| c.history.last())
        .map(|h| &h.date);
    let latest = assessed.chain(corrections.last().map(|c| &c.date)).max()?;
    date.filter(|d| latest > *d).map(|_| latest.clone())
}

/// `expires`: a date after the article's `date`.
fn expires(c: &mut Checker, raw: Option<Text>, date: Option<&Date>) -> Option<Date> {
    let expires = c.date(raw, &[Seg::Key("expires")])?;
    if let Some(date) = date.filter(|d| expires.day <= d.day) {
        let span = c.value_span(&[Seg::Key("expires")]);
        c.error(
            "invalid-expires",
            format!("the article expires on {expires}, but it is published on {date}"),
            span,
            Some("`expires` is the first day the article leaves the lists and feeds: give a day after `date`, or remove it".into()),
        );
    }
    Some(expires)
}

/// Ids cited in a body as `[@id` or `; @id` (a cheap scan: it also finds them in
/// code, but not after an escaped `\[`).
fn cited_ids(body: &str) -> HashSet<&str> {
    body.match_indices('@')
        .filter(|(i, _)| {
            let before = body[..*i].trim_end();
            before.ends_with(';') || (before.ends_with('[') && !before.ends_with("\\["))
        })
        .map(|(i, _)| {
            let rest = &body[i + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|id| !id.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn config() -> Config {
        testing::config("https://e.org/sub/")
    }

    fn run(text: &str) -> Result<Article, Vec<Diagnostic>> {
        testing::parse_text(text, &config())
    }

    fn errors(text: &str) -> Vec<String> {
        run(text)
            .unwrap_err()
            .iter()
            .map(|d| format!("{} {} {}", d.location().unwrap(), d.code, d.message))
            .collect()
    }

    #[test]
    fn a_full_article_parses() {
        let a = run("---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s1\n    title: S\n    url: /docs/x\nclaims:\n  - id: c1\n    text: X\n    status: false\n    asserted_by: s1\n---\nbody\n").unwrap();
        assert_eq!(a.sources[0].url.as_deref(), Some("/sub/docs/x"));
        assert_eq!(config().status(a.claims[0].status).key, "false");
        assert_eq!(a.claims[0].asserted_by, vec![SourceNo(0)]);
        assert_eq!(a.path, "a/");
    }

    #[test]
    fn crlf_and_empty_lists_are_fine() {
        let a =
            run("---\r\ntitle: T\r\ndate: 2016-12-08\r\nsources:\r\nclaims: []\r\n---\r\nbody\r\n")
                .unwrap();
        assert_eq!(a.title, "T");
    }

    #[test]
    fn every_mistake_in_a_file_is_reported_at_its_line() {
        let e = errors("---\ntitle: T\ndate: 2016-02-30\nsources:\n  - id: s1\n    title: S\n    url: javascript:alert(1)\n  - id: s1\n    title: S2\nclaims:\n  - id: c1\n    text: X\n    status: disputd\n    asserted_by: [s1, s2]\n---\n");
        assert_eq!(
            e,
            vec![
                "content/a.md:3:7 invalid-date `2016-02-30` does not exist: February 2016 has no day 30",
                "content/a.md:7:10 unsafe-url `javascript:` URLs are not allowed in sources",
                "content/a.md:8:9 duplicate-id source id `s1` is used twice in this article",
                "content/a.md:13:13 unknown-status unknown claim status `disputd`",
                "content/a.md:14:23 unknown-source `asserted_by` names `s2`, which is not a source of this article",
            ]
        );
    }

    #[test]
    fn unknown_keys_suggest_the_intended_key() {
        let e = run("---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: c1\n    text: X\n    status: confirmed\n    contested-by: [a]\n---\n").unwrap_err();
        assert_eq!(e[0].location().unwrap(), "content/a.md:8:5");
        assert_eq!(e[0].message, "unknown key `contested-by` in a claim");
        assert!(e[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `contested_by`?"));
    }

    #[test]
    fn every_unknown_key_is_reported_at_its_line_with_the_other_mistakes() {
        let e = run("---\ntitle: T\ndate: 2016-02-30\nsumary: S\nsources:\n  - id: s\n    title: S\n    ulr: https://x.org\nclaims:\n  - id: c\n    text: X\n    status: confirmed\n    asserted-by: [s]\n    history:\n      - { date: 2016-12-08, stauts: confirmed }\n---\n").unwrap_err();
        let found: Vec<String> = e
            .iter()
            .map(|d| {
                let help = d.help.as_deref().unwrap_or_default();
                let help = help.split('?').next().unwrap();
                format!("{} {} | {help}", d.location().unwrap(), d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                "content/a.md:4:1 unknown key `sumary` in the front matter | did you mean `summary`",
                "content/a.md:8:5 unknown key `ulr` in a source | a source takes: id, title, publisher, author, url, date, accessed, note, archive_url, archived, type, doi, isbn, language, quote, extra. Custom data goes under `extra`.",
                "content/a.md:13:5 unknown key `asserted-by` in a claim | did you mean `asserted_by`",
                "content/a.md:15:29 unknown key `stauts` in a history entry | did you mean `status`",
                "content/a.md:3:7 `2016-02-30` does not exist: February 2016 has no day 30 | write dates as YYYY-MM-DD, e.g. 2016-12-08, or as RFC 3339, e.g. 2016-12-08T14:30:00Z",
                "content/a.md:15:11 this history entry has no `status` | add `status: disputed`",
            ]
        );
    }

    #[test]
    fn missing_title_and_date_are_both_reported() {
        let e = errors("---\nsummary: s\n---\n");
        assert_eq!(e.len(), 2);
        assert!(
            e[0].contains("has no `title`") && e[1].contains("has no `date`"),
            "{e:?}"
        );
    }

    #[test]
    fn malformed_yaml_points_at_the_line() {
        let e = errors("---\ntitle: T\ndate: 2016-12-08\ntags: [a, b\n---\n");
        assert!(e[0].starts_with("content/a.md:5:"), "{e:?}");
        assert!(e[0].contains("invalid-yaml"), "{e:?}");
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        let e = errors("---\ntitle: T\n");
        assert_eq!(
            e,
            vec!["content/a.md:1:1 unclosed-front-matter the front matter is never closed"]
        );
        let e = errors("# Just markdown\n");
        assert_eq!(
            e,
            vec!["content/a.md:1:1 missing-front-matter the file does not start with front matter"]
        );
    }

    #[test]
    fn slugs_replace_the_last_segment_and_refuse_traversal() {
        let a = run("---\ntitle: T\ndate: 2016-12-08\nslug: better\n---\n").unwrap();
        assert_eq!(a.path, "better/");
        for (bad, why) in [
            ("../../etc", "contains a `/`"),
            ("a/b", "contains a `/`"),
            ("..", "contains `..`"),
            (
                ".",
                "the slug `.` names the folder the article is in, not a page",
            ),
            (
                "a\\\\b",
                "the slug `a\\b` contains a `\\`; a slug names one page",
            ),
        ] {
            let e = errors(&format!(
                "---\ntitle: T\ndate: 2016-12-08\nslug: \"{bad}\"\n---\n"
            ));
            assert!(
                e[0].contains("invalid-slug") && e[0].contains(why),
                "{bad}: {e:?}"
            );
        }
    }
}
