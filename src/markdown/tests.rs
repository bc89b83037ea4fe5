//! Helpers the tests of every part of the renderer share, and the tests of the event
//! loop itself.

use super::*;
use crate::front_matter::{self, Location};
use std::path::Path;

#[test]
fn adjacent_slices_of_the_body_merge_without_a_copy() {
    let body = "one\ntwo";
    assert_eq!(follows_in(body, &body[..3], &body[3..4]), Some("one\n"));
    assert_eq!(follows_in(body, &body[..4], &body[4..]), Some(body));
    assert_eq!(follows_in(body, &body[..3], &body[4..]), None);
    assert_eq!(follows_in(body, "one", "\n"), None);
}

const ARTICLE: &str = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: lavrov\n    title: \"Statement <b>\"\n  - id: un\n    title: UN\nclaims:\n  - id: halted\n    text: Halted\n    status: disputed\n---\n";

pub(super) fn render_body(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
    render_with(body, RawHtml::Sanitize)
}

pub(super) fn render_with(body: &str, raw_html: RawHtml) -> Result<Rendered, Vec<Diagnostic>> {
    render_in(body, |config| config.markdown.raw_html = raw_html)
}

/// Renders `body` on a site whose config `edit` changed.
pub(super) fn render_in(
    body: &str,
    edit: impl FnOnce(&mut Config),
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut config = crate::front_matter::testing::config("https://e.org/sub/");
    edit(&mut config);
    let text = format!("{ARTICLE}{body}");
    let file = SourceFile::new("content/x/a.md", text.as_str());
    let split = front_matter::split(&file).unwrap();
    let loc = Location {
        rel_path: "x/a.md",
        fs_path: Path::new("/s/content/x/a.md"),
        path: "x/a/",
    };
    let article = front_matter::parse(&file, &split, &loc, &config).unwrap();
    let mut articles = HashMap::new();
    articles.insert("x/b.md".to_string(), LinkTarget::Page("/sub/x/b/".into()));
    articles.insert("d.md".to_string(), LinkTarget::Draft);
    let assets = Assets::default();
    let statics = Statics::embedded(&[("i.png", crate::assets::TINY_PNG)]);
    let env = Env {
        config: &config,
        articles: &articles,
        assets: &assets,
        statics: &statics,
    };
    render(&article, &file, split.body, split.body_offset, &env)
}

pub(super) fn error_lines(body: &str) -> Vec<String> {
    render_body(body)
        .unwrap_err()
        .iter()
        .map(|d| format!("{} {}", d.location().unwrap(), d.message))
        .collect()
}

#[test]
fn tables_scroll_in_a_focusable_region() {
    let r = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n").unwrap();
    assert!(
        r.html.starts_with(&format!("{TABLE_SCROLL_OPEN}<table>")),
        "{}",
        r.html
    );
    assert!(r.html.ends_with("</table>\n</div>\n"), "{}", r.html);
}

#[test]
fn unknown_ids_are_reported_where_they_are_written() {
    let e = error_lines("Line one.\nSee [@lavrof] and [x](claim:halt).\n");
    assert_eq!(
        e,
        vec![
            "content/x/a.md:15:7 citation `@lavrof` names no source of this article",
            "content/x/a.md:15:23 `claim:halt` names no claim of this article",
        ]
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_where_it_goes_too_deep() {
    let quotes = |n: usize| format!("{} a\n", "> ".repeat(n));
    assert!(render_body(&quotes(MAX_NESTING - 1)).is_ok());
    let e = error_lines(&quotes(MAX_NESTING + 50));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("nests more than 100 levels deep"), "{e:?}");
    let column = format!(":{} ", 2 * MAX_NESTING + 1);
    assert!(e[0].contains(&column), "at the first `>` too many: {e:?}");
    let e = error_lines(&format!("{}a\n", "- ".repeat(10 * MAX_NESTING)));
    assert!(e[0].contains("nests more than 100 levels deep"), "{e:?}");
}

#[test]
fn references_to_forbidden_characters_are_found_in_any_spelling() {
    fn found(t: &str) -> Option<(&str, char)> {
        forbidden_reference(t).map(|(r, c)| (&t[r], c))
    }
    assert_eq!(found("a &#11; b"), Some(("&#11;", '\u{b}')));
    assert_eq!(found("&#9; &#x0b"), Some(("&#x0b", '\u{b}')));
    assert_eq!(found("&#XFFFE;"), Some(("&#XFFFE;", '\u{fffe}')));
    assert_eq!(found("&#; &#x; &#99999999999; &#65; &#10;"), None);
}

#[test]
fn the_words_of_the_text_are_counted() {
    let r = render_body("## Two words\n\nThree more words[^n] `code` $x$.\n\n```\nnot counted\n```\n\n[^n]: Note.\n").unwrap();
    assert_eq!(r.words, 6);
    let ids: Vec<&str> = r.contents.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["two-words"]);
}
