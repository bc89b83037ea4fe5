//! The checker every YAML document of the content goes through: it places each
//! mistake at its `path:line:col` (resolving positions lazily, with a second parse
//! only when there is something to report), caps errors per file, and checks the
//! values shared by articles and `content/sources.yaml` (ids, dates, statuses,
//! URLs, sources).

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::article::Source;
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{
    did_you_mean, more_in_file, Diagnostic, Severity, SourceFile, MAX_PER_FILE,
};
use crate::html;
use crate::names::{check_url, is_valid_id};
use crate::status::StatusId;
use crate::yaml::{self, Locator, Seg, Step};

use super::raw::{
    RawSource, Text, APPEARANCE_KEYS, ARCHIVE_KEYS, ARTICLE_KEYS, CLAIMANTS_FILE_KEYS,
    CLAIMANT_KEYS, CLAIM_KEYS, CORRECTION_KEYS, HISTORY_KEYS, SHARED_KEYS, SITE_CLAIMS_KEYS,
    SOURCE_KEYS, TIMELINE_KEYS, TYPE_NAMES,
};
use super::{ARCHIVES, CLAIMANTS_FILE, SHARED_SOURCES, SITE_CLAIMS};

/// Which YAML a checker reads, as its messages name it.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Doc {
    FrontMatter,
    /// `content/sources.yaml`.
    SharedSources,
    /// `content/archives.yaml`.
    Archives,
    /// `content/claimants.yaml`.
    Claimants,
    /// `content/claims.yaml`.
    SiteClaims,
}

impl Doc {
    pub(super) fn name(self) -> &'static str {
        match self {
            Doc::FrontMatter => "the front matter",
            Doc::SharedSources => SHARED_SOURCES,
            Doc::Archives => ARCHIVES,
            Doc::Claimants => CLAIMANTS_FILE,
            Doc::SiteClaims => SITE_CLAIMS,
        }
    }

    /// Where ids must be unique.
    pub(super) fn scope(self) -> &'static str {
        match self {
            Doc::FrontMatter => "this article",
            Doc::SharedSources => SHARED_SOURCES,
            Doc::Archives => ARCHIVES,
            Doc::Claimants => CLAIMANTS_FILE,
            Doc::SiteClaims => SITE_CLAIMS,
        }
    }

    /// Which sources a claim of it may name, for messages.
    pub(super) fn sources(self) -> &'static str {
        match self {
            Doc::SiteClaims => "a source of content/sources.yaml",
            _ => "a source of this article",
        }
    }
}

/// Resolves positions in the front matter lazily: the second YAML parse happens
/// only when there is something to report.
pub(super) struct Checker<'a> {
    pub(super) doc: Doc,
    pub(super) file: &'a SourceFile,
    pub(super) yaml: &'a str,
    pub(super) yaml_line: usize,
    pub(super) locator: OnceCell<Locator>,
    pub(super) errors: Vec<Diagnostic>,
    /// Errors past [`MAX_PER_FILE`], counted but not made.
    pub(super) dropped: usize,
    /// Warnings past [`MAX_PER_FILE`].
    pub(super) dropped_warnings: usize,
}

impl<'a> Checker<'a> {
    pub(super) fn new(doc: Doc, file: &'a SourceFile, yaml: &'a str, yaml_line: usize) -> Self {
        Checker {
            doc,
            file,
            yaml,
            yaml_line,
            locator: OnceCell::new(),
            errors: Vec::new(),
            dropped: 0,
            dropped_warnings: 0,
        }
    }

    pub(super) fn span_of(&self, line_col: Option<(usize, usize)>, width: usize) -> Range<usize> {
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
    pub(super) fn forbidden_char(&self) -> Option<Diagnostic> {
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

    /// The document deserialised, every key no field took reported at its line; a
    /// character no page may carry, or YAML that cannot be read, ends the checking
    /// with that one error.
    pub(super) fn read<T: DeserializeOwned + Default>(&mut self) -> Result<T, Vec<Diagnostic>> {
        let forbidden = self.forbidden_char();
        let (raw, unknown) = if self.yaml.trim().is_empty() {
            (T::default(), Vec::new())
        } else {
            match yaml::from_str_unknown(self.yaml) {
                Ok(read) => read,
                Err(e) => return Err(vec![forbidden.unwrap_or_else(|| yaml_error(self, e))]),
            }
        };
        self.errors.extend(forbidden);
        for path in unknown {
            self.unknown_key(&path);
        }
        Ok(raw)
    }

    /// A key no field took, at `path` (the key last), with the key that was meant.
    fn unknown_key(&mut self, path: &[Step]) {
        let Some((Step::Key(key), parent)) = path.split_last() else {
            return;
        };
        let parent: Vec<Seg> = parent
            .iter()
            .map(|step| match step {
                Step::Key(k) => Seg::Key(k),
                Step::Index(i) => Seg::Index(*i),
            })
            .collect();
        let (keys, what) = match (self.doc, parent.as_slice()) {
            (Doc::SharedSources, []) => (SHARED_KEYS, SHARED_SOURCES),
            (Doc::Claimants, []) => (CLAIMANTS_FILE_KEYS, CLAIMANTS_FILE),
            (Doc::SiteClaims, []) => (SITE_CLAIMS_KEYS, SITE_CLAIMS),
            (Doc::FrontMatter, []) => (ARTICLE_KEYS, "the front matter"),
            (Doc::Archives, [Seg::Key(_)]) => (ARCHIVE_KEYS, "an archived copy"),
            (_, [Seg::Key("sources"), Seg::Index(_)]) => (SOURCE_KEYS, "a source"),
            (_, [Seg::Key("claims"), Seg::Index(_)]) => (CLAIM_KEYS, "a claim"),
            (_, [Seg::Key("claims"), Seg::Index(_), Seg::Key("claimant")]) => {
                (&CLAIMANT_KEYS[1..], "a claimant")
            }
            (_, [Seg::Key("claimants"), Seg::Index(_)]) => (CLAIMANT_KEYS, "a claimant"),
            (_, [Seg::Key("claims"), Seg::Index(_), Seg::Key("appearances"), Seg::Index(_)]) => {
                (APPEARANCE_KEYS, "an appearance")
            }
            (_, [Seg::Key("claims"), Seg::Index(_), Seg::Key("history"), Seg::Index(_)]) => {
                (HISTORY_KEYS, "a history entry")
            }
            (_, [Seg::Key("timeline"), Seg::Index(_)]) => (TIMELINE_KEYS, "a timeline entry"),
            (_, [Seg::Key("corrections"), Seg::Index(_)]) => (CORRECTION_KEYS, "a correction"),
            _ => (&[][..], "this mapping"),
        };
        let span = if self.full() {
            0..0
        } else {
            let pos = self.locator().key(&parent, key);
            self.span_of(pos.map(|p| (p.line, p.col)), key.chars().count().max(1))
        };
        let takes_extra = match self.doc {
            Doc::FrontMatter => true,
            Doc::SharedSources => matches!(parent.as_slice(), [Seg::Key("sources"), _]),
            Doc::SiteClaims => matches!(parent.as_slice(), [Seg::Key("claims"), _]),
            Doc::Claimants | Doc::Archives => false,
        };
        let extra = if takes_extra {
            " Custom data goes under `extra`."
        } else {
            ""
        };
        let help = match did_you_mean(key, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?{extra}"),
            None if keys.is_empty() => format!("remove it.{extra}"),
            None => format!("{what} takes: {}.{extra}", keys.join(", ")),
        };
        self.error(
            "unknown-key",
            format!("unknown key `{key}` in {what}"),
            span,
            Some(help),
        );
    }

    /// Whether errors past here are only counted: nothing about them need be worked out.
    pub(super) fn full(&self) -> bool {
        self.errors.len() >= MAX_PER_FILE
    }

    /// The errors, with one that counts those past [`MAX_PER_FILE`].
    pub(super) fn into_errors(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0 {
            let more = more_in_file(&self.file.name, Severity::Error, self.dropped);
            self.errors.push(more);
        }
        self.errors
    }

    pub(super) fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.yaml))
    }

    /// Where the key `key` of the mapping at `path` is written.
    pub(super) fn key_span(&self, path: &[Seg], key: &str) -> Range<usize> {
        if self.full() {
            return 0..0;
        }
        let pos = self.locator().key(path, key);
        self.span_of(pos.map(|p| (p.line, p.col)), key.chars().count().max(1))
    }

    pub(super) fn value_span(&self, path: &[Seg]) -> Range<usize> {
        if self.full() {
            return 0..0;
        }
        let pos = self.locator().value(path);
        self.span_of(pos.map(|p| (p.line, p.col)), pos.map_or(3, |p| p.width))
    }

    pub(super) fn error(
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

    pub(super) fn required(
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

    pub(super) fn date(&mut self, value: Option<Text>, path: &[Seg]) -> Option<Date> {
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

    pub(super) fn id(
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
                    Doc::SharedSources | Doc::Archives => {
                        "give every shared source its own id".into()
                    }
                    Doc::Claimants => "give every claimant its own id".into(),
                    Doc::SiteClaims => "give every site-wide claim its own id".into(),
                }),
            );
            return None;
        }
        Some(id)
    }

    /// A status key of the site's vocabulary.
    pub(super) fn status(&mut self, st: String, path: &[Seg], config: &Config) -> Option<StatusId> {
        if let Some(id) = config.vocabulary.resolve(&st) {
            return Some(id);
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
    pub(super) fn sources(
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
        for (i, mut s) in raw.into_iter().enumerate() {
            let here = [Seg::Key("sources"), Seg::Index(i)];
            let meta = self.source_meta(&mut s, &here);
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
            let archive_url = self.url(
                s.archive_url,
                &[here[0], here[1], Seg::Key("archive_url")],
                config,
                "sources",
            );
            let archived = self.date(s.archived, &[here[0], here[1], Seg::Key("archived")]);
            let extra = self.extra(s.extra, &[here[0], here[1], Seg::Key("extra")]);
            if let Some(id) = id.as_deref().filter(|id| is_shared(id)) {
                self.shadowed(id, &here, warnings);
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
                    archive_url,
                    archived,
                    dead: false,
                    meta,
                    extra,
                });
            }
        }
        sources
    }

    /// Warns that a source of the article replaces the shared source `id`.
    fn shadowed(&mut self, id: &str, here: &[Seg; 2], warnings: &mut Vec<Diagnostic>) {
        if warnings.len() >= MAX_PER_FILE {
            self.dropped_warnings += 1;
            return;
        }
        let span = self.value_span(&[here[0], here[1], Seg::Key("id")]);
        warnings.push(
            Diagnostic::warning(
                "shadowed-source",
                format!("this source replaces the shared source `{id}` of {SHARED_SOURCES}"),
            )
            .at(self.file, span)
            .help("remove it here to cite the shared source, or give it another id"),
        );
    }

    /// `extra` at `path`: a mapping, empty when absent.
    pub(super) fn extra(
        &mut self,
        raw: Option<serde_json::Value>,
        path: &[Seg],
    ) -> serde_json::Value {
        match raw {
            None | Some(serde_json::Value::Null) => serde_json::Value::Object(Default::default()),
            Some(v @ serde_json::Value::Object(_)) => v,
            Some(_) => {
                let span = self.value_span(path);
                self.error(
                    "invalid-extra",
                    "`extra` must be a mapping of keys to values".into(),
                    span,
                    Some("write it like `extra: { image: cover.jpg }`".into()),
                );
                serde_json::Value::Object(Default::default())
            }
        }
    }

    /// A URL checked by [`check_url`]; `what` names the place it was written.
    pub(super) fn url(
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
    Diagnostic::error("invalid-yaml", format!("{doc} is not valid YAML: {}", e.message_naming(TYPE_NAMES)))
        .at(c.file, span)
        .help("check the indentation and quoting near this line; text containing `: ` or starting with `[`, `{`, `*`, `&` or `@` needs quotes")
}
