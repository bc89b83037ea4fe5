//! Shared sources from `content/sources.bib` (BibTeX/BibLaTeX) and
//! `content/sources.json` (CSL-JSON) (issue 17): cited by key like those of
//! `content/sources.yaml`, published identically, every mistake placed.

use crate::support::*;

const ARTICLE: &str = "---
title: T
date: 2016-12-08
claims:
  - { id: c, text: X, status: disputed, asserted_by: [un-envoy], contested_by: [goettingen] }
---
Text [@un-envoy, p. 3] and [@goettingen] and [@times].
";

const YAML: &str = "sources:
  - id: un-envoy
    title: Statement by the UN Envoy – Aleppo
    type: report
    author: Staffan de Mistura, Office of the Envoy
    publisher: United Nations
    url: https://un.org/envoy
    date: 2016-12-08
    accessed: 2016-12-09
    doi: 10.1000/xyz
    language: en-GB
    note: Read aloud in the Council
  - id: goettingen
    title: Die Göttinger Erklärung
    type: book
    publisher: Verlag
    isbn: 978-0-306-40615-7
    language: de
  - id: times
    title: Aleppo falls
    type: news-article
    author: Jane Roe
    publisher: The Times
    url: https://times.example/aleppo
    date: 2016-12-13
";

const BIB: &str = r#"@string{un = {United Nations}}
@report{un-envoy,
  title = {Statement by the {UN} Envoy -- Aleppo},
  author = {de Mistura, Staffan and {Office of the Envoy}},
  institution = un,
  url = {https://un.org/envoy},
  date = {2016-12-08},
  urldate = {2016-12-09},
  doi = {10.1000/xyz},
  langid = {british},
  note = {Read aloud in the Council},
}
@book{goettingen,
  title = {Die G{\"o}ttinger Erkl{\"a}rung},
  publisher = {Verlag},
  isbn = {978-0-306-40615-7},
  langid = {ngerman},
  year = {1957},
}
@article{times,
  entrysubtype = {newspaper},
  title = {Aleppo falls},
  author = {Roe, Jane},
  journaltitle = {The Times},
  url = {https://times.example/aleppo},
  year = 2016, month = dec, day = 13,
}
"#;

const CSL: &str = r#"[
  {"id": "un-envoy", "type": "report", "title": "Statement by the UN Envoy – Aleppo",
   "author": [{"family": "Mistura", "given": "Staffan", "non-dropping-particle": "de"}, {"literal": "Office of the Envoy"}],
   "publisher": "United Nations", "URL": "https://un.org/envoy",
   "issued": {"date-parts": [[2016, 12, 8]]}, "accessed": {"date-parts": [[2016, 12, 9]]},
   "DOI": "10.1000/xyz", "language": "en-GB", "note": "Read aloud in the Council"},
  {"id": "goettingen", "type": "book", "title": "Die Göttinger Erklärung", "publisher": "Verlag",
   "ISBN": "978-0-306-40615-7", "language": "de", "issued": {"date-parts": [[1957]]}},
  {"id": "times", "type": "article-newspaper", "title": "Aleppo falls",
   "author": [{"family": "Roe", "given": "Jane"}], "container-title": "The Times",
   "URL": "https://times.example/aleppo", "issued": {"date-parts": [[2016, 12, 13]]}}
]
"#;

fn built(file: &str, text: &str) -> Run {
    Test::new()
        .file("content/a.md", ARTICLE)
        .file(file, text)
        .run()
}

#[test]
fn a_bibtex_or_csl_json_source_publishes_exactly_as_the_same_source_in_yaml() {
    let yaml = built("content/sources.yaml", YAML);
    let bib = built("content/sources.bib", BIB);
    let csl = built("content/sources.json", CSL);
    let page = yaml.read("a/index.html");
    assert!(
        page.contains("Statement by the UN Envoy – Aleppo"),
        "{page}"
    );
    assert!(page.contains("Die Göttinger Erklärung"), "{page}");
    let (yaml, bib, csl) = (yaml.snapshot(), bib.snapshot(), csl.snapshot());
    assert!(yaml.iter().any(|(p, _)| p == "sources/index.html"));
    assert!(yaml.iter().any(|(p, _)| p == "claims/claims-1.json"));
    for (name, other) in [("sources.bib", &bib), ("sources.json", &csl)] {
        assert_eq!(
            yaml.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            other.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            "{name}"
        );
        for ((path, a), (_, b)) in yaml.iter().zip(other.iter()) {
            assert!(
                a == b,
                "{path} differs with {name}:\n{}\n----\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
    }
}

#[test]
fn the_three_files_together_share_their_sources() {
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file(
            "content/sources.yaml",
            "sources:\n  - id: times\n    title: Aleppo falls\n",
        )
        .file(
            "content/sources.bib",
            "@report{un-envoy, title = {Statement}}\n",
        )
        .file(
            "content/sources.json",
            r#"[{"id": "goettingen", "title": "Erklärung"}]"#,
        )
        .run();
    let page = run.read("a/index.html");
    for title in ["Aleppo falls", "Statement", "Erklärung"] {
        assert!(page.contains(title), "{title}: {page}");
    }
}

#[test]
fn a_key_two_files_define_is_an_error_naming_both_places() {
    Test::new()
        .file("content/sources.yaml", "sources:\n  - id: un\n    title: UN\n")
        .file("content/sources.bib", "\n@online{un, title = {UN again}}\n")
        .file("content/sources.json", "[\n  {\"id\": \"un\", \"title\": \"UN once more\"}\n]\n")
        .failure()
        .stderr(
            "error[duplicate-id]: the shared source `un` is also defined in content/sources.yaml:2:9
  --> content/sources.bib:2:9
  |
2 | @online{un, title = {UN again}}
  |         ^^
  |
  = help: articles cite a shared source by its id: keep one of the two, or give one another id

error[duplicate-id]: the shared source `un` is also defined in content/sources.yaml:2:9
  --> content/sources.json:2:10
  |
2 |   {\"id\": \"un\", \"title\": \"UN once more\"}
  |          ^^^^
  |
  = help: articles cite a shared source by its id: keep one of the two, or give one another id

error: build failed with 2 errors
",
        )
        .run();
}

#[test]
fn every_mistake_in_a_bibliography_is_reported_at_once_where_written() {
    Test::new()
        .file(
            "content/sources.bib",
            "@online{a,\n  url = {https://a.example},\n}\n@tweet{t, title = {T}, doi = {11.1/x}}\n",
        )
        .file("content/sources.json", "[{\"id\": \"j\", \"title\": \"J\", \"language\": \"en_GB\"}]\n")
        .failure()
        .stderr(
            "error[missing-field]: the source `a` has no title
  --> content/sources.bib:1:9
  |
1 | @online{a,
  |         ^
  |
  = help: add a `title` field: byline shows the title in the sidebar and the sources index

warning[unknown-entry-type]: `@tweet` is not a BibTeX or BibLaTeX entry type byline knows
  --> content/sources.bib:4:2
  |
4 | @tweet{t, title = {T}, doi = {11.1/x}}
  |  ^^^^^
  |
  = help: byline reads it as `@misc` (a source without a `type`); use `@online`, `@report`, `@article`, `@book` … (the README lists how each maps)

error[invalid-source-field]: `11.1/x` is not a DOI
  --> content/sources.bib:4:31
  |
4 | @tweet{t, title = {T}, doi = {11.1/x}}
  |                               ^^^^^^
  |
  = help: write a DOI as `10.1000/xyz` (or `https://doi.org/10.1000/xyz`)

error[invalid-source-field]: `en_GB` is not a language tag: its language subtag is invalid
  --> content/sources.json:1:40
  |
1 | [{\"id\": \"j\", \"title\": \"J\", \"language\": \"en_GB\"}]
  |                                        ^^^^^^^
  |
  = help: write a BCP 47 tag, as for HTML's `lang`: `ar`, `en-GB`, `zh-Hant` (or a babel name such as `english`)

error: build failed with 3 errors and 1 warning
",
        )
        .run();
}

#[test]
fn a_bibliography_that_cannot_be_read_is_an_error_at_its_place() {
    Test::new()
        .file("content/sources.bib", "@online{a,\n  title = {A,\n")
        .file("content/sources.json", "[{\"id\": \"a\",}]\n")
        .failure()
        .stderr(
            "error[invalid-bibtex]: this BibTeX cannot be read: unexpected end of file
  --> content/sources.bib:3:1
  |
3 | 
  | ^
  |
  = help: an entry reads `@type{key, field = {value}, …}`; check the braces and commas around this place

error[invalid-json]: this JSON cannot be read: trailing commas are not allowed
  --> content/sources.json:1:12
  |
1 | [{\"id\": \"a\",}]
  |            ^
  |
  = help: CSL-JSON is a list of items: `[{\"id\": \"un-envoy\", \"type\": \"report\", \"title\": \"…\"}]`

error: build failed with 2 errors
",
        )
        .run();
}

#[test]
fn the_sources_index_shows_archived_copies_as_the_sidebar_does() {
    let run = Test::new()
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - { id: own, title: Own, url: https://own.example/, archive_url: https://web.archive.org/web/2016/https://own.example/, archived: 2016-12-08 }\n---\n[@own] [@gone] [@plain]\n",
        )
        .file(
            "content/sources.bib",
            "@online{gone, title = {Gone}, url = {https://gone.example/}}\n@online{plain, title = {Plain}, url = {https://plain.example/}}\n",
        )
        .file(
            "content/archives.yaml",
            "\"https://gone.example/\":\n  archive_url: https://web.archive.org/web/2017/https://gone.example/\n  archived: 2017-01-02\n  dead: 2026-11-30\n",
        )
        .run();
    let own = "<span class=\"source__archive\"><a href=\"https://web.archive.org/web/2016/https://own.example/\">Archived copy</a>, <time datetime=\"2016-12-08\">8 December 2016</time></span>";
    let gone = "<span class=\"source__archive\">Archived copy, <time datetime=\"2017-01-02\">2 January 2017</time>; the <a href=\"https://gone.example/\">original</a> is gone</span>";
    let gone_title =
        "<a href=\"https://web.archive.org/web/2017/https://gone.example/\">Gone</a></cite>";
    let page = run.read("a/index.html");
    let index = run.read("sources/index.html");
    for html in [&page, &index] {
        assert!(html.contains(own), "{html}");
        assert!(html.contains(gone), "{html}");
        assert!(html.contains(gone_title), "{html}");
        assert!(
            html.contains("<a href=\"https://plain.example/\">Plain</a></cite>"),
            "{html}"
        );
        assert_eq!(html.matches("source__archive").count(), 2, "{html}");
    }
}

#[test]
fn a_press_release_or_statement_from_a_bibliography_is_said_so() {
    let run = Test::new()
        .file(
            "content/sources.json",
            "[{\"id\": \"pr\", \"type\": \"document\", \"genre\": \"press release\", \"title\": \"PR\"}]\n",
        )
        .file(
            "content/sources.bib",
            "@misc{st, title = {St}, type = {Statement}}\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\n---\n[@pr] [@st]\n",
        )
        .run();
    let html = run.read("a/index.html");
    assert!(
        html.contains("<span class=\"source__type\">Press release</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"source__type\">Statement</span>"),
        "{html}"
    );
}
