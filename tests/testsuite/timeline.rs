//! Timelines: dated events in front matter, backed by the article's sources, listed
//! on the page with citation markers that the sidebar links back to.

use crate::support::*;

const ARTICLE: &str = "---
title: Aleppo
date: 2016-12-08
sources:
  - id: lavrov
    title: Statement
  - id: un
    title: UN remarks
timeline:
  - date: 2016-12-08
    event: Russia says the army has halted its offensive.
    sources: [lavrov]
  - date: 2016-12-09
    event: The UN cannot confirm the halt.
    sources: [un, lavrov]
---

Russia spoke [@lavrov].
";

#[test]
fn a_timeline_is_an_ordered_list_whose_markers_the_sidebar_links_back_to() {
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .stderr("Built 11 pages in [T] ms\n")
        .run();
    let html = run.read("a/index.html");
    let timeline = "  <section class=\"prose timeline\" aria-labelledby=\"byline-timeline\">
    <h2 id=\"byline-timeline\">Timeline</h2>
    <ol role=\"list\">
      <li><time datetime=\"2016-12-08\">8 December 2016</time> Russia says the army has halted its offensive.<sup class=\"citation\"><a href=\"#source-lavrov\" id=\"cite-t1-1\" aria-label=\"Source 1: Statement\">[1]</a></sup></li>
      <li><time datetime=\"2016-12-09\">9 December 2016</time> The UN cannot confirm the halt.<sup class=\"citation\"><a href=\"#source-un\" id=\"cite-t2-1\" aria-label=\"Source 2: UN remarks\">[2]</a><a href=\"#source-lavrov\" id=\"cite-t2-2\" aria-label=\"Source 1: Statement\">[1]</a></sup></li>
    </ol>
  </section>
";
    assert!(html.contains(timeline), "{html}");
    // Lavrov's entry links back to the body's marker, then to both of the timeline's.
    assert!(html.contains("<a href=\"#cite-1\" aria-label=\"Back to citation 1\">↩<sup>1</sup></a><a href=\"#cite-t1-1\" aria-label=\"Back to citation 2\">↩<sup>2</sup></a><a href=\"#cite-t2-2\" aria-label=\"Back to citation 3\">↩<sup>3</sup></a>"), "{html}");
    assert_fragments_resolve(&html);
}

#[test]
fn an_article_without_a_timeline_has_no_timeline_section() {
    let plain = ARTICLE.replace("timeline:", "extra:\n  timeline:");
    let run = Test::new().file("content/a.md", plain).run();
    assert!(!run.read("a/index.html").contains("timeline"));
}

#[test]
fn a_source_that_backs_only_an_event_is_not_unused_and_a_shared_one_joins_the_sidebar() {
    let article = ARTICLE
        .replace("Russia spoke [@lavrov].", "No citations in the text.")
        .replace("[un, lavrov]", "[un, lavrov, red-cross]");
    let shared = "sources:\n  - id: red-cross\n    title: ICRC statement\n  - id: unused\n    title: Not cited\n";
    let run = Test::new()
        .file("content/a.md", article)
        .file("content/sources.yaml", shared)
        .stderr("Built 11 pages in [T] ms\n")
        .run();
    let html = run.read("a/index.html");
    assert!(html.contains("<a href=\"#source-red-cross\" id=\"cite-t2-3\" aria-label=\"Source 3: ICRC statement\">[3]</a>"), "{html}");
    assert!(html.contains("<li id=\"source-red-cross\" class=\"source\">"));
    assert!(!html.contains("source-unused"));
}

#[test]
fn timeline_mistakes_are_errors_at_their_line() {
    let bad = ARTICLE
        .replace("sources: [un, lavrov]", "sources: [un, lavorv]")
        .replace("date: 2016-12-09", "date: 2016-12-07");
    Test::new()
        .file("content/a.md", bad)
        .failure()
        .stderr(
            "error[invalid-timeline]: this event is dated 2016-12-07, before the event above it (2016-12-08)
   --> content/a.md:13:11
   |
13 |   - date: 2016-12-07
   |           ^^^^^^^^^^
   |
   = help: list the events oldest first: readers take the timeline's order as the order things happened

error[unknown-source]: `sources` names `lavorv`, which is not a source of this article
   --> content/a.md:15:19
   |
15 |     sources: [un, lavorv]
   |                   ^^^^^^
   |
   = help: did you mean `lavrov`?

error: build failed with 2 errors
",
        )
        .run();
}

#[test]
fn an_unsourced_event_is_a_warning() {
    let article = ARTICLE.replace("    sources: [lavrov]\n", "");
    Test::new()
        .file("content/a.md", article)
        .stderr_contains("warning[unsourced-event]: the timeline event of 2016-12-08 names no source\n   --> content/a.md:11:12")
        .run();
}
