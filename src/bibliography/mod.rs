//! Shared sources kept as a bibliography: `content/sources.bib` (BibTeX or BibLaTeX)
//! and `content/sources.json` (CSL-JSON, what Zotero and Pandoc export), beside or
//! instead of `content/sources.yaml`. Writers keep the reference manager they already
//! use; each format's reader (`bibtex`, `csl_json`) maps its fields onto an [`Entry`],
//! and this module checks entries with the rules `content/sources.yaml` follows (ids,
//! URLs, dates, `source_fields`), so a source reads the same whichever file holds it.

mod bibtex;
mod csl_json;

use std::collections::HashMap;
use std::ops::Range;

use crate::article::Source;
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{more_in_file, Diagnostic, Severity, SourceFile, MAX_PER_FILE};
use crate::names::{check_url, is_valid_id};
use crate::source_fields::{self, KindId, Meta};

pub use bibtex::parse_bibtex;
pub use csl_json::parse_csl_json;

/// The bibliography files, as writers see them (under `content/`).
pub const BIB_FILE: &str = "sources.bib";
pub const JSON_FILE: &str = "sources.json";

/// A value as a bibliography wrote it, with the bytes it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    pub text: String,
    pub span: Range<usize>,
}

/// One entry mapped onto byline's fields, not yet checked.
#[derive(Debug, Default)]
pub(crate) struct Entry {
    pub key: Option<Value>,
    /// Where the entry starts, for an error about a field it lacks.
    pub at: Range<usize>,
    pub kind: Option<KindId>,
    pub title: Option<Value>,
    pub url: Option<Value>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    /// A calendar day as `YYYY-MM-DD` (or RFC 3339); a year or month alone is left out.
    pub date: Option<Value>,
    pub accessed: Option<Value>,
    pub note: Option<String>,
    pub doi: Option<Value>,
    pub isbn: Option<Value>,
    pub language: Option<Value>,
}

/// A file's diagnostics: at most [`MAX_PER_FILE`] of each severity are made (placing
/// one scans the file, so a file of mistakes would cost the square of its size).
#[derive(Default)]
pub(crate) struct Found {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    dropped: [usize; 2],
}

impl Found {
    pub fn push(&mut self, severity: Severity, make: impl FnOnce() -> Diagnostic) {
        let (list, dropped) = match severity {
            Severity::Error => (&mut self.errors, &mut self.dropped[0]),
            _ => (&mut self.warnings, &mut self.dropped[1]),
        };
        match list.len() < MAX_PER_FILE {
            true => list.push(make()),
            false => *dropped += 1,
        }
    }

    /// The warnings added to `warnings`; the errors, if any.
    pub fn finish(
        mut self,
        file: &SourceFile,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<(), Vec<Diagnostic>> {
        if self.dropped[1] > 0 {
            self.warnings
                .push(more_in_file(&file.name, Severity::Warning, self.dropped[1]));
        }
        warnings.append(&mut self.warnings);
        if self.dropped[0] > 0 {
            self.errors
                .push(more_in_file(&file.name, Severity::Error, self.dropped[0]));
        }
        match self.errors.is_empty() {
            true => Ok(()),
            false => Err(self.errors),
        }
    }
}

/// Sources as a file defines them, each with where it is written.
pub type Keyed = Vec<(Source, Spans)>;

/// Where a source's id (its citation key) is written, for naming both places of a key
/// two files define; and its URL, for `check --links` and `archive` (`outlinks`).
#[derive(Debug, Clone, Default)]
pub struct Spans {
    pub key: Range<usize>,
    /// `None` from `content/sources.yaml`, whose URLs `outlinks` places itself.
    pub url: Option<Range<usize>>,
}

/// Checks entries read from `file` into sources. Errors and warnings go to `diags`.
pub(crate) fn check_entries(
    file: &SourceFile,
    entries: Vec<Entry>,
    config: &Config,
    diags: &mut Found,
) -> Keyed {
    let mut c = Check {
        file,
        config,
        diags,
    };
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut sources = Vec::with_capacity(entries.len());
    for e in entries {
        let spans = Spans {
            key: e.key.as_ref().map_or(0..0, |k| k.span.clone()),
            url: e.url.as_ref().map(|u| u.span.clone()),
        };
        if let Some(s) = c.source(e, &mut seen) {
            sources.push((s, spans));
        }
    }
    sources
}

enum Key {
    Id(String),
    /// Missing or not an id: reported, the entry's other fields still checked.
    Bad,
    /// Defined before in the same file: reported.
    Twice,
}

struct Check<'a> {
    file: &'a SourceFile,
    config: &'a Config,
    diags: &'a mut Found,
}

impl Check<'_> {
    fn error(&mut self, code: &'static str, message: String, span: Range<usize>, help: &str) {
        let file = self.file;
        self.diags.push(Severity::Error, || {
            Diagnostic::error(code, message).at(file, span).help(help)
        });
    }

    fn source(&mut self, e: Entry, seen: &mut HashMap<String, Range<usize>>) -> Option<Source> {
        let id = match self.id(e.key.as_ref(), &e.at, seen) {
            Key::Id(id) => Some(id),
            Key::Bad => None,
            // The first entry with this key was checked; this one is only reported.
            Key::Twice => return None,
        };
        let title = match e.title {
            Some(t) if !t.text.trim().is_empty() => Some(t.text),
            _ => {
                let span = e.key.as_ref().map_or(e.at.clone(), |k| k.span.clone());
                let what = id.as_deref().unwrap_or("?");
                self.error("missing-field", format!("the source `{what}` has no title"), span, "add a `title` field: byline shows the title in the sidebar and the sources index");
                None
            }
        };
        let url = e
            .url
            .and_then(|u| match check_url(&u.text, self.config, "sources") {
                Ok(url) => Some(url),
                Err(why) => {
                    self.error(
                        "unsafe-url",
                        why,
                        u.span,
                        "use an http:// or https:// address, or a site path starting with `/`",
                    );
                    None
                }
            });
        let date = self.date(e.date);
        let accessed = self.date(e.accessed);
        let meta = Meta {
            kind: e.kind,
            doi: self.checked(e.doi, source_fields::doi, "write a DOI as `10.1000/xyz` (or `https://doi.org/10.1000/xyz`)"),
            isbn: self.checked(e.isbn, source_fields::isbn, "copy the ISBN from the book's copyright page, hyphens allowed: `978-0-306-40615-7`"),
            language: self.checked(e.language, source_fields::language, "write a BCP 47 tag, as for HTML's `lang`: `ar`, `en-GB`, `zh-Hant` (or a babel name such as `english`)"),
            quote: None,
        };
        Some(Source {
            id: id?,
            title: title?,
            publisher: e.publisher,
            author: e.author,
            url,
            date,
            accessed,
            note: e.note,
            archive_url: None,
            archived: None,
            dead: false,
            meta,
            extra: serde_json::Value::Object(Default::default()),
        })
    }

    fn id(
        &mut self,
        key: Option<&Value>,
        at: &Range<usize>,
        seen: &mut HashMap<String, Range<usize>>,
    ) -> Key {
        let Some(key) = key.filter(|k| !k.text.is_empty()) else {
            self.error(
                "missing-field",
                "this entry has no citation key".into(),
                at.clone(),
                "give it the key articles cite it by, e.g. `un-envoy`",
            );
            return Key::Bad;
        };
        if !is_valid_id(&key.text) {
            self.error(
                "invalid-id",
                format!("`{}` is not a valid id", key.text),
                key.span.clone(),
                "citation keys are source ids: letters, digits, `-` and `_` only, e.g. `un-envoy`",
            );
            return Key::Bad;
        }
        if let Some(first) = seen.get(&key.text) {
            let (line, col) = self.file.line_col(first.start);
            let message = format!(
                "the source `{}` is defined twice in {} (first at line {line}, column {col})",
                key.text, self.file.name
            );
            self.error(
                "duplicate-id",
                message,
                key.span.clone(),
                "give every shared source its own key",
            );
            return Key::Twice;
        }
        seen.insert(key.text.clone(), key.span.clone());
        Key::Id(key.text.clone())
    }

    fn date(&mut self, value: Option<Value>) -> Option<Date> {
        let v = value?;
        match Date::parse(&v.text) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(
                    "invalid-date",
                    why,
                    v.span,
                    "write a calendar day, e.g. 2016-12-08",
                );
                None
            }
        }
    }

    fn checked(
        &mut self,
        value: Option<Value>,
        check: fn(&str) -> Result<String, String>,
        help: &str,
    ) -> Option<String> {
        let v = value?;
        match check(&v.text) {
            Ok(ok) => Some(ok),
            Err(why) => {
                self.error("invalid-source-field", why, v.span, help);
                None
            }
        }
    }
}

/// The shared sources of every file, in the order given; a key defined in two files
/// is an error at the second, naming the first.
pub fn merge(files: Vec<(SourceFile, Keyed)>, errors: &mut Vec<Diagnostic>) -> Vec<Source> {
    let mut first: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    let mut all = Vec::new();
    for (i, (file, sources)) in files.iter().enumerate() {
        let mut found = Found::default();
        for (source, spans) in sources {
            let span = &spans.key;
            match first.get(&source.id) {
                Some((j, at)) => found.push(Severity::Error, || {
                    let other = &files[*j].0;
                    let (line, col) = other.line_col(at.start);
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "the shared source `{}` is also defined in {}:{line}:{col}",
                            source.id, other.name
                        ),
                    )
                    .at(file, span.clone())
                    .help("articles cite a shared source by its id: keep one of the two, or give one another id")
                }),
                None => {
                    first.insert(source.id.clone(), (i, span.clone()));
                    all.push(source.clone());
                }
            }
        }
        errors.extend(
            found
                .finish(file, &mut Vec::new())
                .err()
                .unwrap_or_default(),
        );
    }
    all
}

/// A babel or polyglossia language name (`langid = {ngerman}`) as a BCP 47 tag;
/// anything else is taken as a tag already.
pub(crate) fn language_tag(written: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("american", "en-US"),
        ("arabic", "ar"),
        ("australian", "en-AU"),
        ("austrian", "de-AT"),
        ("basque", "eu"),
        ("brazil", "pt-BR"),
        ("brazilian", "pt-BR"),
        ("british", "en-GB"),
        ("bulgarian", "bg"),
        ("canadian", "en-CA"),
        ("catalan", "ca"),
        ("chinese", "zh"),
        ("croatian", "hr"),
        ("czech", "cs"),
        ("danish", "da"),
        ("dutch", "nl"),
        ("english", "en"),
        ("estonian", "et"),
        ("farsi", "fa"),
        ("finnish", "fi"),
        ("french", "fr"),
        ("german", "de"),
        ("greek", "el"),
        ("hebrew", "he"),
        ("hindi", "hi"),
        ("hungarian", "hu"),
        ("icelandic", "is"),
        ("indonesian", "id"),
        ("italian", "it"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("latvian", "lv"),
        ("lithuanian", "lt"),
        ("magyar", "hu"),
        ("naustrian", "de-AT"),
        ("newzealand", "en-NZ"),
        ("ngerman", "de"),
        ("norsk", "nb"),
        ("nswissgerman", "de-CH"),
        ("nynorsk", "nn"),
        ("persian", "fa"),
        ("polish", "pl"),
        ("portuges", "pt"),
        ("portuguese", "pt"),
        ("romanian", "ro"),
        ("russian", "ru"),
        ("serbian", "sr"),
        ("slovak", "sk"),
        ("slovene", "sl"),
        ("slovenian", "sl"),
        ("spanish", "es"),
        ("swedish", "sv"),
        ("swissgerman", "de-CH"),
        ("turkish", "tr"),
        ("ukenglish", "en-GB"),
        ("ukrainian", "uk"),
        ("urdu", "ur"),
        ("usenglish", "en-US"),
        ("vietnamese", "vi"),
    ];
    let t = written.trim();
    let lower = t.to_ascii_lowercase();
    match NAMES.binary_search_by(|(name, _)| name.cmp(&lower.as_str())) {
        Ok(i) => NAMES[i].1.to_string(),
        Err(_) => t.to_string(),
    }
}

/// byline's `type` for a genre written beside an entry's type: CSL and BibLaTeX have
/// no press release or statement, so they are written as CSL's `genre` (Zotero's
/// report type) or BibLaTeX's `type` or `entrysubtype` (`@misc{…, type = {Press
/// release}}`), whatever the entry's type.
pub(crate) fn genre_kind(genre: &str) -> Option<KindId> {
    let squeezed: String = genre
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let name = match squeezed.as_str() {
        "pressrelease" | "newsrelease" | "mediarelease" => "press-release",
        "statement" | "pressstatement" | "officialstatement" | "publicstatement"
        | "jointstatement" => "statement",
        _ => return None,
    };
    KindId::parse(name)
}

/// `YYYY-MM-DD` from a year, month and day as numbers, if all three are there.
pub(crate) fn day_of(year: i64, month: Option<i64>, day: Option<i64>) -> Option<String> {
    Some(format!("{year:04}-{:02}-{:02}", month?, day?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn babel_names_are_sorted_for_the_search() {
        // `language_tag` finds a name by binary search.
        assert_eq!(language_tag("usenglish"), "en-US");
        assert_eq!(language_tag("portuges"), "pt");
        assert_eq!(language_tag("nswissgerman"), "de-CH");
    }

    #[test]
    fn babel_names_become_language_tags() {
        assert_eq!(language_tag("ngerman"), "de");
        assert_eq!(language_tag("British"), "en-GB");
        assert_eq!(language_tag("ar"), "ar");
        assert_eq!(language_tag("zh-Hant"), "zh-Hant");
    }

    #[test]
    fn press_releases_and_statements_are_known_by_their_genre() {
        let name = |g: &str| genre_kind(g).map(|k| k.get().name);
        assert_eq!(name("Press Release"), Some("press-release"));
        assert_eq!(name("pressrelease"), Some("press-release"));
        assert_eq!(name("news release"), Some("press-release"));
        assert_eq!(name("Statement"), Some("statement"));
        assert_eq!(name("joint statement"), Some("statement"));
        assert_eq!(name("Technical report"), None);
    }

    #[test]
    fn only_a_whole_day_is_a_date() {
        assert_eq!(
            day_of(2016, Some(12), Some(8)).as_deref(),
            Some("2016-12-08")
        );
        assert_eq!(day_of(2016, Some(12), None), None);
    }
}
