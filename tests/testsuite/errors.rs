//! Bad input: every mistake is reported at `path:line:col` with a fix, all at once,
//! with exit code 1, no panic, and the previous output left exactly as it was.

use crate::support::*;

const GOOD: &str = "---\ntitle: Good\ndate: 2016-12-08\nsources:\n  - id: lavrov\n    title: Statement\n  - id: residents\n    title: Residents\nclaims:\n  - id: halted\n    text: Halted\n    status: disputed\n    asserted_by: [lavrov]\n    contested_by: [residents]\n---\n\n[Halted](claim:halted) [@lavrov; @residents].\n";

/// Builds a site whose only article is `article`; expects failure and each `expected`
/// line fragment (such as `content/a.md:3:7`) in stderr.
fn fails(article: impl AsRef<[u8]>, expected: &[&str]) -> Run {
    let mut t = Test::new().file("content/a.md", article).failure();
    for e in expected {
        t = t.stderr_contains(e);
    }
    let run = t.run();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        !run.path().join("public").exists(),
        "a failed first build wrote output"
    );
    run
}

#[test]
fn errors_are_printed_rustc_style_with_the_line_and_a_fix() {
    Test::new()
        .file(
            "content/a.md",
            GOOD.replace("status: disputed", "status: disputd"),
        )
        .failure()
        .stderr(
            "error[unknown-status]: unknown claim status `disputd`
   --> content/a.md:12:13
   |
12 |     status: disputd
   |             ^^^^^^^
   |
   = help: did you mean `disputed`? The statuses are: confirmed, disputed, unverified, false

error: build failed with 1 error
",
        )
        .run();
}

#[test]
fn malformed_yaml() {
    fails(
        GOOD.replace("tags: []\n", "")
            .replace("title: Good", "title: Good\ntags: [a, b"),
        &["error[invalid-yaml]", "--> content/a.md:"],
    );
    fails(
        "---\ntitle: \"unterminated\ndate: 2016-12-08\n---\n",
        &["error[invalid-yaml]", "--> content/a.md:"],
    );
}

#[test]
fn unclosed_front_matter() {
    fails(
        "---\ntitle: T\ndate: 2016-12-08\n\nBody without a closing line.\n",
        &[
            "error[unclosed-front-matter]",
            "--> content/a.md:1:1",
            "help: add a line with only `---`",
        ],
    );
}

#[test]
fn missing_title_and_date_are_both_reported() {
    fails(
        "---\nsummary: nothing else\n---\n",
        &[
            "the article has no `title`",
            "the article has no `date`",
            "build failed with 2 errors",
        ],
    );
}

#[test]
fn impossible_dates() {
    fails(
        GOOD.replace("date: 2016-12-08", "date: 2016-02-30"),
        &["--> content/a.md:3:7", "February 2016 has no day 30"],
    );
    fails(
        GOOD.replace("date: 2016-12-08", "date: 2016-12-08\nupdated: 2016-13-01"),
        &["--> content/a.md:4:10", "has no month 13"],
    );
}

#[test]
fn unknown_status_lists_the_allowed_ones() {
    fails(
        GOOD.replace("status: disputed", "status: maybe"),
        &[
            "--> content/a.md:12:13",
            "use one of: confirmed, disputed, unverified, false",
        ],
    );
}

#[test]
fn unknown_source_in_a_citation() {
    fails(
        GOOD.replace("[@lavrov; @residents]", "[@lavrov; @residnts]"),
        &[
            "--> content/a.md:17:35",
            "citation `@residnts` names no source",
            "did you mean `residents`?",
        ],
    );
}

#[test]
fn unknown_source_in_asserted_by_and_contested_by() {
    fails(
        GOOD.replace("asserted_by: [lavrov]", "asserted_by: [lavrow]")
            .replace("contested_by: [residents]", "contested_by: [nobody]"),
        &[
            "--> content/a.md:13:19",
            "`asserted_by` names `lavrow`",
            "--> content/a.md:14:20",
            "`contested_by` names `nobody`",
            "build failed with 2 errors",
        ],
    );
}

#[test]
fn unknown_claim_in_a_span() {
    fails(
        GOOD.replace("(claim:halted)", "(claim:stopped)"),
        &[
            "--> content/a.md:17:10",
            "`claim:stopped` names no claim of this article",
        ],
    );
}

#[test]
fn duplicate_ids() {
    fails(
        GOOD.replace("id: residents", "id: lavrov"),
        &["--> content/a.md:7:9", "source id `lavrov` is used twice"],
    );
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    fails(
        GOOD.replace("contested_by:", "contested-by:"),
        &[
            "--> content/a.md:14:5",
            "unknown key `contested-by` in a claim",
            "did you mean `contested_by`?",
        ],
    );
}

#[test]
fn three_unknown_keys_are_three_errors_at_their_lines() {
    let article = GOOD
        .replace("title: Good", "titel: Good")
        .replace("    title: Residents", "    tilte: Residents")
        .replace("contested_by:", "contested-by:");
    let run = fails(
        article,
        &[
            "--> content/a.md:2:1",
            "unknown key `titel` in the front matter",
            "--> content/a.md:8:5",
            "unknown key `tilte` in a source",
            "--> content/a.md:14:5",
            "unknown key `contested-by` in a claim",
        ],
    );
    assert_eq!(
        run.stderr.matches("error[unknown-key]").count(),
        3,
        "{}",
        run.stderr
    );
}

#[test]
fn non_utf8_files() {
    fails(
        b"---\ntitle: caf\xe9\ndate: 2016-12-08\n---\n",
        &["error[not-utf8]", "--> content/a.md:2:11"],
    );
}

#[test]
fn unsafe_url_schemes() {
    fails(
        GOOD.replace(
            "title: Statement",
            "title: Statement\n    url: javascript:alert(1)",
        ),
        &[
            "--> content/a.md:7:10",
            "`javascript:` URLs are not allowed",
        ],
    );
    fails(
        format!("{GOOD}\n[click](javascript:alert(1))\n"),
        &[
            "--> content/a.md:19:9",
            "`javascript:` links are not allowed",
        ],
    );
}

#[test]
fn slugs_with_slashes_or_dot_dot() {
    fails(
        GOOD.replace("title: Good", "title: Good\nslug: ../../etc"),
        &["error[invalid-slug]", "--> content/a.md:3:7"],
    );
    fails(
        GOOD.replace("title: Good", "title: Good\nslug: a/b"),
        &["error[invalid-slug]", "contains a `/`"],
    );
}

#[test]
fn all_errors_in_all_files_are_reported_at_once() {
    Test::new()
        .file(
            "content/a.md",
            GOOD.replace("status: disputed", "status: x"),
        )
        .file("content/b.md", "---\ntitle: B\ndate: 2016-02-31\n---\n")
        .file(
            "content/c.md",
            GOOD.replace("(claim:halted)", "(claim:nope)"),
        )
        .failure()
        .stderr_contains("--> content/a.md:12:13")
        .stderr_contains("--> content/b.md:3:7")
        .stderr_contains("--> content/c.md:17:10")
        .stderr_contains("build failed with 3 errors")
        .run();
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let run = Test::new().file("content/a.md", GOOD).run();
    let before = run.snapshot();
    let run = run
        .then()
        .file(
            "content/a.md",
            GOOD.replace("status: disputed", "status: nope"),
        )
        .file("content/b.md", GOOD)
        .failure()
        .run();
    assert_eq!(before, run.snapshot());
    let stray: Vec<_> = std::fs::read_dir(run.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "staging folders left behind: {stray:?}");
}

#[test]
fn output_folders_that_would_destroy_the_site_are_refused() {
    for bad in [".", "..", "/", "content", "themes"] {
        let run = Test::new()
            .file("content/a.md", GOOD)
            .args(&["build", "--output", bad])
            .failure()
            .stderr_contains("error[output-dir]")
            .run();
        assert!(run.path().join("content/a.md").exists());
        assert!(run.path().join("themes/default").exists());
    }
    Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}output_dir = \"content\"\n"),
        )
        .file("content/a.md", GOOD)
        .failure()
        .stderr_contains("is inside the site's content/ folder")
        .run();
}

#[test]
fn two_articles_at_one_url() {
    Test::new()
        .file("content/a.md", GOOD)
        .file(
            "content/b.md",
            GOOD.replace("title: Good", "title: Good\nslug: a"),
        )
        .failure()
        .stderr_contains("would both be published at /a/")
        .run();
}

#[test]
fn broken_site_toml() {
    Test::new()
        .file(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://e.org/\"\noutput-dir = \"x\"\n",
        )
        .failure()
        .stderr_contains("--> site.toml:3:1")
        .stderr_contains("did you mean `output_dir`?")
        .run();
}

#[test]
fn template_errors_name_the_template() {
    Test::new()
        .file("content/a.md", GOOD)
        .file("templates/article.html", "{{ article.no_such_field }}")
        .failure()
        .stderr_contains("error[template]")
        .stderr_contains("while rendering content/a.md")
        .stderr_contains("no_such_field")
        .run();
}

#[test]
fn template_errors_point_at_the_spot_in_the_template() {
    Test::new()
        .file("content/a.md", GOOD)
        .file(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ article.title </p>\n{% endblock main %}\n",
        )
        .failure()
        .stderr_contains("error[template]: Found `</` but expected }}.")
        .stderr_contains("--> templates/article.html:3:21")
        .stderr_contains("3 | <p>{{ article.title </p>")
        .run();
    Test::new()
        .file("content/a.md", GOOD)
        .file("templates/article.html", "\n{{ article.no_such_field }}")
        .failure()
        .stderr_contains("Field `no_such_field` is not defined. Available fields: authors,")
        .stderr_contains("--> templates/article.html:2:12")
        .run();
}

// Regression: a template error on every article printed one copy per page.
#[test]
fn one_template_error_on_many_pages_is_printed_once() {
    let run = Test::new()
        .file("content/a.md", GOOD)
        .file("content/b.md", GOOD)
        .file("content/c.md", GOOD)
        .file("templates/article.html", "{{ article.no_such_field }}")
        .failure()
        .stderr_contains("= help: while rendering content/a.md")
        .stderr_contains("the same error occurred 2 more times")
        .stderr_contains("error: build failed with 1 error")
        .run();
    assert_eq!(
        run.stderr.matches("error[template]").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn hostile_markdown_does_not_panic() {
    // Deep nesting, unclosed citations, a malformed one, and raw control bytes.
    let hostile = format!(
        "{}{}\n\n[@]\n\n{}\u{0}\u{7}\n",
        "> ".repeat(5000),
        "[@".repeat(2000),
        "*[".repeat(3000)
    );
    let run = Test::new()
        .file(
            "content/a.md",
            format!("---\ntitle: T\ndate: 2016-12-08\n---\n{hostile}"),
        )
        .failure()
        .run();
    assert!(
        run.stderr
            .contains("error[malformed-citation]: `[@]` is not a citation"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

// A theme made before list entries had templates of their own lacked them; the error
// must name them and say where to find a copy.
#[test]
fn a_theme_without_the_entry_templates_is_told_which_and_where_to_find_them() {
    Test::new()
        .file("content/a.md", GOOD)
        .remove("themes/default/templates/claim_entry.html")
        .remove("themes/default/templates/source_entry.html")
        .failure()
        .stderr_contains("the theme `default` has no claim_entry.html, source_entry.html")
        .stderr_contains("byline theme eject --root <an empty folder>")
        .run();
}
