//! What an article *is* once its front matter has been checked: every id resolved,
//! every date parsed, every URL known to be safe. Later stages trust these types and
//! never re-validate.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::date::Date;
use crate::status::StatusId;

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Path inside `content/`, with `/` separators (`explainers/aleppo.md`).
    pub rel_path: String,
    /// The file name as shown in diagnostics (`content/explainers/aleppo.md`).
    pub display_path: String,
    /// The file on disk.
    pub fs_path: PathBuf,
    /// Site path of the page, without base path: `explainers/aleppo/`.
    pub path: String,
    pub title: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// `contents:` in the front matter: show a table of contents or not, whatever the rule.
    pub contents: Option<bool>,
    pub sources: Vec<Source>,
    pub claims: Vec<Claim>,
    pub extra: serde_json::Value,
    /// Absolute URL of the image to share the article with.
    pub image: Option<String>,
    /// Dated events, oldest first, each backed by sources (see `timeline`).
    pub timeline: Vec<Event>,
    /// Corrections, clarifications and updates to the text, oldest first.
    pub corrections: Vec<Correction>,
    /// From this day on the article is withdrawn from lists and feeds (see `schedule`).
    pub expires: Option<Date>,
    /// `image` as written when it names one of the article's own files (`chart.png`):
    /// made `image` once the site knows the files (see `assets`).
    pub image_file: Option<String>,
    /// What the image shows, for readers who cannot see it (`og:image:alt`).
    pub image_alt: Option<String>,
    /// Made from `sources` and `claims` by [`Index::new`].
    pub index: Index,
}

/// Which source and claim an id names, and which claims each source asserts and
/// contests: looked up for every citation, claim link and reference, and scanning
/// the lists each time would cost an article with thousands of them the square of
/// its size.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    sources: HashMap<String, usize>,
    claims: HashMap<String, usize>,
    /// Per source (by index): the indices of the claims that name it in `asserted_by`.
    asserts: Vec<Vec<usize>>,
    /// Per source: the claims that name it in `contested_by`.
    contests: Vec<Vec<usize>>,
}

impl Index {
    pub fn new(sources: &[Source], claims: &[Claim]) -> Self {
        let mut index = Index {
            sources: HashMap::with_capacity(sources.len()),
            claims: HashMap::with_capacity(claims.len()),
            asserts: vec![Vec::new(); sources.len()],
            contests: vec![Vec::new(); sources.len()],
        };
        // The first of several with one id, as a scan would find.
        for (i, s) in sources.iter().enumerate() {
            index.sources.entry(s.id.clone()).or_insert(i);
        }
        for (i, c) in claims.iter().enumerate() {
            index.claims.entry(c.id.clone()).or_insert(i);
            for (refs, by) in [
                (&c.asserted_by, &mut index.asserts),
                (&c.contested_by, &mut index.contests),
            ] {
                for s in refs {
                    if by[s.0].last() != Some(&i) {
                        by[s.0].push(i);
                    }
                }
            }
        }
        index
    }
}

/// A source of an article by its place in [`Article::sources`], resolved from the id a
/// claim names when the front matter is checked: it always names a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceNo(pub(crate) usize);

impl SourceNo {
    /// The place in [`Article::sources`], from 0.
    pub fn index(self) -> usize {
        self.0
    }

    /// The number readers see, from 1.
    pub fn number(self) -> usize {
        self.0 + 1
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub author: Option<String>,
    /// Already made absolute or base-path-relative; never an unsafe scheme.
    pub url: Option<String>,
    pub date: Option<Date>,
    pub accessed: Option<Date>,
    pub note: Option<String>,
    /// A copy in a web archive (the source's `archive_url`, else `content/archives.yaml`'s).
    pub archive_url: Option<String>,
    pub archived: Option<Date>,
    /// `url` is known dead (`content/archives.yaml`): the archived copy leads.
    pub dead: bool,
    /// `type`, `doi`, `isbn`, `language`, `quote` (see `source_fields`).
    pub meta: crate::source_fields::Meta,
    /// Free-form data for custom templates (`extra`), an empty mapping when absent.
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: String,
    pub text: String,
    /// What the claim says in a few words, for markup that shows about 75 characters.
    pub short: Option<String>,
    pub status: StatusId,
    pub as_of: Option<Date>,
    pub asserted_by: Vec<SourceNo>,
    pub contested_by: Vec<SourceNo>,
    pub note: Option<String>,
    /// Every assessment, oldest first; the last one is the current `status`.
    pub history: Vec<Assessment>,
    /// Who made the claim: shared by every claim naming the same claimant.
    pub claimant: Option<Arc<Claimant>>,
    /// When the claim was first made.
    pub claim_date: Option<Date>,
    /// Where the claim was made, in the order written.
    pub appearances: Vec<Appearance>,
    /// The verdict's reasoning in a sentence or two (ClaimReview's `ratingExplanation`).
    pub explanation: Option<String>,
    /// Free-form data for custom templates (`extra`), an empty mapping when absent.
    pub extra: serde_json::Value,
    /// Defined once in `content/claims.yaml`: every article naming it shares its page.
    pub site_wide: bool,
    /// In the ledger, and so with a page on a site with claim pages: its article is
    /// listed, or, site-wide, a listed article names it too (see `site::unlist_claims`).
    pub listed: bool,
}

/// Who made a claim: defined once in `content/claimants.yaml` and named by id, or
/// written inline on a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimant {
    /// Its page's name in `/claimants/`: the id, or the inline name as a slug.
    pub slug: String,
    pub name: String,
    pub kind: ClaimantKind,
    pub description: Option<String>,
    /// Already made absolute or base-path-relative; never an unsafe scheme.
    pub url: Option<String>,
    /// Pages about the same person or organisation elsewhere (Wikidata, Wikipedia).
    pub same_as: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimantKind {
    Person,
    Organization,
}

impl ClaimantKind {
    /// The schema.org type.
    pub fn schema_type(self) -> &'static str {
        match self {
            ClaimantKind::Person => "Person",
            ClaimantKind::Organization => "Organization",
        }
    }
}

/// Where a claim was made: a speech's transcript, a post, a broadcast.
#[derive(Debug, Clone, PartialEq)]
pub struct Appearance {
    /// Already made absolute or base-path-relative; never an unsafe scheme.
    pub url: String,
    pub date: Option<Date>,
    pub archive_url: Option<String>,
    /// The article's source it is, if one is.
    pub source: Option<SourceNo>,
}

/// One entry of an article's `timeline`: what happened when, and which of the
/// article's sources back it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub date: Date,
    pub text: String,
    pub sources: Vec<SourceNo>,
}

/// One entry of an article's `corrections`: a change to the text that is not a
/// claim's change of status.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub date: Date,
    pub kind: CorrectionKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionKind {
    /// What was published was wrong.
    Correction,
    /// What was published was right but could be misread.
    Clarification,
    /// Something has happened since.
    Update,
}

impl CorrectionKind {
    /// Every kind by the name writers give it.
    pub const ALL: [(&'static str, CorrectionKind); 3] = [
        ("correction", CorrectionKind::Correction),
        ("clarification", CorrectionKind::Clarification),
        ("update", CorrectionKind::Update),
    ];

    /// The kind as writers give it: `correction`.
    pub fn key(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "correction",
            CorrectionKind::Clarification => "clarification",
            CorrectionKind::Update => "update",
        }
    }

    /// The kind as readers see it: "Correction".
    pub fn label(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "Correction",
            CorrectionKind::Clarification => "Clarification",
            CorrectionKind::Update => "Update",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub date: Date,
    pub status: StatusId,
    pub note: Option<String>,
}

impl Article {
    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.index.sources.get(id).copied()
    }

    pub fn source(&self, n: SourceNo) -> &Source {
        &self.sources[n.0]
    }

    pub fn claim_index(&self, id: &str) -> Option<usize> {
        self.index.claims.get(id).copied()
    }

    /// The claims that source number `i` (0-based) asserts, in claim order.
    pub fn asserted_by(&self, i: usize) -> impl Iterator<Item = &Claim> {
        self.index.asserts[i].iter().map(|&c| &self.claims[c])
    }

    /// The claims that source number `i` contests, in claim order.
    pub fn contested_by(&self, i: usize) -> impl Iterator<Item = &Claim> {
        self.index.contests[i].iter().map(|&c| &self.claims[c])
    }

    /// The date readers should see as "last changed".
    pub fn modified(&self) -> &Date {
        self.updated.as_ref().unwrap_or(&self.date)
    }
}

/// What the element ids of a source and a claim on an article page start with.
pub const SOURCE_ANCHOR: &str = "source-";
pub const CLAIM_ANCHOR: &str = "claim-";

pub fn source_anchor(id: &str) -> String {
    [SOURCE_ANCHOR, id].concat()
}

pub fn claim_anchor(id: &str) -> String {
    [CLAIM_ANCHOR, id].concat()
}
