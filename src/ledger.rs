//! Claims and sources as site-wide data: every claim of every article in one ledger
//! (newest assessment first), and every source cited anywhere in one index, where the
//! same source cited by several articles is one entry. Sources are the same when their
//! URLs are (ignoring the case of the scheme and host, and a trailing slash), or, when
//! they have no URL, when publisher and title are. The `/claims/`, `/sources/` pages
//! and `/claims.json` are all views of this one structure.

use std::collections::BTreeMap;
use std::sync::Arc;

// The maps below hold a whole site's sources, and their order never reaches a page
// (sources are sorted after grouping): aHash hashes their keys faster than SipHash.
use ahash::AHashMap as HashMap;
use serde::Serialize;

use crate::article::{
    claim_anchor, source_anchor, Article, Source, SourceNo, CLAIM_ANCHOR, SOURCE_ANCHOR,
};
use crate::config::Config;
use crate::context::{ClaimFields, Fields};
use crate::date::Date;
use crate::generated::Place;
use crate::history::{assessments, AssessmentContext};
use crate::names::slugify;
use crate::paginate;
use crate::site::Site;
use crate::status::{Status, Tone};
use crate::translations::{ClaimTexts, TextsByLanguage};

pub const CLAIMS_PATH: &str = "claims/";
pub const SOURCES_PATH: &str = "sources/";
pub const CLAIMS_JSON: &str = "claims.json";
pub const CLAIMANTS_PATH: &str = "claimants/";

/// The site path of a claim's own page: `claims/<article path><claim id>/`, or for a
/// site-wide claim `claims/<claim id>/`. An article's path keeps its claims apart from
/// every other article's, and from the status pages (`claims/<status>/`), whose slugs
/// no site-wide claim may take.
pub fn claim_page_path(a: &Article, c: &crate::article::Claim) -> String {
    Place::Pages(CLAIMS_PATH).base(&claim_page_key(a, c))
}

/// The site path of claim `c`'s page, if it has one: the site has claim pages and the
/// ledger lists the claim (an article withdrawn or held back gives its claims none).
pub fn claim_page(config: &Config, a: &Article, c: &crate::article::Claim) -> Option<String> {
    (config.claim_pages && c.listed).then(|| claim_page_path(a, c))
}

/// A claim page's name in `claims/`: `<article path><claim id>`, or a site-wide claim's id.
pub fn claim_page_key(a: &Article, c: &crate::article::Claim) -> String {
    if c.site_wide {
        c.id.clone()
    } else {
        [&a.path, c.id.as_str()].concat()
    }
}

/// The site path of a claimant's page: `claimants/<slug>/`.
pub fn claimant_path(slug: &str) -> String {
    Place::Lists(CLAIMANTS_PATH).base(slug)
}

/// An article as the ledger names it: `{title, url, permalink}` for templates. The
/// URLs are made as it is serialised, not stored: a large site names its articles a
/// hundred thousand times.
pub struct ArticleRef<'a> {
    pub article: &'a Article,
    config: &'a Config,
}

impl ArticleRef<'_> {
    pub fn permalink(&self) -> String {
        self.config.permalink(&self.article.path)
    }
}

impl Serialize for ArticleRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ArticleRef", 3)?;
        s.serialize_field("title", &self.article.title)?;
        s.serialize_field("url", &self.config.url(&self.article.path))?;
        s.serialize_field("permalink", &self.permalink())?;
        s.end()
    }
}

/// A claim as the ledger lists it.
pub struct LedgerClaim<'a> {
    pub claim: ClaimFields<'a>,
    /// The claim's entry on its article page: `/a/b/#claim-id`, and its permalink.
    pub url: Anchored<'a>,
    pub article: ArticleRef<'a>,
    pub asserted_by: Vec<SourceRef<'a>>,
    pub contested_by: Vec<SourceRef<'a>>,
    pub history: Vec<AssessmentContext<'a>>,
    /// The other articles that discuss a site-wide claim, in ledger order.
    pub also_in: Vec<ArticleRef<'a>>,
    article_index: usize,
    source: &'a crate::article::Claim,
}

impl<'a> LedgerClaim<'a> {
    /// The claim as its article's front matter gives it.
    pub fn claim(&self) -> &'a crate::article::Claim {
        self.source
    }
}

impl Serialize for LedgerClaim<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("LedgerClaim", ClaimFields::LEN + 7)?;
        self.claim.fields(&mut s)?;
        s.serialize_field("url", &self.url.url())?;
        s.serialize_field("permalink", &self.url.permalink())?;
        s.serialize_field("article", &self.article)?;
        s.serialize_field("asserted_by", &self.asserted_by)?;
        s.serialize_field("contested_by", &self.contested_by)?;
        s.serialize_field("history", &self.history)?;
        s.serialize_field("also_in", &self.also_in)?;
        s.end()
    }
}

/// A source named by a claim, linking to its entry in the sources index.
#[derive(Serialize)]
pub struct SourceRef<'a> {
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    /// The source's whole entry (`/sources/<publisher>/#source-…`), shared with it.
    pub entry: Arc<str>,
    #[serde(skip)]
    source: &'a Source,
}

/// A claim named in the sources index: `{id, text, status, url}` for templates, the
/// URL (its entry on its article page) made as it is serialised.
pub struct ClaimRef<'a> {
    claim: &'a crate::article::Claim,
    article: &'a Article,
    status: &'a Status,
    config: &'a Config,
}

impl<'a> ClaimRef<'a> {
    fn new(article: &'a Article, claim: &'a crate::article::Claim, config: &'a Config) -> Self {
        ClaimRef {
            claim,
            article,
            status: config.status(claim.status),
            config,
        }
    }
}

impl Serialize for ClaimRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ClaimRef", 4)?;
        s.serialize_field("id", &self.claim.id)?;
        s.serialize_field("text", &self.claim.text)?;
        s.serialize_field("status", self.status)?;
        let url = format!(
            "{}#{}",
            self.config.url(&self.article.path),
            claim_anchor(&self.claim.id)
        );
        s.serialize_field("url", &url)?;
        s.end()
    }
}

/// An element of an article page, `{url, permalink}` for templates (`/a/b/#claim-c`),
/// made as it is serialised: a large site's ledger names a hundred thousand of them.
pub struct Anchored<'a> {
    article: &'a Article,
    /// `SOURCE_ANCHOR` or `CLAIM_ANCHOR`, then the id.
    anchor: (&'static str, &'a str),
    config: &'a Config,
}

impl Anchored<'_> {
    pub fn url(&self) -> String {
        let (kind, id) = self.anchor;
        [&self.config.url(&self.article.path), "#", kind, id].concat()
    }

    pub fn permalink(&self) -> String {
        let (kind, id) = self.anchor;
        [&self.config.permalink(&self.article.path), "#", kind, id].concat()
    }
}

/// One article citing a source.
#[derive(Serialize)]
pub struct Citation<'a> {
    pub article: ArticleRef<'a>,
    /// The source's entry on the article page: `/a/b/#source-id`.
    #[serde(serialize_with = "anchored_url")]
    pub url: Anchored<'a>,
    pub asserts: Vec<ClaimRef<'a>>,
    pub contests: Vec<ClaimRef<'a>>,
}

fn anchored_url<S: serde::Serializer>(a: &Anchored, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&a.url())
}

/// One source of the site, however many articles cite it.
#[derive(Serialize)]
pub struct LedgerSource<'a> {
    /// The element id of its entry (see `entry`).
    pub anchor: String,
    /// Its entry: on its publisher's page (`/sources/<publisher>/page/3/#anchor`), or,
    /// without one, on `/sources/` (`/sources/page/3/#anchor`).
    pub entry: Arc<str>,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    /// The publisher's page, `/sources/<publisher>/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher_url: Option<Arc<str>>,
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
    /// A copy in a web archive, as the article's sidebar shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_display: Option<String>,
    /// The URL is known dead (`content/archives.yaml`): the archived copy leads.
    pub dead: bool,
    #[serde(flatten)]
    pub meta: crate::context::SourceMeta<'a>,
    pub citations: Vec<Citation<'a>>,
    #[serde(skip)]
    publisher_slug: Option<Arc<str>>,
}

#[derive(Serialize)]
pub struct PublisherContext {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub permalink: String,
    pub count: usize,
}

impl LedgerSource<'_> {
    /// The slug of its publisher's page, if it has one.
    pub fn publisher_slug(&self) -> Option<&str> {
        self.publisher_slug.as_deref()
    }
}

/// The site path of a publisher's page, `sources/<slug>/`.
fn publisher_path(slug: &str) -> String {
    Place::Lists(SOURCES_PATH).base(slug)
}

/// A status with its number of claims and its ledger page.
#[derive(Serialize)]
pub struct StatusCount<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub tone: Tone,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub count: usize,
    pub url: String,
    pub permalink: String,
}

pub struct Ledger<'a> {
    /// Newest assessment first; ties in site order, then front-matter order.
    pub claims: Vec<LedgerClaim<'a>>,
    /// By title, case-insensitively.
    pub sources: Vec<LedgerSource<'a>>,
    /// How many sources have no publisher's page: `/sources/` lists them.
    pub unpublished: usize,
    /// By slug.
    pub publishers: Vec<PublisherContext>,
    pub statuses: Vec<StatusCount<'a>>,
    /// Everyone who made a claim, by slug.
    pub claimants: Vec<LedgerClaimant<'a>>,
}

/// A claimant with the claims they made.
pub struct LedgerClaimant<'a> {
    /// The first met in the ledger of those sharing its slug.
    pub claimant: &'a crate::article::Claimant,
    /// Places in [`Ledger::claims`]: newest assessment first.
    pub claims: Vec<usize>,
    /// How many of its claims each status of the vocabulary has, in its order.
    pub counts: Vec<usize>,
}

/// Everyone who made a claim of `claims` (by slug: one page each), with their claims.
fn claimants<'a>(config: &Config, claims: &[LedgerClaim<'a>]) -> Vec<LedgerClaimant<'a>> {
    let mut by_slug: BTreeMap<&str, LedgerClaimant<'a>> = BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        let Some(claimant) = c.source.claimant.as_deref() else {
            continue;
        };
        let entry = by_slug
            .entry(claimant.slug.as_str())
            .or_insert_with(|| LedgerClaimant {
                claimant,
                claims: Vec::new(),
                counts: vec![0; config.vocabulary.len()],
            });
        entry.claims.push(i);
        entry.counts[c.source.status.index()] += 1;
    }
    by_slug.into_values().collect()
}

/// The site path of a status's ledger page.
pub fn status_path(vocabulary_index: usize, key: &str) -> String {
    let slug = crate::status::page_slug(vocabulary_index, key);
    Place::Lists(CLAIMS_PATH).base(&slug)
}

/// What makes two citations the same source.
fn merge_key(s: &Source) -> String {
    match &s.url {
        Some(url) => {
            let url = url.trim().trim_end_matches('/');
            let lower = url.to_ascii_lowercase();
            // Scheme and host are case-insensitive; the path is not.
            let host_end = lower
                .find("://")
                .map(|i| i + 3 + lower[i + 3..].find('/').unwrap_or(lower.len() - i - 3))
                .unwrap_or(0);
            format!("url {}{}", &lower[..host_end], &url[host_end..])
        }
        None => format!(
            "text {}\n{}",
            s.publisher.as_deref().unwrap_or("").trim().to_lowercase(),
            s.title.trim().to_lowercase()
        ),
    }
}

impl<'a> Ledger<'a> {
    pub fn new(site: &'a Site) -> Ledger<'a> {
        let config = &site.config;
        let groups = merged_sources(&site.articles);
        let mut index = SourceIndex::new(config, &site.articles, groups.len());
        for group in &groups {
            index.add(group);
        }
        let claims = claims(config, &site.articles, &index);
        let statuses = statuses(config, &claims);
        let claimants = claimants(config, &claims);
        Ledger {
            claimants,
            claims,
            unpublished: index.unpublished,
            sources: index.sources,
            publishers: index.publishers.into_values().collect(),
            statuses,
        }
    }

    /// How many files of claims the export (`/claims.json`) has: one for an empty site.
    pub fn json_pages(&self) -> usize {
        self.claims.len().div_ceil(JSON_PER_PAGE).max(1)
    }

    /// `/claims.json`, the export's index (README, "claims.json"): the site, how many
    /// claims, and each file of claims with its URL and how many it holds.
    pub fn json_index(&self, config: &Config) -> Vec<u8> {
        let pages: Vec<ExportPageRef> = (1..=self.json_pages())
            .map(|n| ExportPageRef {
                url: config.permalink(&json_page_path(n)),
                claims: paginate_json(&self.claims, n).len(),
            })
            .collect();
        let statuses = (self.statuses.iter())
            .map(|s| ExportCount {
                key: s.key,
                label: s.label,
                tone: s.tone,
                count: s.count,
            })
            .collect();
        let index = ExportIndex {
            version: JSON_VERSION,
            site: ExportSite::new(config),
            total_claims: self.claims.len(),
            statuses,
            per_page: JSON_PER_PAGE,
            pages,
        };
        let mut out = serde_json::to_vec_pretty(&index).expect("the index serialises");
        out.push(b'\n');
        out
    }

    /// File `n` of the export, `/claims/claims-<n>.json`: the site, where the file is
    /// among the others, then its claims in ledger order, one a line, each turned into
    /// its export form as it is written (a file is never whole in memory). Fields are
    /// structs, so the key order is the declaration order and never changes.
    pub fn write_json_page(
        &self,
        config: &Config,
        texts: &ClaimTexts,
        n: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let total = self.json_pages();
        let link = |k: usize| {
            (1..=total)
                .contains(&k)
                .then(|| config.permalink(&json_page_path(k)))
        };
        let head = ExportPage {
            version: JSON_VERSION,
            site: ExportSite::new(config),
            page: n,
            total_pages: total,
            prev: link(n.wrapping_sub(1)),
            next: link(n + 1),
        };
        let head = serde_json::to_vec(&head).map_err(std::io::Error::other)?;
        // The head's closing brace gives way to the claims.
        out.write_all(&head[..head.len() - 1])?;
        out.write_all(b",\"claims\":[")?;
        for (k, claim) in paginate_json(&self.claims, n).iter().enumerate() {
            out.write_all(if k == 0 { b"\n" } else { b",\n" })?;
            let mut export = ExportClaim::new(claim, config);
            export.texts = texts.of(&claim.article.article.rel_path, claim.claim.id);
            serde_json::to_writer(&mut *out, &export).map_err(std::io::Error::other)?;
        }
        out.write_all(b"\n]}\n")
    }
}

/// Claims a file of the export holds: a few hundred kilobytes.
pub const JSON_PER_PAGE: usize = 1000;

/// The site path of file `n` of the export: `claims/claims-2.json`.
pub fn json_page_path(n: usize) -> String {
    format!("{CLAIMS_PATH}{}", json_page_name(n))
}

/// The name of file `n` of the export in `claims/`: no status page's slug has a dot.
pub fn json_page_name(n: usize) -> String {
    format!("claims-{n}.json")
}

/// The claims of file `n` of the export.
fn paginate_json<T>(items: &[T], n: usize) -> &[T] {
    let start = ((n - 1) * JSON_PER_PAGE).min(items.len());
    &items[start..(start + JSON_PER_PAGE).min(items.len())]
}

/// Citations of one source: the articles citing it, with the source as each cites it.
type Group<'a> = Vec<Cited<'a>>;

/// Source `number` of article `article`.
#[derive(Clone, Copy)]
struct Cited<'a> {
    article: usize,
    number: SourceNo,
    source: &'a Source,
}

/// Every source cited, merged (see `merge_key`): each group in site order, the groups
/// by title, then by key (keys are unique, so the order is total).
fn merged_sources(articles: &[Article]) -> Vec<Group<'_>> {
    let mut by_key: HashMap<String, Group> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        for (k, s) in a.sources.iter().enumerate() {
            let cited = Cited {
                article: i,
                number: SourceNo(k),
                source: s,
            };
            by_key.entry(merge_key(s)).or_default().push(cited);
        }
    }
    let mut groups: Vec<_> = by_key
        .into_iter()
        .map(|(key, group)| (group[0].source.title.to_lowercase(), key, group))
        .collect();
    groups.sort_unstable_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    groups.into_iter().map(|(_, _, group)| group).collect()
}

/// A publisher's slug and page URL.
type PublisherPage = (Arc<str>, Arc<str>);

/// The sources index as it is built, one merged source at a time, in index order.
struct SourceIndex<'a> {
    config: &'a Config,
    articles: &'a [Article],
    sources: Vec<LedgerSource<'a>>,
    publishers: BTreeMap<String, PublisherContext>,
    /// (article, source id) → the source's entry in `sources`.
    entry_of: HashMap<(usize, SourceNo), usize>,
    /// Anchor slugs given so far, and how often.
    taken: HashMap<String, usize>,
    /// Each publisher's page, made once and shared by its sources (a site has a few
    /// publishers and many sources); `None` for a name without a slug.
    publisher_pages: HashMap<&'a str, Option<PublisherPage>>,
    /// The URL of the index page being filled: a hundred entries share one.
    page_url: (usize, String),
    /// Sources so far without a publisher's page, which `/sources/` lists.
    unpublished: usize,
}

impl<'a> SourceIndex<'a> {
    fn new(config: &'a Config, articles: &'a [Article], groups: usize) -> Self {
        SourceIndex {
            config,
            articles,
            sources: Vec::with_capacity(groups),
            publishers: BTreeMap::new(),
            entry_of: HashMap::with_capacity(articles.iter().map(|a| a.sources.len()).sum()),
            taken: HashMap::with_capacity(groups),
            publisher_pages: HashMap::new(),
            page_url: (0, String::new()),
            unpublished: 0,
        }
    }

    /// Adds the next source, cited as `group` says.
    fn add(&mut self, group: &Group<'a>) {
        let n = self.sources.len();
        let first = group[0].source;
        let anchor = self.anchor(&first.title);
        let publisher = group.iter().find_map(|c| c.source.publisher.as_deref());
        let publisher_page = publisher.and_then(|name| self.publisher_page(name));
        // Its whole entry is on its publisher's page, else on the whole list's.
        let entry = match (publisher, &publisher_page) {
            (Some(name), Some((slug, url))) => {
                let place = self.count_publisher(name, slug, url);
                let page = paginate::page_path(&publisher_path(slug), paginate::page_of(place));
                [&self.config.url(&page), "#", &anchor].concat()
            }
            _ => {
                let page = paginate::page_of(self.unpublished);
                self.unpublished += 1;
                if self.page_url.0 != page {
                    let url = self.config.url(&paginate::page_path(SOURCES_PATH, page));
                    self.page_url = (page, url);
                }
                [&self.page_url.1, "#", &anchor].concat()
            }
        };
        let (publisher_slug, publisher_url) = publisher_page.unzip();
        for c in group {
            self.entry_of.insert((c.article, c.number), n);
        }
        let url = group.iter().find_map(|c| c.source.url.as_deref());
        let copy = group
            .iter()
            .map(|c| c.source)
            .find(|s| s.archive_url.is_some());
        let archive_url = copy.and_then(|s| s.archive_url.as_deref());
        let dead = group.iter().any(|c| c.source.dead);
        self.sources.push(LedgerSource {
            entry: entry.into(),
            anchor,
            title: &first.title,
            publisher,
            publisher_url,
            author: group.iter().find_map(|c| c.source.author.as_deref()),
            url,
            link: match (archive_url, dead) {
                (Some(copy), true) => Some(copy),
                _ => url,
            },
            date: first.date.as_ref().map(Date::iso),
            date_display: first.date.as_ref().map(|d| d.display(&self.config.lang)),
            archive_url,
            archived: copy.and_then(|s| s.archived.as_ref()).map(Date::iso),
            archived_display: copy
                .and_then(|s| s.archived.as_ref())
                .map(|d| d.display(&self.config.lang)),
            dead,
            meta: crate::context::SourceMeta::new(&first.meta),
            citations: citations(self.config, self.articles, group),
            publisher_slug,
        });
    }

    /// The element id of a source's entry: from its title, numbered when taken.
    fn anchor(&mut self, title: &str) -> String {
        let mut slug = slugify(title);
        if slug.is_empty() {
            slug = "untitled".into();
        }
        let seen = self.taken.entry(slug.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            source_anchor(&slug)
        } else {
            source_anchor(&format!("{slug}-{seen}"))
        }
    }

    fn publisher_page(&mut self, name: &'a str) -> Option<PublisherPage> {
        let config = self.config;
        self.publisher_pages
            .entry(name)
            .or_insert_with(|| {
                let slug = slugify(name);
                let url = config.url(&publisher_path(&slug));
                (!slug.is_empty()).then(|| (slug.into(), url.into()))
            })
            .clone()
    }

    /// Counts a source of the publisher `name`, whose page is at `slug`; returns its
    /// place (0-based) among the publisher's sources.
    fn count_publisher(&mut self, name: &str, slug: &str, url: &str) -> usize {
        if !self.publishers.contains_key(slug) {
            let p = PublisherContext {
                name: name.to_string(),
                slug: slug.to_string(),
                url: url.to_string(),
                permalink: self.config.permalink(&publisher_path(slug)),
                count: 0,
            };
            self.publishers.insert(slug.to_string(), p);
        }
        let p = self.publishers.get_mut(slug).expect("inserted above");
        p.count += 1;
        // Several spellings of one publisher: the smallest wins, whatever the order.
        if *name < *p.name {
            p.name = name.to_string();
        }
        p.count - 1
    }

    /// Source `n` of article `i`, linking to its entry in the index.
    fn source_ref(&self, i: usize, n: SourceNo) -> SourceRef<'a> {
        let s = self.articles[i].source(n);
        let entry = &self.sources[self.entry_of[&(i, n)]];
        SourceRef {
            title: &s.title,
            publisher: s.publisher.as_deref(),
            entry: entry.entry.clone(),
            source: s,
        }
    }
}

/// One citation per citing article, with the claims the source asserts and contests there.
fn citations<'a>(
    config: &'a Config,
    articles: &'a [Article],
    group: &Group<'a>,
) -> Vec<Citation<'a>> {
    let mut citations: Vec<Citation> = Vec::with_capacity(group.len());
    let mut last_article = None;
    for cited in group {
        let (i, s) = (cited.article, cited.source);
        let a = &articles[i];
        let k = cited.number.index();
        let (asserts, contests) = (a.asserted_by(k), a.contested_by(k));
        let claim_ref = |c| ClaimRef::new(a, c, config);
        // One article listing the same source twice is still one citing article.
        if let (Some(last), true) = (citations.last_mut(), last_article == Some(i)) {
            last.asserts.extend(asserts.map(claim_ref));
            last.contests.extend(contests.map(claim_ref));
            continue;
        }
        last_article = Some(i);
        citations.push(Citation {
            article: ArticleRef { article: a, config },
            url: Anchored {
                article: a,
                anchor: (SOURCE_ANCHOR, &s.id),
                config,
            },
            asserts: asserts.map(claim_ref).collect(),
            contests: contests.map(claim_ref).collect(),
        });
    }
    citations
}

/// Every claim, each source resolved to its index entry; newest assessment first, and
/// in site order, then front-matter order, among equal dates.
fn claims<'a>(
    config: &'a Config,
    articles: &'a [Article],
    index: &SourceIndex<'a>,
) -> Vec<LedgerClaim<'a>> {
    let mut claims = Vec::with_capacity(articles.iter().map(|a| a.claims.len()).sum());
    for (i, a) in articles.iter().enumerate() {
        let sources = |ns: &[SourceNo]| -> Vec<SourceRef<'a>> {
            ns.iter().map(|&n| index.source_ref(i, n)).collect()
        };
        for c in &a.claims {
            claims.push(LedgerClaim {
                claim: ClaimFields::new(a, c, config),
                url: Anchored {
                    article: a,
                    anchor: (CLAIM_ANCHOR, &c.id),
                    config,
                },
                article: ArticleRef { article: a, config },
                asserted_by: sources(&c.asserted_by),
                contested_by: sources(&c.contested_by),
                history: assessments(&c.history, config),
                also_in: Vec::new(),
                article_index: i,
                source: c,
            });
        }
    }
    // A stable sort keeps site order and front-matter order among equal dates.
    claims.sort_by(|x, y| {
        let assessed = |c: &LedgerClaim| {
            c.source
                .as_of
                .clone()
                .unwrap_or_else(|| articles[c.article_index].date.clone())
        };
        assessed(y).cmp(&assessed(x))
    });
    once_each(claims)
}

/// The claims with each site-wide claim once, where it is first met, naming the other
/// articles that discuss it.
fn once_each(claims: Vec<LedgerClaim>) -> Vec<LedgerClaim> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<LedgerClaim> = Vec::with_capacity(claims.len());
    for c in claims {
        if !c.source.site_wide {
            out.push(c);
            continue;
        }
        match first.get(c.source.id.as_str()) {
            Some(&k) => out[k].also_in.push(c.article),
            None => {
                first.insert(&c.source.id, out.len());
                out.push(c);
            }
        }
    }
    out
}

/// Each status of the vocabulary with its claims counted.
fn statuses<'a>(config: &'a Config, claims: &[LedgerClaim]) -> Vec<StatusCount<'a>> {
    config
        .vocabulary
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let path = status_path(n, &s.key);
            StatusCount {
                key: &s.key,
                label: &s.label,
                tone: s.tone,
                description: s.description.as_deref(),
                count: claims
                    .iter()
                    .filter(|c| c.claim.status.key == s.key)
                    .count(),
                url: config.url(&path),
                permalink: config.permalink(&path),
            }
        })
        .collect()
}

/// The shape of `claims.json` and its files (README, "claims.json"): raised when a
/// field is removed or changes meaning, never for a field added. Its schema is
/// `byline schema claims-json`.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct ExportIndex<'a> {
    version: u32,
    site: ExportSite<'a>,
    total_claims: usize,
    /// Every status of the vocabulary with its tone and number of claims.
    statuses: Vec<ExportCount<'a>>,
    per_page: usize,
    pages: Vec<ExportPageRef>,
}

#[derive(Serialize)]
struct ExportCount<'a> {
    key: &'a str,
    label: &'a str,
    tone: Tone,
    count: usize,
}

#[derive(Serialize)]
struct ExportPageRef {
    url: String,
    claims: usize,
}

/// A file of the export but its claims.
#[derive(Serialize)]
struct ExportPage<'a> {
    version: u32,
    site: ExportSite<'a>,
    page: usize,
    total_pages: usize,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Serialize)]
struct ExportSite<'a> {
    title: &'a str,
    url: &'a str,
}

impl<'a> ExportSite<'a> {
    fn new(config: &'a Config) -> Self {
        ExportSite {
            title: &config.title,
            url: &config.base_url,
        }
    }
}

#[derive(Serialize)]
struct ExportStatus<'a> {
    key: &'a str,
    label: &'a str,
    tone: Tone,
}

impl<'a> ExportStatus<'a> {
    fn new(s: &'a Status) -> Self {
        ExportStatus {
            key: &s.key,
            label: &s.label,
            tone: s.tone,
        }
    }
}

#[derive(Serialize)]
struct ExportAssessment<'a> {
    date: String,
    status: ExportStatus<'a>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportArticle<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ExportSource<'a> {
    role: &'static str,
    title: &'a str,
    publisher: Option<&'a str>,
    url: Option<String>,
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dead: bool,
    /// CSL's names and values: `type` is the CSL type (`report`, `article-newspaper`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// CSL's `genre`, for a kind CSL has no type for (`press release`).
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'static str>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<&'a str>,
    #[serde(rename = "ISBN", skip_serializing_if = "Option::is_none")]
    isbn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

impl<'a> ExportSource<'a> {
    fn new(role: &'static str, r: &SourceRef<'a>, config: &Config) -> Self {
        ExportSource {
            role,
            title: r.title,
            publisher: r.publisher,
            url: r.source.url.as_deref().map(|u| config.absolute(u)),
            date: r.source.date.as_ref().map(Date::iso),
            archive_url: r.source.archive_url.as_deref().map(|u| config.absolute(u)),
            archived: r.source.archived.as_ref().map(Date::iso),
            dead: r.source.dead,
            kind: r.source.meta.kind.map(|k| k.get().csl),
            genre: r.source.meta.kind.and_then(|k| k.get().genre),
            doi: r.source.meta.doi.as_deref(),
            isbn: r.source.meta.isbn.as_deref(),
            language: r.source.meta.language.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct ExportClaim<'a> {
    id: &'a str,
    text: &'a str,
    status: ExportStatus<'a>,
    as_of: Option<&'a str>,
    history: Vec<ExportAssessment<'a>>,
    article: ExportArticle<'a>,
    url: String,
    sources: Vec<ExportSource<'a>>,
    // Keys added with claim pages are left out where a claim has nothing to say: a
    // large site has tens of thousands of claims, most without them.
    /// The claim's own page, on a site with claim pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claimant: Option<ExportClaimant<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_date: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    appearances: Vec<ExportAppearance<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a str>,
    #[serde(skip_serializing_if = "is_empty_map")]
    extra: &'a serde_json::Value,
    /// The other articles that discuss a site-wide claim.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    also_in: Vec<ExportArticle<'a>>,
    /// Its text in the site's other languages, by language tag.
    #[serde(skip_serializing_if = "TextsByLanguage::is_empty")]
    texts: TextsByLanguage<'a>,
}

fn is_empty_map(v: &&serde_json::Value) -> bool {
    v.as_object().is_none_or(|m| m.is_empty())
}

#[derive(Serialize)]
struct ExportClaimant<'a> {
    name: &'a str,
    kind: crate::article::ClaimantKind,
    description: Option<&'a str>,
    url: Option<String>,
    same_as: &'a [String],
    /// The claimant's page on the site.
    page: String,
}

#[derive(Serialize)]
struct ExportAppearance<'a> {
    url: String,
    date: Option<String>,
    archive_url: Option<String>,
    /// The title of the article's source it is.
    source: Option<&'a str>,
}

impl<'a> ExportClaim<'a> {
    fn new(c: &'a LedgerClaim<'a>, config: &Config) -> Self {
        ExportClaim {
            id: c.claim.id,
            text: c.claim.text,
            status: ExportStatus::new(c.claim.status),
            as_of: c.claim.as_of.as_deref(),
            history: c
                .history
                .iter()
                .map(|h| ExportAssessment {
                    date: h.date.clone(),
                    status: ExportStatus::new(h.status),
                    note: h.note,
                })
                .collect(),
            article: ExportArticle {
                title: &c.article.article.title,
                url: c.article.permalink(),
            },
            url: c.url.permalink(),
            sources: c
                .asserted_by
                .iter()
                .map(|r| ExportSource::new("asserts", r, config))
                .chain(
                    c.contested_by
                        .iter()
                        .map(|r| ExportSource::new("contests", r, config)),
                )
                .collect(),
            page: claim_page(config, c.article.article, c.source).map(|p| config.permalink(&p)),
            claimant: c.source.claimant.as_deref().map(|who| ExportClaimant {
                name: &who.name,
                kind: who.kind,
                description: who.description.as_deref(),
                url: who.url.as_deref().map(|u| config.absolute(u)),
                same_as: &who.same_as,
                page: config.permalink(&claimant_path(&who.slug)),
            }),
            claim_date: c.source.claim_date.as_ref().map(Date::iso),
            appearances: (c.source.appearances.iter())
                .map(|ap| ExportAppearance {
                    url: config.absolute(&ap.url),
                    date: ap.date.as_ref().map(Date::iso),
                    archive_url: ap.archive_url.as_deref().map(|u| config.absolute(u)),
                    source: ap
                        .source
                        .map(|n| c.article.article.source(n).title.as_str()),
                })
                .collect(),
            explanation: c.source.explanation.as_deref(),
            extra: &c.source.extra,
            also_in: (c.also_in.iter())
                .map(|a| ExportArticle {
                    title: &a.article.title,
                    url: a.permalink(),
                })
                .collect(),
            texts: TextsByLanguage::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: Option<&str>, publisher: Option<&str>, title: &str) -> Source {
        Source {
            id: "s".into(),
            title: title.into(),
            publisher: publisher.map(Into::into),
            author: None,
            url: url.map(Into::into),
            ..Source::default()
        }
    }

    #[test]
    fn urls_merge_ignoring_scheme_and_host_case_and_a_trailing_slash() {
        let a = merge_key(&source(Some("HTTPS://Example.ORG/Report/"), None, "A"));
        let b = merge_key(&source(Some("https://example.org/Report"), Some("P"), "B"));
        let c = merge_key(&source(Some("https://example.org/report"), None, "A"));
        assert_eq!(a, b);
        assert_ne!(a, c, "paths are case-sensitive");
    }

    #[test]
    fn without_a_url_publisher_and_title_decide() {
        let a = merge_key(&source(None, Some("UN"), "Briefing"));
        let b = merge_key(&source(None, Some("un"), " briefing "));
        let c = merge_key(&source(None, Some("UNHCR"), "Briefing"));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn status_pages_have_url_safe_paths() {
        assert_eq!(status_path(0, "disputed"), "claims/disputed/");
        assert_eq!(status_path(2, "!!"), "claims/status-3/");
    }
}
