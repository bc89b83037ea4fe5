//! The data templates see (documented in docs/templates.md). Built from checked
//! articles and the rendered body; everything is pre-formatted here (URLs with the
//! base path, display dates, resolved source references) so that themes stay simple
//! and no two templates compute the same thing differently. Each template's
//! variables are one plain struct here (`HomePage`, `ClaimEntry`, …), turned into
//! Tera's form (`Vars`) here too: besides `templates`, this is the one module that
//! knows Tera's context.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::article::{
    claim_anchor, source_anchor, Article, Claim, Claimant, ClaimantKind, SourceNo,
};
use crate::config::Config;
use crate::date::Date;
use crate::generated::{self, Page};
use crate::history::{assessments, changes, AssessmentContext, Change};
use crate::lang::Lang;
use crate::ledger::{
    claim_page, claim_page_path, claimant_path, LedgerClaim, LedgerSource, PublisherContext,
    StatusCount as LedgerStatus,
};
use crate::markdown::Rendered;
use crate::paginate::{self, Pagination};
use crate::site::Tag;
use crate::status::{Status, Tone, Vocabulary};
use crate::translations::Alternate;

/// A template's variables in Tera's form, made only by the functions below.
pub struct Vars(tera::Context);

impl Vars {
    /// For `templates`, which hands them to Tera.
    pub(crate) fn tera(&self) -> &tera::Context {
        &self.0
    }

    pub(crate) fn into_tera(self) -> tera::Context {
        self.0
    }
}

/// `data`'s fields as variables. Every struct given here has named fields, which
/// Tera turns into variables; only another shape of value could fail.
fn vars(data: &impl Serialize) -> Vars {
    Vars(tera::Context::from_serialize(data).expect("template variables are a struct"))
}

/// A page's variables: its own (`data`'s fields), `page_kind` and `page_title`.
pub fn page(kind: &'static str, title: &str, data: &impl Serialize) -> Vars {
    let mut vars = vars(data);
    vars.0.insert("page_kind", kind);
    vars.0.insert("page_title", title);
    vars
}

/// A list entry's variables (`claim_entry.html`): only its own, since one rendering
/// serves every page it is placed on.
pub fn entry(data: &impl Serialize) -> Vars {
    vars(data)
}

/// What every template has (docs/templates.md, "Everywhere"), besides `page_kind`
/// and `page_title`.
pub fn everywhere(config: &Config) -> Vars {
    #[derive(Serialize)]
    struct Everywhere<'a> {
        site: SiteContext<'a>,
        statuses: &'a Vocabulary,
        i18n: std::collections::BTreeMap<&'a str, &'a str>,
        byline_version: &'static str,
    }
    vars(&Everywhere {
        site: SiteContext::new(config),
        statuses: &config.vocabulary,
        i18n: config.words.texts(),
        byline_version: env!("CARGO_PKG_VERSION"),
    })
}

/// `article.html`.
#[derive(Serialize)]
pub struct ArticlePage<'a> {
    pub article: ArticleContext<'a>,
}

/// The variables of an article's page.
pub fn article(
    a: &Article,
    rendered: &Rendered,
    config: &Config,
    translations: &[Alternate],
) -> Vars {
    let mut article = ArticleContext::new(a, rendered, config);
    article.translations = translations;
    page(generated::ARTICLE.name, &a.title, &ArticlePage { article })
}

/// The variables of a page of the home list (`generated::KINDS` says which).
pub fn home(p: &Page) -> Vars {
    let config = &p.input.site.config;
    let data = HomePage {
        articles: paginate::slice(p.input.summaries(), p.n),
        pagination: p.pagination(),
        json_ld: (p.n <= 1).then(|| crate::structured_data::website(config)),
    };
    p.vars(&config.title, &data)
}

pub fn tags(p: &Page) -> Vars {
    let config = &p.input.site.config;
    let tags = p.input.site.tags.iter();
    let tags = tags.map(|t| TagContext::new(t, config, None)).collect();
    p.vars(config.words.text("nav_tags"), &TagsPage { tags })
}

pub fn tag(p: &Page) -> Vars {
    let tag = &p.input.site.tags[p.instance.index];
    let summaries = p.input.summaries();
    let page = paginate::slice(&tag.articles, p.n);
    let articles = page.iter().map(|&i| &summaries[i]).collect();
    let data = TagPage {
        tag: TagContext::new(tag, &p.input.site.config, Some(articles)),
        pagination: p.pagination(),
    };
    let words = &p.input.site.config.words;
    p.vars(&words.format("title_tag", &[("tag", &tag.name)]), &data)
}

/// `corrections.html`.
#[derive(Serialize)]
pub struct CorrectionsPage<'r, 'a> {
    pub entries: &'r [crate::corrections::LogEntry<'a>],
    pub total: usize,
    /// The log's Atom feed.
    pub feed: String,
    pub pagination: Pagination,
}

/// A page of the corrections log.
pub fn corrections(p: &Page) -> Vars {
    let log = p.input.corrections();
    let data = CorrectionsPage {
        entries: paginate::slice(log, p.n),
        total: log.len(),
        feed: p
            .input
            .site
            .config
            .url(crate::corrections::CORRECTIONS_FEED),
        pagination: p.pagination(),
    };
    p.vars(p.input.site.config.words.text("nav_corrections"), &data)
}

pub fn claims(p: &Page, entries: String) -> Vars {
    let ledger = p.input.ledger;
    let data = ClaimsPage {
        entries,
        claim_total: ledger.claims.len(),
        status_counts: &ledger.statuses,
        pagination: p.pagination(),
    };
    p.vars(p.input.site.config.words.text("nav_claims"), &data)
}

pub fn claims_status(p: &Page, entries: String) -> Vars {
    let ledger = p.input.ledger;
    let status = &ledger.statuses[p.instance.index];
    let data = ClaimsStatusPage {
        entries,
        status,
        status_counts: &ledger.statuses,
        pagination: p.pagination(),
    };
    let words = &p.input.site.config.words;
    p.vars(
        &words.format("title_claims_status", &[("status", status.label)]),
        &data,
    )
}

pub fn sources(p: &Page, entries: String) -> Vars {
    let ledger = p.input.ledger;
    let data = SourcesPage {
        entries,
        source_total: ledger.sources.len(),
        publishers: &ledger.publishers,
        pagination: p.pagination(),
    };
    p.vars(p.input.site.config.words.text("nav_sources"), &data)
}

pub fn publisher(p: &Page, entries: String) -> Vars {
    let publisher = &p.input.ledger.publishers[p.instance.index];
    let data = PublisherPage {
        entries,
        publisher,
        pagination: p.pagination(),
    };
    let words = &p.input.site.config.words;
    p.vars(
        &words.format("title_publisher", &[("publisher", &publisher.name)]),
        &data,
    )
}

/// A claim's own page (`claim.html`).
pub fn claim(p: &Page) -> Vars {
    let config = &p.input.site.config;
    let entry = &p.input.ledger.claims[p.instance.index];
    let (a, c) = (entry.article.article, entry.claim());
    let permalink = config.permalink(&claim_page_path(a, c));
    let json_ld = (config.reviews_on_claim_pages())
        .then(|| crate::structured_data::claim(a, c, permalink.clone(), config));
    let label = &config.status(c.status).label;
    let description = match c.explanation.as_deref().or(c.note.as_deref()) {
        Some(why) => format!("{label}: {why}"),
        None => format!("{label}."),
    };
    let data = ClaimPage {
        claim: entry,
        permalink,
        description,
        json_ld,
    };
    p.vars(&c.text, &data)
}

/// `claimants.html`: everyone who made a claim.
pub fn claimants(p: &Page) -> Vars {
    let config = &p.input.site.config;
    let claimants = (p.input.ledger.claimants.iter())
        .map(|c| ClaimantSummary {
            claimant: ClaimantContext::new(c.claimant, config),
            claim_total: c.claims.len(),
            tally: Tally::new(config, &c.counts),
        })
        .collect();
    p.vars(
        config.words.text("nav_claimants"),
        &ClaimantsPage { claimants },
    )
}

/// A page of a claimant's claims (`claimant.html`).
pub fn claimant(p: &Page) -> Vars {
    let config = &p.input.site.config;
    let ledger = p.input.ledger;
    let c = &ledger.claimants[p.instance.index];
    let claims = paginate::slice(&c.claims, p.n);
    let data = ClaimantPage {
        claimant: ClaimantContext::new(c.claimant, config),
        claim_total: c.claims.len(),
        tally: Tally::new(config, &c.counts),
        claims: claims.iter().map(|&i| &ledger.claims[i]).collect(),
        pagination: p.pagination(),
    };
    p.vars(&c.claimant.name, &data)
}

pub fn not_found(p: &Page) -> Vars {
    p.vars(
        p.input.site.config.words.text("not_found_title"),
        &NotFoundPage {},
    )
}

pub fn search(p: &Page) -> Vars {
    p.vars(p.input.site.config.words.text("nav_search"), &SearchPage {})
}

/// `index.html`: a page of the home list.
#[derive(Serialize)]
pub struct HomePage<'a> {
    pub articles: &'a [Summary<'a>],
    pub pagination: Pagination,
    /// The site as a `WebSite` (schema.org JSON-LD), on the first page only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_ld: Option<String>,
}

/// `tags.html`.
#[derive(Serialize)]
pub struct TagsPage<'a> {
    pub tags: Vec<TagContext<'a>>,
}

/// `tag.html`: a page of a tag's list.
#[derive(Serialize)]
pub struct TagPage<'a> {
    pub tag: TagContext<'a>,
    pub pagination: Pagination,
}

/// `claims.html`: a page of the ledger; `entries` are rendered by `claim_entry.html`.
#[derive(Serialize)]
pub struct ClaimsPage<'a> {
    pub entries: String,
    pub claim_total: usize,
    pub status_counts: &'a [LedgerStatus<'a>],
    pub pagination: Pagination,
}

/// `claims_status.html`: a page of one status's claims.
#[derive(Serialize)]
pub struct ClaimsStatusPage<'a> {
    pub entries: String,
    pub status: &'a LedgerStatus<'a>,
    pub status_counts: &'a [LedgerStatus<'a>],
    pub pagination: Pagination,
}

/// `sources.html`: a page of the sources index; `entries` by `source_entry.html`.
#[derive(Serialize)]
pub struct SourcesPage<'a> {
    pub entries: String,
    pub source_total: usize,
    pub publishers: &'a [PublisherContext],
    pub pagination: Pagination,
}

/// `publisher.html`: a page of one publisher's sources.
#[derive(Serialize)]
pub struct PublisherPage<'a> {
    pub entries: String,
    pub publisher: &'a PublisherContext,
    pub pagination: Pagination,
}

/// `claim.html`: a claim's own page.
#[derive(Serialize)]
pub struct ClaimPage<'a> {
    pub claim: &'a LedgerClaim<'a>,
    pub permalink: String,
    /// The status and its reasoning in words, for link previews.
    pub description: String,
    /// Its `ClaimReview`, unless article pages carry it (`[claims] review_markup`).
    pub json_ld: Option<String>,
}

/// `claimants.html`.
#[derive(Serialize)]
pub struct ClaimantsPage<'a> {
    pub claimants: Vec<ClaimantSummary<'a>>,
}

#[derive(Serialize)]
pub struct ClaimantSummary<'a> {
    pub claimant: ClaimantContext<'a>,
    pub claim_total: usize,
    pub tally: Tally<'a>,
}

/// `claimant.html`: a page of one claimant's claims, newest first.
#[derive(Serialize)]
pub struct ClaimantPage<'a> {
    pub claimant: ClaimantContext<'a>,
    pub claim_total: usize,
    pub tally: Tally<'a>,
    pub claims: Vec<&'a LedgerClaim<'a>>,
    pub pagination: Pagination,
}

/// A claimant's claims counted by status, with each status's share of a bar 1,000
/// units wide (whole units, so pages do not depend on float formatting).
#[derive(Serialize)]
pub struct Tally<'a> {
    pub total: usize,
    /// The statuses with claims, in the vocabulary's order.
    pub segments: Vec<TallySegment<'a>>,
}

#[derive(Serialize)]
pub struct TallySegment<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub tone: Tone,
    pub count: usize,
    pub x: usize,
    pub width: usize,
}

impl<'a> Tally<'a> {
    pub const WIDTH: usize = 1000;

    pub fn new(config: &'a Config, counts: &[usize]) -> Self {
        let total: usize = counts.iter().sum();
        let mut segments = Vec::new();
        let mut before = 0;
        for (s, &count) in config.vocabulary.iter().zip(counts) {
            if count == 0 {
                continue;
            }
            let x = before * Self::WIDTH / total;
            before += count;
            segments.push(TallySegment {
                key: &s.key,
                label: &s.label,
                tone: s.tone,
                count,
                x,
                width: before * Self::WIDTH / total - x,
            });
        }
        Tally { total, segments }
    }
}

/// `404.html`, which has only what every page has.
#[derive(Serialize)]
pub struct NotFoundPage {}

/// `search.html`: the search page (Pagefind's UI, loaded from `pagefind/`).
#[derive(Serialize)]
pub struct SearchPage {}

/// `claim_entry.html`: a claim's whole entry on its status's page, or with `compact`
/// its row on `/claims/`.
#[derive(Serialize)]
pub struct ClaimEntry<'a> {
    pub claim: &'a LedgerClaim<'a>,
    pub compact: bool,
}

/// `source_entry.html`: a source's entry on its publisher's page (on `/sources/` when
/// it has none).
#[derive(Serialize)]
pub struct SourceEntry<'a> {
    pub source: &'a LedgerSource<'a>,
}

#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// `ltr` or `rtl`: the direction the language's text runs.
    pub dir: crate::lang::Dir,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// The whole site's base path, whatever the page's language: for static files.
    pub root_path: &'a str,
    pub extra: &'a serde_json::Value,
    /// The publisher's policy links (`[publisher]`), for the footer.
    pub policies: &'a [crate::config::Policy],
    /// Whether the site has a search page (`search` in site.toml).
    pub search: bool,
    /// Whether every claim has a page of its own (`[claims] pages`).
    pub claim_pages: bool,
}

impl<'a> SiteContext<'a> {
    pub fn new(config: &'a Config) -> Self {
        SiteContext {
            title: &config.title,
            description: &config.description,
            language: config.lang.tag(),
            dir: config.lang.dir(),
            base_url: &config.base_url,
            base_path: &config.base_path,
            root_path: &config.root_path,
            extra: &config.extra,
            policies: &config.publisher.policies,
            search: config.search,
            claim_pages: config.claim_pages,
        }
    }
}

#[derive(Serialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct StatusCount<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub tone: Tone,
    pub count: usize,
}

/// Fields written into an enclosing struct, where `#[serde(flatten)]` would make
/// the struct a map: Tera allocates every key of a map, while a struct's field names
/// stay static, and an article page has dozens of them.
pub trait Fields {
    const LEN: usize;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error>;
}

/// `key` when `value` is there; absent (not null) otherwise.
pub fn optional<S: SerializeStruct, T: Serialize>(
    s: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(v) => s.serialize_field(key, v),
        None => s.skip_field(key),
    }
}

/// What list pages show of an article.
pub struct Summary<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub authors: &'a [String],
    pub tags: Vec<TagRef>,
    pub claim_count: usize,
    pub source_count: usize,
    pub disputed_count: usize,
    pub status_counts: Vec<StatusCount<'a>>,
    pub draft: bool,
}

impl Fields for Summary<'_> {
    const LEN: usize = 15;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("title", self.title)?;
        optional(s, "summary", &self.summary)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("permalink", &self.permalink)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("date_display", &self.date_display)?;
        optional(s, "updated", &self.updated)?;
        optional(s, "updated_display", &self.updated_display)?;
        s.serialize_field("authors", self.authors)?;
        s.serialize_field("tags", &self.tags)?;
        s.serialize_field("claim_count", &self.claim_count)?;
        s.serialize_field("source_count", &self.source_count)?;
        s.serialize_field("disputed_count", &self.disputed_count)?;
        s.serialize_field("status_counts", &self.status_counts)?;
        s.serialize_field("draft", &self.draft)
    }
}

impl Serialize for Summary<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Summary", Self::LEN)?;
        self.fields(&mut s)?;
        s.end()
    }
}

impl<'a> Summary<'a> {
    pub fn new(a: &'a Article, config: &'a Config) -> Self {
        let vocab = &config.vocabulary;
        let mut status_counts: Vec<StatusCount> = vocab
            .iter()
            .map(|s| StatusCount {
                key: &s.key,
                label: &s.label,
                tone: s.tone,
                count: 0,
            })
            .collect();
        for c in &a.claims {
            if let Some(sc) = status_counts
                .iter_mut()
                .find(|sc| sc.key == config.status(c.status).key)
            {
                sc.count += 1;
            }
        }
        let disputed_count = status_counts
            .iter()
            .filter(|s| s.tone == Tone::Disputed)
            .map(|s| s.count)
            .sum();
        status_counts.retain(|s| s.count > 0);
        Summary {
            title: &a.title,
            summary: a.summary.as_deref(),
            url: config.url(&a.path),
            permalink: config.permalink(&a.path),
            date: a.date.iso(),
            date_display: a.date.display(&config.lang),
            updated: a.updated.as_ref().map(|d| d.iso()),
            updated_display: a.updated.as_ref().map(|d| d.display(&config.lang)),
            authors: &a.authors,
            tags: a
                .tags
                .iter()
                .map(|name| {
                    let slug = crate::names::slugify(name);
                    TagRef {
                        name: name.clone(),
                        url: config.url(&generated::Place::Lists(generated::TAGS).base(&slug)),
                        slug,
                    }
                })
                .collect(),
            claim_count: a.claims.len(),
            source_count: a.sources.len(),
            disputed_count,
            status_counts,
            draft: a.draft,
        }
    }
}

#[derive(Serialize)]
pub struct SourceRef<'a> {
    pub id: &'a str,
    pub number: usize,
    pub anchor: String,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
}

/// A source's `type`, `doi`, `isbn`, `language` and `quote`, as templates see them
/// (flattened into the source's variables).
#[derive(Serialize)]
pub struct SourceMeta<'a> {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// The type in words ("Press release").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isbn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<&'a str>,
}

impl<'a> SourceMeta<'a> {
    pub fn new(m: &'a crate::source_fields::Meta) -> Self {
        let kind = m.kind.map(|k| k.get());
        SourceMeta {
            kind: kind.map(|k| k.name),
            type_label: kind.map(|k| k.words),
            doi: m.doi.as_deref(),
            doi_url: m.doi_url(),
            isbn: m.isbn.as_deref(),
            language: m.language.as_deref(),
            quote: m.quote.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct SourceContext<'a> {
    pub id: &'a str,
    pub number: usize,
    pub anchor: String,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Where the title links: `url`, or the archived copy when `url` is known dead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_display: Option<String>,
    /// The URL is known dead (`content/archives.yaml`): the archived copy leads.
    pub dead: bool,
    #[serde(flatten)]
    pub meta: SourceMeta<'a>,
    pub citations: &'a [String],
    /// Each citation's locator (`p. 3`), or "" (see `markdown::citation_syntax`).
    pub locators: Vec<&'a str>,
    pub asserts: Vec<&'a str>,
    pub contests: Vec<&'a str>,
    pub extra: &'a serde_json::Value,
}

/// What a claim shows wherever it is listed: on its article page, its own page and in
/// the ledger.
pub struct ClaimFields<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub status: &'a Status,
    pub as_of: Option<String>,
    pub as_of_display: Option<String>,
    pub note: Option<&'a str>,
    claim: &'a Claim,
    article: &'a Article,
    config: &'a Config,
}

impl Fields for ClaimFields<'_> {
    const LEN: usize = 14;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        let (c, config) = (self.claim, self.config);
        s.serialize_field("id", self.id)?;
        s.serialize_field("text", self.text)?;
        s.serialize_field("status", self.status)?;
        optional(s, "as_of", &self.as_of)?;
        optional(s, "as_of_display", &self.as_of_display)?;
        optional(s, "note", &self.note)?;
        let page = claim_page(config, self.article, c).map(|p| config.url(&p));
        optional(s, "page", &page)?;
        let claimant = c
            .claimant
            .as_deref()
            .map(|c| ClaimantContext::new(c, config));
        optional(s, "claimant", &claimant)?;
        optional(s, "claim_date", &c.claim_date.as_ref().map(Date::iso))?;
        optional(
            s,
            "claim_date_display",
            &c.claim_date.as_ref().map(|d| d.display(&config.lang)),
        )?;
        let appearances = c.appearances.iter().map(|ap| AppearanceContext {
            url: &ap.url,
            date: ap.date.as_ref().map(Date::iso),
            date_display: ap.date.as_ref().map(|d| d.display(&config.lang)),
            archive_url: ap.archive_url.as_deref(),
            source: ap.source.map(|n| self.article.source(n).title.as_str()),
            source_language: (ap.source)
                .and_then(|n| self.article.source(n).meta.language.as_deref()),
        });
        s.serialize_field("appearances", &appearances.collect::<Vec<_>>())?;
        optional(s, "explanation", &c.explanation.as_deref())?;
        s.serialize_field("extra", &c.extra)
    }
}

impl<'a> ClaimFields<'a> {
    pub fn new(a: &'a Article, c: &'a Claim, config: &'a Config) -> Self {
        ClaimFields {
            id: &c.id,
            text: &c.text,
            status: config.status(c.status),
            as_of: c.as_of.as_ref().map(Date::iso),
            as_of_display: c.as_of.as_ref().map(|d| d.display(&config.lang)),
            note: c.note.as_deref(),
            claim: c,
            article: a,
            config,
        }
    }
}

/// Who made a claim, for templates, with the URL of their page on the site.
#[derive(Serialize)]
pub struct ClaimantContext<'a> {
    pub name: &'a str,
    pub kind: ClaimantKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    /// Their own page elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    pub same_as: &'a [String],
    /// Their page on the site, `/claimants/<slug>/`.
    pub page: String,
}

impl<'a> ClaimantContext<'a> {
    pub fn new(c: &'a Claimant, config: &Config) -> Self {
        ClaimantContext {
            name: &c.name,
            kind: c.kind,
            description: c.description.as_deref(),
            url: c.url.as_deref(),
            same_as: &c.same_as,
            page: config.url(&claimant_path(&c.slug)),
        }
    }
}

/// Where a claim appeared, for templates.
#[derive(Serialize)]
struct AppearanceContext<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_url: Option<&'a str>,
    /// The title of the article's source it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    /// That source's language (BCP 47), when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    source_language: Option<&'a str>,
}

pub struct ClaimContext<'a> {
    pub claim: ClaimFields<'a>,
    pub anchor: String,
    pub asserted_by: Vec<SourceRef<'a>>,
    pub contested_by: Vec<SourceRef<'a>>,
    pub mentions: &'a [String],
    /// Every assessment, oldest first (empty without a `history`).
    pub history: Vec<AssessmentContext<'a>>,
}

impl Serialize for ClaimContext<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ClaimContext", ClaimFields::LEN + 5)?;
        self.claim.fields(&mut s)?;
        s.serialize_field("anchor", &self.anchor)?;
        s.serialize_field("asserted_by", &self.asserted_by)?;
        s.serialize_field("contested_by", &self.contested_by)?;
        s.serialize_field("mentions", self.mentions)?;
        s.serialize_field("history", &self.history)?;
        s.end()
    }
}

pub struct ArticleContext<'a> {
    pub summary: Summary<'a>,
    pub content: &'a str,
    pub sources: Vec<SourceContext<'a>>,
    pub claims: Vec<ClaimContext<'a>>,
    pub extra: &'a serde_json::Value,
    /// Status changes after publication, for "Correction"/"Update" notes.
    pub changes: Vec<Change<'a>>,
    /// The `corrections` entries, oldest first, for notes beside `changes`.
    pub corrections: Vec<crate::corrections::Notice<'a>>,
    /// schema.org JSON-LD, safe to print inside `<script>` with `| safe`.
    pub json_ld: String,
    /// Absolute URL of the image to share: the article's, else site.toml's.
    pub image: Option<&'a str>,
    /// The `timeline`'s events, oldest first.
    pub timeline: Vec<crate::timeline::EventContext<'a>>,
    /// The table of contents, empty when the article shows none (see `contents`).
    pub contents: &'a [crate::contents::Entry],
    pub word_count: usize,
    /// Minutes to read the body at the site language's speed (see `reading`).
    pub reading_minutes: usize,
    /// What the article's own `image` shows (`image_alt`).
    pub image_alt: Option<&'a str>,
    /// The article in every language it is published in, itself included (none on a
    /// site in one language, or for an article not translated).
    pub translations: &'a [Alternate],
}

impl Serialize for ArticleContext<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ArticleContext", Summary::LEN + 14)?;
        self.summary.fields(&mut s)?;
        s.serialize_field("content", self.content)?;
        s.serialize_field("sources", &self.sources)?;
        s.serialize_field("claims", &self.claims)?;
        s.serialize_field("extra", self.extra)?;
        s.serialize_field("changes", &self.changes)?;
        s.serialize_field("corrections", &self.corrections)?;
        s.serialize_field("json_ld", &self.json_ld)?;
        optional(&mut s, "image", &self.image)?;
        s.serialize_field("timeline", &self.timeline)?;
        s.serialize_field("contents", self.contents)?;
        s.serialize_field("word_count", &self.word_count)?;
        s.serialize_field("reading_minutes", &self.reading_minutes)?;
        optional(&mut s, "image_alt", &self.image_alt)?;
        s.serialize_field("translations", self.translations)?;
        s.end()
    }
}

impl<'a> ArticleContext<'a> {
    pub fn new(a: &'a Article, rendered: &'a Rendered, config: &'a Config) -> Self {
        ArticleContext {
            summary: Summary::new(a, config),
            content: &rendered.html,
            sources: (0..a.sources.len())
                .map(|i| SourceContext::new(a, i, rendered, &config.lang))
                .collect(),
            claims: a
                .claims
                .iter()
                .enumerate()
                .map(|(i, c)| ClaimContext::new(a, c, &rendered.mentions[i], config))
                .collect(),
            extra: &a.extra,
            changes: changes(a, config),
            corrections: crate::corrections::notices(a, &config.lang),
            json_ld: crate::structured_data::article(a, config),
            image: a.image.as_deref().or(config.image.as_deref()),
            timeline: crate::timeline::context(a, &config.lang),
            contents: rendered
                .contents
                .shown(a.contents, config.markdown.contents),
            word_count: rendered.words,
            reading_minutes: crate::reading::minutes(rendered.words, config.lang.tag()),
            image_alt: a.image.as_ref().and(a.image_alt.as_deref()),
            translations: &[],
        }
    }
}

impl<'a> SourceContext<'a> {
    /// The `i`th source of `a`, with the anchors of the markers citing it.
    fn new(a: &'a Article, i: usize, rendered: &'a Rendered, lang: &Lang) -> Self {
        let s = &a.sources[i];
        let citations = &rendered.citations[i];
        let locators = citations
            .iter()
            .map(|anchor| rendered.locators.get(anchor).map_or("", String::as_str))
            .collect();
        SourceContext {
            id: &s.id,
            number: i + 1,
            anchor: source_anchor(&s.id),
            title: &s.title,
            publisher: s.publisher.as_deref(),
            author: s.author.as_deref(),
            url: s.url.as_deref(),
            link: match (&s.archive_url, s.dead) {
                (Some(copy), true) => Some(copy),
                _ => s.url.as_deref(),
            },
            date: s.date.as_ref().map(|d| d.iso()),
            date_display: s.date.as_ref().map(|d| d.display(lang)),
            accessed: s.accessed.as_ref().map(|d| d.iso()),
            accessed_display: s.accessed.as_ref().map(|d| d.display(lang)),
            note: s.note.as_deref(),
            archive_url: s.archive_url.as_deref(),
            archived: s.archived.as_ref().map(|d| d.iso()),
            archived_display: s.archived.as_ref().map(|d| d.display(lang)),
            dead: s.dead,
            meta: SourceMeta::new(&s.meta),
            citations,
            locators,
            asserts: a.asserted_by(i).map(|c| c.id.as_str()).collect(),
            contests: a.contested_by(i).map(|c| c.id.as_str()).collect(),
            extra: &s.extra,
        }
    }
}

impl<'a> ClaimContext<'a> {
    /// The claim `c` of `a`, with the anchors of its spans in the body.
    fn new(a: &'a Article, c: &'a Claim, mentions: &'a [String], config: &'a Config) -> Self {
        let source_ref = |&n: &SourceNo| {
            let s = a.source(n);
            SourceRef {
                id: &s.id,
                number: n.number(),
                anchor: source_anchor(&s.id),
                title: &s.title,
                publisher: s.publisher.as_deref(),
            }
        };
        ClaimContext {
            claim: ClaimFields::new(a, c, config),
            anchor: claim_anchor(&c.id),
            asserted_by: c.asserted_by.iter().map(source_ref).collect(),
            contested_by: c.contested_by.iter().map(source_ref).collect(),
            mentions,
            history: assessments(&c.history, config),
        }
    }
}

#[derive(Serialize)]
pub struct TagContext<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub permalink: String,
    pub count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<Vec<&'a Summary<'a>>>,
}

impl<'a> TagContext<'a> {
    /// `tag`, with `articles` (the summaries of a page of its list) on `tag.html`.
    pub fn new(tag: &'a Tag, config: &Config, articles: Option<Vec<&'a Summary<'a>>>) -> Self {
        TagContext {
            name: &tag.name,
            slug: &tag.slug,
            url: config.url(&tag.path()),
            permalink: config.permalink(&tag.path()),
            count: tag.articles.len(),
            articles,
        }
    }
}

#[cfg(test)]
mod tally_tests {
    use super::*;

    #[test]
    fn a_tally_s_segments_fill_the_bar_in_whole_units() {
        let config = crate::front_matter::testing::config("https://e.org/");
        let tally = Tally::new(&config, &[1, 0, 1, 1]);
        let spans: Vec<(usize, usize, usize)> = tally
            .segments
            .iter()
            .map(|s| (s.count, s.x, s.width))
            .collect();
        assert_eq!(spans, [(1, 0, 333), (1, 333, 333), (1, 666, 334)]);
        assert_eq!(tally.total, 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn keys(v: &serde_json::Value) -> Vec<&str> {
        let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn an_article_has_its_summary_fields_beside_its_own_and_absent_options_are_absent() {
        let config = testing::config("https://e.org/");
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\nclaims:\n  - id: c\n    text: X\n    status: disputed\n    asserted_by: [s]\n---\nBody.\n";
        let a = testing::parse_text(text, &config).unwrap();
        let rendered = Rendered {
            html: "<p>Body.</p>".into(),
            citations: vec![vec![]],
            mentions: vec![vec![]],
            ..Rendered::default()
        };
        let v = serde_json::to_value(ArticleContext::new(&a, &rendered, &config)).unwrap();
        assert_eq!(
            keys(&v),
            [
                "authors",
                "changes",
                "claim_count",
                "claims",
                "content",
                "contents",
                "corrections",
                "date",
                "date_display",
                "disputed_count",
                "draft",
                "extra",
                "json_ld",
                "permalink",
                "reading_minutes",
                "source_count",
                "sources",
                "status_counts",
                "tags",
                "timeline",
                "title",
                "translations",
                "url",
                "word_count",
            ]
        );
        assert_eq!(
            keys(&v["claims"][0]),
            [
                "anchor",
                "appearances",
                "asserted_by",
                "contested_by",
                "extra",
                "history",
                "id",
                "mentions",
                "page",
                "status",
                "text",
            ]
        );
        assert_eq!(v["claims"][0]["status"]["key"], "disputed");
    }
}
