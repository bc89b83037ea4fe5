//! Links to a part of a page (issue 17): `#id` in one article and `other.md#id`
//! between articles are checked on every build.

use crate::support::*;

const HEAD: &str = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - { id: un, title: UN }\n---\n";

fn site() -> Test {
    Test::new().file(
        "content/other.md",
        format!("{HEAD}## Background\n\nText [@un].\n\n<span id=\"raw\">x</span>\n"),
    )
}

#[test]
fn links_to_existing_parts_of_pages_build() {
    let run = site()
        .file(
            "content/a.md",
            format!("{HEAD}## Intro\n\n[a](#intro) [b](other.md#background) [c](other.md#raw) [d](other.md#source-un) [e](#source-un) [f](#cite-1) [g](other.md) [h](#top)\n\n[@un]\n"),
        )
        .run();
    assert!(run
        .read("a/index.html")
        .contains("href=\"/other/#background\""));
}

// A missing anchor in another article passed.
#[test]
fn a_missing_anchor_here_or_in_another_article_is_an_error_where_written() {
    site()
        .file(
            "content/a.md",
            format!("{HEAD}## Intro\n\nSee [here](#intr), [s](#source-nobody).\n"),
        )
        .file("content/b.md", format!("{HEAD}See [it](other.md#backgruond) [@un].\n"))
        .failure()
        .stderr(
            "error[broken-anchor]: `#intr` names no id on this page
  --> content/a.md:9:12
  |
9 | See [here](#intr), [s](#source-nobody).
  |            ^^^^^
  |
  = help: did you mean `#intro`? A heading's id is made from its text, or set with `{#id}`

error[broken-anchor]: `#source-nobody` names no id on this page
  --> content/a.md:9:24
  |
9 | See [here](#intr), [s](#source-nobody).
  |                        ^^^^^^^^^^^^^^
  |
  = help: did you mean `#source-un`? A heading's id is made from its text, or set with `{#id}`

error[broken-anchor]: `other.md#backgruond` links to `#backgruond`, which content/other.md does not have
  --> content/b.md:7:10
  |
7 | See [it](other.md#backgruond) [@un].
  |          ^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `#background`? A heading's id is made from its text, or set with `{#id}`

error: build failed with 3 errors
",
        )
        .run();
}
