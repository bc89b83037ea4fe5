//! The theme's words in the site's language: French and Russian (one/few/many
//! plurals) sites, a site's own override, and its mistakes placed.

use crate::support::*;

const ARTICLE: &str = "---
title: Alep
date: 2016-12-08
tags: [Syrie]
sources:
  - { id: un, title: Rapport, type: report, publisher: ONU }
  - { id: afp, title: Dépêche, publisher: AFP }
  - { id: b, title: B }
claims:
  - { id: c1, text: Un, status: confirmed, asserted_by: [un] }
  - { id: c2, text: Deux, status: disputed, asserted_by: [afp] }
  - { id: c3, text: Trois, status: misleading, asserted_by: [b] }
---
Texte [@un] [@afp] [@b].
";

fn site(language: &str) -> String {
    format!(
        "title = \"S\"\nbase_url = \"https://e.org/\"\nlanguage = \"{language}\"\n\
         [claims]\nstatuses = [\
         {{ key = \"confirmed\", label = \"Confirmed\", tone = \"confirmed\" }}, \
         {{ key = \"disputed\", label = \"Disputed\", tone = \"disputed\" }}, \
         {{ key = \"misleading\", label = \"Misleading\", tone = \"disputed\", \
         translations = {{ fr = {{ label = \"Trompeur\", description = \"Vrai en partie.\" }}, \
         ru = {{ label = \"Вводит в заблуждение\" }} }} }}]\n"
    )
}

#[test]
fn a_french_site_reads_french() {
    let run = Test::new()
        .file("site.toml", site("fr-CA"))
        .file("content/a.md", ARTICLE)
        .run();
    let page = run.read("a/index.html");
    for words in [
        "<a class=\"skip-link\" href=\"#main\">Aller au contenu principal</a>",
        "<span><a href=\"#byline-claims\">3 affirmations</a>:</span>",
        "d’après <a href=\"#byline-sources\">3 sources</a>",
        "aria-label=\"Source 1 : Rapport\"",
        "<span class=\"source__type\">Rapport</span>",
        "<h2 id=\"byline-sources\" class=\"sidebar__heading\">Sources</h2>",
        "<span class=\"badge badge--disputed\">Trompeur</span>",
        "<dd>Vrai en partie.</dd>",
        "<summary>Ce que signifient les verdicts</summary>",
    ] {
        assert!(page.contains(words), "{words}\n{page}");
    }
    let tag = run.read("tags/syrie/index.html");
    assert!(tag.contains("<title>Thème « Syrie » · S</title>"), "{tag}");
    assert!(tag.contains("<p class=\"lede\">1 article.</p>"), "{tag}");
    let home = run.read("index.html");
    assert!(
        home.contains("<span class=\"counts\">3 affirmations, 3 sources</span>"),
        "{home}"
    );
}

#[test]
fn a_russian_site_counts_in_russian() {
    let run = Test::new()
        .file("site.toml", site("ru"))
        .file("content/a.md", ARTICLE)
        .file("content/b.md", ARTICLE.replace("Alep", "Б").replace("c3, text: Trois, status: misleading, asserted_by: [b] }", "c3, text: Trois, status: misleading, asserted_by: [b] }\n  - { id: c4, text: Четыре, status: confirmed, asserted_by: [b] }\n  - { id: c5, text: Пять, status: confirmed, asserted_by: [b] }"))
        .run();
    let a = run.read("a/index.html");
    assert!(
        a.contains("<a href=\"#byline-claims\">3 утверждения</a>"),
        "{a}"
    );
    assert!(
        a.contains("по данным <a href=\"#byline-sources\">3 источников</a>"),
        "{a}"
    );
    assert!(
        a.contains("<span class=\"badge badge--disputed\">Вводит в заблуждение</span>"),
        "{a}"
    );
    let b = run.read("b/index.html");
    assert!(
        b.contains("<a href=\"#byline-claims\">5 утверждений</a>"),
        "{b}"
    );
    let tag = run.read("tags/syrie/index.html");
    assert!(tag.contains("<p class=\"lede\">2 статьи.</p>"), "{tag}");
    let claims = run.read("claims/index.html");
    assert!(
        claims.contains("<p class=\"lede\">8 утверждений на сайте,"),
        "{claims}"
    );
}

#[test]
fn a_site_overrides_a_word_and_is_told_of_an_unknown_key() {
    let run = Test::new()
        .file("site.toml", site("fr"))
        .file("content/a.md", ARTICLE)
        .file("i18n/fr.toml", "nav_home = \"Une\"\nnav_hom = \"x\"\n")
        .stderr_contains("warning[i18n]: unknown translation key `nav_hom`\n  --> i18n/fr.toml:2:1")
        .stderr_contains("= help: did you mean `nav_home`?")
        .run();
    let page = run.read("a/index.html");
    assert!(
        page.contains("aria-current=\"page\"") || page.contains(">Une</a>"),
        "{page}"
    );
    assert!(page.contains(">Une</a>"), "{page}");
}

#[test]
fn a_language_without_translations_stays_english_with_one_warning() {
    let run = Test::new()
        .file("site.toml", site("ja"))
        .file("content/a.md", ARTICLE)
        .stderr_contains(
            "warning[i18n]: site.toml: the theme has no translation into `ja`: its words stay English",
        )
        .run();
    let page = run.read("a/index.html");
    assert!(page.contains(">Skip to main content</a>"), "{page}");
}

#[test]
fn words_byline_writes_into_the_body_are_the_sites_language_too() {
    let run = Test::new()
        .file(
            "site.toml",
            "title = \"S\"\nbase_url = \"https://e.org/\"\nlanguage = \"de\"\n[claims]\npages = true\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2016-12-08\nsources: [{ id: s, title: S }]\n\
             claims: [{ id: c, text: C, status: disputed, asserted_by: [s] }]\n---\n\
             [Es](claim:c) ist so.[^n] [@s]\n\n[^n]: Eine Anmerkung.\n",
        )
        .run();
    let page = run.read("a/index.html");
    for expected in [
        "<span class=\"visually-hidden\">Bewertung der Behauptung: </span>Umstritten</a>",
        "aria-label=\"Umstritten: die Seite der Behauptung\">↗</a>",
        "aria-label=\"Anmerkungen\">\n<h2 class=\"endnotes__heading\">Anmerkungen</h2>",
        "role=\"doc-backlink\" aria-label=\"Zurück zum Verweis 1\">↩</a>",
    ] {
        assert!(page.contains(expected), "no {expected} in {page}");
    }
}
