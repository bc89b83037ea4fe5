//! A successful build: what the pages contain and where they are written.

use crate::support::*;

#[test]
fn prints_one_summary_line() {
    Test::fixture("basic")
        .stderr("Built 22 pages in [T] ms\n")
        .run();
}

#[test]
fn timings_give_each_stage_and_the_work_of_each_kind() {
    let run = Test::fixture("basic").args(&["build", "--timings"]).run();
    let rows: Vec<&str> = run.stderr.lines().skip(1).collect();
    let names: Vec<&str> = rows
        .iter()
        .filter(|r| r.contains(" ms  "))
        .filter_map(|r| r.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "load",
            "render",
            "lists",
            "write",
            "markdown",
            "templates",
            "writing",
            "search"
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("threads:"), "{}", run.stderr);
}

#[test]
fn article_page_has_sidebar_with_every_source_and_claim() {
    let run = Test::fixture("basic").run();
    let html = run.read("news/halt/index.html");
    let aside = &html[html.find("<aside").expect("an <aside>")..];
    for id in [
        "source-minister",
        "source-residents",
        "source-envoy",
        "claim-halted",
        "claim-unverifiable",
    ] {
        assert!(
            aside.contains(&format!("id=\"{id}\"")),
            "sidebar lacks #{id}"
        );
    }
    for text in [
        "Statement by the minister",
        "Ministry of Foreign Affairs",
        "A. Minister",
        "Residents reached by phone",
        "Several residents, by phone and text message.",
        "The army halted its offensive.",
        "No independent check was possible.",
    ] {
        assert!(aside.contains(text), "sidebar lacks {text:?}");
    }
    assert!(aside.contains("href=\"https://example.org/statement\""));
    assert!(
        aside.contains("href=\"/documents/briefing/\""),
        "site-relative source URL"
    );
    assert!(aside.contains("datetime=\"2016-12-09\""), "accessed date");
}

#[test]
fn badges_say_the_status_in_words() {
    let run = Test::fixture("basic").run();
    let html = run.read("news/halt/index.html");
    assert!(html.contains("<span class=\"claim claim--disputed\" id=\"claim-ref-halted-1\">the army halted its offensive <a class=\"badge badge--disputed\" href=\"#claim-halted\"><span class=\"visually-hidden\">Claim status: </span>Disputed</a><a class=\"claim__page\" href=\"/claims/news/halt/halted/\" aria-label=\"Disputed: the claim’s page\">↗</a></span>"), "{html}");
    assert!(html.contains(">Confirmed</a><a class=\"claim__page\""));
    let middle = run.read("news/middle/index.html");
    assert!(middle.contains("<span class=\"visually-hidden\">Claim status: </span>False</a>"));
}

#[test]
fn citation_markers_and_badges_link_into_the_sidebar_and_back() {
    let run = Test::fixture("basic").run();
    let html = run.read("news/halt/index.html");
    assert!(html.contains("<a href=\"#source-minister\" id=\"cite-1\" aria-label=\"Source 1: Statement by the minister\">[1]</a>"));
    assert!(html.contains("<a href=\"#source-envoy\" id=\"cite-3\""));
    for back in [
        "#cite-1",
        "#cite-2",
        "#cite-3",
        "#cite-4",
        "#claim-ref-halted-1",
    ] {
        assert!(
            html.contains(&format!("href=\"{back}\"")),
            "no link back to {back}"
        );
    }
    assert_fragments_resolve(&html);
}

#[test]
fn html_in_front_matter_is_escaped() {
    let run = Test::fixture("basic").run();
    let html = run.read("news/halt/index.html");
    assert!(!html.contains("<em>halt</em>"));
    assert!(
        html.contains("Did the army &lt;em&gt;halt&lt;&#x2F;em&gt; the offensive?")
            || html.contains("Did the army &lt;em&gt;halt&lt;/em&gt; the offensive?")
    );
    assert!(!html.contains("Desk <One>"));
    assert!(!run.read("index.html").contains("Fixture <News>"));
}

#[test]
fn drafts_are_built_only_with_the_flag() {
    let run = Test::fixture("basic").run();
    assert!(!run.exists("news/secret/index.html"));
    assert!(!run.read("index.html").contains("Secret draft"));
    let run = run.then().args(&["build", "--drafts"]).run();
    assert!(run.exists("news/secret/index.html"));
    assert!(run.read("index.html").contains("Secret draft"));
}

#[test]
fn home_page_lists_articles_newest_first_with_disputed_counts() {
    let run = Test::fixture("basic").run();
    let html = run.read("index.html");
    let pos = |t: &str| html.find(t).unwrap_or_else(|| panic!("home lacks {t}"));
    assert!(pos("Did the army") < pos("Middle report"));
    assert!(pos("Middle report") < pos("Older report"));
    assert!(html.contains("1 disputed"));
    assert!(html.contains("Officials say yes &amp; residents say no."));
}

#[test]
fn tags_get_an_index_and_a_page_each() {
    let run = Test::fixture("basic").run();
    let tags = run.read("tags/index.html");
    assert!(tags.contains("href=\"/tags/syria/\"") && tags.contains("href=\"/tags/aleppo/\""));
    let syria = run.read("tags/syria/index.html");
    assert!(syria.contains("Did the army") && syria.contains("Older report"));
    assert!(!syria.contains("Middle report"));
}

#[test]
fn md_links_become_page_links() {
    let run = Test::fixture("basic").run();
    assert!(run
        .read("news/halt/index.html")
        .contains("href=\"/news/older/\""));
    assert!(run
        .read("news/older/index.html")
        .contains("href=\"/news/halt/#byline-sources\""));
}

#[test]
fn code_is_highlighted_with_classes_and_tables_render() {
    let run = Test::fixture("basic").run();
    let html = run.read("news/middle/index.html");
    assert!(
        html.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
        "{html}"
    );
    // Without the spans that colour nothing, or the language's name in every class.
    assert!(
        !html.contains("hl-source") && !html.contains("hl-rust"),
        "{html}"
    );
    assert!(html.contains("<table>"));
}

#[test]
fn static_files_from_theme_and_site_are_copied() {
    let run = Test::fixture("basic").run();
    assert!(run.exists("style.css"));
    assert_eq!(run.read("robots-extra.txt"), "User-agent: *\n");
}

#[test]
fn site_templates_override_the_theme() {
    let run = Test::fixture("basic")
        .file(
            "templates/tags.html",
            "custom tags page: {% for t in tags %}{{ t.name }}={{ t.count }} {% endfor %}",
        )
        .run();
    assert_eq!(
        run.read("tags/index.html"),
        "custom tags page: Aleppo=1 syria=2 "
    );
}

#[test]
fn every_link_works_under_a_sub_path_base_url() {
    let run = Test::fixture("basic")
        .args(&["build", "--base-url", "https://user.github.io/project"])
        .run();
    for page in [
        "index.html",
        "news/halt/index.html",
        "tags/index.html",
        "tags/syria/index.html",
    ] {
        let html = run.read(page);
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.starts_with('/') {
                assert!(
                    url.starts_with("/project/"),
                    "{page}: {url} ignores the base path"
                );
            }
        }
    }
    assert!(run
        .read("news/halt/index.html")
        .contains("href=\"/project/documents/briefing/\""));
    assert!(run
        .read("news/halt/index.html")
        .contains("href=\"/project/tags/\""));
}

#[test]
fn building_twice_gives_identical_bytes() {
    let run = Test::fixture("basic").run();
    let first = run.snapshot();
    let run = run.then().run();
    assert_eq!(first, run.snapshot());
    let other = Test::fixture("basic").run();
    assert_eq!(
        first,
        other.snapshot(),
        "a fresh copy of the site builds to the same bytes"
    );
}

#[test]
fn crlf_and_bom_are_valid_input() {
    let run = Test::new()
        .file(
            "content/a.md",
            "\u{feff}---\r\ntitle: Windows\r\ndate: 2020-01-02\r\n---\r\n\r\nHello *there*.\r\n",
        )
        .run();
    assert!(run.read("a/index.html").contains("<em>there</em>"));
}

#[test]
fn slug_replaces_the_file_name() {
    let run = Test::new()
        .file(
            "content/x/long-name.md",
            "---\ntitle: T\ndate: 2020-01-02\nslug: short\n---\n",
        )
        .run();
    assert!(run.exists("x/short/index.html"));
    assert!(!run.exists("x/long-name"));
}

#[test]
fn custom_status_vocabulary_is_used_for_badges() {
    let run = Test::new()
        .file("site.toml", format!("{SITE_TOML}[claims]\nstatuses = [{{ key = \"misleading\", label = \"Misleading\", tone = \"disputed\" }}]\n"))
        .file("content/a.md", "---\ntitle: T\ndate: 2020-01-02\nclaims:\n  - id: c\n    text: X\n    status: misleading\n---\n[x](claim:c)\n")
        .run();
    let html = run.read("a/index.html");
    assert!(html.contains("badge--disputed\" href=\"#claim-c\"><span class=\"visually-hidden\">Claim status: </span>Misleading</a>"));
    assert!(run.read("index.html").contains("1 disputed"));
}

#[test]
fn check_writes_nothing() {
    let run = Test::fixture("basic")
        .args(&["check"])
        .stderr("Checked 22 pages in [T] ms: no errors\n")
        .run();
    assert!(!run.path().join("public").exists());
    let leftovers: Vec<_> = std::fs::read_dir(run.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn output_flag_chooses_the_folder() {
    let run = Test::fixture("basic")
        .args(&["build", "--output", "dist"])
        .run();
    assert!(run.path().join("dist/index.html").exists());
    assert!(!run.path().join("public").exists());
}

#[test]
fn a_relative_output_folder_is_taken_from_the_site_root() {
    let run = Test::new()
        .file("site/site.toml", SITE_TOML)
        .file(
            "site/content/a.md",
            "---\ntitle: A\ndate: 2020-01-01\n---\nBody.\n",
        )
        .args(&["build", "--root", "site", "--output", "dist"])
        .run();
    assert!(run.path().join("site/dist/a/index.html").exists());
    assert!(!run.path().join("dist").exists());
}

#[test]
fn the_home_page_and_tag_pages_hold_a_hundred_articles_a_page() {
    let mut t = Test::new();
    for i in 0..130 {
        t = t.file(
            &format!("content/a{i:03}.md"),
            format!(
                "---\ntitle: Article {i}\ndate: 2020-01-01T00:{:02}:{:02}Z\ntags: [all]\n---\n",
                i / 60,
                i % 60
            ),
        );
    }
    let run = t.run();
    let first = run.read("index.html");
    let second = run.read("page/2/index.html");
    assert_eq!(first.matches("class=\"article-card\"").count(), 100);
    assert_eq!(second.matches("class=\"article-card\"").count(), 30);
    // Newest first across pages: 129 opens page one, 0 closes page two.
    assert!(first.find(">Article 129<").unwrap() < first.find(">Article 30<").unwrap());
    assert!(
        second.contains(">Article 29<")
            && second.contains(">Article 0<")
            && !second.contains(">Article 30<")
    );
    assert!(first.contains("<a href=\"/page/2/\" rel=\"next\">"));
    assert!(second.contains("<title>Test site (page 2 of 2)"));
    assert_eq!(
        run.read("tags/all/page/2/index.html")
            .matches("class=\"article-card\"")
            .count(),
        30
    );
    assert!(run
        .read("sitemap.xml")
        .contains("<loc>https://example.org/tags/all/page/2/</loc>"));
    assert_links_resolve(&run.path().join("public"), "/");
}

#[test]
fn an_article_may_not_take_the_home_page_s_page_urls() {
    Test::new()
        .file(
            "content/page/2.md",
            "---\ntitle: T\ndate: 2020-01-01\n---\n",
        )
        .failure()
        .stderr_contains("byline uses for its own pages under /page/")
        .run();
}

#[test]
fn the_themes_css_is_published_without_comments_and_the_sites_as_written() {
    let run = Test::new()
        .file("static/site.css", "/* mine */\na { color: red; }\n")
        .run();
    let theme = run.read("style.css");
    assert!(!theme.contains("/*") && theme.contains(".badge"), "{theme}");
    assert_eq!(run.read("site.css"), "/* mine */\na { color: red; }\n");
}
