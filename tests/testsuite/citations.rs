//! Citations with Pandoc's syntax (issue 17): prefixes, locators and suffixes in the
//! marker's label, the printed page, the feed and the sidebar; escapes; citations
//! where no marker can stand.

use crate::support::*;

const HEAD: &str = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: un-envoy\n    title: Envoy's briefing\n  - id: lavrov\n    title: Lavrov statement\n---\n";

fn article(body: &str) -> Test {
    Test::new().file("content/a.md", format!("{HEAD}{body}"))
}

// `[@x, p. 33]` was a build error; `[see @x]` passed as plain text.
#[test]
fn locators_prefixes_and_suffixes_are_read_as_pandoc_writes_them() {
    let run =
        article("Halted [@un-envoy, p. 3], resumed [see @lavrov, 00:02:15; -@un-envoy, p. 7].\n")
            .run();
    let html = run.read("a/index.html");
    assert!(html.contains("<sup class=\"citation\"><a href=\"#source-un-envoy\" id=\"cite-1\" aria-label=\"Source 1: Envoy&#39;s briefing, p. 3\">[1<span class=\"citation__note\">, p. 3</span>]</a></sup>"), "{html}");
    assert!(html.contains("<a href=\"#source-lavrov\" id=\"cite-2\" aria-label=\"see Source 2: Lavrov statement, 00:02:15\">[<span class=\"citation__note\">see </span>2<span class=\"citation__note\">, 00:02:15</span>]</a>"), "{html}");
    // The sidebar lists where each source was cited.
    assert!(html.contains("<span class=\"backlinks\">p. 3 <a href=\"#cite-1\" aria-label=\"Back to citation 1, p. 3\">↩<sup>1</sup></a> p. 7 <a href=\"#cite-3\" aria-label=\"Back to citation 2, p. 7\">↩<sup>2</sup></a></span>"), "{html}");
    assert!(html.contains("<span class=\"backlinks\">00:02:15 <a href=\"#cite-2\" aria-label=\"Back to citation 1, 00:02:15\">↩</a></span>"), "{html}");
    assert_fragments_resolve(&html);
    // A feed reader shows the note, without the site's style sheet.
    let feed = run.read("atom.xml");
    assert!(
        feed.contains("[1&lt;span class=&quot;citation__note&quot;&gt;, p. 3&lt;/span&gt;]"),
        "{feed}"
    );
    // Print shows it too.
    let css = run.read("style.css");
    assert!(
        css.contains("@media print { .citation__note { display: inline; } }"),
        "{css}"
    );
}

#[test]
fn a_citation_without_a_locator_is_written_as_before() {
    let run = article("Said [@lavrov].\n").run();
    let html = run.read("a/index.html");
    assert!(html.contains("<a href=\"#source-lavrov\" id=\"cite-1\" aria-label=\"Source 2: Lavrov statement\">[2]</a>"), "{html}");
    assert!(
        html.contains("<a href=\"#cite-1\" aria-label=\"Back to citation 1\">↩</a>"),
        "{html}"
    );
}

// `\[@a]` and `&#91;@a]` became citations, or unknown-source errors.
#[test]
fn escaped_brackets_are_literal_text() {
    let run = article("Write \\[@name] or &#91;@name] or [\\@name].\n").run();
    let html = run.read("a/index.html");
    assert!(
        html.contains("<p>Write [@name] or [@name] or [@name].</p>"),
        "{html}"
    );
}

// A shared source's citation written in code (to show the syntax) joined the
// article's sidebar, and a warning said to remove a source the article never listed.
#[test]
fn a_citation_in_code_does_not_bring_a_shared_source_to_the_article() {
    let run = Test::new()
        .file(
            "content/sources.yaml",
            "sources:\n  - id: un\n    title: UN\n  - id: red-cross\n    title: ICRC\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\n---\nWrite `[@un]` to cite.\n\n```\nor [see @un, p. 3]\n```\n\n    [@un] indented\n\nBut this is one [@red-cross].\n",
        )
        .args(&["build", "--deny-warnings"])
        .run();
    let html = run.read("a/index.html");
    assert!(!html.contains("id=\"source-un\""), "{html}");
    assert!(html.contains("id=\"source-red-cross\""), "{html}");
    assert!(html.contains("<code>[@un]</code>"), "{html}");
}

// A citation in link text nested `<a>` in `<a>`; in alt text its marker was dropped
// and the sidebar linked back to nothing.
#[test]
fn a_citation_in_link_text_or_alt_text_is_an_error_where_written() {
    article("See [the briefing [@un-envoy]](https://e.org/b).\n\n![Map [@lavrov]](https://e.org/m.png)\n")
        .failure()
        .stderr(
            "error[citation-in-link]: a citation cannot be inside a link's text
   --> content/a.md:10:19
   |
10 | See [the briefing [@un-envoy]](https://e.org/b).
   |                   ^^^^^^^^^^^
   |
   = help: a citation marker is a link, and a link cannot hold another: put the citation after the link, `[text](https://…) [@id]`

error[citation-in-alt]: a citation cannot be inside an image's alt text
   --> content/a.md:12:7
   |
12 | ![Map [@lavrov]](https://e.org/m.png)
   |       ^^^^^^^^^
   |
   = help: alt text is plain text for readers who cannot see the image: cite the source in the text around it, or credit it in the image's title, `![Alt](x.png \"Caption. Credit: @id\")`

error: build failed with 2 errors
",
        )
        .run();
}

#[test]
fn a_part_naming_no_source_is_an_error() {
    article("See [@lavrov; and others].\n")
        .failure()
        .stderr_contains("error[malformed-citation]: `[@lavrov; and others]` is not a citation byline understands")
        .stderr_contains("help: each part between `;` cites one source: `[see @one, p. 3; @two]`")
        .run();
}
