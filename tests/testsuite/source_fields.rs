//! A source's `type`, `doi`, `isbn`, `language` and `quote` (issue 17): checked where
//! written, shown in the sidebar and the sources index, carried by JSON-LD and
//! claims.json.

use crate::support::*;

const ARTICLE: &str = "---
title: T
date: 2016-12-08
sources:
  - id: report
    title: Aleppo report
    type: report
    doi: https://doi.org/10.1000/aleppo.1
    isbn: 978-0-306-40615-7
    quote: \"The evacuation was halted.\"
  - id: ar
    title: بيان
    type: press-release
    language: ar
    quote: نص
claims:
  - { id: c, text: X, status: disputed, asserted_by: [report] }
---
Text [@report, p. 3] [@ar].
";

#[test]
fn the_sidebar_says_the_type_in_words_and_shows_identifiers_language_and_quote() {
    let run = Test::new().file("content/a.md", ARTICLE).run();
    let html = run.read("a/index.html");
    assert!(html.contains("<span class=\"source__meta\"><span class=\"source__type\">Report</span>\n          </span>") || html.contains("<span class=\"source__type\">Report</span>"), "{html}");
    assert!(html.contains("<span class=\"source__ids\">DOI <a href=\"https://doi.org/10.1000/aleppo.1\">10.1000/aleppo.1</a><span aria-hidden=\"true\"> · </span>ISBN 9780306406157</span>"), "{html}");
    assert!(
        html.contains(
            "<blockquote class=\"source__quote\" dir=\"auto\"><p>The evacuation was halted.</p></blockquote>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<cite class=\"source__title\" dir=\"auto\" lang=\"ar\">بيان</cite>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<blockquote class=\"source__quote\" dir=\"auto\" lang=\"ar\"><p>نص</p></blockquote>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"source__type\">Press release</span>"),
        "{html}"
    );
    // JSON-LD: the schema.org type, language and DOI.
    assert!(
        html.contains("{\"@type\":\"Report\",\"isbn\"") || html.contains("\"@type\":\"Report\""),
        "{html}"
    );
    assert!(
        html.contains("\"sameAs\":\"https://doi.org/10.1000/aleppo.1\""),
        "{html}"
    );
    assert!(html.contains("\"inLanguage\":\"ar\""), "{html}");
    // The sources index shows them too.
    let index = run.read("sources/index.html");
    assert!(
        index.contains("<span class=\"source__type\">Report</span>"),
        "{index}"
    );
    assert!(index.contains("lang=\"ar\""), "{index}");
    // claims.json carries CSL's names.
    let claims = run.read("claims/claims-1.json");
    assert!(
        claims.contains(
            "\"type\":\"report\",\"DOI\":\"10.1000/aleppo.1\",\"ISBN\":\"9780306406157\""
        ),
        "{claims}"
    );
}

#[test]
fn a_wrong_type_doi_isbn_or_language_is_an_error_where_written() {
    Test::new()
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n    type: raport\n    doi: 11.5/x\n    isbn: 978-0-306-40615-8\n    language: en_GB\n---\n",
        )
        .failure()
        .stderr(
            "error[unknown-source-type]: `raport` is not a type of source
  --> content/a.md:7:11
  |
7 |     type: raport
  |           ^^^^^^
  |
  = help: did you mean `report`?

error[invalid-source-field]: `11.5/x` is not a DOI
  --> content/a.md:8:10
  |
8 |     doi: 11.5/x
  |          ^^^^^^
  |
  = help: write a DOI as `10.1000/xyz` (or `https://doi.org/10.1000/xyz`)

error[invalid-source-field]: `978-0-306-40615-8` is not an ISBN: its check digit is wrong
  --> content/a.md:9:11
  |
9 |     isbn: 978-0-306-40615-8
  |           ^^^^^^^^^^^^^^^^^
  |
  = help: copy the ISBN from the book's copyright page, hyphens allowed: `978-0-306-40615-7`

error[invalid-source-field]: `en_GB` is not a language tag: its language subtag is invalid
   --> content/a.md:10:15
   |
10 |     language: en_GB
   |               ^^^^^
   |
   = help: write a BCP 47 tag, as for HTML's `lang`: `ar`, `en-GB`, `zh-Hant`

error: build failed with 4 errors
",
        )
        .run();
}

#[test]
fn shared_sources_take_the_same_fields_and_the_same_checks() {
    let run = Test::new()
        .file(
            "content/sources.yaml",
            "sources:\n  - id: icrc\n    title: ICRC\n    type: statement\n    language: fr\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\n---\nSee [@icrc].\n",
        )
        .run();
    let html = run.read("a/index.html");
    assert!(
        html.contains("<cite class=\"source__title\" dir=\"auto\" lang=\"fr\">ICRC</cite>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"source__type\">Statement</span>"),
        "{html}"
    );
    Test::new()
        .file("content/sources.yaml", "sources:\n  - id: icrc\n    title: ICRC\n    type: blog\n")
        .failure()
        .stderr_contains("error[unknown-source-type]: `blog` is not a type of source\n  --> content/sources.yaml:4:11")
        .run();
}

#[test]
fn a_sources_archive_url_and_archived_day_are_checked_where_written() {
    Test::new()
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n    archive_url: javascript:alert(1)\n    archived: someday\n---\n",
        )
        .failure()
        .stderr_contains("--> content/a.md:7:18")
        .stderr_contains("--> content/a.md:8:15")
        .run();
}

#[test]
fn json_ld_and_claims_json_carry_a_books_isbn_doi_and_language() {
    let run = Test::new()
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - { id: b, title: Bk, type: book, isbn: 978-0-306-40615-7, language: de, doi: 10.1000/x }\nclaims:\n  - { id: c, text: X, status: confirmed, asserted_by: [b] }\n---\nText [@b, p. 3].\n",
        )
        .run();
    let html = run.read("a/index.html");
    assert!(html.contains("{\"@type\":\"Book\",\"name\":\"Bk\",\"inLanguage\":\"de\",\"isbn\":\"9780306406157\",\"sameAs\":\"https://doi.org/10.1000/x\"}"), "{html}");
    let claims = run.read("claims/claims-1.json");
    assert!(claims.contains("\"type\":\"book\",\"DOI\":\"10.1000/x\",\"ISBN\":\"9780306406157\",\"language\":\"de\"}"), "{claims}");
}

// A statement and a press release were both CSL's `document` in claims.json and a
// bare `CreativeWork` in JSON-LD: which one a source was got lost.
#[test]
fn a_press_release_keeps_its_genre_in_json_ld_and_claims_json() {
    let run = Test::new()
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - { id: p, title: P, type: press-release }\nclaims:\n  - { id: c, text: X, status: confirmed, asserted_by: [p] }\n---\nText [@p].\n",
        )
        .run();
    let html = run.read("a/index.html");
    assert!(
        html.contains("{\"@type\":\"CreativeWork\",\"name\":\"P\",\"genre\":\"press release\"}"),
        "{html}"
    );
    let claims = run.read("claims/claims-1.json");
    assert!(
        claims.contains("\"type\":\"document\",\"genre\":\"press release\"}"),
        "{claims}"
    );
}
