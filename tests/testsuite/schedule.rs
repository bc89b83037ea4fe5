//! Scheduling: articles dated after today are held back unless `--future`, and an
//! article past its `expires` day leaves every list but keeps its page. `BYLINE_TODAY`
//! fixes the day.

use crate::support::*;

fn article(title: &str, date: &str, more: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ntags: [syria]\n{more}sources:\n  - id: s\n    title: Source of {title}\nclaims:\n  - id: c\n    text: Claim of {title}\n    status: confirmed\n    asserted_by: [s]\n---\n\n{title} [@s].\n")
}

fn site() -> Test {
    Test::new()
        .file("content/now.md", article("Now", "2016-12-08", ""))
        .file(
            "content/later.md",
            article("Later", "2016-12-09T08:00:00+01:00", ""),
        )
}

/// Every file a reader or a crawler finds articles through.
const LISTS: &[&str] = &[
    "index.html",
    "atom.xml",
    "sitemap.xml",
    "claims/claims-1.json",
    "claims/index.html",
    "sources/index.html",
    "tags/syria/index.html",
    "tags/syria/atom.xml",
];

fn listed(run: &Run, title: &str) -> Vec<&'static str> {
    let url = format!("/{}/", title.to_lowercase());
    let has = |f: &&str| run.read(f).contains(title) || run.read(f).contains(&url);
    LISTS.iter().copied().filter(has).collect()
}

#[test]
fn an_article_dated_after_today_is_held_back_and_counted() {
    let run = site()
        .env("BYLINE_TODAY", "2016-12-08")
        .stderr("Built 14 pages in [T] ms\nHeld back 1 article dated after today (8 December 2016); --future builds it too\n")
        .run();
    assert!(!run.exists("later/index.html"));
    assert!(listed(&run, "Later").is_empty());
    assert_eq!(listed(&run, "Now"), LISTS);

    let run = run
        .then()
        .env("BYLINE_TODAY", "2016-12-08")
        .args(&["build", "--future"])
        .stderr("Built 16 pages in [T] ms\n")
        .run();
    assert!(run.exists("later/index.html"));
    assert_eq!(listed(&run, "Later"), LISTS);

    // Its day has come: the time and zone written do not matter, only the day.
    let run = run
        .then()
        .env("BYLINE_TODAY", "2016-12-09")
        .stderr("Built 16 pages in [T] ms\n")
        .run();
    assert!(run.exists("later/index.html"));
}

#[test]
fn an_expired_article_keeps_its_page_and_leaves_every_list() {
    let t = site().file(
        "content/now.md",
        article("Now", "2016-12-08", "expires: 2016-12-10\n"),
    );
    let run = t.env("BYLINE_TODAY", "2016-12-09").run();
    assert_eq!(listed(&run, "Now"), LISTS);
    let run = run
        .then()
        .env("BYLINE_TODAY", "2016-12-10")
        .stderr("Built 15 pages in [T] ms\n")
        .run();
    assert!(run
        .read("now/index.html")
        .contains("<h1 class=\"article__title\">Now</h1>"));
    assert!(listed(&run, "Now").is_empty(), "{:?}", listed(&run, "Now"));
    assert_eq!(listed(&run, "Later"), LISTS);
}

#[test]
fn the_same_site_on_the_same_day_builds_the_same_bytes() {
    let run = site().env("BYLINE_TODAY", "2016-12-08").run();
    let first = run.snapshot();
    let run = run.then().env("BYLINE_TODAY", "2016-12-08").run();
    assert_eq!(first, run.snapshot());
}

#[test]
fn a_link_to_an_article_held_back_is_an_error_unless_it_is_out_by_then() {
    let linking =
        article("Now", "2016-12-08", "").replace("Now [@s].", "See [later](later.md) [@s].");
    site()
        .file("content/now.md", &linking)
        .env("BYLINE_TODAY", "2016-12-08")
        .failure()
        .stderr_contains("error[link-to-scheduled]: `later.md` is dated 2016-12-09T08:00:00+01:00, after today, so this link would be broken until then\n   --> content/now.md:15:13")
        .stderr_contains("= help: date this article on or after that day too, or build with --future to preview both")
        .run();
    let run = site()
        .file(
            "content/now.md",
            linking.replace("date: 2016-12-08", "date: 2016-12-10"),
        )
        .env("BYLINE_TODAY", "2016-12-08")
        .stderr_contains(
            "Held back 2 articles dated after today (8 December 2016); --future builds them too",
        )
        .run();
    assert!(!run.exists("now/index.html"));
}

#[test]
fn an_article_held_back_is_checked_in_full() {
    let broken = article("Later", "2016-12-09", "").replace("Later [@s].", "Later [@nobody].");
    site()
        .file("content/later.md", broken)
        .env("BYLINE_TODAY", "2016-12-08")
        .failure()
        .stderr_contains("error[unknown-source]: citation `@nobody` names no source of this article\n   --> content/later.md:15:9")
        .run();
}

#[test]
fn schedule_mistakes_are_explained() {
    site()
        .env("BYLINE_TODAY", "tomorrow")
        .failure()
        .stderr("error[invalid-today]: BYLINE_TODAY is not a day: `tomorrow` is not a date in the form YYYY-MM-DD\n = help: set BYLINE_TODAY to a day such as 2016-12-08 to build the site as it is on that day, or unset it to use today's date (UTC)\n\nerror: build failed with 1 error\n")
        .run();
    site()
        .file("content/now.md", article("Now", "2016-12-08", "expires: 2016-12-08\n"))
        .failure()
        .stderr_contains("error[invalid-expires]: the article expires on 2016-12-08, but it is published on 2016-12-08\n  --> content/now.md:5:10")
        .run();
}
