//! `content/sources.json`: CSL-JSON, the list of items Zotero, Pandoc and citeproc
//! exchange, read by `jsonc-parser` into a syntax tree whose every node has its byte
//! range (strict JSON: no comments or trailing commas; nesting bounded by the crate).

use std::ops::Range;

use jsonc_parser::ast::{Object, ObjectProp, Value as Json};
use jsonc_parser::common::Ranged;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::source_fields::KindId;

use super::{check_entries, day_of, genre_kind, Entry, Found, Keyed, Value};

/// Reads and checks `content/sources.json`: its sources, or every error in it; its
/// warnings (item types byline does not know) go to `warnings` either way.
pub fn parse_csl_json(
    file: &SourceFile,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Keyed, Vec<Diagnostic>> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(&file.text, &CollectOptions::default(), &strict).map_err(|e| {
        let r = e.range();
        let why = e.kind().to_string();
        let why = why.get(..1).map_or(why.clone(), |c| c.to_lowercase() + &why[1..]);
        vec![Diagnostic::error("invalid-json", format!("this JSON cannot be read: {why}"))
            .at(file, r.start..r.end)
            .help("CSL-JSON is a list of items: `[{\"id\": \"un-envoy\", \"type\": \"report\", \"title\": \"…\"}]`")]
    })?;
    let mut diags = Found::default();
    let items = match parsed.value {
        Some(Json::Array(a)) => a.elements,
        None => Vec::new(),
        Some(other) => {
            return Err(vec![shape(
                file,
                span(&other),
                "content/sources.json is not a list of items",
            )]);
        }
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            Json::Object(o) => entries.push(entry(file, o, &mut diags)),
            other => diags.push(Severity::Error, || {
                shape(file, span(other), "this item is not an object")
            }),
        }
    }
    let sources = check_entries(file, entries, config, &mut diags);
    diags.finish(file, warnings).map(|()| sources)
}

fn shape(file: &SourceFile, span: Range<usize>, message: &str) -> Diagnostic {
    Diagnostic::error("invalid-json", message)
        .at(file, span)
        .help("CSL-JSON is a list of items: `[{\"id\": \"un-envoy\", \"type\": \"report\", \"title\": \"…\"}]`")
}

fn span(v: &impl Ranged) -> Range<usize> {
    let r = v.range();
    r.start..r.end
}

/// An item's fields, looked up by name (the first of the names given that it has).
struct Item<'a, 'j> {
    file: &'a SourceFile,
    object: &'a Object<'j>,
    diags: &'a mut Found,
}

impl Item<'_, '_> {
    fn prop(&self, names: &[&str]) -> Option<&ObjectProp<'_>> {
        names.iter().find_map(|n| {
            self.object
                .properties
                .iter()
                .find(|p| p.name.as_str() == *n)
        })
    }

    /// A string field (a number is read as written, for `id` and `ISBN`); another
    /// kind of value is an error.
    fn text(&mut self, names: &[&str]) -> Option<Value> {
        let p = self.prop(names)?;
        let text = match &p.value {
            Json::StringLit(s) => s.value.trim().to_string(),
            Json::NumberLit(n) => n.value.to_string(),
            Json::NullKeyword(_) => return None,
            other => {
                let name = p.name.as_str().to_string();
                let at = span(other);
                let file = self.file;
                self.diags.push(Severity::Error, || {
                    shape(file, at, &format!("`{name}` must be a string"))
                });
                return None;
            }
        };
        let span = span(&p.value);
        (!text.is_empty()).then_some(Value { text, span })
    }
}

fn entry(file: &SourceFile, o: &Object, diags: &mut Found) -> Entry {
    let mut item = Item {
        file,
        object: o,
        diags,
    };
    let plain = |item: &mut Item, names: &[&str]| item.text(names).map(|v| v.text);
    Entry {
        key: item.text(&["id"]),
        at: span(o),
        kind: kind(&mut item),
        title: item.text(&["title"]),
        url: item.text(&["URL", "url"]),
        publisher: plain(&mut item, &["container-title"])
            .or_else(|| plain(&mut item, &["publisher"]))
            .or_else(|| plain(&mut item, &["authority"])),
        author: names(&item, "author"),
        date: date(&item, "issued"),
        accessed: date(&item, "accessed"),
        note: plain(&mut item, &["note"]),
        doi: item.text(&["DOI", "doi"]),
        isbn: item.text(&["ISBN", "isbn"]),
        language: item.text(&["language"]),
    }
}

/// CSL names (`family`, `given`, particles, `suffix`, or a `literal` for an
/// organisation), "Given Family" each, joined by commas.
fn names(item: &Item, field: &str) -> Option<String> {
    let Json::Array(list) = &item.prop(&[field])?.value else {
        return None;
    };
    let part = |o: &Object, name: &str| match o.get(name).map(|p| &p.value) {
        Some(Json::StringLit(s)) if !s.value.trim().is_empty() => Some(s.value.trim().to_string()),
        _ => None,
    };
    let one = |v: &Json| {
        let Json::Object(o) = v else { return None };
        if let Some(literal) = part(o, "literal") {
            return Some(literal);
        }
        let parts: Vec<String> = [
            "given",
            "dropping-particle",
            "non-dropping-particle",
            "family",
            "suffix",
        ]
        .iter()
        .filter_map(|n| part(o, n))
        .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let all: Vec<String> = list.elements.iter().filter_map(one).collect();
    (!all.is_empty()).then(|| all.join(", "))
}

/// A CSL date (`{"date-parts": [[2016, 12, 8]]}`, or `raw`) as a day; a year or a
/// month alone, or a range, is left out (byline's dates are days).
fn date(item: &Item, field: &str) -> Option<Value> {
    let Json::Object(o) = &item.prop(&[field])?.value else {
        return None;
    };
    if let Some(Json::Array(parts)) = o.get("date-parts").map(|p| &p.value) {
        let [Json::Array(first)] = parts.elements.as_slice() else {
            return None;
        };
        let number = |v: &Json| match v {
            Json::NumberLit(n) => n.value.parse::<i64>().ok(),
            Json::StringLit(s) => s.value.trim().parse::<i64>().ok(),
            _ => None,
        };
        let n: Vec<Option<i64>> = first.elements.iter().map(number).collect();
        let text = day_of(n.first().copied()??, n.get(1).copied()?, n.get(2).copied()?)?;
        return Some(Value {
            text,
            span: span(first),
        });
    }
    match o.get("raw").map(|p| &p.value) {
        Some(Json::StringLit(s)) if crate::date::Date::parse(&s.value).is_ok() => Some(Value {
            text: s.value.trim().to_string(),
            span: span(s),
        }),
        _ => None,
    }
}

/// The item's CSL `type` as byline's (a `genre` naming a press release or statement
/// first): a type CSL does not define is a warning, and the source has no type, as
/// CSL's `document` would.
fn kind(item: &mut Item) -> Option<KindId> {
    let genre = item.text(&["genre"]).and_then(|g| genre_kind(&g.text));
    if genre.is_some() {
        return genre;
    }
    let t = item.text(&["type"])?;
    let name = match t.text.as_str() {
        "article" | "article-magazine" | "paper-conference" | "post-weblog" => "article",
        "article-newspaper" => "news-article",
        "article-journal" => "journal-article",
        "report" => "report",
        "speech" => "speech",
        "interview" => "interview",
        "dataset" => "dataset",
        "motion_picture" | "broadcast" => "video",
        "song" => "audio",
        "graphic" | "figure" => "image",
        "map" => "map",
        "post" => "social-post",
        "legal_case" => "court-document",
        "legislation" | "bill" | "regulation" | "treaty" => "legislation",
        "book" | "classic" | "collection" => "book",
        "chapter" | "entry" | "entry-dictionary" | "entry-encyclopedia" => "chapter",
        "thesis" => "thesis",
        "personal_communication" => "letter",
        "webpage" => "webpage",
        "document" | "event" | "hearing" | "manuscript" | "musical_score" | "pamphlet"
        | "patent" | "performance" | "periodical" | "review" | "review-book" | "software"
        | "standard" => return None,
        other => {
            let file = item.file;
            item.diags.push(Severity::Warning, || {
                Diagnostic::warning("unknown-entry-type", format!("`{other}` is not a CSL item type"))
                    .at(file, t.span)
                    .help("byline reads it as `document` (a source without a `type`); use `webpage`, `report`, `article-newspaper`, `book` … (the README lists how each maps)")
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
        let file = SourceFile::new("content/sources.json", text);
        let mut warnings = Vec::new();
        let config = testing::config("https://e.org/");
        let shown = |d: &Diagnostic| format!("{} {}", d.location().unwrap(), d.message);
        let r = parse_csl_json(&file, &config, &mut warnings)
            .map(|keyed| keyed.into_iter().map(|(s, _)| s).collect())
            .map_err(|e| e.iter().map(shown).collect());
        (r, warnings.iter().map(shown).collect())
    }

    #[test]
    fn an_item_becomes_a_source() {
        let (r, warnings) = parse(
            r#"[{"id": "un-envoy", "type": "article-newspaper", "title": "Statement \u00e0 Aleppo",
  "author": [{"family": "Mistura", "given": "Staffan", "non-dropping-particle": "de"}, {"literal": "UN"}],
  "container-title": "The Times", "URL": "https://un.org/a", "issued": {"date-parts": [[2016, 12, 8]]},
  "accessed": {"raw": "2016-12-09"}, "DOI": "10.1000/xyz", "ISBN": "978-0-306-40615-7", "language": "fr", "note": "N"}]"#,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = &r.unwrap()[0];
        assert_eq!(s.title, "Statement à Aleppo");
        assert_eq!(s.author.as_deref(), Some("Staffan de Mistura, UN"));
        assert_eq!(s.publisher.as_deref(), Some("The Times"));
        assert_eq!(s.date.as_ref().unwrap().iso(), "2016-12-08");
        assert_eq!(s.accessed.as_ref().unwrap().iso(), "2016-12-09");
        assert_eq!(s.meta.kind.unwrap().get().name, "news-article");
        assert_eq!(s.meta.isbn.as_deref(), Some("9780306406157"));
        assert_eq!(s.meta.language.as_deref(), Some("fr"));
        assert_eq!(s.note.as_deref(), Some("N"));
    }

    #[test]
    fn a_press_release_or_statement_is_known_by_its_genre() {
        let (r, warnings) = parse(
            r#"[{"id": "a", "title": "A", "type": "document", "genre": "press release"},
  {"id": "b", "title": "B", "type": "report", "genre": "Press Release"},
  {"id": "c", "title": "C", "type": "document", "genre": "statement"},
  {"id": "d", "title": "D", "type": "report", "genre": "Working paper"},
  {"id": "e", "title": "E", "type": "document"}]"#,
        );
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
                Some("press-release"),
                Some("statement"),
                Some("report"),
                None
            ]
        );
    }

    #[test]
    fn a_year_alone_is_no_date() {
        let (r, _) = parse(r#"[{"id": "a", "title": "A", "issued": {"date-parts": [[2016]]}}]"#);
        assert_eq!(r.unwrap()[0].date, None);
    }

    #[test]
    fn every_mistake_is_placed_at_its_value() {
        let (r, warnings) = parse("[\n  {\"id\": \"a\", \"type\": \"tweet\"},\n  {\"id\": \"a\", \"title\": \"B\"},\n  {\"id\": \"c\", \"title\": [5], \"DOI\": \"x\", \"issued\": {\"date-parts\": [[2016, 13, 1]]}},\n  7\n]\n");
        assert_eq!(
            r.unwrap_err(),
            [
                "content/sources.json:4:24 `title` must be a string",
                "content/sources.json:5:3 this item is not an object",
                "content/sources.json:2:10 the source `a` has no title",
                "content/sources.json:3:10 the source `a` is defined twice in content/sources.json (first at line 2, column 10)",
                "content/sources.json:4:10 the source `c` has no title",
                "content/sources.json:4:67 `2016-13-01` has no month 13: months run from 01 to 12",
                "content/sources.json:4:36 `x` is not a DOI",
            ]
        );
        assert_eq!(
            warnings,
            ["content/sources.json:2:23 `tweet` is not a CSL item type"]
        );
    }

    #[test]
    fn json_that_cannot_be_read_is_one_error_at_its_place() {
        let (r, _) = parse("[{\"id\": \"a\",}]");
        let e = r.unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("content/sources.json:1:"), "{e:?}");
    }
}
