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
