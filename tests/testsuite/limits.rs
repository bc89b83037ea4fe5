//! No input stalls a build: work and output grow linearly with the input. Nesting
//! and tag lists, whose cost grew with their square, are bounded with an error at the
//! line; hostile sites of every other shape build, and write at most a bounded
//! multiple of their size. `bench/hostile.py` times the same shapes at 10 MB.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

const HEAD: &str = "---\ntitle: T\ndate: 2016-12-08\n";

fn article(front: &str, body: &str) -> String {
    format!("{HEAD}{front}---\n{body}")
}

#[test]
fn yaml_nested_deeper_than_64_levels_is_refused_at_the_line_where_it_goes_too_deep() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    Test::new()
        .file(
            "content/a.md",
            article(&format!("extra:\n  x: {}\n", deep(64)), ""),
        )
        .run();
    Test::new()
        .file("content/a.md", article(&format!("extra:\n  x: {}\n", deep(100)), ""))
        .failure()
        .stderr_contains("error[too-deep]: lists and mappings nest more than 64 levels deep in the front matter\n  --> content/a.md:5:70\n")
        .stderr_contains("= help: byline reads data a few levels deep, not thousands: write this data flatter")
        .run();
    Test::new()
        .file("content/a.md", article("", ""))
        .file("content/sources.yaml", format!("sources: {}\n", deep(100)))
        .failure()
        .stderr_contains("error[too-deep]: lists and mappings nest more than 64 levels deep in content/sources.yaml\n  --> content/sources.yaml:1:74\n")
        .run();
}

#[test]
fn an_article_has_at_most_50_tags() {
    let tags = |n: usize| {
        (0..n)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let run = Test::new()
        .file(
            "content/a.md",
            article(&format!("tags: [{}]\n", tags(50)), ""),
        )
        .run();
    assert!(run.exists("tags/t49/index.html"));
    let line = format!("tags: [{}]", tags(4000));
    let col = line.find("t50").unwrap() + 1;
    Test::new()
        .file("content/a.md", article(&format!("{line}\n"), ""))
        .failure()
        .stderr_contains(&format!("error[too-many-tags]: an article may have at most 50 tags; this is one too many\n  --> content/a.md:4:{col}\n")
        )
        .stderr_contains("= help: keep the topics a reader would browse by: every tag's page and feed repeat the article with all its tags")
        .run();
}

#[test]
fn titles_summaries_and_authors_are_bounded_where_lists_repeat_them() {
    let at_bounds = format!(
        "---\ntitle: \"{}\"\ndate: 2016-12-08\nsummary: {}\nauthors: [{}{}]\n---\n",
        "t".repeat(300),
        "s".repeat(1000),
        "a, ".repeat(49),
        "b".repeat(200)
    );
    Test::new().file("content/a.md", &at_bounds).run();
    let over = format!(
        "---\ntitle: \"{}\"\ndate: 2016-12-08\nsummary: {}\nauthors: [{}a]\n---\n",
        "t".repeat(301),
        "é".repeat(1001),
        "a, ".repeat(50)
    );
    let long_name = format!(
        "---\ntitle: T\ndate: 2016-12-08\nauthors: [Ann, {}]\n---\n",
        "b".repeat(201)
    );
    Test::new()
        .file("content/a.md", &over)
        .file("content/b.md", &long_name)
        .failure()
        .stderr_contains("error[too-long]: the title has 301 characters; it may have at most 300\n  --> content/a.md:2:8\n")
        .stderr_contains("error[too-long]: the summary has 1001 characters; it may have at most 1000\n  --> content/a.md:4:10\n")
        .stderr_contains("error[too-many-authors]: an article may have at most 50 authors; this is one too many\n  --> content/a.md:5:161\n")
        .stderr_contains("error[too-long]: this author's name has 201 characters; it may have at most 200\n  --> content/b.md:4:16\n")
        .run();
}

#[test]
fn list_pages_show_an_articles_first_five_tags_and_its_page_all() {
    let run = Test::new()
        .file("content/a.md", article(&tag_list(7), ""))
        .run();
    let links = |html: &str| html.matches("class=\"tag\" href=\"/tags/t").count();
    assert_eq!(links(&run.read("index.html")), 5);
    assert_eq!(links(&run.read("tags/t6/index.html")), 5);
    assert_eq!(links(&run.read("a/index.html")), 7);
}

fn fill(size: usize, unit: &str) -> String {
    unit.repeat((size / unit.len()).max(1))
}

fn sources(n: usize) -> String {
    let list: String = (0..n)
        .map(|i| format!("  - {{ id: s{i}, title: S }}\n"))
        .collect();
    format!("sources:\n{list}")
}

fn tag_list(n: usize) -> String {
    let tags: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
    format!("tags: [{}]\n", tags.join(", "))
}

/// A site's files: path, text.
type Files = Vec<(String, String)>;

fn one(text: String) -> Files {
    vec![("content/a.md".into(), text)]
}

/// Each of an article's tags (up to 50) has a page and a feed that repeat the
/// article's title, summary and authors (bounded in length and number), escaped: an
/// article at every bound, of `<` and `&`, is written about 270 times. A bounded
/// multiple, but above 100.
const REPEATED_ON_TAG_PAGES: f64 = 300.0;
/// Every tag is a page and a feed (about 2.8 KB of the theme) for a few bytes of input.
const A_PAGE_PER_TAG: f64 = 600.0;

/// Sites of about `n` bytes, each of a shape that once cost (or could cost) work or
/// output growing faster than its size, with the most they may write per input byte.
fn hostile(n: usize) -> Vec<(&'static str, Files, f64)> {
    let refs =
        |prefix: &str, k: usize| -> String { (0..k).map(|i| format!("[@{prefix}{i}] ")).collect() };
    let claims: String = (0..n / 160)
        .map(|i| format!("  - {{ id: c{i}, text: C, status: disputed, asserted_by: [s0], contested_by: [s0] }}\n"))
        .collect();
    let claim_links: String = (0..n / 160).map(|i| format!("[c](claim:c{i}) ")).collect();
    let all_sources: Vec<String> = (0..n / 80).map(|i| format!("s{i}")).collect();
    let nest = |open: &str, close: &str, k: usize| format!("{}{}", open.repeat(k), close.repeat(k));
    vec![
        ("deep-flow", one(article(&format!("extra: {{x: {}}}\n", nest("[", "]", n / 2)), "")), 100.0),
        ("deep-flow-shared", vec![("content/sources.yaml".into(), format!("sources: {}\n", nest("[", "]", n / 2)))], 100.0),
        ("deep-block", one(article(&format!("extra:\n  x:\n    {}a\n", fill(n, "- ")), "")), 100.0),
        ("tags-one-article", one(article(&tag_list(n / 8), "")), 100.0),
        ("tags-shared", (0..n / 300).map(|i| (format!("content/a{i}.md"), article(&tag_list(50), ""))).collect(), REPEATED_ON_TAG_PAGES),
        ("headings", one(article("", &fill(n, "# a\n\n"))), 100.0),
        ("long-line", one(article("", &fill(n, "word "))), 100.0),
        ("long-title-and-summary", one(format!("---\ntitle: \"{}\"\ndate: 2016-12-08\nsummary: \"{}\"\n{}---\n", fill(n / 2, "<"), fill(n / 2, "&"), tag_list(50))), 100.0),
        ("authors", one(article(&format!("{}authors: [{}a]\n", tag_list(50), fill(n, "a, ")), "")), 100.0),
        ("articles-at-every-bound", (0..n / 1850).map(|i| (format!("content/a{i}.md"), format!("---\ntitle: \"{}\"\ndate: 2016-12-08\nsummary: \"{}\"\nauthors: [{}a]\n{}---\n", "<".repeat(300), "&".repeat(1000), "a, ".repeat(49), tag_list(50)))).collect(), REPEATED_ON_TAG_PAGES),
        ("tags-unique", (0..n / 500).map(|i| (format!("content/a{i}.md"), article(&format!("tags: [{}]\n", (0..50).map(|j| format!("u{i}x{j}")).collect::<Vec<_>>().join(", ")), ""))).collect(), A_PAGE_PER_TAG),
        ("citations", one(article(&sources(1), &fill(n, "[@s0] "))), 100.0),
        ("sources-cited", one(article(&sources(n / 60), &refs("s", n / 60))), 100.0),
        ("unknown-citations", one(article(&sources(n / 60), &refs("x", n / 60))), 100.0),
        ("claims", one(article(&format!("{}claims:\n{claims}", sources(1)), &claim_links)), 100.0),
        ("claim-refs", one(article(&format!("{}claims:\n  - id: c\n    text: C\n    status: confirmed\n    asserted_by: [{}]\n", sources(n / 80), all_sources.join(", ")), "")), 100.0),
        ("claim-history", one(article(&format!("claims:\n  - id: c\n    text: C\n    status: confirmed\n    history:\n{}", fill(n, "      - { date: 2016-12-08, status: confirmed }\n")), "")), 100.0),
        ("table", one(article("", &format!("|{}\n|{}\n{}", fill(n / 4, "a|"), fill(n / 4, "-|"), fill(n / 2, "|b\n")))), 100.0),
        ("nested-quotes", one(article("", &format!("{} a\n", ">".repeat(n)))), 100.0),
        ("compact-lists", one(article("", &format!("{}a\n", fill(n, "- ")))), 100.0),
        ("brackets", one(article("", &nest("[", "]", n / 2))), 100.0),
        ("emphasis", one(article("", &fill(n, "*a _"))), 100.0),
        ("footnotes", one(article("", &format!("{}\n\n[^a]: note\n", fill(n, "[^a] ")))), 100.0),
        ("invalid-tags", one(article(&format!("tags: [{}'!']\n", fill(n, "'!', ")), "")), 100.0),
        ("articles", (0..n / 40).map(|i| (format!("content/a{i}.md"), article("", ""))).collect(), 100.0),
    ]
}

/// Total size of the files under `dir`.
fn size_of(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// Builds the site, killing byline if it runs past `limit` (a guard against a hang,
/// far above the time any of these takes); returns the exit code.
fn build_within(dir: &std::path::Path, limit: Duration) -> Option<i32> {
    let mut child = Command::new(BIN)
        .arg("build")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn hostile_sites_build_and_write_a_bounded_multiple_of_their_size() {
    const SIZE: usize = 256 * 1024;
    let mut failures = Vec::new();
    for (name, files, most) in hostile(SIZE) {
        let test = files
            .iter()
            .fold(Test::new(), |t, (path, text)| t.file(path, text));
        let input: usize = files.iter().map(|(_, t)| t.len()).sum::<usize>() + SITE_TOML.len();
        let Some(code) = build_within(test.path(), Duration::from_secs(300)) else {
            failures.push(format!("{name}: still building after 300 s"));
            continue;
        };
        let output = size_of(&test.path().join("public"));
        let ratio = output as f64 / input as f64;
        eprintln!("{name:<24} {input:>8} B in, exit {code}, {output:>10} B out, {ratio:>6.1}x");
        if ratio > most {
            failures.push(format!("{name}: wrote {ratio:.0} times its {input} bytes"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
