//! Where errors go: `--message-format json` and `github` on a bad site, and warnings,
//! which are shown but fail the build only with `--deny-warnings`.

use crate::support::*;

/// Two mistakes in one file: an unknown status (line 12) and an impossible date (line 3).
const BAD: &str = "---\ntitle: Bad\ndate: 2016-02-30\nsources:\n  - id: lavrov\n    title: Statement\n  - id: residents\n    title: Residents\nclaims:\n  - id: halted\n    text: Halted\n    status: disputd\n    asserted_by: [lavrov]\n    contested_by: [residents]\n---\n\n[Halted](claim:halted) [@lavrov; @residents].\n";

/// Clean, except for warnings: `unused` is never cited, `lonely` names no source.
const WARNS: &str = "---\ntitle: Warns\ndate: 2016-12-08\nsources:\n  - id: lavrov\n    title: Statement\n  - id: unused\n    title: Unused\nclaims:\n  - id: lonely\n    text: Alone\n    status: confirmed\n---\n\nText [@lavrov].\n";

#[test]
fn json_gives_one_object_per_diagnostic_on_stdout() {
    let run = Test::new()
        .file("content/a.md", BAD)
        .args(&["--message-format", "json", "build"])
        .failure()
        .run();
    let objects: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(objects.len(), 2, "{}", run.stdout);
    assert_eq!(objects[0]["severity"], "error");
    assert_eq!(objects[0]["code"], "invalid-date");
    assert_eq!(objects[0]["file"], "content/a.md");
    assert_eq!(objects[0]["line"], 3);
    assert_eq!(objects[0]["column"], 7);
    assert_eq!(objects[1]["code"], "unknown-status");
    assert_eq!(objects[1]["line"], 12);
    assert_eq!(objects[1]["column"], 13);
    assert!(objects[1]["message"].as_str().unwrap().contains("disputd"));
    assert!(objects[1]["help"]
        .as_str()
        .unwrap()
        .contains("did you mean `disputed`?"));
    assert_eq!(run.stderr, "error: build failed with 2 errors\n");
}

#[test]
fn github_gives_workflow_annotations_on_stdout() {
    let run = Test::new()
        .file("content/a.md", BAD)
        .args(&["--message-format", "github", "check"])
        .failure()
        .run();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with("::error file=content/a.md,line=3,col=7,title=invalid-date::"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::error file=content/a.md,line=12,col=13,title=unknown-status::unknown claim status `disputd`%0Ahelp: did you mean `disputed`?"),
        "{}",
        lines[1]
    );
}

#[test]
fn warnings_are_shown_but_do_not_fail_the_build() {
    let run = Test::new().file("content/a.md", WARNS).run();
    assert!(run.exists("a/index.html"));
    for part in [
        "warning[unused-source]: the source `unused` is never cited\n  --> content/a.md:7:9",
        "warning[unsourced-claim]: the claim `lonely` names no source\n   --> content/a.md:10:9",
        "= help: cite it in the text with [@unused]",
    ] {
        assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("\nBuilt "), "{}", run.stderr);
}

#[test]
fn deny_warnings_fails_the_build_and_writes_nothing() {
    let run = Test::new()
        .file("content/a.md", WARNS)
        .args(&["build", "--deny-warnings"])
        .failure()
        .stderr_contains("warning[unused-source]")
        .stderr_contains("error: build failed with 0 errors and 2 warnings")
        .run();
    assert!(!run.exists("index.html"), "a denied build must not write");
}

#[test]
fn warnings_are_printed_with_the_errors_of_a_failed_build() {
    let broken = WARNS.replace("Text [@lavrov].", "Text [@lavrov] [@nobody].");
    Test::new()
        .file("content/a.md", WARNS)
        .file("content/b.md", broken)
        .failure()
        .stderr_contains("error[unknown-source]")
        .stderr_contains("warning[unused-source]")
        .stderr_contains("--> content/b.md:15:18")
        .stderr_contains("--> content/a.md:7:9")
        .stderr_contains("error: build failed with 1 error and 2 warnings")
        .run();
}

#[test]
fn warnings_in_github_format_are_warning_annotations() {
    let run = Test::new()
        .file("content/a.md", WARNS)
        .args(&["--message-format", "github", "check"])
        .run();
    assert!(
        run.stdout
            .contains("::warning file=content/a.md,line=7,col=9,title=unused-source::"),
        "{}",
        run.stdout
    );
}
