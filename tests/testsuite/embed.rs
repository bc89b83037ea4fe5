//! Embeds without trackers: `[Title](embed:https://…)` alone in its paragraph is a
//! link card that makes no request to the other host until the reader follows it.

use crate::support::*;

const FRONT: &str = "---\ntitle: A\ndate: 2016-12-08\n---\n\n";

fn page(body: &str) -> String {
    Test::new()
        .file("content/a.md", format!("{FRONT}{body}"))
        .run()
        .read("a/index.html")
}

#[test]
fn an_embed_alone_in_its_paragraph_is_a_link_card() {
    let html = page("Before.\n\n[Lavrov's *statement*, on video](embed:https://www.youtube.com/watch?v=abc&t=1)\n\nAfter.\n");
    assert!(html.contains("<p>Before.</p>\n<div class=\"embed\"><a class=\"embed__card\" href=\"https://www.youtube.com/watch?v=abc&amp;t=1\" rel=\"noreferrer\"><span class=\"embed__title\">Lavrov&#39;s statement, on video</span> <span class=\"embed__host\">youtube.com</span></a></div>\n<p>After.</p>"), "{html}");
    // Nothing on the page makes the browser fetch from the other host.
    assert!(!html.contains("<iframe") && !html.contains("src=\"https://www.youtube"));
}

#[test]
fn an_embed_survives_the_sanitizer_of_a_body_with_raw_html() {
    let html = page("<mark>raw</mark>\n\n[Map of Aleppo](embed:https://www.openstreetmap.org/#map=13/36.2/37.15)\n");
    assert!(html.contains("<div class=\"embed\"><a class=\"embed__card\" href=\"https://www.openstreetmap.org/#map=13/36.2/37.15\" rel=\"noreferrer\"><span class=\"embed__title\">Map of Aleppo</span> <span class=\"embed__host\">openstreetmap.org</span></a></div>"), "{html}");
}

#[test]
fn embed_mistakes_are_errors_at_the_embed() {
    let body = "Text [a](embed:https://x.org/a) in a line.\n\n[](embed:https://x.org/b)\n\n[Chart](embed:/charts/c.html)\n\n# [Heading](embed:https://x.org/d)\n\n- [Item](embed:https://x.org/e)\n\n[Says [@s]](embed:https://x.org/f)\n";
    let run = Test::new()
        .file(
            "content/a.md",
            format!(
                "---\ntitle: A\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n---\n\n{body}"
            ),
        )
        .failure()
        .run();
    let found: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error[") || l.contains("-->"))
        .collect();
    assert_eq!(
        found,
        [
            "error[embed]: an embed must be alone in its paragraph",
            "  --> content/a.md:9:6",
            "error[embed]: this embed has no title",
            "   --> content/a.md:11:1",
            "error[embed]: `embed:/charts/c.html` does not name a page on another host",
            "   --> content/a.md:13:1",
            "error[embed]: an embed must be alone in its paragraph",
            "   --> content/a.md:15:3",
            "error[embed]: an embed must be alone in its paragraph",
            "   --> content/a.md:17:3",
            "error[embed]: an embed's title cannot hold citations, claims or HTML",
            "   --> content/a.md:19:1",
        ],
        "{}",
        run.stderr
    );
}
