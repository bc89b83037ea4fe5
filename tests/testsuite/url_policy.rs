//! One URL policy everywhere a writer gives byline a URL (README, "Writing an
//! article"): `javascript:`, `vbscript:`, `file:`, `data:` other than an image's and
//! protocol-relative URLs are refused (stripped from sanitized raw HTML); every other
//! scheme is allowed.

use crate::support::*;

const HEAD: &str = "---\ntitle: T\ndate: 2016-12-08\n---\n";

const DANGEROUS: [&str; 6] = [
    "javascript:alert(1)",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "data:text/html,x",
    "//evil.example/x",
    "/\\evil.example/x",
];

/// The article body of a built page.
fn body_of(page: &str) -> &str {
    let start = page.find("article__body\">").expect("an article body");
    &page[start..start + page[start..].find("</article>").unwrap()]
}

// `<irc://host/x>` is valid CommonMark, but only http, https, mailto and tel links
// (and data: images) built.
#[test]
fn markdown_links_and_images_may_use_any_scheme_but_dangerous_ones() {
    let body = "<irc://irc.example/x> [f](ftp://e.org/f) [d](doi:10.1000/182) [m](mailto:a@e.org) ![i](data:image/png;base64,iVBO)\n";
    let run = Test::new()
        .file("content/a.md", format!("{HEAD}{body}"))
        .run();
    let html = run.read("a/index.html");
    for kept in [
        "href=\"irc://irc.example/x\"",
        "href=\"ftp://e.org/f\"",
        "href=\"doi:10.1000/182\"",
        "href=\"mailto:a@e.org\"",
        "src=\"data:image/png;base64,iVBO\"",
    ] {
        assert!(body_of(&html).contains(kept), "{kept}:\n{html}");
    }
}

/// An `unsafe-url` error as printed, at `content/<file>.md:line:col`.
fn at(message: &str, file: &str, line: usize, col: usize) -> String {
    let gutter = " ".repeat(line.to_string().len() + 1);
    format!("error[unsafe-url]: {message}\n{gutter}--> content/{file}.md:{line}:{col}")
}

#[test]
fn dangerous_urls_in_markdown_are_errors_where_they_are_written() {
    let links: Vec<String> = DANGEROUS.iter().map(|u| format!("[a]({u})\n")).collect();
    let images: Vec<String> = DANGEROUS.iter().map(|u| format!("![a]({u})\n")).collect();
    let mut test = Test::new()
        .file("content/a.md", format!("{HEAD}{}", links.join("\n")))
        .file("content/b.md", format!("{HEAD}{}", images.join("\n")))
        .failure();
    for (i, scheme) in ["javascript", "vbscript", "file", "data"]
        .iter()
        .enumerate()
    {
        let line = 5 + 2 * i;
        let message = format!("`{scheme}:` links are not allowed");
        test = test
            .stderr_contains(&at(&message, "a", line, 5))
            .stderr_contains(&at(&message, "b", line, 6));
    }
    for (line, url) in [(13, "//evil.example/x"), (15, "/\\evil.example/x")] {
        test = test
            .stderr_contains(&at(
                &format!("`{url}` has no scheme, so it leads to another host"),
                "a",
                line,
                5,
            ))
            .stderr_contains(&at(
                &format!("`{url}` has no scheme, so it leads to another host"),
                "b",
                line,
                6,
            ));
    }
    test.stderr_contains("build failed with 12 errors").run();
}

#[test]
fn source_urls_may_use_any_scheme_but_dangerous_ones() {
    let source = |url: &str| {
        format!("---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n    url: \"{url}\"\n---\n[@s]\n")
    };
    let run = Test::new()
        .file("content/a.md", source("irc://irc.example/x"))
        .file("content/b.md", source("doi:10.1000/182"))
        .run();
    assert!(run
        .read("a/index.html")
        .contains("<a href=\"irc://irc.example/x\">S</a>"));
    assert!(run
        .read("b/index.html")
        .contains("<a href=\"doi:10.1000/182\">S</a>"));

    let mut test = Test::new().failure();
    for (i, url) in DANGEROUS.iter().enumerate() {
        test = test.file(
            &format!("content/{i}.md"),
            source(&url.replace('\\', "\\\\")),
        );
    }
    for (i, scheme) in ["javascript", "vbscript", "file", "data"]
        .iter()
        .enumerate()
    {
        test = test.stderr_contains(&format!(
            "error[unsafe-url]: `{scheme}:` URLs are not allowed in sources\n  --> content/{i}.md:7:10"
        ));
    }
    for (i, url) in [(4, "//evil.example/x"), (5, "/\\evil.example/x")] {
        test = test.stderr_contains(&format!(
            "error[unsafe-url]: `{url}` has no scheme, so it leads to another host; write https://evil.example/x\n  --> content/{i}.md:7:10"
        ));
    }
    test.stderr_contains("build failed with 6 errors").run();
}

// The sanitizer had rules of its own: `irc:` and `ftp:` links were stripped, while
// `//evil.example/` was kept.
#[test]
fn sanitized_raw_html_keeps_exactly_the_urls_the_policy_allows() {
    let mut body = String::from("<p>\n");
    for url in DANGEROUS {
        body.push_str(&format!(
            "<a href=\"{url}\">gone</a> <img src=\"{url}\" alt=\"gone\">\n"
        ));
    }
    body.push_str("<a href=\"java&#9;script:alert(1)\">gone</a> <blockquote cite=\"javascript:alert(1)\">q</blockquote>\n");
    body.push_str("<a href=\"data:image/png;base64,iVBO\">gone</a>\n");
    let kept = [
        "<a href=\"irc://irc.example/x\">irc</a>",
        "<a href=\"ftp://e.org/f\">ftp</a>",
        "<a href=\"doi:10.1000/182\">doi</a>",
        "<a href=\"https://e.org/\">https</a>",
        "<a href=\"/docs/x\">site</a>",
        "<a href=\"x/\">relative</a>",
        "<img src=\"data:image/png;base64,iVBO\" alt=\"png\">",
    ];
    body.push_str(&kept.join("\n"));
    body.push_str("\n</p>\n");
    let run = Test::new()
        .file("content/a.md", format!("{HEAD}{body}"))
        .run();
    let html = run.read("a/index.html");
    let page = body_of(&html);
    for k in kept {
        assert!(page.contains(k), "{k} is missing:\n{page}");
    }
    for gone in ["script:", "file:", "text/html", "evil.example", "cite="] {
        assert!(!page.contains(gone), "{gone} is still in the page:\n{page}");
    }
    assert_eq!(page.matches("<a>gone</a>").count(), 8, "{page}");
    assert_eq!(page.matches("<img alt=\"gone\">").count(), 6, "{page}");
}
