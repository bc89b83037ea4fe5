//! Notes and structure (issue 16): footnotes as endnotes, contents for long articles,
//! word count and reading time, formulas as MathML, callouts.

use crate::support::*;

const HEAD: &str = "---\ntitle: T\ndate: 2016-12-08\n---\n";

fn page(run: &Run) -> String {
    run.read("a/index.html")
}

#[test]
fn footnotes_become_endnotes_after_the_body_with_a_way_back_to_every_reference() {
    let run = Test::new()
        .file(
            "content/a.md",
            format!("{HEAD}## note {{#note}}\n\nOne[^note], two[^note].\n\n[^note]: The note.\n"),
        )
        .run();
    let html = page(&run);
    assert!(html.contains("<h2 id=\"note\">note</h2>\n<p>One<sup class=\"noteref\"><a href=\"#byline-note-1\" id=\"byline-noteref-1-1\" role=\"doc-noteref\">1</a></sup>, two<sup class=\"noteref\"><a href=\"#byline-note-1\" id=\"byline-noteref-1-2\" role=\"doc-noteref\">1</a></sup>.</p>\n<section class=\"endnotes\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<h2 class=\"endnotes__heading\">Notes</h2>\n<ol class=\"endnotes__list\">\n<li id=\"byline-note-1\"><p>The note. <span class=\"backlinks\"><a class=\"backlink\" href=\"#byline-noteref-1-1\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩<sup>1</sup></a><a class=\"backlink\" href=\"#byline-noteref-1-2\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">↩<sup>2</sup></a></span></p></li>\n</ol>\n</section>\n"), "{html}");
    // The feed carries the notes with the body.
    assert!(run.read("atom.xml").contains("byline-note-1"));
}

#[test]
fn a_footnote_never_referenced_defined_twice_or_not_defined_is_an_error_at_its_line() {
    Test::new()
        .file(
            "content/a.md",
            format!(
                "{HEAD}Text[^a].\n\n[^a]: One.\n[^a]: Two.\n[^b]: Lost.\n\nSee [^c], not \\[^d].\n"
            ),
        )
        .failure()
        .stderr(
            "error[duplicate-footnote]: the footnote `[^a]` is defined twice
  --> content/a.md:8:1
  |
8 | [^a]: Two.
  | ^^^^
  |
  = help: give each note its own label, or merge the two

error[unused-footnote]: the footnote `[^b]` is never referenced
  --> content/a.md:9:1
  |
9 | [^b]: Lost.
  | ^^^^
  |
  = help: refer to it in the text with `[^b]`, or delete it

error[undefined-footnote]: the footnote `[^c]` is not defined
   --> content/a.md:11:5
   |
11 | See [^c], not \\[^d].
   |     ^^^^
   |
   = help: define it on a line of its own: `[^c]: The note.`, or write `\\[^c]` to show the brackets

error: build failed with 3 errors
",
        )
        .run();
}

fn sections(n: usize) -> String {
    (1..=n)
        .map(|i| format!("## Part {i}\n\nText.\n\n### Detail {i}\n\nMore.\n\n"))
        .collect()
}

#[test]
fn articles_with_three_second_level_headings_get_contents_beside_and_above_the_text() {
    let run = Test::new()
        .file("content/a.md", format!("{HEAD}{}", sections(3)))
        .file("content/b.md", format!("{HEAD}{}", sections(2)))
        .run();
    let html = page(&run);
    let nav = "<h2 class=\"sidebar__heading\">Contents</h2>\n<ol class=\"toc__list\"><li><a href=\"#part-1\">Part 1</a><ol><li><a href=\"#detail-1\">Detail 1</a></li></ol></li><li><a href=\"#part-2\">Part 2</a><ol><li><a href=\"#detail-2\">Detail 2</a></li></ol></li><li><a href=\"#part-3\">Part 3</a><ol><li><a href=\"#detail-3\">Detail 3</a></li></ol></li></ol>\n</nav>";
    assert!(
        html.contains(&format!(
            "<nav class=\"toc toc--top\" aria-label=\"Contents\">\n{nav}"
        )),
        "{html}"
    );
    assert!(html.contains(&format!("<aside class=\"sidebar\" aria-label=\"Contents\">\n<nav class=\"toc toc--side\" aria-label=\"Contents\">\n{nav}")), "{html}");
    let short = run.read("b/index.html");
    assert!(!short.contains("class=\"toc"), "{short}");
    assert!(!short.contains("<aside"), "{short}");
}

#[test]
fn contents_follow_the_article_then_the_site() {
    let head =
        |contents: &str| format!("---\ntitle: T\ndate: 2016-12-08\ncontents: {contents}\n---\n");
    let run = Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[markdown]\ncontents = 2\n"),
        )
        .file("content/two.md", format!("{HEAD}{}", sections(2)))
        .file(
            "content/off.md",
            format!("{}{}", head("false"), sections(5)),
        )
        .file("content/on.md", format!("{}{}", head("true"), sections(1)))
        .run();
    assert!(run.read("two/index.html").contains("toc--top"));
    assert!(!run.read("off/index.html").contains("toc--top"));
    let on = run.read("on/index.html");
    assert!(on.contains("toc--top"), "{on}");
    // With no sources or claims, the sidebar holds only the contents.
    assert!(
        on.contains("<aside class=\"sidebar\" aria-label=\"Contents\">"),
        "{on}"
    );
    Test::new()
        .file("content/a.md", format!("{}{}", head("maybe"), sections(1)))
        .failure()
        .stderr(
            "error[invalid-contents]: `contents` is `true` or `false`, not `maybe`
  --> content/a.md:4:11
  |
4 | contents: maybe
  |           ^^^^^
  |
  = help: write `contents: true` to show a table of contents, `contents: false` to show none, or leave it out to follow the rule (three `##` headings)

error: build failed with 1 error
",
        )
        .run();
}

#[test]
fn the_article_page_shows_its_word_count_and_reading_time() {
    let words = "word ".repeat(229);
    let run = Test::new()
        .file(
            "content/a.md",
            format!("{HEAD}{words}\n\n```\nnot counted\n```\n"),
        )
        .run();
    assert!(
        page(&run).contains("<span>229 words, 2 min read</span>"),
        "{}",
        page(&run)
    );
    let run = Test::new()
        .file("site.toml", format!("{SITE_TOML}language = \"de\"\n"))
        .file("content/a.md", format!("{HEAD}{}\n", "Wort ".repeat(180)))
        .run();
    assert!(page(&run).contains("<span>180 Wörter, 2 Min. Lesezeit</span>"));
}

#[test]
fn formulas_are_mathml_on_the_page_even_when_raw_html_is_sanitized() {
    let run = Test::new()
        .file(
            "content/a.md",
            format!("{HEAD}Inline $x^2$ <mark>raw</mark>.\n\n$$\\frac{{a}}{{b}}$$\n"),
        )
        .run();
    let html = page(&run);
    assert!(html.contains("<p>Inline <math display=\"inline\"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow><annotation encoding=\"application/x-tex\">x^2</annotation></semantics></math> <mark>raw</mark>.</p>"), "{html}");
    assert!(html.contains("<math display=\"block\">"), "{html}");
    assert!(!html.contains("byline-math"), "{html}");
}

#[test]
fn invalid_tex_is_an_error_at_the_formula() {
    Test::new()
        .file("content/a.md", format!("{HEAD}Line.\nSee $x^$ here.\n"))
        .failure()
        .stderr(
            "error[invalid-math]: this formula is not valid TeX: expected a token
  --> content/a.md:6:6
  |
6 | See $x^$ here.
  |      ^^
  |
  = help: correct the TeX, or write `\\$` for a dollar sign that starts no formula

error: build failed with 1 error
",
        )
        .run();
}

// A few nested macro definitions expand to gigabytes; deep groups nest the parser.
#[test]
fn a_hostile_formula_is_refused_before_it_is_expanded() {
    let defs = "\\def\\a{xxxxxxxxxx}\\def\\b{\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\c";
    Test::new()
        .file("content/a.md", format!("{HEAD}${defs}$\n\n$${}x{}$$\n", "{".repeat(5000), "}".repeat(5000)))
        .failure()
        .stderr_contains("error[invalid-math]: a formula cannot define macros (`\\def`)\n  --> content/a.md:5:2")
        .stderr_contains("error[invalid-math]: the formula nests more than 100 groups deep here\n  --> content/a.md:7:103")
        .run();
}

#[test]
fn github_alerts_and_explainer_callouts_are_boxes_with_a_title() {
    let run = Test::new()
        .file(
            "content/a.md",
            format!("{HEAD}> [!WARNING]\n> Careful.\n\n> [!UNKNOWN]\n> Who fired.\n"),
        )
        .run();
    assert!(page(&run).contains("<div class=\"callout callout--warning\" role=\"note\">\n<p class=\"callout__title\">Warning</p>\n<p>Careful.</p>\n</div>\n<div class=\"callout callout--unknown\" role=\"note\">\n<p class=\"callout__title\">What we don't know</p>\n<p>Who fired.</p>\n</div>\n"), "{}", page(&run));
    Test::new()
        .file("content/a.md", format!("{HEAD}> [!WHYY]\n> x\n"))
        .failure()
        .stderr(
            "error[unknown-callout]: `[!WHYY]` is not a kind of callout
  --> content/a.md:5:3
  |
5 | > [!WHYY]
  |   ^^^^^^^
  |
  = help: did you mean `[!WHY]`?

error: build failed with 1 error
",
        )
        .run();
}
