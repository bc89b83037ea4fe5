//! A site in several languages (issue 19): `languages` in site.toml, translations
//! named `b.fr.md` / `b/index.fr.md` beside the article they translate, each language's
//! pages under its folder (`/fr/…`, base path kept), its own lists, and the versions
//! of an article pointing to each other (head, switcher, sitemap).

use crate::support::*;

const SITE: &str = "title = \"T\"\nbase_url = \"https://e.org/p/\"\nlanguage = \"en\"\nlanguages = [\"en\", \"fr\", \"ar\"]\n";

const ENGLISH: &str = "---
title: Hello
date: 2024-01-02
tags: [war]
sources:
  - id: un
    title: UN
    url: https://example.org/un
claims:
  - id: sky
    text: The sky is green.
    status: false
    asserted_by: [un]
---
Body [other](../../other.md), [alone](../../alone.md) [@un]. ![A map](map.svg)
";

const FRENCH: &str = "---
title: Bonjour
date: 2024-01-02
tags: [guerre]
sources:
  - id: un
    title: UN
    url: https://example.org/un
claims:
  - id: sky
    text: Le ciel est vert.
    status: false
    asserted_by: [un]
---
Texte [autre](../../other.md), [seul](../../alone.md) [@un]. ![Une carte](map.svg)
";

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";

fn article(title: &str, date: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n---\nText.\n")
}

fn site() -> Test {
    Test::new()
        .file("site.toml", SITE)
        .file("content/a/b/index.md", ENGLISH)
        .file("content/a/b/index.fr.md", FRENCH)
        .file("content/a/b/map.svg", SVG)
        .file("content/other.md", article("Other", "2024-01-01"))
        .file("content/other.fr.md", article("Autre", "2024-01-01"))
        .file("content/alone.md", article("Alone", "2023-05-01"))
        .file("content/only.ar.md", article("مرحبا", "2024-01-03"))
}

fn built() -> Run {
    site().run()
}

#[test]
fn a_translation_is_published_under_its_language_folder_and_the_base_path() {
    let run = built();
    let fr = run.read("fr/a/b/index.html");
    assert!(
        fr.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "{fr}"
    );
    assert!(fr.contains("<link rel=\"canonical\" href=\"https://e.org/p/fr/a/b/\">"));
    assert!(fr.contains("2 janvier 2024"), "the date is French");
    assert!(
        fr.contains(">Accueil</a>") && fr.contains("aria-label=\"Langues\""),
        "and the words"
    );
    assert!(run.read("ar/index.html").contains(">الرئيسية</a>"));
    assert!(
        run.exists("fr/a/b/map.svg"),
        "the folder's files are beside it"
    );
    assert!(run
        .read("ar/only/index.html")
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
    // Static files stay at the root, once.
    assert!(fr.contains("href=\"/p/style.css\""));
    assert!(!run.exists("fr/style.css"));
    assert!(assert_links_resolve(&run.path().join("public"), "/p/") > 0);
}

#[test]
fn a_translations_links_lead_to_its_language_where_the_article_is_translated() {
    let fr = built().read("fr/a/b/index.html");
    assert!(fr.contains("<a href=\"/p/fr/other/\">autre</a>"), "{fr}");
    assert!(fr.contains("<a href=\"/p/alone/\">seul</a>"), "{fr}");
}

#[test]
fn each_language_has_its_own_home_tags_ledger_sources_feeds_and_404() {
    let run = built();
    let (home, home_fr) = (run.read("index.html"), run.read("fr/index.html"));
    assert!(home.contains("Hello") && !home.contains("Bonjour"));
    assert!(home_fr.contains("Bonjour") && home_fr.contains("Autre"));
    assert!(!home_fr.contains("Hello") && !home_fr.contains("Alone"));
    assert!(run.read("ar/index.html").contains("مرحبا"));
    assert!(run.exists("fr/tags/guerre/index.html") && !run.exists("fr/tags/war/index.html"));
    assert!(run.exists("tags/war/index.html") && !run.exists("tags/guerre/index.html"));
    let claims_fr = run.read("fr/claims/false/index.html");
    assert!(claims_fr.contains("Le ciel est vert.") && !claims_fr.contains("The sky"));
    for file in [
        "sources/index.html",
        "atom.xml",
        "corrections/index.html",
        "404.html",
    ] {
        assert!(run.exists(&format!("fr/{file}")), "fr/{file}");
        assert!(run.exists(&format!("ar/{file}")), "ar/{file}");
    }
    let feed = run.read("fr/atom.xml");
    assert!(feed.contains("xml:lang=\"fr\"") && feed.contains("Bonjour"));
    assert!(!feed.contains("Hello"));
    assert!(run.read("fr/index.html").contains("href=\"/p/fr/tags/\""));
}

#[test]
fn an_articles_versions_point_to_each_other_and_a_missing_one_is_not_offered() {
    let run = built();
    let alternates = "<link rel=\"alternate\" hreflang=\"en\" href=\"https://e.org/p/a/b/\">\n\
         <link rel=\"alternate\" hreflang=\"fr\" href=\"https://e.org/p/fr/a/b/\">\n";
    for page in ["a/b/index.html", "fr/a/b/index.html"] {
        let html = run.read(page);
        assert!(html.contains(alternates), "{page}: {html}");
        assert!(!html.contains("hreflang=\"ar\""), "{page}");
    }
    let en = run.read("a/b/index.html");
    assert!(
        en.contains("<a href=\"/p/fr/a/b/\" hreflang=\"fr\" lang=\"fr\" dir=\"auto\">Français</a>"),
        "{en}"
    );
    assert!(en.contains("<span aria-current=\"page\" lang=\"en\" dir=\"auto\">English</span>"));
    for page in ["alone/index.html", "ar/only/index.html"] {
        let html = run.read(page);
        assert!(
            !html.contains("hreflang") && !html.contains("class=\"translations\""),
            "{page}"
        );
    }
}

#[test]
fn each_languages_sitemap_lists_its_pages_with_their_versions_and_robots_names_them_all() {
    let run = built();
    let sitemap = run.read("fr/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(
        sitemap.contains(
            "    <loc>https://e.org/p/fr/a/b/</loc>\n    <lastmod>2024-01-02</lastmod>\n    \
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://e.org/p/a/b/\"/>\n    \
         <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://e.org/p/fr/a/b/\"/>\n"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("<loc>https://e.org/p/a/b/</loc>"));
    assert_eq!(
        run.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://e.org/p/sitemap.xml\n\
         Sitemap: https://e.org/p/fr/sitemap.xml\nSitemap: https://e.org/p/ar/sitemap.xml\n"
    );
    assert!(!run.exists("fr/robots.txt") && !run.exists("fr/claims.json"));
}

#[test]
fn a_file_named_for_a_language_the_site_does_not_declare_is_refused() {
    site()
        .file("content/x.de.md", article("X", "2024-01-01"))
        .file("content/y.en.md", article("Y", "2024-01-01"))
        .failure()
        .stderr_contains(
            "error[file-language]: content/x.de.md: `de` reads as a language, and the site's languages are en, fr, ar\n \
             = help: add \"de\" to `languages` in site.toml, or rename the file without `.de`\n",
        )
        .stderr_contains("error[file-language]: content/y.en.md: `en` is the site's default language, which file names leave out\n = help: rename the file to content/y.md\n")
        .run();
}

#[test]
fn a_site_in_one_language_reads_no_language_from_file_names() {
    let run = Test::new()
        .file("content/notes.fr.md", article("Notes", "2024-01-01"))
        .run();
    assert!(run.exists("notes.fr/index.html"));
    assert!(!run.read("sitemap.xml").contains("xhtml"));
    assert!(!run.read("notes.fr/index.html").contains("hreflang"));
}

#[test]
fn languages_must_list_the_default_once_each() {
    Test::new()
        .file("site.toml", "title = \"T\"\nbase_url = \"https://e.org/\"\nlanguage = \"en\"\nlanguages = [\"fr\", \"ar\", \"fr\"]\n")
        .failure()
        .stderr_contains("`fr` is listed twice in `languages`")
        .stderr_contains("`languages` does not list the site's language, `en`")
        .run();
}

#[test]
fn an_article_of_the_default_language_in_a_languages_folder_is_a_collision() {
    site()
        .file("content/fr/x.md", article("X", "2024-01-01"))
        .failure()
        .stderr_contains("error[url-collision]: content/fr/x.md: this article would be published at /fr/x/, in the folder of the site's pages in `fr`")
        .run();
}

#[test]
fn a_claim_is_one_claim_in_claims_json_with_its_text_in_each_language() {
    let run = built();
    let page = run.read("claims/claims-1.json");
    let json: serde_json::Value = serde_json::from_str(&page).unwrap();
    let claims = json["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1, "{page}");
    assert_eq!(claims[0]["text"], "The sky is green.");
    assert_eq!(
        claims[0]["texts"],
        serde_json::json!({ "fr": "Le ciel est vert." })
    );
    assert!(run
        .read("fr/claims/index.html")
        .contains("href=\"/p/claims.json\""));
}

fn alone() -> String {
    ENGLISH
        .replace("../../", "")
        .replace(" ![A map](map.svg)", "")
}

#[test]
fn new_with_a_language_copies_the_article_beside_it_to_translate() {
    let run = site()
        .file("content/alone.md", alone())
        .args(&["new", "--lang", "ar", "content/alone.md"])
        .stderr("Created content/alone.ar.md\n")
        .run();
    let text = std::fs::read_to_string(run.path().join("content/alone.ar.md")).unwrap();
    assert!(
        text.starts_with("---\n# Translated from content/alone.md: translate"),
        "{text}"
    );
    assert!(text.ends_with(&alone()["---\n".len()..]));
    let built = run.then().args(&["build"]).run();
    assert!(built
        .read("ar/alone/index.html")
        .contains("hreflang=\"en\""));
    built
        .then()
        .args(&["new", "--lang", "ar", "content/alone.md"])
        .failure()
        .stderr_contains("error[exists]: content/alone.ar.md already exists")
        .run();
    Test::new()
        .file("content/a.md", article("A", "2024-01-01"))
        .args(&["new", "--lang", "fr", "a.md"])
        .failure()
        .stderr_contains("`fr` is not one of the site's other languages (en)")
        .run();
}

#[test]
fn each_language_has_its_own_search_index_and_page() {
    let run = site()
        .file("site.toml", format!("{SITE}search = true\n"))
        .run();
    let entry =
        |file: &str| -> serde_json::Value { serde_json::from_str(&run.read(file)).unwrap() };
    let languages = |file: &str| {
        let e = entry(file);
        let mut tags: Vec<String> = e["languages"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        tags.sort();
        tags
    };
    assert_eq!(languages("pagefind/pagefind-entry.json"), ["en"]);
    assert_eq!(languages("fr/pagefind/pagefind-entry.json"), ["fr"]);
    assert_eq!(languages("ar/pagefind/pagefind-entry.json"), ["ar"]);
    // Two French articles and one claim.
    assert_eq!(
        entry("fr/pagefind/pagefind-entry.json")["languages"]["fr"]["page_count"],
        3
    );
    let page = run.read("fr/search/index.html");
    assert!(page.contains("bundlePath: \"/p/fr/pagefind/\""), "{page}");
}
