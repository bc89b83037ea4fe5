//! Search built in (issue 20): a Pagefind index of articles and claims under
//! `pagefind/`, the search page, `search = false`. The browser test in `browser.rs`
//! proves the page finds and filters.

use crate::support::{repo_root, Test, SITE_TOML};

fn article(title: &str, body: &str, claims: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2016-12-08\ntags: [syria]\n{claims}---\n\n{body}\n")
}

const CLAIMS: &str = "sources:\n  - id: s\n    title: \"S\"\nclaims:\n  - id: halt\n    text: \"The army halted.\"\n    status: disputed\n    asserted_by: [s]\n  - id: aid\n    text: \"Aid arrived.\"\n    status: confirmed\n    asserted_by: [s]\n";

/// How many records Pagefind says its index holds.
fn page_count(entry: &str) -> u64 {
    let entry: serde_json::Value = serde_json::from_str(entry).unwrap();
    entry["languages"]["en"]["page_count"].as_u64().unwrap()
}

#[test]
fn the_index_holds_each_article_and_claim_and_no_list_page() {
    let run = Test::new()
        .file("site.toml", format!("{SITE_TOML}search = true\n"))
        .file(
            "content/a.md",
            article("A", "Text of a [claim](claim:halt).", CLAIMS),
        )
        .file("content/b.md", article("B", "Text of b.", ""))
        .run();
    // Two articles and two claims: no home, tag, ledger, sources or 404 page.
    assert_eq!(page_count(&run.read("pagefind/pagefind-entry.json")), 4);
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
    ] {
        assert!(run.exists(file), "{file}");
    }
    assert!(
        !run.exists("pagefind/pagefind-component-ui.js"),
        "an unused UI is written"
    );
    let search = run.read("search/index.html");
    assert!(search.contains("<noscript>") && search.contains("href=\"/claims/\""));
    assert!(run
        .read("index.html")
        .contains("<a href=\"/search/\">Search</a>"));
    assert!(
        !run.read("a/index.html").contains("pagefind"),
        "an article loads Pagefind"
    );
    assert!(!run.read("sitemap.xml").contains("/search/"));
}

#[test]
fn search_false_writes_no_index_no_page_and_no_link() {
    let run = Test::new()
        .file("site.toml", format!("{SITE_TOML}search = false\n"))
        .file("content/a.md", article("A", "Text.", CLAIMS))
        .run();
    assert!(!run.exists("pagefind"));
    assert!(!run.exists("search"));
    assert!(!run.read("index.html").contains("/search/"));
}

#[test]
fn search_is_off_unless_site_toml_turns_it_on() {
    let run = Test::new()
        .file("site.toml", SITE_TOML)
        .file("content/a.md", article("A", "Text.", CLAIMS))
        .run();
    assert!(!run.exists("pagefind") && !run.exists("search"));
    assert!(!run.read("index.html").contains("/search/"));
}

#[test]
fn a_theme_without_search_html_still_builds_with_search_false() {
    let theme = repo_root().join("themes/default/templates");
    let mut test = Test::new().file(
        "site.toml",
        format!("{SITE_TOML}search = false\ntheme = \"own\"\n"),
    );
    for entry in std::fs::read_dir(theme).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name != "search.html" {
            test = test.file(
                &format!("themes/own/templates/{name}"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    let run = test.file("content/a.md", article("A", "Text.", "")).run();
    assert!(run.exists("a/index.html"));
}

#[test]
fn the_example_site_s_index_is_the_same_bytes_in_every_build() {
    let root = repo_root();
    let example = || {
        let test = Test::new().file("site.toml", std::fs::read(root.join("site.toml")).unwrap());
        crate::support::copy_dir(&root.join("content"), &test.path().join("content"));
        test
    };
    let run = example().run();
    let first = run.snapshot();
    assert!(first
        .iter()
        .any(|(f, _)| f.starts_with("pagefind/fragment/")));
    let run = run.then().run();
    assert_eq!(first, run.snapshot(), "a second build");
    assert_eq!(
        first,
        example().run().snapshot(),
        "a fresh copy of the site"
    );
}
