//! Messages say what is true where the writer looks: which file, which key, which
//! command; no message borrows another situation's words.

use crate::support::*;

const ARTICLE: &str = "---\ntitle: T\ndate: 2016-12-08\n---\nText.\n";

#[test]
fn errors_in_the_shared_sources_file_name_that_file_and_its_keys() {
    Test::new()
        .file("content/a.md", ARTICLE)
        .file("content/sources.yaml", "sourcs:\n  - id: a\n    title: A\n")
        .failure()
        .stderr(
            "error[unknown-key]: unknown key `sourcs` in content/sources.yaml
  --> content/sources.yaml:1:1
  |
1 | sourcs:
  | ^^^^^^
  |
  = help: did you mean `sources`?

error: build failed with 1 error
",
        )
        .run();
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file(
            "content/sources.yaml",
            "sources:\n  - id: a\n    title: A\n    urls: x\n  - id: a\n    title: B\n",
        )
        .failure()
        .stderr_contains(
            "error[unknown-key]: unknown key `urls` in a source\n  --> content/sources.yaml:4:5",
        )
        .stderr_contains("= help: did you mean `url`? Custom data goes under `extra`.\n")
        .run();
    // A shared source takes `extra`, as an article's does; nothing names the front matter.
    assert!(!run.stderr.contains("front matter"), "{}", run.stderr);
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file("content/sources.yaml", "sources:\n  - id: a\n    title: A\n  - id: a\n    title: B\n")
        .failure()
        .stderr_contains("error[duplicate-id]: source id `a` is used twice in content/sources.yaml\n  --> content/sources.yaml:4:9")
        .stderr_contains("= help: give every shared source its own id")
        .run();
    assert!(!run.stderr.contains("article"), "{}", run.stderr);
    for (text, message) in [
        ("sources: [a\n", "error[invalid-yaml]: content/sources.yaml is not valid YAML: sources[0]: invalid type: string \"a\", expected a source with `id:` and `title:`"),
        ("- a\n", "error[invalid-yaml]: content/sources.yaml is not valid YAML: invalid type: sequence, expected a mapping with a `sources:` list"),
    ] {
        let run = Test::new()
            .file("content/a.md", ARTICLE)
            .file("content/sources.yaml", text)
            .failure()
            .stderr_contains(message)
            .run();
        assert!(!run.stderr.contains("front matter"), "{}", run.stderr);
    }
}

#[test]
fn an_unsafe_image_url_is_not_said_to_be_in_sources() {
    let run = Test::new()
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2016-12-08\nimage: \"javascript:alert(1)\"\n---\n",
        )
        .failure()
        .stderr_contains("error[unsafe-url]: `javascript:` URLs are not allowed in `image`\n  --> content/a.md:4:8")
        .run();
    assert!(!run.stderr.contains("sources"), "{}", run.stderr);
}

#[test]
fn a_file_with_lone_cr_line_endings_is_told_so() {
    for path in ["content/a.md", "content/sources.yaml"] {
        let test = Test::new().file("content/b.md", ARTICLE);
        test.file(path, ARTICLE.replace('\n', "\r"))
            .failure()
            .stderr_contains(&format!(
                "error[cr-line-endings]: the lines of this file end with a lone CR (carriage return), as on classic Mac OS\n  --> {path}:1:4"
            ))
            .stderr_contains("= help: save the file with LF (Unix, macOS) or CRLF (Windows) line endings")
            .run();
    }
    // CRLF stays fine.
    Test::new()
        .file("content/a.md", ARTICLE.replace('\n', "\r\n"))
        .run();
}

#[test]
fn dot_and_backslash_slugs_are_described_as_they_are() {
    for (slug, message) in [
        (
            ".",
            "the slug `.` names the folder the article is in, not a page",
        ),
        (
            "a\\\\b",
            "the slug `a\\b` contains a `\\`; a slug names one page, not a folder",
        ),
    ] {
        Test::new()
            .file(
                "content/a.md",
                format!("---\ntitle: T\ndate: 2016-12-08\nslug: \"{slug}\"\n---\n"),
            )
            .failure()
            .stderr_contains(&format!(
                "error[invalid-slug]: {message}\n  --> content/a.md:4:7"
            ))
            .run();
    }
}

#[test]
fn only_build_ends_with_build_failed() {
    let bad = "---\ntitle: T\ndate: 2016-02-30\n---\n";
    let cases: Vec<(Test, &str)> = vec![
        (
            Test::new().file("content/a.md", bad).args(&["check"]),
            "error: check found 1 error\n",
        ),
        (
            Test::new().remove("site.toml").args(&["new", "A title"]),
            "error: no article was created\n",
        ),
        (
            Test::new().args(&["init", "."]),
            "error: no site was created\n",
        ),
        (
            Test::new().args(&["theme", "eject"]),
            "error: the theme was not copied\n",
        ),
        (
            Test::new().file("content/a.md", ARTICLE).args(&[
                "serve",
                "--bind",
                "192.0.2.1",
                "--port",
                "0",
            ]),
            "error: the server did not start\n",
        ),
    ];
    for (test, last_line) in cases {
        let run = test.failure().run();
        assert!(run.stderr.ends_with(last_line), "{}", run.stderr);
        assert!(!run.stderr.contains("build failed"), "{}", run.stderr);
    }
    Test::new()
        .file("content/a.md", bad)
        .failure()
        .stderr_contains("error: build failed with 1 error\n")
        .run();
}
