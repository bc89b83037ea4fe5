//! The writer's commands: `init` a site, `new` an article, `theme eject`, shell
//! completions; each followed by a real build.

use crate::support::*;

fn empty() -> Test {
    Test::new()
        .remove("site.toml")
        .remove("content")
        .remove("themes")
}

#[test]
fn init_in_an_empty_folder_then_build_works_without_themes() {
    let run = empty()
        .args(&["init"])
        .stderr_contains("Created a new site in .")
        .run();
    assert!(!run.path().join("themes").exists());
    let toml = std::fs::read_to_string(run.path().join("site.toml")).unwrap();
    for key in [
        "description",
        "language",
        "theme",
        "output_dir",
        "[claims]",
        "statuses",
        "[publisher]",
        "[extra]",
    ] {
        assert!(toml.contains(key), "site.toml does not show `{key}`");
    }
    let run = run.then().stderr_contains("Built ").run();
    let page = run.read("explainers/example/index.html");
    assert!(page.contains("Did the army halt its offensive?"));
    assert!(
        page.contains("href=\"#source-ministry\""),
        "a citation leads to the sidebar"
    );
    assert!(page.contains("Disputed"), "the disputed claim is badged");
    assert!(run.exists("index.html"));
    assert!(
        run.exists("style.css"),
        "the built-in theme's static files are copied"
    );
    assert!(
        !run.stderr.contains("warning"),
        "the example is a clean example: {}",
        run.stderr
    );
}

#[test]
fn init_into_a_new_folder_and_refuse_a_busy_one() {
    let run = empty().args(&["init", "my-site"]).run();
    assert!(run.path().join("my-site/site.toml").is_file());
    run.then()
        .args(&["init", "my-site"])
        .failure()
        .stderr_contains("error[not-empty]")
        .run();
}

#[test]
fn new_writes_an_article_that_builds_and_never_overwrites() {
    let run = Test::new()
        .args(&["new", "Did the offensive stop?", "--section", "analysis"])
        .env("BYLINE_TODAY", "2016-12-08")
        .stderr("Created content/analysis/did-the-offensive-stop.md\n")
        .run();
    let text = std::fs::read_to_string(
        run.path()
            .join("content/analysis/did-the-offensive-stop.md"),
    )
    .unwrap();
    // The day builds take as today, so that the article is published at once.
    assert!(
        text.starts_with("---\ntitle: \"Did the offensive stop?\"\ndate: 2016-12-08\n"),
        "{text}"
    );
    for field in [
        "sources: []",
        "claims: []",
        "#    asserted_by:",
        "#    contested_by:",
        "#    as_of:",
        "# slug:",
        "# draft:",
        "# extra:",
        "# expires:",
        "# timeline:",
        "# corrections:",
        "#    short:",
    ] {
        assert!(text.contains(field), "no `{field}` in\n{text}");
    }
    let run = run.then().run();
    assert!(run
        .read("analysis/did-the-offensive-stop/index.html")
        .contains("Did the offensive stop?"));
    run.then()
        .args(&["new", "Did the offensive stop?", "--section", "analysis"])
        .failure()
        .stderr_contains("error[exists]: content/analysis/did-the-offensive-stop.md already exists")
        .run();
}

#[test]
fn new_needs_a_site() {
    empty()
        .args(&["new", "Title"])
        .failure()
        .stderr_contains("error[no-site]")
        .stderr_contains("byline init")
        .run();
}

#[test]
fn eject_copies_the_built_in_theme_which_the_build_then_uses() {
    let run = Test::new()
        .remove("themes")
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2016-12-08\n---\nText.\n",
        )
        .args(&["theme", "eject"])
        .run();
    let base = run.path().join("themes/default/templates/base.html");
    assert!(base.is_file());
    let html = std::fs::read_to_string(&base)
        .unwrap()
        .replace("</body>", "<p>customised</p></body>");
    std::fs::write(&base, html).unwrap();
    let run = run.then().run();
    assert!(run.read("a/index.html").contains("<p>customised</p>"));
    run.then()
        .args(&["theme", "eject"])
        .failure()
        .stderr_contains("already exists")
        .run();
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef byline"),
        ("fish", "complete -c byline"),
    ] {
        let run = Test::new().args(&["completions", shell]).run();
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(
            run.stdout.contains("serve"),
            "{shell} completes subcommands"
        );
    }
}

#[test]
fn eject_writes_nothing_through_a_themes_link_leading_outside() {
    let elsewhere = tempfile::tempdir().unwrap();
    let t = Test::new().remove("themes");
    symlink(elsewhere.path(), t.path().join("themes"));
    t.args(&["theme", "eject"])
        .failure()
        .stderr_contains("error[link-in-the-way]")
        .stderr_contains("themes is a link to")
        .run();
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn new_writes_nothing_through_a_content_link_leading_outside() {
    let elsewhere = tempfile::tempdir().unwrap();
    let t = Test::new().remove("content");
    symlink(elsewhere.path(), t.path().join("content"));
    t.args(&["new", "Title", "--section", "analysis"])
        .failure()
        .stderr_contains("error[link-in-the-way]")
        .run();
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}
