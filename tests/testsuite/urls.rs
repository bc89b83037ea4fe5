//! URLs made from file names and slugs: percent-encoded wherever they are written, and
//! never landing on a file byline generates itself.

use crate::support::*;

fn article(title: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2016-12-08\n---\n\nText.\n")
}

fn with_slug(slug: &str) -> String {
    format!("---\ntitle: T\ndate: 2016-12-08\nslug: \"{slug}\"\n---\n")
}

#[test]
fn file_names_with_url_characters_are_percent_encoded_everywhere() {
    let run = Test::new()
        .file("content/a?b.md", article("Question"))
        .file("content/a#b.md", article("Hash"))
        .file("content/a%b.md", article("Percent"))
        .file("content/%2e%2e.md", article("Dots"))
        .file("content/a b/c.md", article("Space"))
        .file("content/café.md", article("Accent"))
        .file(
            "content/links.md",
            "---\ntitle: Links\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\nclaims:\n  - id: c\n    text: C\n    status: confirmed\n    asserted_by: [s]\n---\n\n[q](a%3Fb.md) [h](a%23b.md) [s](<a b/c.md>) [c](claim:c) [@s]\n",
        )
        .run();
    let home = run.read("index.html");
    for (url, file) in [
        ("/a%3Fb/", "a?b/index.html"),
        ("/a%23b/", "a#b/index.html"),
        ("/a%25b/", "a%b/index.html"),
        ("/%252e%252e/", "%2e%2e/index.html"),
        ("/a%20b/c/", "a b/c/index.html"),
        ("/caf%C3%A9/", "café/index.html"),
    ] {
        assert!(home.contains(&format!("href=\"{url}\"")), "{url}:\n{home}");
        assert!(run.exists(file), "{file}");
        assert!(
            run.read("sitemap.xml")
                .contains(&format!("<loc>https://example.org{url}</loc>")),
            "{url} in the sitemap"
        );
        assert!(
            run.read("atom.xml")
                .contains(&format!("href=\"https://example.org{url}\"")),
            "{url} in the feed"
        );
    }
    let links = run.read("links/index.html");
    assert!(links.contains("<a href=\"/a%3Fb/\">q</a>"), "{links}");
    assert!(links.contains("<a href=\"/a%23b/\">h</a>"), "{links}");
    assert!(links.contains("<a href=\"/a%20b/c/\">s</a>"), "{links}");
    let page = run.read("a?b/index.html");
    assert!(
        page.contains("\"url\":\"https://example.org/a%3Fb/\""),
        "JSON-LD: {page}"
    );
    assert!(run
        .read("claims/claims-1.json")
        .contains("\"url\":\"https://example.org/links/#claim-c\""));
    assert_links_resolve(&run.path().join("public"), "/");
}

#[test]
fn a_file_name_no_url_can_carry_is_refused() {
    Test::new()
        .file("content/new\nline.md", article("Newline"))
        .file("content/tab\there/a.md", article("Tab"))
        .file("content/back\\slash.md", article("Backslash"))
        .failure()
        .stderr(
            "error[invalid-file-name]: content/back\\\\slash.md: this file name has a backslash, which no URL can carry
 = help: rename the file: letters, digits, `-` and `_` make the clearest URLs

error[invalid-file-name]: content/new\\nline.md: this file name has a control character (a newline, a tab…), which no URL can carry
 = help: rename the file: letters, digits, `-` and `_` make the clearest URLs

error[invalid-file-name]: content/tab\\there/a.md: this file name has a control character (a newline, a tab…), which no URL can carry
 = help: rename the file: letters, digits, `-` and `_` make the clearest URLs

error: build failed with 3 errors
",
        )
        .run();
}

#[test]
fn an_article_on_a_file_byline_generates_is_a_url_collision() {
    let mut t = Test::new().failure();
    let cases = [
        ("atom.xml", "the site's Atom feed (/atom.xml)"),
        ("sitemap.xml", "the sitemap (/sitemap.xml)"),
        ("robots.txt", "the file for crawlers (/robots.txt)"),
        ("claims.json", "the claims export (/claims.json)"),
        ("404.html", "the not-found page (/404.html)"),
        ("index.html", "the home page (/index.html)"),
    ];
    for (slug, what) in cases {
        t = t.file(&format!("content/{slug}-article.md"), with_slug(slug));
        t = t.stderr_contains(&format!(
            "error[url-collision]: content/{slug}-article.md: this article would be published at /{slug}/, which collides with {what}\n"
        ));
    }
    t.stderr_contains("build failed with 6 errors").run();
}

#[test]
fn an_article_on_a_theme_s_static_file_is_a_url_collision() {
    Test::new()
        .file("content/a.md", with_slug("style.css"))
        .failure()
        .stderr(
            "error[url-collision]: content/a.md: this article would be published at /style.css/, which collides with the static file themes/default/static/style.css
 = help: rename the file, or give it a different `slug`

error: build failed with 1 error
",
        )
        .run();
}

#[test]
fn an_article_under_another_article_s_page_file_is_a_url_collision() {
    Test::new()
        .file("content/a.md", article("A"))
        .file("content/a/index.html.md", article("Inside"))
        .failure()
        .stderr_contains(
            "error[url-collision]: content/a/index.html.md: this article would be published at /a/index.html/, which collides with the page of content/a.md (/a/index.html)\n",
        )
        .run();
}

#[test]
fn a_static_file_replacing_a_generated_page_is_a_warning() {
    let run = Test::new()
        .file("content/a.md", article("A"))
        .file("static/atom.xml", "my feed")
        .file("static/a/index.html", "my page")
        .file("static/robots.txt", "my robots")
        .stderr(
            "warning[static-replaces-page]: static/a/index.html: this file replaces the page of content/a.md, which byline generates at /a/index.html
 = help: remove or rename the file to publish byline's own; only robots.txt is meant to be replaced

warning[static-replaces-page]: static/atom.xml: this file replaces the site's Atom feed, which byline generates at /atom.xml
 = help: remove or rename the file to publish byline's own; only robots.txt is meant to be replaced

Built 11 pages in [T] ms
",
        )
        .run();
    assert_eq!(run.read("atom.xml"), "my feed");
    assert_eq!(run.read("a/index.html"), "my page");
    assert_eq!(run.read("robots.txt"), "my robots");
}

#[test]
fn a_static_file_replacing_a_list_page_or_tag_feed_says_which_it_replaces() {
    Test::new()
        .file("content/a.md", "---\ntitle: A\ndate: 2016-12-08\ntags: [one]\n---\n")
        .file("static/tags/index.html", "my tags")
        .file("static/tags/one/atom.xml", "my feed")
        .stderr_contains("warning[static-replaces-page]: static/tags/index.html: this file replaces the tag index, which byline generates at /tags/index.html\n")
        .stderr_contains("warning[static-replaces-page]: static/tags/one/atom.xml: this file replaces a tag's Atom feed, which byline generates at /tags/one/atom.xml\n")
        .run();
    Test::new()
        .file("content/a.md", article("A"))
        .file("static/claims/index.html/x", "in the way")
        .failure()
        .stderr_contains("error[url-collision]: static/claims/index.html/x: this file is in the folder /claims/index.html/, where byline writes the claims ledger\n")
        .run();
}

#[test]
fn a_static_file_where_byline_needs_a_folder_is_an_error() {
    Test::new()
        .file("content/a.md", article("A"))
        .file("static/tags", "a file, not a folder")
        .failure()
        .stderr_contains(
            "error[url-collision]: static/tags: this file stands where byline writes the folder /tags/",
        )
        .run();
}

#[test]
fn custom_status_keys_that_share_a_page_are_refused() {
    Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[claims]\nstatuses = [\n  {{ key = \"a b\", label = \"A\", tone = \"confirmed\" }},\n  {{ key = \"a-b\", label = \"B\", tone = \"false\" }},\n]\n"),
        )
        .file("content/a.md", article("A"))
        .failure()
        .stderr_contains("error[config]: statuses `a b` and `a-b` would share the page /claims/a-b/")
        .stderr_contains("--> site.toml:6:11")
        .run();
}
