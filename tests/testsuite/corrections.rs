//! Corrections a reader can audit and markup that passes the checkers: article
//! `corrections`, the `/corrections/` log and its feed, `[publisher]` policy links,
//! ClaimReview and Article JSON-LD that say nothing empty, neutral statuses, and the
//! versioned `claims.json` (issue 18).

use serde_json::Value;

use crate::support::{Run, Test};

/// The one JSON-LD graph of a page.
fn json_ld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a JSON-LD script") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

/// A claim with nothing to say about who made it or where, assessed on no date, in an
/// article without a summary on a site without a description.
const BARE: &str = "---\ntitle: Bare\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: Talks resumed.\n    status: unverified\n---\nText.\n";

fn bare() -> Run {
    Test::new().file("content/bare.md", BARE).run()
}

#[test]
fn a_claim_review_leaves_out_the_appearances_and_authors_it_does_not_know() {
    let ld = json_ld(&bare().read("bare/index.html"));
    let item = &ld["@graph"][1]["itemReviewed"];
    assert_eq!(item, &serde_json::json!({"@type": "Claim"}));
}

#[test]
fn a_claim_review_without_as_of_is_dated_with_the_article() {
    let ld = json_ld(&bare().read("bare/index.html"));
    assert_eq!(ld["@graph"][1]["datePublished"], "2016-12-08");
}

#[test]
fn an_article_without_a_summary_or_site_description_has_no_empty_description() {
    let ld = json_ld(&bare().read("bare/index.html"));
    let article = ld["@graph"][0].as_object().unwrap();
    assert!(!article.contains_key("description"), "{article:?}");
}

const LONG: &str =
    "The Syrian army has halted its offensive in eastern Aleppo to let civilians leave the city.";

#[test]
fn a_claim_s_short_text_is_what_its_review_names() {
    let article = format!("---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: \"{LONG}\"\n    short: The army halted its Aleppo offensive\n    status: disputed\n---\n");
    let run = Test::new().file("content/t.md", article).run();
    assert!(!run.stderr.contains("long-claim"), "{}", run.stderr);
    let html = run.read("t/index.html");
    let ld = json_ld(&html);
    assert_eq!(
        ld["@graph"][1]["claimReviewed"],
        "The army halted its Aleppo offensive"
    );
    assert!(html.contains(LONG), "the page shows the whole claim");
}

#[test]
fn a_long_claim_without_short_is_a_warning_at_its_text() {
    let article = format!("---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: \"{LONG}\"\n    status: disputed\n---\n");
    Test::new()
        .file("content/t.md", article)
        .stderr_contains("warning[long-claim]: the claim `c` has 91 characters, and no `short` for search engines, which show about 75\n  --> content/t.md:6:11")
        .stderr_contains("help: add `short:` with the claim in at most 75 characters: ClaimReview markup uses it, the page still shows `text`")
        .run();
}

#[test]
fn long_claims_past_the_tenth_are_counted_in_one_warning() {
    let claims: String = (0..12)
        .map(|i| format!("  - id: c{i}\n    text: \"{LONG}\"\n    status: disputed\n"))
        .collect();
    let article = format!("---\ntitle: T\ndate: 2016-12-08\nclaims:\n{claims}---\n");
    let run = Test::new()
        .file("content/t.md", article)
        .stderr_contains(
            "warning[long-claim]: 2 more claims are longer than 75 characters and have no `short`",
        )
        .stderr_contains("help: in content/t.md: give each a `short:`")
        .run();
    assert_eq!(run.stderr.matches("warning[long-claim]").count(), 11);
}
