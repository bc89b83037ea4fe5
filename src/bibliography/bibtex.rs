//! `content/sources.bib`: BibTeX or BibLaTeX, read by the `biblatex` crate, which
//! resolves `@string` abbreviations, `crossref`s and LaTeX markup (`{\"o}` → ö,
//! `--` → –, braces kept as written) and gives every field its span.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use biblatex::{
    Bibliography, ChunksExt, ChunksRef, DateValue, Entry as BibEntry, ParseError, PermissiveType,
    Person, RawBibliography, RawChunk,
};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::source_fields::KindId;

use super::{check_entries, day_of, genre_kind, language_tag, Entry, Found, Keyed, Value};

/// Reads and checks `content/sources.bib`: its sources, or every error in it; its
/// warnings (entry types byline does not know) go to `warnings` either way.
pub fn parse_bibtex(
    file: &SourceFile,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Keyed, Vec<Diagnostic>> {
    if let Some(at) = too_deep(&file.text) {
        return Err(vec![Diagnostic::error("nesting-too-deep", format!("braces are nested more than {MAX_DEPTH} deep"))
            .at(file, at..at + 1)
            .help("no title needs this many braces: a brace is missing its closing `}`, or the file is not BibTeX")]);
    }
    let mut raw = RawBibliography::parse(&file.text).map_err(|e| vec![syntax(file, e)])?;
    references(file, &raw)?;
    let mut heads = Vec::with_capacity(raw.entries.len());
    let mut seen = HashSet::new();
    // A key's second entry is kept out of the crate's hands (it refuses the file);
    // the check names both places.
    let mut twice = Vec::new();
    raw.entries.retain(|e| {
        let head = Head {
            key: Value {
                text: e.v.key.v.to_string(),
                span: e.v.key.span.clone(),
            },
            kind: e.v.kind.v.to_ascii_lowercase(),
            kind_span: e.v.kind.span.clone(),
            at: e.span.clone(),
        };
        let first = seen.insert(e.v.key.v);
        match first {
            true => heads.push(head),
            false => twice.push(head),
        }
        first
    });
    let bib = Bibliography::from_raw(raw).map_err(|e| vec![syntax(file, e)])?;
    let mut diags = Found::default();
    let mut entries = Vec::with_capacity(heads.len() + twice.len());
    for head in heads {
        if let Some(e) = bib.get(&head.key.text) {
            entries.push(entry(file, head, e, &mut diags));
        }
    }
    entries.extend(twice.into_iter().map(|h| Entry {
        key: Some(h.key),
        at: h.at,
        ..Entry::default()
    }));
    let sources = check_entries(file, entries, config, &mut diags);
    diags.finish(file, warnings).map(|()| sources)
}

/// How deep braces may nest; the parser's time grows with the square of the depth.
const MAX_DEPTH: usize = 64;

/// Where braces first nest deeper than [`MAX_DEPTH`], if they do.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' if !escaped => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' if !escaped => depth = depth.saturating_sub(1),
            _ => {}
        }
        escaped = b == b'\\' && !escaped;
    }
    None
}

/// How many entries one entry may draw fields from through `crossref` and `xdata`,
/// counting those they draw from in turn: the crate resolves them recursively, so a
/// cycle would never end and a long chain would cost its square.
const MAX_REFERENCES: usize = 16;

/// Refuses `crossref`/`xdata` references that loop or reach too many entries.
fn references(file: &SourceFile, raw: &RawBibliography) -> Result<(), Vec<Diagnostic>> {
    let index: HashMap<&str, usize> = raw
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.v.key.v, i))
        .collect();
    let refs: Vec<Vec<usize>> = raw
        .entries
        .iter()
        .map(|e| {
            e.v.fields
                .iter()
                .filter(|p| {
                    p.key.v.eq_ignore_ascii_case("crossref")
                        || p.key.v.eq_ignore_ascii_case("xdata")
                })
                .flat_map(|p| p.value.v.iter())
                .filter_map(|c| match c.v {
                    RawChunk::Normal(t) => Some(t),
                    RawChunk::Abbreviation(_) => None,
                })
                .flat_map(|t| t.split(','))
                .filter_map(|k| index.get(k.trim()).copied())
                .collect()
        })
        .collect();
    let mut found = Found::default();
    for start in 0..refs.len() {
        if too_many(start, &refs, &mut { MAX_REFERENCES }) {
            let e = &raw.entries[start];
            found.push(Severity::Error, || {
                Diagnostic::error("crossref-too-deep", format!("the entry `{}` draws on entries that loop back to it or on more than {MAX_REFERENCES}", e.v.key.v))
                    .at(file, e.v.key.span.clone())
                    .help("a `crossref` or `xdata` names an entry that names this one again, or the chain is too long: keep one level, e.g. a chapter's `crossref` to its book")
            });
        }
    }
    found.finish(file, &mut Vec::new())
}

/// Whether `i` reaches more entries than `left` through its references (a loop
/// reaches endlessly many); each call visits at most `left` of them, so no recursion
/// goes deeper than [`MAX_REFERENCES`].
fn too_many(i: usize, refs: &[Vec<usize>], left: &mut usize) -> bool {
    for &r in &refs[i] {
        if *left == 0 {
            return true;
        }
        *left -= 1;
        if too_many(r, refs, left) {
            return true;
        }
    }
    false
}

/// What the raw parse says of an entry: its key, its type as written, where it is.
struct Head {
    key: Value,
    kind: String,
    kind_span: Range<usize>,
    at: Range<usize>,
}

fn syntax(file: &SourceFile, e: ParseError) -> Diagnostic {
    Diagnostic::error("invalid-bibtex", format!("this BibTeX cannot be read: {}", e.kind))
        .at(file, e.span)
        .help("an entry reads `@type{key, field = {value}, …}`; check the braces and commas around this place")
}

/// A resolved entry mapped onto byline's fields.
fn entry(file: &SourceFile, head: Head, e: &BibEntry, diags: &mut Found) -> Entry {
    let text = |name: &str| e.get(name).map(value);
    let plain = |name: &str| {
        e.get(name)
            .map(|c| c.format_verbatim())
            .filter(|t| !t.trim().is_empty())
    };
    let title = text("title").map(|mut t| {
        if let Some(sub) = plain("subtitle") {
            t.text = format!("{}: {sub}", t.text);
        }
        t
    });
    let publisher = [
        "journaltitle",
        "journal",
        "publisher",
        "organization",
        "institution",
        "school",
    ]
    .iter()
    .find_map(|f| plain(f));
    let language = text("langid").or_else(|| text("language")).map(|mut v| {
        v.text = language_tag(&v.text);
        v
    });
    Entry {
        kind: kind(file, &head, e, diags),
        key: Some(head.key),
        at: head.at,
        title,
        url: text("url"),
        publisher,
        author: e.author().ok().filter(|a| !a.is_empty()).map(|a| names(&a)),
        date: date(e, "", e.date()),
        accessed: date(e, "url", e.url_date()),
        note: plain("note"),
        doi: text("doi"),
        isbn: text("isbn"),
        language,
    }
}

fn value(chunks: ChunksRef) -> Value {
    Value {
        text: chunks.format_verbatim().trim().to_string(),
        span: chunks.span(),
    }
}

/// "Given prefix Family, Suffix" for each person, joined by commas; an organisation
/// in braces (`{United Nations}`) as written.
fn names(people: &[Person]) -> String {
    let one = |p: &Person| {
        let mut parts: Vec<&str> = [p.given_name.as_str(), p.prefix.as_str(), p.name.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !p.suffix.is_empty() {
            parts.push(&p.suffix);
        }
        parts.join(" ")
    };
    people.iter().map(one).collect::<Vec<_>>().join(", ")
}

/// `{prefix}date` (or `{prefix}year`, `month`, `day`) as a day; a year or a month
/// alone, or a range, is left out (byline's dates are days); anything unreadable is
/// handed on as written, for the check to refuse.
fn date(
    e: &BibEntry,
    prefix: &str,
    parsed: Result<PermissiveType<biblatex::Date>, biblatex::RetrievalError>,
) -> Option<Value> {
    let field = e
        .get(&format!("{prefix}date"))
        .or_else(|| e.get(&format!("{prefix}year")))?;
    let written = value(field);
    if crate::date::Date::parse(&written.text).is_ok() {
        return Some(written);
    }
    match parsed {
        Ok(PermissiveType::Typed(d)) => match d.value {
            DateValue::At(t) => day_of(
                t.year.into(),
                t.month.map(|m| i64::from(m) + 1),
                t.day.map(|d| i64::from(d) + 1),
            )
            .map(|text| Value {
                text,
                span: written.span,
            }),
            _ => None,
        },
        _ => Some(written),
    }
}

/// The entry type as byline's `type` (a `type` or `entrysubtype` naming a press
/// release or statement first): a type byline does not know is a warning, and the
/// source has no type, as BibLaTeX treats it as `@misc`.
fn kind(file: &SourceFile, head: &Head, e: &BibEntry, diags: &mut Found) -> Option<KindId> {
    let genre = ["type", "entrysubtype"]
        .iter()
        .filter_map(|f| e.get(f))
        .find_map(|c| genre_kind(&c.format_verbatim()));
    if genre.is_some() {
        return genre;
    }
    let subtype = e
        .get("entrysubtype")
        .map(|c| c.format_verbatim().to_ascii_lowercase());
    let name = match (head.kind.as_str(), subtype.as_deref()) {
        ("article", Some("newspaper")) => "news-article",
        ("article", Some("magazine")) => "article",
        ("article", _) => "journal-article",
        (
            "book" | "mvbook" | "booklet" | "collection" | "mvcollection" | "reference"
            | "mvreference" | "proceedings" | "mvproceedings" | "bookinbook",
            _,
        ) => "book",
        ("inbook" | "incollection" | "inreference" | "suppbook" | "suppcollection", _) => "chapter",
        ("inproceedings" | "conference", _) => "article",
        ("report" | "techreport", _) => "report",
        ("thesis" | "mastersthesis" | "phdthesis", _) => "thesis",
        ("online" | "electronic" | "www", _) => "webpage",
        ("dataset", _) => "dataset",
        ("video" | "movie", _) => "video",
        ("audio" | "music", _) => "audio",
        ("image" | "artwork", _) => "image",
        ("jurisdiction", _) => "court-document",
        ("legislation", _) => "legislation",
        ("letter", _) => "letter",
        (
            "misc" | "unpublished" | "manual" | "patent" | "periodical" | "suppperiodical"
            | "software" | "standard" | "set" | "xdata" | "commentary" | "review" | "performance"
            | "customa" | "customb" | "customc" | "customd" | "custome" | "customf",
            _,
        ) => return None,
        (other, _) => {
            diags.push(Severity::Warning, || {
                Diagnostic::warning("unknown-entry-type", format!("`@{other}` is not a BibTeX or BibLaTeX entry type byline knows"))
                    .at(file, head.kind_span.clone())
                    .help("byline reads it as `@misc` (a source without a `type`); use `@online`, `@report`, `@article`, `@book` … (the README lists how each maps)")
            });
            return None;
        }
    };
    KindId::parse(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Source;
    use crate::front_matter::testing;

    fn parse(text: &str) -> (Result<Vec<Source>, Vec<String>>, Vec<String>) {
        let file = SourceFile::new("content/sources.bib", text);
        let mut warnings = Vec::new();
        let config = testing::config("https://e.org/");
        let shown = |d: &Diagnostic| format!("{} {}", d.location().unwrap(), d.message);
        let r = parse_bibtex(&file, &config, &mut warnings)
            .map(|keyed| keyed.into_iter().map(|(s, _)| s).collect())
            .map_err(|e| e.iter().map(shown).collect());
        (r, warnings.iter().map(shown).collect())
    }

    #[test]
    fn an_entry_becomes_a_source_with_latex_markup_resolved() {
        let (r, warnings) = parse(
            "@string{un = {United Nations}}\n@report{un-envoy,\n  title = {Statement by the {UN} Envoy on G{\\\"o}ttingen, 2016--2017},\n  author = {de Mistura, Staffan and {Office of the Envoy}},\n  institution = un,\n  url = {https://un.org/a?b=1&c=2},\n  date = {2016-12-08},\n  urldate = {2016-12-09},\n  doi = {10.1000/xyz},\n  langid = {british},\n  note = {Read aloud},\n}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = &r.unwrap()[0];
        assert_eq!(s.id, "un-envoy");
        assert_eq!(s.title, "Statement by the UN Envoy on Göttingen, 2016–2017");
        assert_eq!(
            s.author.as_deref(),
            Some("Staffan de Mistura, Office of the Envoy")
        );
        assert_eq!(s.publisher.as_deref(), Some("United Nations"));
        assert_eq!(s.url.as_deref(), Some("https://un.org/a?b=1&c=2"));
        assert_eq!(s.date.as_ref().unwrap().iso(), "2016-12-08");
        assert_eq!(s.accessed.as_ref().unwrap().iso(), "2016-12-09");
        assert_eq!(s.meta.kind.unwrap().get().name, "report");
        assert_eq!(s.meta.doi.as_deref(), Some("10.1000/xyz"));
        assert_eq!(s.meta.language.as_deref(), Some("en-GB"));
        assert_eq!(s.note.as_deref(), Some("Read aloud"));
    }

    #[test]
    fn a_press_release_or_statement_is_known_by_its_type_field() {
        let (r, warnings) = parse("@misc{a, title = {A}, type = {Press release}}\n@report{b, title = {B}, type = {Statement}}\n@online{c, title = {C}, entrysubtype = {pressrelease}}\n@report{d, title = {D}, type = {Technical report}}\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        let kinds: Vec<_> = r
            .unwrap()
            .iter()
            .map(|s| s.meta.kind.map(|k| k.get().name))
            .collect();
        assert_eq!(
            kinds,
            [
                Some("press-release"),
                Some("statement"),
                Some("press-release"),
                Some("report")
            ]
        );
    }

    #[test]
    fn year_month_and_day_fields_make_a_date_and_a_year_alone_none() {
        let (r, _) = parse("@book{a, title = {A}, year = 2016, month = dec, day = 8}\n@book{b, title = {B}, year = {1999}}\n");
        let r = r.unwrap();
        assert_eq!(r[0].date.as_ref().unwrap().iso(), "2016-12-08");
        assert_eq!(r[1].date, None);
    }

    #[test]
    fn every_mistake_is_placed_at_its_field() {
        let (r, warnings) = parse("@online{a,\n  url = {javascript:alert(1)},\n  doi = {11.1/x},\n}\n@online{a, title = {Again}}\n@online{bad:key, title = {X}, date = {someday}}\n@tweet{t, title = {T}, isbn = {978-0-306-40615-8}}\n");
        assert_eq!(
            r.unwrap_err(),
            [
                "content/sources.bib:1:9 the source `a` has no title",
                "content/sources.bib:2:10 `javascript:` URLs are not allowed in sources",
                "content/sources.bib:3:10 `11.1/x` is not a DOI",
                "content/sources.bib:6:9 `bad:key` is not a valid id",
                "content/sources.bib:6:39 `someday` is not a date in the form YYYY-MM-DD",
                "content/sources.bib:7:32 `978-0-306-40615-8` is not an ISBN: its check digit is wrong",
                "content/sources.bib:5:9 the source `a` is defined twice in content/sources.bib (first at line 1, column 9)",
            ]
        );
        assert_eq!(warnings, ["content/sources.bib:7:2 `@tweet` is not a BibTeX or BibLaTeX entry type byline knows"]);
    }

    #[test]
    fn crossrefs_resolve_but_a_loop_is_an_error() {
        let (r, _) = parse(
            "@inbook{c, title = {C}, crossref = {b}}\n@book{b, title = {B}, publisher = {P}}\n",
        );
        assert_eq!(r.unwrap()[0].publisher.as_deref(), Some("P"));
        let (r, _) = parse("@book{a, title = {A}, crossref = {b}}\n@book{b, title = {B}, xdata = {c, a}}\n@xdata{c, note = {N}}\n");
        let e = r.unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with(
                "content/sources.bib:1:7 the entry `a` draws on entries that loop back"
            ),
            "{e:?}"
        );
    }

    #[test]
    fn braces_nested_too_deep_are_refused_before_parsing() {
        let deep = format!(
            "@online{{k, title = {{{}x{}}}}}\n",
            "{".repeat(100_000),
            "}".repeat(100_000)
        );
        let (r, _) = parse(&deep);
        assert_eq!(
            r.unwrap_err(),
            ["content/sources.bib:1:83 braces are nested more than 64 deep"]
        );
        assert_eq!(too_deep("{\\{{}}"), None);
    }

    #[test]
    fn a_syntax_error_is_placed() {
        let (r, _) = parse("@online{a,\n  title = {A\n");
        let e = r.unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("content/sources.bib:"), "{e:?}");
    }
}
