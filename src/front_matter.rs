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

use crate::article::{Article, Claim, Source};
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{did_you_mean, Diagnostic, SourceFile};
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
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..pos],
                yaml_line: 2,
                body: &text[end..],
                body_offset: end,
            });
        }
        pos = end;
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
    "extra",
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
];

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
}

/// Where the article lives, decided by the content tree before parsing.
pub struct Location<'a> {
    pub rel_path: &'a str,
    pub fs_path: &'a std::path::Path,
    /// Site path derived from the file path; `slug` may replace its last segment.
    pub path: &'a str,
}

/// Resolves positions in the front matter lazily: the second YAML parse happens
/// only when there is something to report.
struct Checker<'a> {
    file: &'a SourceFile,
    yaml: &'a str,
    yaml_line: usize,
    locator: OnceCell<Locator>,
    errors: Vec<Diagnostic>,
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

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.yaml))
    }

    fn value_span(&self, path: &[Seg]) -> Range<usize> {
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
                format!("{what} id `{id}` is used twice in this article"),
                span,
                Some("give every source and every claim its own id".into()),
            );
            return None;
        }
        Some(id)
    }

    fn url(&mut self, value: Option<Text>, path: &[Seg], config: &Config) -> Option<String> {
        let Text(url) = value?;
        match check_url(&url, config) {
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

/// Accepts http(s) URLs and site paths (`/docs/x`, made base-path-relative); refuses
/// every other scheme (`javascript:`, `data:`, `file:`) and protocol-relative `//host`.
pub fn check_url(url: &str, config: &Config) -> Result<String, String> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err("the URL is empty".into());
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err("the URL contains control characters".into());
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(trimmed.to_string());
    }
    if trimmed.starts_with("//") {
        return Err(format!("`{trimmed}` has no scheme; write https:{trimmed}"));
    }
    if let Some(rest) = trimmed.strip_prefix('/') {
        return Ok(config.url(rest));
    }
    match scheme_of(trimmed) {
        Some(scheme) => Err(format!("`{scheme}:` URLs are not allowed in sources")),
        None => Err(format!(
            "`{trimmed}` is neither an http(s) URL nor a site path starting with `/`"
        )),
    }
}

/// The scheme of a URL (`javascript` in `javascript:alert(1)`), if it has one.
pub fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// A slug must be one URL segment.
fn check_slug(slug: &str) -> Result<(), String> {
    if slug.contains('/') || slug.contains('\\') {
        return Err(format!(
            "the slug `{slug}` contains a `/`; a slug names one page, not a folder"
        ));
    }
    if slug.contains("..") || slug == "." {
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
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Reads and checks one article's front matter.
pub fn parse(
    file: &SourceFile,
    split: &Split,
    loc: &Location,
    config: &Config,
) -> Result<Article, Vec<Diagnostic>> {
    let mut c = Checker {
        file,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        locator: OnceCell::new(),
        errors: Vec::new(),
    };
    let raw: RawArticle = if split.yaml.trim().is_empty() {
        RawArticle::default()
    } else {
        match yaml::from_str(split.yaml) {
            Ok(raw) => raw,
            Err(e) => return Err(vec![yaml_error(&c, e)]),
        }
    };

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
            tags.push(tag);
        }
    }

    let mut ids = HashSet::new();
    let mut sources = Vec::new();
    for (i, s) in raw.sources.unwrap_or_default().into_iter().enumerate() {
        let here = [Seg::Key("sources"), Seg::Index(i)];
        let id = c.id(s.id, &here, "source", &mut ids);
        let title = c.required(
            s.title,
            &here,
            "title",
            "this source",
            "\"Statement on Aleppo\"",
        );
        let url = c.url(s.url, &[here[0], here[1], Seg::Key("url")], config);
        let date = c.date(s.date, &[here[0], here[1], Seg::Key("date")]);
        let accessed = c.date(s.accessed, &[here[0], here[1], Seg::Key("accessed")]);
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
    let source_ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();

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
        let status = status.and_then(|st| {
            if config.vocabulary.get(&st).is_some() {
                return Some(st);
            }
            let span = c.value_span(&[here[0], here[1], Seg::Key("status")]);
            let mut help = format!("use one of: {}", config.vocabulary.list());
            if let Some(s) = did_you_mean(&st, config.vocabulary.keys()) {
                help = format!(
                    "did you mean `{s}`? The statuses are: {}",
                    config.vocabulary.list()
                );
            }
            c.error(
                "unknown-status",
                format!("unknown claim status `{st}`"),
                span,
                Some(help),
            );
            None
        });
        let as_of = c.date(raw_claim.as_of, &[here[0], here[1], Seg::Key("as_of")]);
        let mut refs = |list: TextList, key: &'static str| -> Vec<String> {
            let mut out = Vec::new();
            for (j, sid) in list.0.into_iter().enumerate() {
                let sid = sid.trim().trim_start_matches('@').to_string();
                if source_ids.contains(&sid.as_str()) {
                    out.push(sid);
                    continue;
                }
                let span = c.value_span(&[here[0], here[1], Seg::Key(key), Seg::Index(j)]);
                c.error(
                    "unknown-source",
                    format!("`{key}` names `{sid}`, which is not a source of this article"),
                    span,
                    Some(unknown_source_help(&sid, &source_ids)),
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
            });
        }
    }

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

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let (Some(title), Some(date)) = (title, date) else {
        unreachable!("a missing title or date is recorded as an error above")
    };
    Ok(Article {
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
        sources,
        claims,
        extra,
    })
}

pub fn unknown_source_help(id: &str, known: &[&str]) -> String {
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => {
            "this article lists no sources; add one under `sources:` with this id".into()
        }
        None => format!("the article's sources are: {}", known.join(", ")),
    }
}

/// Turns a serde_yaml error into a diagnostic, recognising unknown keys to suggest
/// the key that was meant.
fn yaml_error(c: &Checker, e: yaml::Error) -> Diagnostic {
    let span = c.span_of(e.line_col, 1);
    if let Some(rest) = e.message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let (keys, what) = if e.message.starts_with("sources[") {
            (SOURCE_KEYS, "a source")
        } else if e.message.starts_with("claims[") {
            (CLAIM_KEYS, "a claim")
        } else {
            (ARTICLE_KEYS, "the front matter")
        };
        let span = span.start..span.start + field.chars().count().max(1);
        let help = match did_you_mean(field, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Custom data goes under `extra`."),
            None => format!(
                "{what} takes: {}. Custom data goes under `extra`.",
                keys.join(", ")
            ),
        };
        return Diagnostic::error("unknown-key", format!("unknown key `{field}` in {what}"))
            .at(c.file, span)
            .help(help);
    }
    Diagnostic::error("invalid-yaml", format!("the front matter is not valid YAML: {}", e.message))
        .at(c.file, span)
        .help("check the indentation and quoting near this line; text containing `: ` or starting with `[`, `{`, `*`, `&` or `@` needs quotes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use std::path::Path;

    fn config() -> Config {
        Config::parse(
            Path::new("/s"),
            "title = \"T\"\nbase_url = \"https://e.org/sub/\"\n",
            &Overrides::default(),
        )
        .unwrap()
    }

    fn run(text: &str) -> Result<Article, Vec<Diagnostic>> {
        let file = SourceFile::new("content/a.md", text);
        let split = split(&file).map_err(|d| vec![d])?;
        let loc = Location {
            rel_path: "a.md",
            fs_path: Path::new("/s/content/a.md"),
            path: "a/",
        };
        parse(&file, &split, &loc, &config())
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
    fn slugs_replace_the_last_segment_and_refuse_traversal() {
        let a = run("---\ntitle: T\ndate: 2016-12-08\nslug: better\n---\n").unwrap();
        assert_eq!(a.path, "better/");
        for bad in ["../../etc", "a/b", ".."] {
            let e = errors(&format!(
                "---\ntitle: T\ndate: 2016-12-08\nslug: \"{bad}\"\n---\n"
            ));
            assert!(e[0].contains("invalid-slug"), "{bad}: {e:?}");
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
    fn url_schemes() {
        let c = config();
        assert!(check_url("https://x.org/a", &c).is_ok());
        assert!(check_url("JavaScript:alert(1)", &c)
            .unwrap_err()
            .contains("`JavaScript:`"));
        assert!(check_url("data:text/html,x", &c).is_err());
        assert!(check_url("//evil.org", &c).is_err());
        assert!(check_url("relative/path", &c).is_err());
    }
}
