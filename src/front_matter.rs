//! Front matter: split it from the body, deserialise it, and check everything a
//! writer can get wrong, reporting each mistake at the `path:line:col` where it is
//! written (counted in the file, not in the YAML block). All mistakes in a file are
//! reported together, except when the YAML itself cannot be read.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::article::{Article, Assessment, Claim, Index, Source};
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{
    did_you_mean, more_in_file, unknown_id_help, Diagnostic, Severity, SourceFile, MAX_PER_FILE,
};
use crate::html;
use crate::safe_url::{self, Refused, Start, Use};
use crate::yaml::{self, Locator, Seg};

/// A file cut into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

pub fn split<'a>(file: &'a SourceFile) -> Result<Split<'a>, Diagnostic> {
    let text: &str = &file.text;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error("missing-front-matter", "the file does not start with front matter")
            .at(file, 0..first_end.min(3))
            .label("expected a line `---` here")
            .help("start the file with `---`, then at least `title:` and `date:`, then another `---` line"));
    }
    // The closing line is `---` alone: look only at lines that start with it.
    let after_opening = first_end - 1;
    for (i, _) in text[after_opening..].match_indices("\n---") {
        let pos = after_opening + i + 1;
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..pos],
                yaml_line: 2,
                body: &text[end..],
                body_offset: end,
            });
        }
    }
    Err(Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
        .at(file, 0..3)
        .label("front matter opens here")
        .help("add a line with only `---` after the last front-matter key, before the article text"))
}

/// A scalar read as text whatever YAML typed it as: `title: 2016` and the
/// status `false` are the strings "2016" and "false", not a number and a boolean.
#[derive(Debug, Clone, PartialEq)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a piece of text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

/// A list of texts; a single text is accepted as a list of one (`tags: syria`).
#[derive(Debug, Clone, Default)]
struct TextList(Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of texts")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element()? {
                    out.push(t);
                }
                Ok(TextList(out))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextList, E> {
                Ok(TextList(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TextList, E> {
                Ok(TextList(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

pub const ARTICLE_KEYS: &[&str] = &[
    "title", "date", "updated", "summary", "authors", "tags", "draft", "slug", "sources", "claims",
    "extra", "image",
];
pub const SOURCE_KEYS: &[&str] = &[
    "id",
    "title",
    "publisher",
    "author",
    "url",
    "date",
    "accessed",
    "note",
];
pub const CLAIM_KEYS: &[&str] = &[
    "id",
    "text",
    "status",
    "as_of",
    "asserted_by",
    "contested_by",
    "note",
    "history",
];
pub const HISTORY_KEYS: &[&str] = &["date", "status", "note"];
/// How many tags an article may have. Each tag's page and feed list the article with
/// all of its tags, so an article's share of the site grows with the square of its
/// tag count: 4,000 tags on one article made 1.3 GB of pages.
pub const MAX_TAGS: usize = 50;

/// The keys of `content/sources.yaml`.
pub const SHARED_KEYS: &[&str] = &["sources"];

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    title: Option<Text>,
    date: Option<Text>,
    updated: Option<Text>,
    summary: Option<Text>,
    #[serde(default)]
    authors: TextList,
    #[serde(default)]
    tags: TextList,
    #[serde(default)]
    draft: bool,
    slug: Option<Text>,
    #[serde(default)]
    sources: Option<Vec<RawSource>>,
    #[serde(default)]
    claims: Option<Vec<RawClaim>>,
    #[serde(default)]
    extra: Option<serde_json::Value>,
    image: Option<Text>,
}

/// `content/sources.yaml`: sources shared by every article.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawShared {
    #[serde(default)]
    sources: Option<Vec<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssessment {
    date: Option<Text>,
    status: Option<Text>,
    note: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Option<Text>,
    title: Option<Text>,
    publisher: Option<Text>,
    author: Option<Text>,
    url: Option<Text>,
    date: Option<Text>,
    accessed: Option<Text>,
    note: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: Option<Text>,
    text: Option<Text>,
    status: Option<Text>,
    as_of: Option<Text>,
    #[serde(default)]
    asserted_by: TextList,
    #[serde(default)]
    contested_by: TextList,
    note: Option<Text>,
    #[serde(default)]
    history: Option<Vec<RawAssessment>>,
}

/// Where the article lives, decided by the content tree before parsing.
pub struct Location<'a> {
    pub rel_path: &'a str,
    pub fs_path: &'a std::path::Path,
    /// Site path derived from the file path; `slug` may replace its last segment.
    pub path: &'a str,
}

/// Which YAML a checker reads, as its messages name it.
#[derive(Clone, Copy, PartialEq)]
enum Doc {
    FrontMatter,
    /// `content/sources.yaml`.
    SharedSources,
}

impl Doc {
    fn name(self) -> &'static str {
        match self {
            Doc::FrontMatter => "the front matter",
            Doc::SharedSources => SHARED_SOURCES,
        }
    }

    /// Where ids must be unique.
    fn scope(self) -> &'static str {
        match self {
            Doc::FrontMatter => "this article",
            Doc::SharedSources => SHARED_SOURCES,
        }
    }
}

/// Resolves positions in the front matter lazily: the second YAML parse happens
/// only when there is something to report.
struct Checker<'a> {
    doc: Doc,
    file: &'a SourceFile,
    yaml: &'a str,
    yaml_line: usize,
    locator: OnceCell<Locator>,
    errors: Vec<Diagnostic>,
    /// Errors past [`MAX_PER_FILE`], counted but not made.
    dropped: usize,
    /// Warnings past [`MAX_PER_FILE`].
    dropped_warnings: usize,
}

impl<'a> Checker<'a> {
    fn span_of(&self, line_col: Option<(usize, usize)>, width: usize) -> Range<usize> {
        match line_col {
            Some((line, col)) => {
                let start = self.file.offset_of(line + self.yaml_line - 1, col);
                start..start + width
            }
            None => 0..3,
        }
    }

    /// A character no page or feed may carry (see `html::forbidden_char`), written in
    /// the front matter or spelt with an escape (`"\x0b"`), which only a second parse
    /// with positions can place: it is done only when there is a backslash.
    fn forbidden_char(&self) -> Option<Diagnostic> {
        let yaml_start = self.yaml.as_ptr() as usize - self.file.text.as_ptr() as usize;
        let (span, c) = match html::forbidden_char(self.yaml) {
            Some((at, c)) => (yaml_start + at..yaml_start + at + c.len_utf8(), c),
            None if self.yaml.contains('\\') => {
                let (pos, c) = yaml::find_scalar(self.yaml, html::forbidden_char)?;
                (self.span_of(Some((pos.line, pos.col)), pos.width), c.1)
            }
            None => return None,
        };
        let what = if c < ' ' {
            "control character"
        } else {
            "character"
        };
        Some(
            Diagnostic::error(
                "control-character",
                format!("the front matter contains the {what} {}", html::code_point(c)),
            )
            .at(self.file, span)
            .help("remove it: no web page or feed can carry it (write a space, a newline or a visible character instead)"),
        )
    }

    /// Whether errors past here are only counted: nothing about them need be worked out.
    fn full(&self) -> bool {
        self.errors.len() >= MAX_PER_FILE
    }

    /// The errors, with one that counts those past [`MAX_PER_FILE`].
    fn into_errors(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0 {
            let more = more_in_file(&self.file.name, Severity::Error, self.dropped);
            self.errors.push(more);
        }
        self.errors
    }

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.yaml))
    }

    fn value_span(&self, path: &[Seg]) -> Range<usize> {
        if self.full() {
            return 0..0;
        }
        let pos = self.locator().value(path);
        self.span_of(pos.map(|p| (p.line, p.col)), pos.map_or(3, |p| p.width))
    }

    fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
        help: Option<String>,
    ) {
        if self.full() {
            self.dropped += 1;
            return;
        }
        let mut d = Diagnostic::error(code, message).at(self.file, span);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.errors.push(d);
    }

    fn required(
        &mut self,
        value: Option<Text>,
        path: &[Seg],
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<String> {
        match value {
            Some(Text(t)) if !t.trim().is_empty() => Some(t),
            Some(_) => {
                let mut p = path.to_vec();
                p.push(Seg::Key(key));
                let span = self.value_span(&p);
                self.error(
                    "missing-field",
                    format!("`{key}` of {what} is empty"),
                    span,
                    Some(format!("write it like `{key}: {example}`")),
                );
                None
            }
            None => {
                let span = if path.is_empty() {
                    0..3
                } else {
                    self.value_span(path)
                };
                self.error(
                    "missing-field",
                    format!("{what} has no `{key}`"),
                    span,
                    Some(format!("add `{key}: {example}`")),
                );
                None
            }
        }
    }

    fn date(&mut self, value: Option<Text>, path: &[Seg]) -> Option<Date> {
        let Text(t) = value?;
        match Date::parse(&t) {
            Ok(d) => Some(d),
            Err(why) => {
                let span = self.value_span(path);
                self.error("invalid-date", why, span, Some("write dates as YYYY-MM-DD, e.g. 2016-12-08, or as RFC 3339, e.g. 2016-12-08T14:30:00Z".into()));
                None
            }
        }
    }

    fn id(
        &mut self,
        value: Option<Text>,
        path: &[Seg],
        what: &str,
        seen: &mut HashSet<String>,
    ) -> Option<String> {
        let id = self.required(value, path, "id", what, "short-name")?;
        let mut p = path.to_vec();
        p.push(Seg::Key("id"));
        if !is_valid_id(&id) {
            let span = self.value_span(&p);
            self.error(
                "invalid-id",
                format!("`{id}` is not a valid id"),
                span,
                Some("ids use only letters, digits, `-` and `_`, e.g. `un-envoy`".into()),
            );
            return None;
        }
        if !seen.insert(id.clone()) {
            let span = self.value_span(&p);
            self.error(
                "duplicate-id",
                format!("{what} id `{id}` is used twice in {}", self.doc.scope()),
                span,
                Some(match self.doc {
                    Doc::FrontMatter => "give every source and every claim its own id".into(),
                    Doc::SharedSources => "give every shared source its own id".into(),
                }),
            );
            return None;
        }
        Some(id)
    }

    /// A status key of the site's vocabulary.
    fn status(&mut self, st: String, path: &[Seg], config: &Config) -> Option<String> {
        if config.vocabulary.get(&st).is_some() {
            return Some(st);
        }
        let span = self.value_span(path);
        let mut help = format!("use one of: {}", config.vocabulary.list());
        if let Some(s) = did_you_mean(&st, config.vocabulary.keys()) {
            help = format!(
                "did you mean `{s}`? The statuses are: {}",
                config.vocabulary.list()
            );
        }
        self.error(
            "unknown-status",
            format!("unknown claim status `{st}`"),
            span,
            Some(help),
        );
        None
    }

    /// Checks a `sources:` list, the same in front matter and in `content/sources.yaml`.
    /// A source whose id is also a shared source replaces it, with a warning.
    fn sources(
        &mut self,
        raw: Vec<RawSource>,
        config: &Config,
        ids: &mut HashSet<String>,
        shared: &[Source],
        warnings: &mut Vec<Diagnostic>,
    ) -> Vec<Source> {
        let mut sources = Vec::new();
        // A few sources look shared ids up by a scan, many in a set: either costs at
        // most a few scans of `shared` per article.
        let set: Option<HashSet<&str>> =
            (raw.len() > 8).then(|| shared.iter().map(|s| s.id.as_str()).collect());
        let is_shared = |id: &str| match &set {
            Some(set) => set.contains(id),
            None => shared.iter().any(|s| s.id == id),
        };
        for (i, s) in raw.into_iter().enumerate() {
            let here = [Seg::Key("sources"), Seg::Index(i)];
            let id = self.id(s.id, &here, "source", ids);
            let title = self.required(
                s.title,
                &here,
                "title",
                "this source",
                "\"Statement on Aleppo\"",
            );
            let url = self.url(
                s.url,
                &[here[0], here[1], Seg::Key("url")],
                config,
                "sources",
            );
            let date = self.date(s.date, &[here[0], here[1], Seg::Key("date")]);
            let accessed = self.date(s.accessed, &[here[0], here[1], Seg::Key("accessed")]);
            if let Some(id) = &id {
                if is_shared(id) && warnings.len() >= MAX_PER_FILE {
                    self.dropped_warnings += 1;
                } else if is_shared(id) {
                    let span = self.value_span(&[here[0], here[1], Seg::Key("id")]);
                    warnings.push(
                        Diagnostic::warning(
                            "shadowed-source",
                            format!(
                                "this source replaces the shared source `{id}` of {SHARED_SOURCES}"
                            ),
                        )
                        .at(self.file, span)
                        .help("remove it here to cite the shared source, or give it another id"),
                    );
                }
            }
            if let (Some(id), Some(title)) = (id, title) {
                sources.push(Source {
                    id,
                    title,
                    publisher: s.publisher.map(|t| t.0),
                    author: s.author.map(|t| t.0),
                    url,
                    date,
                    accessed,
                    note: s.note.map(|t| t.0),
                });
            }
        }
        sources
    }

    /// A URL checked by [`check_url`]; `what` names the place it was written.
    fn url(
        &mut self,
        value: Option<Text>,
        path: &[Seg],
        config: &Config,
        what: &str,
    ) -> Option<String> {
        let Text(url) = value?;
        match check_url(&url, config, what) {
            Ok(u) => Some(u),
            Err(why) => {
                let span = self.value_span(path);
                self.error(
                    "unsafe-url",
                    why,
                    span,
                    Some(
                        "use an http:// or https:// address, or a site path starting with `/`"
                            .into(),
                    ),
                );
                None
            }
        }
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Accepts URLs the policy allows (`safe_url::check`) and site paths (`/docs/x`, made
/// base-path-relative); refuses relative URLs, which no page listing the source could
/// follow. `what` names where the URL was written, for the message (`sources`,
/// `` `image` ``).
pub fn check_url(url: &str, config: &Config, what: &str) -> Result<String, String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err("the URL is empty".into());
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err("the URL contains control characters".into());
    }
    match safe_url::check(trimmed, Use::Link) {
        Err(Refused::OtherHost) => Err(format!(
            "`{trimmed}` has no scheme, so it leads to another host; write https://{}",
            trimmed.trim_start_matches(['/', '\\'])
        )),
        Err(Refused::Scheme(scheme)) => Err(format!("`{scheme}:` URLs are not allowed in {what}")),
        Ok(Start::Scheme(_)) => Ok(trimmed.to_string()),
        Ok(Start::SitePath) => Ok(config.link(&trimmed[1..])),
        Ok(Start::Relative | Start::OtherHost) => Err(format!(
            "`{trimmed}` is neither a URL with a scheme (https://…) nor a site path starting with `/`"
        )),
    }
}

/// A slug must be one URL segment.
fn check_slug(slug: &str) -> Result<(), String> {
    if let Some(sep) = slug.chars().find(|&c| c == '/' || c == '\\') {
        return Err(format!(
            "the slug `{slug}` contains a `{sep}`; a slug names one page, not a folder"
        ));
    }
    if slug == "." {
        return Err("the slug `.` names the folder the article is in, not a page".into());
    }
    if slug.contains("..") {
        return Err(format!("the slug `{slug}` contains `..`"));
    }
    if !slug
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(format!(
            "the slug `{slug}` has characters that do not belong in a URL"
        ));
    }
    Ok(())
}

/// Turns any text into a URL segment: `Syria & Aleppo` → `syria-aleppo`.
pub fn slugify(text: &str) -> String {
    let folded;
    let ascii = if text.is_ascii() {
        text
    } else {
        folded = deunicode::deunicode(text);
        &folded
    };
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Where the values at `paths` of a file's front matter are written (the start of the
/// file for one that cannot be found), for diagnostics raised after parsing, such as
/// lints. The front matter is re-parsed for positions once, however many paths.
pub fn value_spans(file: &SourceFile, split: &Split, paths: &[Vec<Seg>]) -> Vec<Range<usize>> {
    let checker = Checker {
        doc: Doc::FrontMatter,
        file,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        locator: OnceCell::new(),
        errors: Vec::new(),
        dropped: 0,
        dropped_warnings: 0,
    };
    paths.iter().map(|p| checker.value_span(p)).collect()
}

/// Where shared sources are defined, as writers see it.
pub const SHARED_SOURCES: &str = "content/sources.yaml";

/// Reads and checks `content/sources.yaml` (a `sources:` list like an article's).
pub fn parse_shared_sources(
    file: &SourceFile,
    config: &Config,
) -> Result<Vec<Source>, Vec<Diagnostic>> {
    let mut c = Checker {
        doc: Doc::SharedSources,
        file,
        yaml: &file.text,
        yaml_line: 1,
        locator: OnceCell::new(),
        errors: Vec::new(),
        dropped: 0,
        dropped_warnings: 0,
    };
    let forbidden = c.forbidden_char();
    let raw: RawShared = if file.text.trim().is_empty() {
        RawShared::default()
    } else {
        yaml::from_str(&file.text)
            .map_err(|e| vec![forbidden.clone().unwrap_or_else(|| yaml_error(&c, e))])?
    };
    c.errors.extend(forbidden);
    let sources = c.sources(
        raw.sources.unwrap_or_default(),
        config,
        &mut HashSet::new(),
        &[],
        &mut Vec::new(),
    );
    if c.errors.is_empty() {
        Ok(sources)
    } else {
        Err(c.into_errors())
    }
}

/// Reads and checks one article's front matter, without shared sources.
pub fn parse(
    file: &SourceFile,
    split: &Split,
    loc: &Location,
    config: &Config,
) -> Result<Article, Vec<Diagnostic>> {
    parse_with(file, split, loc, config, &[]).map(|(a, _)| a)
}

/// Reads and checks one article's front matter; the article may cite `shared` sources
/// by id. Returns the article with its warnings.
pub fn parse_with(
    file: &SourceFile,
    split: &Split,
    loc: &Location,
    config: &Config,
    shared: &[Source],
) -> Result<(Article, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut c = Checker {
        doc: Doc::FrontMatter,
        file,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        locator: OnceCell::new(),
        errors: Vec::new(),
        dropped: 0,
        dropped_warnings: 0,
    };
    let forbidden = c.forbidden_char();
    let raw: RawArticle = if split.yaml.trim().is_empty() {
        RawArticle::default()
    } else {
        match yaml::from_str(split.yaml) {
            Ok(raw) => raw,
            Err(e) => return Err(vec![forbidden.unwrap_or_else(|| yaml_error(&c, e))]),
        }
    };
    c.errors.extend(forbidden);

    let title = c.required(
        raw.title,
        &[],
        "title",
        "the article",
        "\"What happened in Aleppo?\"",
    );
    let date_missing = raw.date.is_none();
    let date = c.date(raw.date, &[Seg::Key("date")]);
    if date_missing {
        c.error(
            "missing-field",
            "the article has no `date`".into(),
            0..3,
            Some("add `date: YYYY-MM-DD`, the day the article was published".into()),
        );
    }
    let updated = c.date(raw.updated, &[Seg::Key("updated")]);

    let mut path = loc.path.to_string();
    if let Some(Text(slug)) = raw.slug {
        match check_slug(&slug) {
            Ok(()) if !slug.is_empty() => {
                let parent = path
                    .trim_end_matches('/')
                    .rsplit_once('/')
                    .map_or("", |(p, _)| p);
                path = if parent.is_empty() {
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
    }

    let mut tags = Vec::new();
    for (i, tag) in raw.tags.0.into_iter().enumerate() {
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

    let mut ids = HashSet::new();
    let own = c.sources(
        raw.sources.unwrap_or_default(),
        config,
        &mut ids,
        shared,
        &mut warnings,
    );
    let available: Vec<&Source> = own
        .iter()
        .chain(shared.iter().filter(|s| !ids.contains(&s.id)))
        .collect();
    let source_ids: Vec<&str> = available.iter().map(|s| s.id.as_str()).collect();
    let known: HashSet<&str> = source_ids.iter().copied().collect();

    let mut claim_ids = HashSet::new();
    let mut claims = Vec::new();
    for (i, raw_claim) in raw.claims.unwrap_or_default().into_iter().enumerate() {
        let here = [Seg::Key("claims"), Seg::Index(i)];
        let id = c.id(raw_claim.id, &here, "claim", &mut claim_ids);
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
        let mut as_of = c.date(raw_claim.as_of, &[here[0], here[1], Seg::Key("as_of")]);
        let history = check_history(
            &mut c,
            raw_claim.history.unwrap_or_default(),
            i,
            status.as_deref(),
            config,
        );
        if let Some(last) = history.last() {
            match &as_of {
                None => as_of = Some(last.date.clone()),
                Some(d) if *d < last.date => {
                    let span = c.value_span(&[here[0], here[1], Seg::Key("as_of")]);
                    c.error(
                        "invalid-history",
                        format!(
                            "`as_of` is {d}, before the claim's latest assessment ({})",
                            last.date
                        ),
                        span,
                        Some(
                            "set `as_of` to the date of the last `history` entry, or remove it"
                                .into(),
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        let mut refs = |list: TextList, key: &'static str| -> Vec<String> {
            let mut out = Vec::new();
            for (j, sid) in list.0.into_iter().enumerate() {
                let sid = sid.trim().trim_start_matches('@').to_string();
                if known.contains(sid.as_str()) {
                    out.push(sid);
                    continue;
                }
                let span = c.value_span(&[here[0], here[1], Seg::Key(key), Seg::Index(j)]);
                let help = (!c.full()).then(|| unknown_id_help(&sid, &source_ids, "sources"));
                c.error(
                    "unknown-source",
                    format!("`{key}` names `{sid}`, which is not a source of this article"),
                    span,
                    help,
                );
            }
            out
        };
        let asserted_by = refs(raw_claim.asserted_by, "asserted_by");
        let contested_by = refs(raw_claim.contested_by, "contested_by");
        if let (Some(id), Some(text), Some(status)) = (id, text, status) {
            claims.push(Claim {
                id,
                text,
                status,
                as_of,
                asserted_by,
                contested_by,
                note: raw_claim.note.map(|t| t.0),
                history,
            });
        }
    }

    // Shared sources join the article when a claim or a citation in the body uses them.
    let mut used = cited_ids(split.body);
    for c in &claims {
        used.extend(
            c.asserted_by
                .iter()
                .chain(&c.contested_by)
                .map(String::as_str),
        );
    }
    let mut sources = own;
    for s in shared {
        let used = used.contains(s.id.as_str());
        if used && !ids.contains(&s.id) {
            sources.push(s.clone());
        }
    }
    let image = c
        .url(raw.image, &[Seg::Key("image")], config, "`image`")
        .map(|u| config.absolute(&u));
    // `updated` defaults to the last change of a claim's assessment after publication.
    let updated = updated.or_else(|| {
        let latest = claims
            .iter()
            .filter_map(|c| c.history.last())
            .map(|h| &h.date)
            .max()?;
        date.as_ref()
            .filter(|d| latest > *d)
            .map(|_| latest.clone())
    });

    let extra = match raw.extra {
        None | Some(serde_json::Value::Null) => serde_json::Value::Object(Default::default()),
        Some(v @ serde_json::Value::Object(_)) => v,
        Some(_) => {
            let span = c.value_span(&[Seg::Key("extra")]);
            c.error(
                "invalid-extra",
                "`extra` must be a mapping of keys to values".into(),
                span,
                Some("write it like `extra: { image: cover.jpg }`".into()),
            );
            serde_json::Value::Null
        }
    };

    if c.dropped_warnings > 0 {
        let more = more_in_file(&file.name, Severity::Warning, c.dropped_warnings);
        warnings.push(more);
    }
    if !c.errors.is_empty() {
        let mut errors = c.into_errors();
        errors.extend(warnings);
        return Err(errors);
    }
    let (Some(title), Some(date)) = (title, date) else {
        unreachable!("a missing title or date is recorded as an error above")
    };
    Ok((
        Article {
            rel_path: loc.rel_path.to_string(),
            display_path: file.name.clone(),
            fs_path: loc.fs_path.to_path_buf(),
            path,
            title,
            date,
            updated,
            summary: raw.summary.map(|t| t.0),
            authors: raw.authors.0,
            tags,
            draft: raw.draft,
            extra,
            image,
            index: Index::new(&sources, &claims),
            sources,
            claims,
        },
        warnings,
    ))
}

/// Checks a claim's `history`: every entry dated and with a known status, in date
/// order, the last one agreeing with the claim's current `status`.
fn check_history(
    c: &mut Checker,
    raw: Vec<RawAssessment>,
    claim: usize,
    current: Option<&str>,
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
        let at = |key| [here[0], here[1], here[2], here[3], Seg::Key(key)];
        let date_missing = entry.date.is_none();
        let date = c.date(entry.date, &at("date"));
        if date_missing {
            c.required(None, &here, "date", "this history entry", "2016-12-08");
        }
        let status = c
            .required(
                entry.status,
                &here,
                "status",
                "this history entry",
                "disputed",
            )
            .and_then(|st| c.status(st, &at("status"), config));
        if let (Some(date), Some(prev)) = (&date, out.last()) {
            if *date < prev.date {
                let span = c.value_span(&at("date"));
                c.error(
                    "invalid-history",
                    format!(
                        "history entries must be in date order, but {date} comes after {}",
                        prev.date
                    ),
                    span,
                    Some("list the assessments oldest first".into()),
                );
            }
        }
        if let (Some(st), Some(cur), true) = (&status, current, j + 1 == count) {
            if st != cur {
                let span = c.value_span(&at("status"));
                c.error(
                    "invalid-history",
                    format!(
                        "the last history entry says `{st}`, but the claim's status is `{cur}`"
                    ),
                    span,
                    Some(
                        "the last entry is the current assessment: make it agree with `status`"
                            .into(),
                    ),
                );
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

/// Ids cited in a body as `[@id` or `; @id` (a cheap scan, before the Markdown is
/// parsed; a match inside code only adds an uncited source to the sidebar).
fn cited_ids(body: &str) -> HashSet<&str> {
    body.match_indices('@')
        .filter(|(i, _)| body[..*i].trim_end().ends_with(['[', ';']))
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

/// Turns a serde_yaml error into a diagnostic, recognising unknown keys to suggest
/// the key that was meant.
fn yaml_error(c: &Checker, e: yaml::Error) -> Diagnostic {
    let span = c.span_of(e.line_col, 1);
    let doc = c.doc.name();
    if e.too_deep {
        return Diagnostic::error("too-deep", format!("{} in {doc}", e.message))
            .at(c.file, span)
            .help("byline reads data a few levels deep, not thousands: write this data flatter");
    }
    if let Some(rest) = e.message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let (keys, what) = if e.message.starts_with("claims[") && e.message.contains("].history[") {
            (HISTORY_KEYS, "a history entry")
        } else if e.message.starts_with("sources[") {
            (SOURCE_KEYS, "a source")
        } else if e.message.starts_with("claims[") {
            (CLAIM_KEYS, "a claim")
        } else if c.doc == Doc::SharedSources {
            (SHARED_KEYS, SHARED_SOURCES)
        } else {
            (ARTICLE_KEYS, "the front matter")
        };
        let span = span.start..span.start + field.chars().count().max(1);
        let extra = match c.doc {
            Doc::FrontMatter => " Custom data goes under `extra`.",
            Doc::SharedSources => "",
        };
        let help = match did_you_mean(field, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?{extra}"),
            None => format!("{what} takes: {}.{extra}", keys.join(", ")),
        };
        return Diagnostic::error("unknown-key", format!("unknown key `{field}` in {what}"))
            .at(c.file, span)
            .help(help);
    }
    Diagnostic::error("invalid-yaml", format!("{doc} is not valid YAML: {}", readable(&e.message)))
        .at(c.file, span)
        .help("check the indentation and quoting near this line; text containing `: ` or starting with `[`, `{`, `*`, `&` or `@` needs quotes")
}

/// serde's message with the names of byline's types replaced by what a writer wrote.
fn readable(message: &str) -> String {
    [
        ("struct RawArticle", "keys such as `title:` and `date:`"),
        ("struct RawShared", "a mapping with a `sources:` list"),
        ("struct RawSource", "a source with `id:` and `title:`"),
        (
            "struct RawClaim",
            "a claim with `id:`, `text:` and `status:`",
        ),
        (
            "struct RawAssessment",
            "a history entry with `date:` and `status:`",
        ),
    ]
    .iter()
    .fold(message.to_string(), |m, (from, to)| m.replace(from, to))
}

/// For other modules' unit tests: a config, and an article parsed from text the way
/// the pipeline reads `content/a.md`.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::config::Overrides;
    use std::path::Path;

    pub fn config(base_url: &str) -> Config {
        let toml = format!("title = \"T\"\nbase_url = \"{base_url}\"\n");
        Config::parse(Path::new("/s"), &toml, &Overrides::default()).unwrap()
    }

    /// `content/a.md`, published at `/a/`.
    pub fn location() -> Location<'static> {
        Location {
            rel_path: "a.md",
            fs_path: Path::new("/s/content/a.md"),
            path: "a/",
        }
    }

    pub fn parse_text(text: &str, config: &Config) -> Result<Article, Vec<Diagnostic>> {
        let file = SourceFile::new("content/a.md", text);
        let split = split(&file).map_err(|d| vec![d])?;
        parse(&file, &split, &location(), config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(a.claims[0].status, "false");
        assert_eq!(a.claims[0].asserted_by, vec!["s1"]);
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
    fn front_matter_closes_at_the_first_line_that_is_only_dashes() {
        let parts = |text: &str| {
            let file = SourceFile::new("content/a.md", text);
            split(&file)
                .ok()
                .map(|s| (s.yaml.to_string(), s.body.to_string(), s.body_offset))
        };
        assert_eq!(parts("---\n---\nbody"), Some(("".into(), "body".into(), 8)));
        assert_eq!(
            parts("---\r\na: 1\r\n---  \r\nbody"),
            Some(("a: 1\r\n".into(), "body".into(), 18))
        );
        // `---` inside a value, or followed by more than spaces, does not close it.
        assert_eq!(
            parts("---\na: x---\n----\n--- b\n---\n"),
            Some(("a: x---\n----\n--- b\n".into(), "".into(), 27))
        );
        assert_eq!(
            parts("---\na: 1\n---"),
            Some(("a: 1\n".into(), "".into(), 12))
        );
        assert!(parts("---").is_none());
        assert!(parts("---\na: 1\n--").is_none());
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

    #[test]
    fn slugify_folds_accents_and_punctuation() {
        assert_eq!(slugify("Syria & Aleppo"), "syria-aleppo");
        assert_eq!(
            slugify("Médecins Sans Frontières"),
            "medecins-sans-frontieres"
        );
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn shared_sources_join_an_article_that_uses_them() {
        let file = SourceFile::new(
            SHARED_SOURCES,
            "sources:\n  - id: un\n    title: UN\n    url: /docs/un\n  - id: idle\n    title: Idle\n  - id: cited\n    title: Cited\n",
        );
        let shared = parse_shared_sources(&file, &config()).unwrap();
        assert_eq!(shared[0].url.as_deref(), Some("/sub/docs/un"));
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: own\n    title: Own\nclaims:\n  - id: c\n    text: X\n    status: confirmed\n    asserted_by: [un]\n---\nSee [@own; @cited]. Mail me@idle.org.\n";
        let file = SourceFile::new("content/a.md", text);
        let s = split(&file).unwrap();
        let (a, warnings) =
            parse_with(&file, &s, &testing::location(), &config(), &shared).unwrap();
        let ids: Vec<&str> = a.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["own", "un", "cited"]);
        assert!(warnings.is_empty());
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

    #[test]
    fn url_schemes() {
        let c = config();
        assert!(check_url("https://x.org/a", &c, "sources").is_ok());
        assert!(check_url("JavaScript:alert(1)", &c, "sources")
            .unwrap_err()
            .contains("`JavaScript:`"));
        assert!(check_url("data:text/html,x", &c, "sources").is_err());
        assert!(check_url("//evil.org", &c, "sources").is_err());
        assert!(check_url("relative/path", &c, "sources").is_err());
    }

    // Browsers read `\` as `/` in http(s) URLs: `/\evil.example/` is `//evil.example/`.
    #[test]
    fn backslash_protocol_relative_source_urls_are_refused() {
        let c = config();
        for url in ["/\\evil.example/", "\\/evil.example/", "/\\\\evil.example"] {
            let why = check_url(url, &c, "sources").unwrap_err();
            assert!(why.contains("has no scheme"), "{url}: {why}");
        }
        assert_eq!(
            check_url("/docs/a\\b", &c, "sources").unwrap(),
            "/sub/docs/a\\b"
        );
    }
}
