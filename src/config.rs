//! `site.toml`: what the site is called, where it is hosted and how it is built.
//! The base URL is split once into its absolute form and its path, because every
//! link byline writes must keep working when the site lives under a sub-path.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{did_you_mean, Diagnostic, SourceFile};
use crate::i18n::{self, Words};
use crate::lang::{Digits, Lang};
use crate::safe_url::{self, Start, Use};
use crate::status::{Status, StatusId, Tone, Vocabulary};

pub const FILE_NAME: &str = "site.toml";

#[derive(Debug, Clone)]
pub struct Config {
    /// The site root: the folder holding `site.toml`.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// The language of these pages (`language`, `digits`): its tag, direction and dates.
    pub lang: Lang,
    /// The site's other languages (`languages` less `language`), in the order written;
    /// each is published under its tag (`fr/`), see [`Config::in_language`].
    pub translations: Vec<Lang>,
    /// Always ends in `/`; for a translation, with its folder (`https://e.org/fr/`).
    pub base_url: String,
    /// The path part of `base_url`; starts and ends with `/`.
    pub base_path: String,
    /// The whole site's `base_url`, whatever the language (static files, links writers
    /// wrote as `/docs/x`).
    pub root_url: String,
    /// The path part of `root_url`.
    pub root_path: String,
    pub theme: String,
    /// Absolute.
    pub output_dir: PathBuf,
    pub vocabulary: Vocabulary,
    pub extra: serde_json::Value,
    /// Who publishes the site, for structured data and feeds.
    pub publisher: Publisher,
    /// The schema.org type of article pages: `Article` or `NewsArticle`.
    pub article_type: ArticleType,
    /// Absolute URL of the image shared when an article sets none.
    pub image: Option<String>,
    /// `ClaimReview` ratings by status key; every status of the vocabulary has an
    /// entry, `None` for a neutral one without a rating of its own.
    pub ratings: Vec<(String, Option<Rating>)>,
    /// Whether every claim has a page of its own (`[claims] pages`).
    pub claim_pages: bool,
    /// Which page carries a claim's `ClaimReview` (`[claims] review_markup`).
    pub review_markup: ReviewMarkup,
    /// What happens to raw HTML in Markdown (`[markdown]`).
    pub markdown: MarkdownPolicy,
    /// Resized copies of article images (`[images]`).
    pub images: ImagePolicy,
    /// Whether the build writes a search index and the search page (`search`).
    pub search: bool,
    /// The theme's words in `language` (`i18n`), shared by every page.
    pub words: Arc<Words>,
    /// What loading them warned of (keys left English, unknown keys), for the build's
    /// warnings.
    pub i18n_warnings: Vec<Diagnostic>,
    /// The site in each of its `translations`, in order (see [`Config::in_language`]).
    pub localized: Vec<Config>,
}

/// `[images]` in site.toml: the widths of the resized copies of large article images
/// that pages offer in `srcset` (none by default), and the `sizes` they state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePolicy {
    /// Ascending, without repeats.
    pub widths: Vec<u32>,
    pub sizes: String,
}

impl Default for ImagePolicy {
    fn default() -> Self {
        ImagePolicy {
            widths: Vec::new(),
            sizes: DEFAULT_SIZES.to_string(),
        }
    }
}

/// How wide the default theme shows an article's images: the text's column (68ch) on
/// wide screens, the screen's width less its margins on narrow ones.
const DEFAULT_SIZES: &str = "(min-width: 48em) 44em, 100vw";
/// The most widths `[images]` may list: each is a copy of every large image.
const MAX_WIDTHS: usize = 8;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImages {
    widths: Option<Spanned<Vec<Spanned<u32>>>>,
    sizes: Option<Spanned<String>>,
}

/// `[markdown]` in site.toml: what raw HTML in an article may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownPolicy {
    pub raw_html: RawHtml,
    /// Hosts (lowercase) whose https pages raw HTML may embed with `<iframe>`.
    pub iframe_hosts: Vec<String>,
    /// How many `##` headings give an article a table of contents (0: none by the rule).
    pub contents: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept, but only the elements and attributes of an allow-list.
    #[default]
    Sanitize,
    /// Copied unchanged, scripts included.
    Trusted,
    /// An error wherever it is written.
    Refuse,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    iframe_hosts: Vec<Spanned<String>>,
    #[serde(default = "default_contents")]
    contents: usize,
}

impl Default for MarkdownPolicy {
    fn default() -> Self {
        MarkdownPolicy {
            raw_html: RawHtml::default(),
            iframe_hosts: Vec::new(),
            contents: crate::contents::DEFAULT_MIN_HEADINGS,
        }
    }
}

fn default_contents() -> usize {
    crate::contents::DEFAULT_MIN_HEADINGS
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown {
            raw_html: RawHtml::default(),
            iframe_hosts: Vec::new(),
            contents: default_contents(),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Publisher {
    pub name: String,
    /// Absolute.
    pub url: String,
    /// Absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// Its policy links, in [`POLICIES`] order.
    pub policies: Vec<Policy>,
}

/// A `[publisher]` policy link (the Trust Project's indicators, IFCN's principles).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Policy {
    /// Its key in site.toml: `corrections_policy`.
    pub key: &'static str,
    /// The schema.org property of the publisher it is: `correctionsPolicy`.
    #[serde(skip)]
    pub property: &'static str,
    /// As readers see it in the footer, in the site's language: "Corrections policy".
    pub label: String,
    /// Absolute.
    pub url: String,
}

/// Every policy link `[publisher]` takes: its key, its schema.org property (of a
/// `NewsMediaOrganization`) and its label.
pub const POLICIES: [(&str, &str, &str); 11] = [
    (
        "corrections_policy",
        "correctionsPolicy",
        "Corrections policy",
    ),
    (
        "publishing_principles",
        "publishingPrinciples",
        "Publishing principles",
    ),
    (
        "verification_policy",
        "verificationFactCheckingPolicy",
        "Fact-checking policy",
    ),
    ("ethics_policy", "ethicsPolicy", "Ethics policy"),
    (
        "ownership_funding",
        "ownershipFundingInfo",
        "Ownership and funding",
    ),
    ("masthead", "masthead", "Masthead"),
    (
        "mission",
        "missionCoveragePrioritiesPolicy",
        "Mission and coverage priorities",
    ),
    ("diversity_policy", "diversityPolicy", "Diversity policy"),
    (
        "unnamed_sources_policy",
        "unnamedSourcesPolicy",
        "Unnamed sources policy",
    ),
    (
        "feedback_policy",
        "actionableFeedbackPolicy",
        "Feedback policy",
    ),
    ("contact", "contactPoint", "Contact"),
];

/// Where a claim's schema.org `ClaimReview` is when claims have pages: on the claim's
/// own page (the default: Google reads one ClaimReview a page), or on its article's.
/// Without claim pages it is on the article's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReviewMarkup {
    #[default]
    ClaimPage,
    Article,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
pub enum ArticleType {
    #[default]
    Article,
    NewsArticle,
}

impl ArticleType {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleType::Article => "Article",
            ArticleType::NewsArticle => "NewsArticle",
        }
    }
}

/// A status on schema.org's numeric rating scale (`ClaimReview.reviewRating`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub value: i64,
    #[serde(default = "default_best")]
    pub best: i64,
    #[serde(default = "default_worst")]
    pub worst: i64,
}

fn default_best() -> i64 {
    5
}
fn default_worst() -> i64 {
    1
}

impl Rating {
    /// The rating a status gets unless site.toml says otherwise, from its tone: none
    /// for a neutral one, which is no verdict on a scale from false to true.
    pub fn for_tone(tone: Tone) -> Option<Rating> {
        let value = match tone {
            Tone::Confirmed => 5,
            Tone::Unverified => 3,
            Tone::Disputed => 2,
            Tone::False => 1,
            Tone::Neutral => return None,
        };
        Some(Rating {
            value,
            best: default_best(),
            worst: default_worst(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: Spanned<String>,
    digits: Option<Spanned<String>>,
    languages: Option<Vec<Spanned<String>>>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default = "default_output_dir")]
    output_dir: String,
    #[serde(default)]
    claims: RawClaims,
    #[serde(default)]
    extra: Option<toml::Table>,
    publisher: Option<RawPublisher>,
    #[serde(default)]
    article_type: ArticleType,
    image: Option<Spanned<String>>,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    images: RawImages,
    #[serde(default = "default_search")]
    search: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    name: Option<String>,
    url: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    corrections_policy: Option<Spanned<String>>,
    publishing_principles: Option<Spanned<String>>,
    verification_policy: Option<Spanned<String>>,
    ethics_policy: Option<Spanned<String>>,
    ownership_funding: Option<Spanned<String>>,
    masthead: Option<Spanned<String>>,
    mission: Option<Spanned<String>>,
    diversity_policy: Option<Spanned<String>>,
    unnamed_sources_policy: Option<Spanned<String>>,
    feedback_policy: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
}

impl RawPublisher {
    /// The policy links written, in [`POLICIES`] order.
    fn policies(&mut self) -> [Option<Spanned<String>>; POLICIES.len()] {
        [
            self.corrections_policy.take(),
            self.publishing_principles.take(),
            self.verification_policy.take(),
            self.ethics_policy.take(),
            self.ownership_funding.take(),
            self.masthead.take(),
            self.mission.take(),
            self.diversity_policy.take(),
            self.unnamed_sources_policy.take(),
            self.feedback_policy.take(),
            self.contact.take(),
        ]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaims {
    /// Replaces the whole vocabulary.
    statuses: Option<Spanned<Vec<RawStatus>>>,
    /// Renames built-in (or custom) statuses: `disputed = "Contested"`.
    #[serde(default)]
    labels: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    /// `ClaimReview` ratings per status key: `false = { value = 1 }`.
    #[serde(default)]
    ratings: BTreeMap<Spanned<String>, Rating>,
    #[serde(default = "default_true")]
    pages: bool,
    #[serde(default)]
    review_markup: ReviewMarkup,
}

impl Default for RawClaims {
    fn default() -> Self {
        RawClaims {
            statuses: None,
            labels: BTreeMap::new(),
            ratings: BTreeMap::new(),
            pages: default_true(),
            review_markup: ReviewMarkup::default(),
        }
    }
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    key: Spanned<String>,
    label: String,
    tone: Tone,
    description: Option<String>,
    /// Its label and description in other languages, by language tag.
    #[serde(default)]
    translations: BTreeMap<String, crate::status::StatusText>,
}

fn default_search() -> bool {
    false
}
fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "en".into())
}
fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".into())
}
fn default_output_dir() -> String {
    "public".into()
}

/// Overrides given on the command line.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
}

impl Config {
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(FILE_NAME);
        if let crate::site_fs::Entry::Link(mut d) = crate::site_fs::entry(root, FILE_NAME) {
            // Nothing can be built without it.
            d.severity = crate::diagnostic::Severity::Error;
            return Err(vec![d]);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![
                Diagnostic::error("config", format!("cannot read {}: {e}", path.display()))
                    .help("run byline in the folder that holds site.toml, or pass --root DIR"),
            ]
        })?;
        Config::parse(root, &text, overrides)
    }

    pub fn parse(
        root: &Path,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut config = Config::parse_in(root, text, overrides, None)?;
        for lang in config.translations.clone() {
            let mut other = Config::parse_in(root, text, overrides, Some(lang.tag()))?;
            let folder = format!("{}/", lang.tag());
            other.base_url = [config.root_url.as_str(), &folder].concat();
            other.base_path = [config.root_path.as_str(), &folder].concat();
            config.localized.push(other);
        }
        Ok(config)
    }

    /// The site's config in its default language, or in `language` (one of its
    /// `languages`): its words, statuses and policy links in that language.
    fn parse_in(
        root: &Path,
        text: &str,
        overrides: &Overrides,
        language: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let file = SourceFile::new(FILE_NAME, text);
        let mut raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_error(&file, &e)])?;
        if let Some(tag) = language {
            raw.language = Spanned::new(raw.language.span(), tag.to_string());
            raw.digits = None;
        }
        let mut check = Check {
            file: &file,
            errors: Vec::new(),
        };
        check.theme(&raw.theme);
        let lang = check.lang(&raw.language, raw.digits.as_ref());
        let translations = check.translations(&raw.language, raw.languages.as_deref());
        let (base_url, base_path) = check.base_url(&raw.base_url, overrides);
        let mut vocabulary = check.vocabulary(raw.claims.statuses);
        check.relabel(&mut vocabulary, raw.claims.labels);
        let ratings = check.ratings(&vocabulary, raw.claims.ratings);
        let image = raw
            .image
            .and_then(|i| check.absolute("image", i, &base_url));
        let (words, i18n_warnings) = match i18n::load(root, raw.theme.get_ref(), lang.tag()) {
            Ok(loaded) => loaded,
            Err(errors) => {
                check.errors.extend(errors);
                return Err(check.errors);
            }
        };
        vocabulary.localize(&words);
        let publisher = check.publisher(raw.publisher, &raw.title, &base_url, &words);
        let markdown = check.markdown_policy(raw.markdown);
        let images = check.image_policy(raw.images);
        if !check.errors.is_empty() {
            return Err(check.errors);
        }
        let output_dir = overrides
            .output_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(&raw.output_dir));
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            lang,
            translations,
            root_url: base_url.clone(),
            root_path: base_path.clone(),
            base_url,
            base_path,
            theme: raw.theme.into_inner(),
            output_dir: root.join(output_dir),
            vocabulary,
            extra: extra(raw.extra),
            publisher,
            article_type: raw.article_type,
            image,
            ratings,
            claim_pages: raw.claims.pages,
            review_markup: raw.claims.review_markup,
            markdown,
            images,
            search: raw.search,
            words: Arc::new(words),
            i18n_warnings,
            localized: Vec::new(),
        })
    }

    /// Whether claim pages carry the claims' `ClaimReview`s (else article pages do).
    pub fn reviews_on_claim_pages(&self) -> bool {
        self.claim_pages && self.review_markup == ReviewMarkup::ClaimPage
    }

    /// The status of a claim, whose key front matter parsing has checked.
    pub fn status(&self, id: StatusId) -> &Status {
        self.vocabulary.status(id)
    }

    /// The `ClaimReview` rating of a status key of the vocabulary.
    pub fn rating(&self, id: StatusId) -> Option<Rating> {
        let key = &self.status(id).key;
        self.ratings
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, r)| *r)
    }

    /// Absolute URL of a site path such as `analysis/aleppo/` (see `encode`).
    pub fn permalink(&self, path: &str) -> String {
        [self.base_url.as_str(), &encode(path)].concat()
    }

    /// Root-relative URL (with the base path) of a site path (see `encode`).
    pub fn url(&self, path: &str) -> String {
        [self.base_path.as_str(), &encode(path)].concat()
    }

    /// Root-relative URL of a link a writer wrote as `/rest`: already a URL, so it is
    /// only given the site's base path (in every language).
    pub fn link(&self, rest: &str) -> String {
        [self.root_path.as_str(), rest.trim_start_matches('/')].concat()
    }

    /// Makes a URL byline wrote (absolute, or root-relative with the base path)
    /// absolute, for feeds, sitemaps and structured data.
    pub fn absolute(&self, url: &str) -> String {
        match url.strip_prefix(self.root_path.as_str()) {
            Some(rest) if url.starts_with('/') => {
                [self.root_url.as_str(), rest.trim_start_matches('/')].concat()
            }
            _ => url.to_string(),
        }
    }

    /// The folder of this language's pages: `""` for the default language, `fr/`.
    pub fn prefix(&self) -> &str {
        &self.base_path[self.root_path.len()..]
    }

    /// The site as published in `lang`, one of its `translations`: its pages under
    /// `<tag>/`, in that language.
    pub fn in_language(&self, lang: &Lang) -> Config {
        let localized = self.localized.iter().find(|c| c.lang == *lang);
        let mut config = localized.cloned().unwrap_or_else(|| self.clone());
        config.localized = Vec::new();
        config
    }

    /// Every language of the site, the default first.
    pub fn languages(&self) -> impl Iterator<Item = &Lang> {
        std::iter::once(&self.lang).chain(&self.translations)
    }
}

/// The characters of a site path that would end or change a URL's path (`?`, `#`,
/// `%`, a space, quotes, brackets…, and `+`, which some hosts read as a space);
/// `encode` also encodes every non-ASCII byte.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'+')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A site path (made from file names and slugs, as the files are named on disk) as
/// it is written in a URL: the folder `a%b/` is `a%25b/`, which a static host decodes
/// back to the folder's name.
fn encode(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path.trim_start_matches('/'), PATH_ESCAPES).into()
}

/// toml's error as a diagnostic at its span; an unknown key gets a suggestion from
/// the keys its own table takes.
fn toml_error(file: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let d = Diagnostic::error("config", format!("invalid {FILE_NAME}: {}", e.message()))
        .at(file, span.clone());
    match unknown_key_help(&file.text, &span) {
        Some(help) => d.help(help),
        None => d,
    }
}

/// "did you mean `base_url`?" when `span` is a key its table does not take and one it
/// takes is spelt alike.
fn unknown_key_help(text: &str, span: &Range<usize>) -> Option<String> {
    let document = DeTable::parse(text).ok()?;
    let (table, key) = key_at(document.get_ref(), span)?;
    let keys = keys_of(&table);
    if keys.contains(&key) {
        return None;
    }
    did_you_mean(key, keys.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

/// The keys each table of site.toml takes, by the table's path (the tables of an
/// array share the array's); none for the tables that take any key.
pub(crate) fn keys_of(table: &[&str]) -> &'static [&'static str] {
    match table {
        [] => &[
            "title",
            "base_url",
            "description",
            "language",
            "digits",
            "languages",
            "theme",
            "output_dir",
            "claims",
            "extra",
            "publisher",
            "article_type",
            "image",
            "markdown",
            "images",
            "search",
        ],
        ["publisher"] => &[
            "name",
            "url",
            "logo",
            "corrections_policy",
            "publishing_principles",
            "verification_policy",
            "ethics_policy",
            "ownership_funding",
            "masthead",
            "mission",
            "diversity_policy",
            "unnamed_sources_policy",
            "feedback_policy",
            "contact",
        ],
        ["claims"] => &["statuses", "labels", "ratings", "pages", "review_markup"],
        ["claims", "statuses"] => &["key", "label", "tone", "description", "translations"],
        ["claims", "statuses", "translations", _] => &["label", "description"],
        ["claims", "ratings", _] => &["value", "best", "worst"],
        ["markdown"] => &["raw_html", "iframe_hosts", "contents"],
        ["images"] => &["widths", "sizes"],
        _ => &[],
    }
}

/// The key written at `span`, with the path of the table holding it.
fn key_at<'t>(table: &'t DeTable<'_>, span: &Range<usize>) -> Option<(Vec<&'t str>, &'t str)> {
    table.iter().find_map(|(key, value)| {
        if key.span() == *span {
            return Some((Vec::new(), key.get_ref().as_ref()));
        }
        let inner: Vec<&DeTable> = match value.get_ref() {
            DeValue::Table(t) => vec![t],
            DeValue::Array(a) => a
                .iter()
                .filter_map(|v| match v.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        inner.into_iter().find_map(|t| {
            let (mut path, found) = key_at(t, span)?;
            path.insert(0, key.get_ref().as_ref());
            Some((path, found))
        })
    })
}

/// `[extra]` as JSON for templates; an empty object when there is none.
fn extra(table: Option<toml::Table>) -> serde_json::Value {
    table
        .map(|t| serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()))
}

/// The checks of site.toml's values, collecting every error at its span.
struct Check<'f> {
    file: &'f SourceFile,
    errors: Vec<Diagnostic>,
}

impl Check<'_> {
    /// A diagnostic at `span` of site.toml, for `push`.
    fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error("config", message).at(self.file, span)
    }

    fn theme(&mut self, theme: &Spanned<String>) {
        if let Err(why) = check_theme(theme.get_ref()) {
            let d = self.at(theme.span(), why).help(
                "write the name of a folder under themes/, like theme = \"default\" for themes/default/",
            );
            self.errors.push(d);
        }
    }

    /// The site's language: a well-formed BCP 47 tag, with the digits its dates use.
    fn lang(&mut self, tag: &Spanned<String>, digits: Option<&Spanned<String>>) -> Lang {
        let written = tag.get_ref();
        if let Err(why) = crate::source_fields::language(written) {
            let d = self
                .at(tag.span(), why)
                .help("write a BCP 47 language tag, like language = \"ar\", \"fr\" or \"pt-BR\"");
            self.errors.push(d);
        }
        let digits = digits.and_then(|d| {
            let names = Digits::NAMES.map(|n| format!("\"{n}\"")).join(", ");
            Digits::named(d.get_ref()).ok_or_else(|| {
                let why = format!("`digits` takes {names}, not `{}`", d.get_ref());
                let d = self.at(d.span(), why).help(
                    "\"latn\" writes 0123456789, \"arab\" ٠١٢٣٤٥٦٧٨٩, \"arabext\" ۰۱۲۳۴۵۶۷۸۹; leave it out for the language's usual digits",
                );
                self.errors.push(d);
            })
            .ok()
        });
        Lang::new(written.trim(), digits)
    }

    /// The languages of `languages` other than the default (`language`), which it
    /// must list; each tag once.
    fn translations(
        &mut self,
        default: &Spanned<String>,
        languages: Option<&[Spanned<String>]>,
    ) -> Vec<Lang> {
        let Some(languages) = languages else {
            return Vec::new();
        };
        let mut seen = std::collections::HashSet::new();
        let mut translations = Vec::new();
        for tag in languages {
            let written = tag.get_ref().trim();
            if let Err(why) = crate::source_fields::language(written) {
                let d = self
                    .at(tag.span(), why)
                    .help("write BCP 47 language tags, like languages = [\"en\", \"fr\", \"ar\"]");
                self.errors.push(d);
            } else if !seen.insert(written.to_ascii_lowercase()) {
                let d = self
                    .at(
                        tag.span(),
                        format!("`{written}` is listed twice in `languages`"),
                    )
                    .help("list each language once");
                self.errors.push(d);
            } else if !written.eq_ignore_ascii_case(default.get_ref().trim()) {
                translations.push(Lang::new(written, None));
            }
        }
        if !seen.contains(&default.get_ref().trim().to_ascii_lowercase()) {
            let why = format!(
                "`languages` does not list the site's language, `{}`",
                default.get_ref().trim()
            );
            let d = self
                .at(default.span(), why)
                .help("add it to `languages`, or set `language` to the default one of them");
            self.errors.push(d);
        }
        translations
    }

    /// The base URL and its path, from `--base-url` (which has no place in the file)
    /// or site.toml.
    fn base_url(&mut self, raw: &Spanned<String>, overrides: &Overrides) -> (String, String) {
        let (text, span) = match &overrides.base_url {
            Some(url) => (url.as_str(), 0..0),
            None => (raw.get_ref().as_str(), raw.span()),
        };
        split_base_url(text).unwrap_or_else(|| {
            let d = self
                .at(span, format!("`base_url` must be an absolute http(s) URL, not `{text}`"))
                .help("write it like base_url = \"https://example.org/\" or \"https://user.github.io/project/\"");
            self.errors.push(d);
            ("https://example.invalid/".into(), "/".into())
        })
    }

    /// `[claims] statuses`, or the built-in vocabulary.
    fn vocabulary(&mut self, statuses: Option<Spanned<Vec<RawStatus>>>) -> Vocabulary {
        let Some(list) = statuses else {
            return Vocabulary::default();
        };
        if list.get_ref().is_empty() {
            let d = self.at(list.span(), "`[claims] statuses` is empty").help(
                "list at least one status, or remove the key to use confirmed, disputed, unverified, false",
            );
            self.errors.push(d);
            return Vocabulary::default();
        }
        let mut seen = std::collections::HashSet::new();
        for s in list.get_ref() {
            if !seen.insert(s.key.get_ref()) {
                let message = format!("status `{}` is defined twice", s.key.get_ref());
                self.errors.push(self.at(s.key.span(), message));
            }
        }
        self.errors.extend(shared_pages(list.get_ref(), self.file));
        Vocabulary::new(
            list.into_inner()
                .into_iter()
                .map(|s| Status {
                    key: s.key.into_inner(),
                    label: s.label,
                    tone: s.tone,
                    description: s.description,
                    words: crate::status::StatusWords {
                        translations: s.translations,
                        ..Default::default()
                    },
                })
                .collect(),
        )
    }

    /// `[claims.labels]`: new labels for statuses of the vocabulary.
    fn relabel(
        &mut self,
        vocabulary: &mut Vocabulary,
        labels: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    ) {
        for (key, label) in labels {
            let (span, key) = (key.span(), key.into_inner());
            let toml::Value::String(label) = label.into_inner() else {
                let message = format!("label for `{key}` must be a string");
                self.errors.push(self.at(span, message));
                continue;
            };
            if !vocabulary.relabel(&key, label) {
                let d = self
                    .at(
                        span,
                        format!("`[claims.labels]` names unknown status `{key}`"),
                    )
                    .help(format!("the statuses are: {}", vocabulary.list()));
                self.errors.push(d);
            }
        }
    }

    /// Every status's rating: its tone's, unless `[claims.ratings]` gives one.
    fn ratings(
        &mut self,
        vocabulary: &Vocabulary,
        ratings: BTreeMap<Spanned<String>, Rating>,
    ) -> Vec<(String, Option<Rating>)> {
        let mut all: Vec<(String, Option<Rating>)> = vocabulary
            .iter()
            .map(|s| (s.key.clone(), Rating::for_tone(s.tone)))
            .collect();
        for (key, rating) in ratings {
            let (span, key) = (key.span(), key.into_inner());
            let d = match all.iter_mut().find(|(k, _)| *k == key) {
                Some((_, r)) if rating.worst < rating.best
                    && (rating.worst..=rating.best).contains(&rating.value) =>
                {
                    *r = Some(rating);
                    continue;
                }
                Some(_) => self
                    .at(span, format!("the rating of `{key}` must lie between `worst` and `best`, and `worst` must be below `best`"))
                    .help("write it like `false = { value = 1, best = 5, worst = 1 }`"),
                None => self
                    .at(span, format!("`[claims.ratings]` names unknown status `{key}`"))
                    .help(format!("the statuses are: {}", vocabulary.list())),
            };
            self.errors.push(d);
        }
        all
    }

    /// `[publisher]`, by default the site's title and base URL.
    fn publisher(
        &mut self,
        raw: Option<RawPublisher>,
        title: &str,
        base_url: &str,
        words: &Words,
    ) -> Publisher {
        let mut raw = raw.unwrap_or_default();
        let written = POLICIES.iter().zip(raw.policies());
        let policies = written
            .filter_map(|(&(key, property, label), url)| {
                let url = self.absolute(&format!("publisher.{key}"), url?, base_url)?;
                Some(Policy {
                    key,
                    property,
                    label: words
                        .get(&format!("policy_{key}"))
                        .unwrap_or(label)
                        .to_string(),
                    url,
                })
            })
            .collect();
        Publisher {
            policies,
            name: raw.name.unwrap_or_else(|| title.to_string()),
            url: raw
                .url
                .and_then(|u| self.absolute("publisher.url", u, base_url))
                .unwrap_or_else(|| base_url.to_string()),
            logo: raw
                .logo
                .and_then(|l| self.absolute("publisher.logo", l, base_url)),
        }
    }

    /// An http(s) URL as written, or a site path made absolute against the final base
    /// URL.
    fn absolute(&mut self, key: &str, value: Spanned<String>, base_url: &str) -> Option<String> {
        let span = value.span();
        let value = value.into_inner();
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return Some(value);
        }
        if safe_url::check(&value, Use::Link) == Ok(Start::SitePath) {
            return Some(format!("{base_url}{}", &safe_url::read(&value)[1..]));
        }
        let d = self
            .at(span, format!("`{key}` must be an http(s) URL or a site path starting with `/`, not `{value}`"))
            .help("write it like \"https://example.org/logo.png\" or \"/logo.png\"");
        self.errors.push(d);
        None
    }

    /// `[images]`: widths a page could use, `sizes` an attribute can carry.
    fn image_policy(&mut self, raw: RawImages) -> ImagePolicy {
        let max = crate::assets::MAX_SIDE;
        let mut widths = Vec::new();
        let list_span = raw.widths.as_ref().map_or(0..0, |w| w.span());
        for w in raw.widths.map(Spanned::into_inner).unwrap_or_default() {
            if (16..=max).contains(w.get_ref()) {
                widths.push(*w.get_ref());
            } else {
                let d = self.at(w.span(), format!("a width must be from 16 to {max} pixels"));
                self.errors.push(
                    d.help("list the widths of the copies to make, like widths = [480, 960, 1600]"),
                );
            }
        }
        widths.sort_unstable();
        widths.dedup();
        if widths.len() > MAX_WIDTHS {
            let d = self.at(
                list_span,
                format!(
                    "`widths` lists {} widths; at most {MAX_WIDTHS} are made",
                    widths.len()
                ),
            );
            self.errors.push(
                d.help("three or four widths serve every screen, like widths = [480, 960, 1600]"),
            );
        }
        let sizes = match raw.sizes {
            None => DEFAULT_SIZES.to_string(),
            Some(s) => {
                let bad = s.get_ref().trim().is_empty()
                    || s.get_ref().chars().any(|c| c.is_control() || c == '"');
                if bad {
                    let d = self.at(s.span(), "`sizes` must be a media condition list, without quotes or control characters");
                    self.errors.push(d.help(format!(
                        "write it as for an <img>'s sizes, like sizes = \"{DEFAULT_SIZES}\""
                    )));
                }
                s.into_inner().trim().to_string()
            }
        };
        ImagePolicy { widths, sizes }
    }

    /// `[markdown]`, with every iframe host checked to be a bare host name.
    fn markdown_policy(&mut self, raw: RawMarkdown) -> MarkdownPolicy {
        let mut iframe_hosts = Vec::new();
        for host in raw.iframe_hosts {
            let span = host.span();
            let host = host.into_inner().to_ascii_lowercase();
            let valid = !host.is_empty()
                && !host.starts_with(['.', '-'])
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
            if valid {
                iframe_hosts.push(host);
            } else {
                let d = self
                    .at(span, format!("`iframe_hosts` takes host names, not `{host}`"))
                    .help("write the host alone, like \"www.youtube-nocookie.com\": iframes may show its https:// pages");
                self.errors.push(d);
            }
        }
        MarkdownPolicy {
            raw_html: raw.raw_html,
            iframe_hosts,
            contents: raw.contents,
        }
    }
}

/// A theme is a folder under `themes/`, named by one plain path segment.
fn check_theme(theme: &str) -> Result<(), String> {
    let plain = !theme.is_empty()
        && theme != "."
        && theme != ".."
        && !theme.contains(['/', '\\'])
        && !theme.chars().any(char::is_control);
    if plain {
        Ok(())
    } else {
        Err(format!(
            "`theme` must name a folder under themes/, not `{}`",
            theme.escape_debug()
        ))
    }
}

/// Custom statuses whose ledger pages would be one (`a b` and `a-b` are both
/// `/claims/a-b/`).
fn shared_pages(statuses: &[RawStatus], file: &SourceFile) -> Vec<Diagnostic> {
    let mut pages: BTreeMap<String, &str> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, s) in statuses.iter().enumerate() {
        let key = s.key.get_ref();
        let slug = crate::status::page_slug(i, key);
        match pages.insert(slug.clone(), key) {
            Some(other) if other != key => errors.push(
                Diagnostic::error(
                    "config",
                    format!("statuses `{other}` and `{key}` would share the page /claims/{slug}/"),
                )
                .at(file, s.key.span())
                .help("give one of them a key with other letters or digits"),
            ),
            _ => {}
        }
    }
    errors
}

/// Splits `https://host/sub/` into (`https://host/sub/`, `/sub/`), adding the slash.
fn split_base_url(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || path.contains(['?', '#']) || url.chars().any(char::is_whitespace) {
        return None;
    }
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let scheme_len = url.len() - rest.len();
    Some((format!("{}{}{}", &url[..scheme_len], host, path), path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Dir;
    use chrono::NaiveDate;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("/site"), text, &Overrides::default())
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_a_path() {
        let c = parse("title = \"T\"\nbase_url = \"https://u.github.io/proj\"\n").unwrap();
        assert_eq!(c.base_url, "https://u.github.io/proj/");
        assert_eq!(c.base_path, "/proj/");
        assert_eq!(c.url("a/b/"), "/proj/a/b/");
        assert_eq!(c.permalink("/a/"), "https://u.github.io/proj/a/");
        let c = parse("title = \"T\"\nbase_url = \"http://localhost:1111\"\n").unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.base_path.as_str()),
            ("http://localhost:1111/", "/")
        );
    }

    #[test]
    fn urls_of_site_paths_are_percent_encoded_and_links_kept_as_written() {
        let c = parse("title = \"T\"\nbase_url = \"https://u.github.io/p\"\n").unwrap();
        assert_eq!(c.url("a?b/"), "/p/a%3Fb/");
        assert_eq!(c.url("a#b/c d/"), "/p/a%23b/c%20d/");
        assert_eq!(c.url("%2e%2e/"), "/p/%252e%252e/");
        assert_eq!(c.url("café+x/"), "/p/caf%C3%A9%2Bx/");
        assert_eq!(c.url("a-b_c.d~e/"), "/p/a-b_c.d~e/");
        assert_eq!(c.permalink("a?b/"), "https://u.github.io/p/a%3Fb/");
        assert_eq!(c.link("/docs/a%20b?x=1#y"), "/p/docs/a%20b?x=1#y");
        assert_eq!(c.absolute("/p/a%3Fb/"), "https://u.github.io/p/a%3Fb/");
    }

    #[test]
    fn a_theme_is_one_folder_name() {
        let theme = |t: &str| {
            parse(&format!(
                "title = \"T\"\nbase_url = \"https://e.org/\"\ntheme = \"{t}\"\n"
            ))
        };
        assert_eq!(theme("mine").unwrap().theme, "mine");
        for bad in ["", ".", "..", "../x", "/etc", "a/b", "a\\\\b", "x\\n"] {
            let e = theme(bad).unwrap_err();
            assert_eq!(e[0].line_col(), Some((3, 9)), "{bad}");
            assert!(
                e[0].message
                    .starts_with("`theme` must name a folder under themes/"),
                "{bad}"
            );
        }
    }

    #[test]
    fn statuses_sharing_a_ledger_page_are_refused() {
        let statuses = |keys: &[&str]| {
            let list: Vec<String> = keys
                .iter()
                .map(|k| format!("{{ key = \"{k}\", label = \"L\", tone = \"confirmed\" }}"))
                .collect();
            parse(&format!(
                "title = \"T\"\nbase_url = \"https://e.org/\"\n[claims]\nstatuses = [{}]\n",
                list.join(", ")
            ))
        };
        assert!(statuses(&["a b", "c"]).is_ok());
        let e = statuses(&["a b", "a-b"]).unwrap_err();
        assert_eq!(
            e[0].message,
            "statuses `a b` and `a-b` would share the page /claims/a-b/"
        );
        // `!!` has no letters: its page is named by its place, the third.
        let e = statuses(&["x", "status-3", "!!"]).unwrap_err();
        assert_eq!(
            e[0].message,
            "statuses `status-3` and `!!` would share the page /claims/status-3/"
        );
    }

    #[test]
    fn defaults_apply() {
        let c = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n").unwrap();
        assert_eq!(c.lang.tag(), "en");
        assert_eq!(c.theme, "default");
        assert_eq!(c.output_dir, Path::new("/site/public"));
        assert_eq!(
            c.vocabulary.list(),
            "confirmed, disputed, unverified, false"
        );
    }

    #[test]
    fn unknown_keys_suggest_the_right_one() {
        let e = parse("title = \"T\"\nbase_url = \"https://e.org/\"\nbaseurl = 1\n").unwrap_err();
        assert_eq!(e[0].line_col(), Some((3, 1)));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `base_url`?"));
    }

    // `[publisher] titel = …` was told "did you mean `title`?", a key of another table:
    // the suggestion was read from toml's message and matched against the top level.
    #[test]
    fn unknown_keys_are_matched_against_their_own_table() {
        let help = |rest: &str| {
            let e = parse(&format!(
                "title = \"T\"\nbase_url = \"https://e.org/\"\n{rest}"
            ))
            .unwrap_err();
            e[0].help.clone()
        };
        let suggests = |s: &str| Some(format!("did you mean `{s}`?"));
        assert_eq!(help("[publisher]\ntitel = \"x\"\n"), None);
        assert_eq!(help("[publisher]\nnmae = \"x\"\n"), suggests("name"));
        assert_eq!(
            help("[markdown]\nraw-html = \"refuse\"\n"),
            suggests("raw_html")
        );
        assert_eq!(help("[claims]\nstatus = []\n"), suggests("statuses"));
        assert_eq!(
            help("[claims]\nstatuses = [{ key = \"a\", lable = \"A\", tone = \"confirmed\" }]\n"),
            suggests("label")
        );
        assert_eq!(
            help("[claims.ratings]\nfalse = { value = 1, bets = 5 }\n"),
            suggests("best")
        );
        assert_eq!(help("output-dir = \"x\"\n"), suggests("output_dir"));
    }

    #[test]
    fn relative_base_url_is_refused() {
        let e = parse("title = \"T\"\nbase_url = \"/blog/\"\n").unwrap_err();
        assert!(e[0].message.contains("absolute"));
        assert_eq!(e[0].line_col(), Some((2, 12)));
    }

    #[test]
    fn the_language_sets_direction_and_digits_unless_the_site_chooses() {
        let c = parse("title = \"T\"\nbase_url = \"https://e.org/\"\nlanguage = \"ar\"\n").unwrap();
        assert_eq!((c.lang.tag(), c.lang.dir()), ("ar", Dir::Rtl));
        let day = NaiveDate::from_ymd_opt(2016, 12, 8).unwrap();
        assert_eq!(c.lang.date(day), "8 ديسمبر 2016");
        let text =
            "title = \"T\"\nbase_url = \"https://e.org/\"\nlanguage = \"ar\"\ndigits = \"arab\"\n";
        assert_eq!(parse(text).unwrap().lang.date(day), "٨ ديسمبر ٢٠١٦");
    }

    #[test]
    fn a_bad_language_tag_and_unknown_digits_are_both_reported() {
        let e = parse(
            "title = \"T\"\nbase_url = \"https://e.org/\"\nlanguage = \"arabic!\"\ndigits = \"roman\"\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.starts_with("`arabic!` is not a language tag"));
        assert_eq!(e[0].line_col(), Some((3, 12)));
        assert_eq!(
            e[1].message,
            "`digits` takes \"latn\", \"arab\", \"arabext\", not `roman`"
        );
        assert_eq!(e[1].line_col(), Some((4, 10)));
    }

    #[test]
    fn custom_vocabulary_and_labels() {
        let c = parse(
            "title = \"T\"\nbase_url = \"https://e.org/\"\n[claims]\nstatuses = [{ key = \"true\", label = \"True\", tone = \"confirmed\" }, { key = \"misleading\", label = \"Misleading\", tone = \"disputed\" }]\n[claims.labels]\nmisleading = \"Half true\"\n",
        )
        .unwrap();
        assert_eq!(c.vocabulary.list(), "true, misleading");
        assert_eq!(c.vocabulary.get("misleading").unwrap().label, "Half true");
        let e =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[claims.labels]\nnope = \"X\"\n")
                .unwrap_err();
        assert!(e[0].message.contains("unknown status `nope`"));
    }

    #[test]
    fn publisher_type_image_and_ratings_have_defaults() {
        let c = parse("title = \"T\"\nbase_url = \"https://u.github.io/p\"\n").unwrap();
        assert_eq!(c.publisher.name, "T");
        assert_eq!(c.publisher.url, "https://u.github.io/p/");
        assert_eq!(c.article_type, ArticleType::Article);
        assert_eq!(c.image, None);
        let values: Vec<i64> = c
            .vocabulary
            .keys()
            .map(|k| c.rating(c.vocabulary.resolve(k).unwrap()).unwrap().value)
            .collect();
        assert_eq!(values, [5, 2, 3, 1]);
        assert_eq!(
            (
                c.rating(c.vocabulary.resolve("false").unwrap())
                    .unwrap()
                    .best,
                c.rating(c.vocabulary.resolve("false").unwrap())
                    .unwrap()
                    .worst
            ),
            (5, 1)
        );
    }

    #[test]
    fn publisher_type_image_and_ratings_can_be_set() {
        let c = parse(
            "title = \"T\"\nbase_url = \"https://u.github.io/p/\"\narticle_type = \"NewsArticle\"\nimage = \"/img/a.png\"\n[publisher]\nname = \"Desk\"\nlogo = \"/logo.png\"\n[claims.ratings]\nfalse = { value = 0, best = 10, worst = 0 }\n",
        )
        .unwrap();
        assert_eq!(c.article_type.as_str(), "NewsArticle");
        assert_eq!(c.image.as_deref(), Some("https://u.github.io/p/img/a.png"));
        assert_eq!(c.publisher.name, "Desk");
        assert_eq!(c.publisher.url, "https://u.github.io/p/");
        assert_eq!(
            c.publisher.logo.as_deref(),
            Some("https://u.github.io/p/logo.png")
        );
        assert_eq!(
            c.rating(c.vocabulary.resolve("false").unwrap()),
            Some(Rating {
                value: 0,
                best: 10,
                worst: 0
            })
        );
        assert_eq!(c.absolute("/p/a/"), "https://u.github.io/p/a/");
        assert_eq!(c.absolute("https://x.org/"), "https://x.org/");
    }

    #[test]
    fn bad_ratings_and_image_urls_are_refused_at_their_line() {
        let e = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[claims.ratings]\nnope = { value = 1 }\nfalse = { value = 9 }\n")
            .unwrap_err();
        let unknown = e
            .iter()
            .find(|d| d.message.contains("unknown status `nope`"))
            .unwrap();
        assert_eq!(unknown.line_col(), Some((4, 1)));
        let range = e
            .iter()
            .find(|d| d.message.contains("between `worst` and `best`"))
            .unwrap();
        assert_eq!(range.line_col(), Some((5, 1)));
        let e = parse("title = \"T\"\nbase_url = \"https://e.org/\"\nimage = \"javascript:x\"\n")
            .unwrap_err();
        assert_eq!(e[0].line_col(), Some((3, 9)));
    }

    // `/\\host/x` passed as a site path: browsers read it as `//host/x`.
    #[test]
    fn site_paths_are_read_as_browsers_read_urls() {
        let image = |url: &str| {
            parse(&format!(
                "title = \"T\"\nbase_url = \"https://e.org/p/\"\nimage = \"{url}\"\n"
            ))
        };
        assert_eq!(
            image("/img/a.png").unwrap().image.as_deref(),
            Some("https://e.org/p/img/a.png")
        );
        for bad in [
            "/\\\\evil.example/a.png",
            "//evil.example/a.png",
            "javascript:x",
        ] {
            let e = image(bad).unwrap_err();
            assert_eq!(e[0].line_col(), Some((3, 9)), "{bad}");
        }
    }

    #[test]
    fn raw_html_is_sanitized_unless_the_site_says_otherwise() {
        let c = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n").unwrap();
        assert_eq!(c.markdown, MarkdownPolicy::default());
        assert_eq!(c.markdown.raw_html, RawHtml::Sanitize);
        let c = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[markdown]\nraw_html = \"trusted\"\niframe_hosts = [\"Player.Vimeo.com\"]\n").unwrap();
        assert_eq!(c.markdown.raw_html, RawHtml::Trusted);
        assert_eq!(c.markdown.iframe_hosts, ["player.vimeo.com"]);
        let e = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[markdown]\niframe_hosts = [\"https://x.org/\"]\n").unwrap_err();
        assert_eq!(e[0].line_col(), Some((4, 17)));
        let e =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[markdown]\nraw_html = \"yes\"\n")
                .unwrap_err();
        assert!(
            e[0].message.contains("`sanitize`, `trusted`"),
            "{}",
            e[0].message
        );
    }

    // Errors pointed at the first place the offending word appeared in the file, such
    // as a title that happens to contain it, not at the key or value that is wrong.
    #[test]
    fn errors_point_at_the_wrong_key_or_value_not_an_earlier_mention() {
        let text = "title = \"nope and /img.png and ftp:x\"\nbase_url = \"ftp:x\"\nimage = \"img.png\"\n[claims.labels]\nnope = \"X\"\n[claims.ratings]\nnope = { value = 1 }\n";
        let e = parse(text).unwrap_err();
        let at = |part: &str| {
            e.iter()
                .find(|d| d.message.contains(part))
                .and_then(Diagnostic::line_col)
        };
        assert_eq!(at("`base_url` must be"), Some((2, 12)));
        assert_eq!(at("`image` must be"), Some((3, 9)));
        assert_eq!(at("`[claims.labels]` names unknown"), Some((5, 1)));
        assert_eq!(at("`[claims.ratings]` names unknown"), Some((7, 1)));
        let e = parse("title = \"a \\\"x\\\" b\"\nbase_url = \"https://e.org/\"\n[claims]\nstatuses = [{ key = \"x\", label = \"X\", tone = \"confirmed\" }, { key = \"x\", label = \"Y\", tone = \"disputed\" }]\n").unwrap_err();
        assert_eq!(e[0].line_col(), Some((4, 69)), "the second `x`: {e:?}");
    }
}
