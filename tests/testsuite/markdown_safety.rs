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
