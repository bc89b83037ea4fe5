//! The build machine's files stay private: byline follows no symbolic link inside the
//! site. A link that leads outside the site is an error at the link, its target never
//! read, published or echoed; any other link is skipped with a warning.

use std::path::Path;

use crate::support::*;

const ARTICLE: &str = "---\ntitle: A\ndate: 2016-12-08\n---\n\nText.\n";

/// A folder outside the site holding `secret.txt` (and `name`, if given, with `text`).
fn outside(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    if !name.is_empty() {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Makes `link` (inside the site) a symlink to `target`.
fn link(t: Test, target: &Path, link: &str) -> Test {
    let at = t.path().join(link);
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    if at.is_dir() {
        std::fs::remove_dir_all(&at).unwrap();
    } else if at.exists() {
        std::fs::remove_file(&at).unwrap();
    }
    symlink(target, at);
    t
}

/// Runs a build expected to fail on the link at `name`, and checks that nothing of
/// `secret` was written or printed.
fn refused(t: Test, name: &str, secret: &str) -> Run {
    let run = t
        .failure()
        .stderr_contains(&format!(
            "error[link-outside-site]: {name}: this link leads to "
        ))
        .stderr_contains(", outside the site, and is not followed")
        .run();
    assert!(!run.stderr.contains(secret), "{}", run.stderr);
    assert!(
        !run.path().join("public").exists(),
        "a refused build wrote output"
    );
    run
}

#[test]
fn a_static_folder_linking_outside_the_site_is_refused() {
    let out = outside("", "");
    let t = Test::new().file("content/a.md", ARTICLE);
    let run = refused(link(t, out.path(), "static"), "static", "TOP-SECRET");
    assert!(
        run.stderr.contains(&out.path().display().to_string()),
        "the message names where the link leads: {}",
        run.stderr
    );
}

#[test]
fn a_link_inside_static_leading_outside_is_refused() {
    let out = outside("", "");
    let t = Test::new()
        .file("content/a.md", ARTICLE)
        .file("static/ok.txt", "fine");
    let t = link(t, &out.path().join("secret.txt"), "static/leak.txt");
    refused(t, "static/leak.txt", "TOP-SECRET");
}

#[test]
fn a_templates_folder_linking_outside_the_site_is_refused() {
    let out = outside("base.html", "TOP-SECRET {% if %}");
    let t = Test::new().file("content/a.md", ARTICLE);
    refused(link(t, out.path(), "templates"), "templates", "TOP-SECRET");
}

#[test]
fn a_theme_folder_linking_outside_the_site_is_refused() {
    let out = outside("templates/base.html", "TOP-SECRET {% if %}");
    let t = Test::new()
        .file("site.toml", format!("{SITE_TOML}theme = \"mine\"\n"))
        .file("content/a.md", ARTICLE);
    refused(
        link(t, out.path(), "themes/mine"),
        "themes/mine",
        "TOP-SECRET",
    );
}

#[test]
fn the_default_theme_linking_outside_the_site_is_refused() {
    let out = outside("static/style.css", "TOP-SECRET");
    let t = Test::new().file("content/a.md", ARTICLE);
    refused(
        link(t, out.path(), "themes/default"),
        "themes/default",
        "TOP-SECRET",
    );
}

#[test]
fn a_content_folder_linking_outside_the_site_is_refused() {
    let out = outside("a.md", "---\ntitle: TOP-SECRET\n");
    let t = Test::new();
    refused(link(t, out.path(), "content"), "content", "TOP-SECRET");
}

#[test]
fn an_article_linking_outside_the_site_is_refused() {
    let out = outside("a.md", "---\ntitle: TOP-SECRET\n");
    let t = Test::new().file("content/b.md", ARTICLE);
    refused(
        link(t, &out.path().join("a.md"), "content/a.md"),
        "content/a.md",
        "TOP-SECRET",
    );
}

#[test]
fn shared_sources_linking_outside_the_site_are_never_echoed() {
    let out = outside("sources.yaml", "password: TOP-SECRET\n  bad: [yaml\n");
    let t = Test::new().file("content/a.md", ARTICLE);
    refused(
        link(t, &out.path().join("sources.yaml"), "content/sources.yaml"),
        "content/sources.yaml",
        "TOP-SECRET",
    );
}

#[test]
fn a_site_toml_linking_outside_the_site_is_never_echoed() {
    let out = outside("site.toml", "TOP-SECRET = [\n");
    let t = Test::new().file("content/a.md", ARTICLE);
    refused(
        link(t, &out.path().join("site.toml"), "site.toml"),
        "site.toml",
        "TOP-SECRET",
    );
}

#[test]
fn links_inside_the_site_are_skipped_with_a_warning() {
    let t = Test::new()
        .file("content/a.md", ARTICLE)
        .file("assets/logo.svg", "<svg/>")
        .file("static/ok.txt", "fine");
    let t = link(t, Path::new("a.md"), "content/b.md");
    let t = link(t, Path::new("../assets"), "static/images");
    let run = t
        .stderr(
            "warning[skipped-link]: content/b.md: this link (to a.md) is skipped: byline follows no links
 = help: put the file itself here instead of a link to it

warning[skipped-link]: static/images: this link (to ../assets) is skipped: byline follows no links
 = help: put the file itself here instead of a link to it

Built 11 pages in [T] ms
",
        )
        .run();
    assert!(run.exists("a/index.html"));
    assert!(run.exists("ok.txt"));
    assert!(!run.exists("b"), "a linked article is not published");
    assert!(!run.exists("images"), "a linked folder is not published");
}

#[test]
fn a_theme_must_name_a_folder_under_themes() {
    for theme in ["../elsewhere", "/etc", "a/b", "..", ""] {
        Test::new()
            .file("site.toml", format!("{SITE_TOML}theme = \"{theme}\"\n"))
            .file("content/a.md", ARTICLE)
            .failure()
            .stderr_contains("--> site.toml:3:9")
            .stderr_contains("`theme` must name a folder under themes/")
            .run();
    }
}
