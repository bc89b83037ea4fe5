//! Nothing in a Markdown file runs in a reader's browser unless the site says so:
//! raw HTML goes through the site's policy, headings take only ids and classes, and
//! no text a page or feed cannot carry gets through.

use crate::support::*;

const HEAD: &str = "---\ntitle: T\ndate: 2016-12-08\n---\n";

fn article(body: &str) -> String {
    format!("{HEAD}{body}")
}

#[test]
fn a_heading_cannot_set_event_handlers_or_take_bylines_ids() {
    let run = Test::new()
        .file(
            "content/a.md",
            article("## Hi {#main autofocus onfocus=alert(1)}\n"),
        )
        .failure()
        .stderr_contains(
            "error[heading-attribute]: a heading cannot set `autofocus`\n  --> content/a.md:5:14",
        )
        .stderr_contains(
            "error[heading-attribute]: a heading cannot set `onfocus`\n  --> content/a.md:5:24",
        )
        .stderr_contains(
            "error[reserved-id]: the id `main` is one byline uses\n  --> content/a.md:5:8",
        )
        .stderr_contains("build failed with 3 errors")
        .run();
    assert!(!run.exists("a/index.html"));
}

/// The first character of `xml` that XML 1.0 forbids, if any.
fn not_xml(xml: &str) -> Option<char> {
    xml.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    })
}

// An escaped `\x0b` in front matter reached the page and made atom.xml ill-formed,
// while the build reported success; a written one was reported at column 1 only.
#[test]
fn a_control_character_in_front_matter_is_an_error_at_its_place() {
    Test::new()
        .file(
            "content/a.md",
            "---\ntitle: \"A\u{1}b\"\ndate: 2016-12-08\n---\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\ndate: 2016-12-08\nsummary: \"x\\x0by\"\n---\n",
        )
        .file(
            "content/sources.yaml",
            "sources:\n  - id: s\n    title: \"S\\uFFFE\"\n",
        )
        .failure()
        .stderr_contains("error[control-character]: the front matter contains the control character U+0001\n  --> content/a.md:2:10")
        .stderr_contains("error[control-character]: the front matter contains the control character U+000B\n  --> content/b.md:4:10")
        .stderr_contains("error[control-character]: the front matter contains the character U+FFFE\n  --> content/sources.yaml:3:12")
        .run();
}

// A NUL or a `&#11;` in the body reached the page and the feed.
#[test]
fn a_control_character_in_the_body_is_an_error_at_its_place() {
    Test::new()
        .file("content/a.md", article("One\n\nTwo \0 and \u{b}.\n"))
        .file("content/b.md", article("See &#11; and `&#11;`.\n"))
        .failure()
        .stderr_contains("error[control-character]: the text contains the control character U+0000 (2 in this file)\n  --> content/a.md:7:5")
        .stderr_contains("error[control-character]: `&#11;` is the control character U+000B\n  --> content/b.md:5:5")
        .stderr_contains("build failed with 2 errors")
        .run();
}

// site.toml may spell any character with an escape; the feeds byline writes are
// well-formed XML whatever the text.
#[test]
fn feeds_and_the_sitemap_are_well_formed_whatever_the_text() {
    let run = Test::new()
        .file(
            "site.toml",
            "title = \"Test\\u0001 site\"\nbase_url = \"https://example.org/\"\ndescription = \"d\\u000b\"\n",
        )
        .file("content/a.md", article("Body.\n"))
        .run();
    for feed in ["atom.xml", "sitemap.xml"] {
        let xml = run.read(feed);
        assert_eq!(not_xml(&xml), None, "{feed}:\n{xml}");
    }
    assert!(run
        .read("atom.xml")
        .contains("<title>Test\u{fffd} site</title>"));
}

const ATTACKS: &str = "<span title=\"kept\" onclick=\"steal()\">a *span*</span> <a href=\"javascript:alert(1)\">x</a> <img src=\"a.png\" onerror=\"alert(1)\"> <mark>kept</mark>\n\n<script>alert(1)</script>\n\n<details open><summary>More</summary>\n\nHidden *text*.\n\n</details>\n";

/// The article body of a built page.
fn body_of(page: &str) -> &str {
    let start = page.find("article__body\">").expect("an article body");
    &page[start..start + page[start..].find("</article>").unwrap()]
}

fn with_markdown(policy: &str) -> String {
    format!("{SITE_TOML}[markdown]\n{policy}\n")
}

// Raw HTML was copied unchanged: scripts, handlers and javascript: URLs ran.
#[test]
fn raw_html_is_sanitized_unless_the_site_trusts_it() {
    let run = Test::new().file("content/a.md", article(ATTACKS)).run();
    let html = run.read("a/index.html");
    let page = body_of(&html);
    for gone in [
        "<script",
        "alert(1)",
        "onclick",
        "steal()",
        "onerror",
        "javascript:",
    ] {
        assert!(!page.contains(gone), "{gone} is still in the page:\n{page}");
    }
    for kept in [
        "<span title=\"kept\">a <em>span</em></span>",
        "<mark>kept</mark>",
        "<details open=\"\"><summary>More</summary>\n<p>Hidden <em>text</em>.</p>\n</details>",
        "<img src=\"a.png\">",
    ] {
        assert!(page.contains(kept), "{kept} is missing:\n{page}");
    }
    assert!(!run.read("atom.xml").contains("steal()"));

    let run = Test::new()
        .file("site.toml", with_markdown("raw_html = \"trusted\""))
        .file("content/a.md", article(ATTACKS))
        .run();
    let html = run.read("a/index.html");
    let page = body_of(&html);
    assert!(page.contains("<script>alert(1)</script>"), "{page}");
    assert!(page.contains("onclick=\"steal()\""), "{page}");
}

#[test]
fn iframes_may_show_only_the_hosts_the_site_lists() {
    let video = "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\" onload=\"x()\"></iframe>\n";
    Test::new()
        .file("content/a.md", article(&format!("Text.\n\n{video}\n<iframe src=\"javascript:alert(1)\"></iframe>\n")))
        .failure()
        .stderr_contains("error[iframe-host]: an iframe may show only the pages of hosts site.toml lists, not `https://www.youtube-nocookie.com/embed/x`\n  --> content/a.md:7:14")
        .stderr_contains("= help: list its host in site.toml, `[markdown] iframe_hosts = [\"www.youtube-nocookie.com\"]`, or link to the page instead")
        .stderr_contains("error[iframe-host]: an iframe may show only the pages of hosts site.toml lists, not `javascript:alert(1)`\n  --> content/a.md:9:14")
        .run();
    let run = Test::new()
        .file(
            "site.toml",
            with_markdown("iframe_hosts = [\"www.youtube-nocookie.com\"]"),
        )
        .file("content/a.md", article(video))
        .run();
    assert!(run.read("a/index.html").contains(
        "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\"></iframe>"
    ));
}

#[test]
fn refused_raw_html_is_an_error_where_it_is_written() {
    Test::new()
        .file("site.toml", with_markdown("raw_html = \"refuse\""))
        .file(
            "content/a.md",
            article("Text <b>bold</b>.\n\n<div>\nblock\n</div>\n"),
        )
        .failure()
        .stderr_contains(
            "error[raw-html]: raw HTML is not allowed on this site\n  --> content/a.md:5:6",
        )
        .stderr_contains(
            "error[raw-html]: raw HTML is not allowed on this site\n  --> content/a.md:5:13",
        )
        .stderr_contains(
            "error[raw-html]: raw HTML is not allowed on this site\n  --> content/a.md:7:1",
        )
        .stderr_contains("build failed with 3 errors")
        .run();
}

// An unclosed `<!--`, `<style>`, `<script>`, `<title>` or `<textarea>` hid the rest of
// the page, sidebar and footer included, and the build succeeded.
#[test]
fn raw_html_that_would_swallow_the_rest_of_the_page_is_an_error() {
    for policy in ["raw_html = \"sanitize\"", "raw_html = \"trusted\""] {
        Test::new()
            .file("site.toml", with_markdown(policy))
            .file("content/a.md", article("Intro.\n\n<!-- draft\n\nMore.\n"))
            .file("content/b.md", article("<style>\np { color: red }\n"))
            .file("content/c.md", article("Intro.\n\n<script src=\"x.js\">\n"))
            .file("content/d.md", article("A <title>swallowing title\n\nMore.\n"))
            .file("content/e.md", article("A <textarea>\n"))
            .file("content/f.md", article("<div class=\"a\n\nMore.\n"))
            .failure()
            .stderr_contains("error[unclosed-html]: the comment `<!--` is never closed, so it would swallow the rest of the page\n  --> content/a.md:7:1")
            .stderr_contains("= help: close it with `-->`")
            .stderr_contains("error[unclosed-html]: `<style>` is never closed, so it would swallow the rest of the page\n  --> content/b.md:5:1")
            .stderr_contains("= help: close it with `</style>`")
            .stderr_contains("error[unclosed-html]: `<script>` is never closed, so it would swallow the rest of the page\n  --> content/c.md:7:1")
            .stderr_contains("error[unclosed-html]: `<title>` is never closed, so it would swallow the rest of the page\n  --> content/d.md:5:3")
            .stderr_contains("error[unclosed-html]: `<textarea>` is never closed, so it would swallow the rest of the page\n  --> content/e.md:5:3")
            .stderr_contains("error[unclosed-html]: the tag `<div` is never closed, so it would swallow the rest of the page\n  --> content/f.md:5:1")
            .stderr_contains("build failed with 6 errors")
            .run();
    }
}

#[test]
fn ids_in_raw_html_must_not_repeat_one_or_take_bylines() {
    Test::new()
        .file(
            "content/a.md",
            article("## Intro\n\n<span id=\"cite-1\">a</span> <a id=\"intro\">b</a> <i id=\"x\">c</i>\n\n## X\n"),
        )
        .failure()
        .stderr_contains("error[reserved-id]: the id `cite-1` is one byline uses\n  --> content/a.md:7:11")
        .stderr_contains("error[duplicate-id]: the id `intro` is already used on this page\n  --> content/a.md:7:35")
        .stderr_contains("build failed with 2 errors")
        .run();
}
