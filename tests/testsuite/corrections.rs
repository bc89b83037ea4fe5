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
    reviews_on_articles().file("content/bare.md", BARE).run()
}

/// An empty site whose article pages carry their claims' reviews.
fn reviews_on_articles() -> Test {
    let toml = std::fs::read_to_string(Test::new().path().join("site.toml")).unwrap();
    Test::new().file(
        "site.toml",
        toml + "\n[claims]\nreview_markup = \"article\"\n",
    )
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
    let run = reviews_on_articles().file("content/t.md", article).run();
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
fn a_short_text_longer_than_search_engines_show_is_a_warning_at_it() {
    let article = format!("---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: Talks.\n    short: \"{LONG}\"\n    status: disputed\n---\n");
    Test::new()
        .file("content/t.md", article)
        .stderr_contains("warning[long-claim]: the `short` of claim `c` has 91 characters; search engines show about 75\n  --> content/t.md:7:12")
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
            "warning[long-claim]: 2 more claims are longer than 75 characters for search engines",
        )
        .stderr_contains("help: in content/t.md: give each a `short:`")
        .run();
    assert_eq!(run.stderr.matches("warning[long-claim]").count(), 11);
}

const BASE: &str = "https://user.github.io/project/";

/// The ledger fixture with two corrections on "Were talks agreed?" (published 3
/// December, its claim's status changed on 7 December).
fn corrected() -> Run {
    let review = std::fs::read_to_string(
        crate::support::repo_root().join("tests/fixtures/ledger/content/analysis/review.md"),
    )
    .unwrap();
    let review = review.replacen(
        "tags: [talks]\n",
        "tags: [talks]\ncorrections:\n  - date: 2016-12-08\n    kind: clarification\n    text: \"The report is the UN's, not the council's.\"\n  - { date: 2016-12-04, kind: correction, text: \"An earlier version gave the wrong <date>.\" }\n",
        1,
    );
    Test::fixture("ledger")
        .file("content/analysis/review.md", review)
        .run()
}

#[test]
fn corrections_are_dated_notes_at_the_top_and_correction_comments_in_json_ld() {
    let run = corrected();
    let html = run.read("analysis/review/index.html");
    let notes = [
        "<p class=\"draft-banner\" id=\"byline-change-1\"><strong>Correction, <time datetime=\"2016-12-07\">7 December 2016</time>:</strong> the claim",
        "<p class=\"draft-banner\" id=\"byline-correction-1\"><strong>Correction, <time datetime=\"2016-12-04\">4 December 2016</time>:</strong> An earlier version gave the wrong &lt;date&gt;.</p>",
        "<p class=\"draft-banner\" id=\"byline-correction-2\"><strong>Clarification, <time datetime=\"2016-12-08\">8 December 2016</time>:</strong> The report is the UN&#39;s, not the council&#39;s.</p>",
    ];
    let at: Vec<usize> = notes
        .iter()
        .map(|n| html.find(n).unwrap_or_else(|| panic!("{n}\n{html}")))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "changes, then corrections oldest first"
    );
    let ld = json_ld(&html);
    assert_eq!(
        ld["@graph"][0]["correction"],
        serde_json::json!([
            {"@type": "CorrectionComment", "datePublished": "2016-12-04", "text": "An earlier version gave the wrong <date>."},
            {"@type": "CorrectionComment", "datePublished": "2016-12-08", "text": "The report is the UN's, not the council's."},
        ])
    );
    assert_eq!(
        ld["@graph"][0]["dateModified"], "2016-12-08",
        "the last correction updates the article"
    );
    let untouched = json_ld(&run.read("news/aid/index.html"));
    assert!(untouched["@graph"][0].get("correction").is_none());
}

/// The text of every `<li>` of the corrections log, tags removed.
fn log_rows(html: &str) -> Vec<String> {
    let list = &html[html.find("<ol class=\"corrections").expect("the log")..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li")
        .skip(1)
        .map(|li| {
            let mut text = String::new();
            let mut in_tag = false;
            for ch in li[li.find('>').unwrap() + 1..].chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn the_corrections_log_lists_corrections_and_status_changes_newest_first() {
    let run = corrected();
    let html = run.read("corrections/index.html");
    assert_eq!(
        log_rows(&html),
        [
            "Clarification, 8 December 2016, to Were talks agreed?: The report is the UN&#39;s, not the council&#39;s.",
            "Correction, 7 December 2016, to Were talks agreed?: the claim “Both parties agreed to talks.” was Confirmed and is now Disputed. The second party denied it.",
            "Update, 6 December 2016, to Did the aid convoy arrive?: the claim “The aid convoy arrived in the city.” was Unverified and is now False. Drivers said the convoy turned back.",
            "Correction, 4 December 2016, to Were talks agreed?: An earlier version gave the wrong &lt;date&gt;.",
        ]
    );
    assert!(
        html.contains(
            "<a href=\"/project/analysis/review/#byline-correction-2\"><bdi>Were talks agreed?</bdi></a>"
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"/project/analysis/review/#claim-talks-agreed\">"));
    assert!(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ledger &lt;Fixture&gt;: corrections\" href=\"/project/corrections/atom.xml\">"));
    assert!(run
        .read("sitemap.xml")
        .contains(&format!("<loc>{BASE}corrections/</loc>")));
    assert!(
        run.read("index.html")
            .contains("href=\"/project/corrections/\""),
        "linked from every page"
    );
}

#[test]
fn a_site_without_corrections_has_an_empty_log_and_feed() {
    let run = bare();
    assert!(run
        .read("corrections/index.html")
        .contains("<p class=\"empty\">No corrections yet.</p>"));
    let feed = elements(&run.read("corrections/atom.xml"));
    assert!(!feed.iter().any(|(name, _)| name == "entry"));
}

/// Every element of `xml` with its text, in document order; panics unless well-formed.
fn elements(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut open) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                open.push(out.len());
                out.push((e.name().as_ref().to_string(), String::new()));
            }
            Event::Empty(e) => out.push((e.name().as_ref().to_string(), String::new())),
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].1.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    let name = r.into_inner().to_string();
                    let c = match name.as_str() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    out[i].1.push_str(c);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn the_corrections_feed_is_atom_with_a_permalink_per_note() {
    let run = corrected();
    let xml = run.read("corrections/atom.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    assert!(xml.contains(&format!(
        "<link rel=\"self\" href=\"{BASE}corrections/atom.xml\" type=\"application/atom+xml\"/>"
    )));
    let feed = elements(&xml);
    let texts = |name: &str| -> Vec<&str> {
        feed.iter()
            .filter(|e| e.0 == name)
            .map(|e| e.1.as_str())
            .collect()
    };
    // RFC 4287: the feed and every entry have an id, a title and updated; an author
    // for the feed covers its entries; entries without content have a summary.
    assert_eq!(texts("entry").len(), 4);
    assert_eq!(texts("id").len(), 5);
    assert_eq!(texts("title").len(), 5);
    assert_eq!(texts("updated").len(), 5);
    assert_eq!(texts("summary").len(), 4);
    assert_eq!(texts("name"), ["Fixture Desk"]);
    assert_eq!(
        texts("id"),
        [
            format!("{BASE}corrections/"),
            format!("{BASE}analysis/review/#byline-correction-2"),
            format!("{BASE}analysis/review/#byline-change-1"),
            format!("{BASE}news/aid/#byline-change-1"),
            format!("{BASE}analysis/review/#byline-correction-1"),
        ]
    );
    assert_eq!(
        texts("updated")[..2],
        ["2016-12-08T00:00:00Z", "2016-12-08T00:00:00Z"]
    );
    assert_eq!(texts("title")[0], "Ledger <Fixture>: corrections");
    assert_eq!(texts("title")[1], "Clarification: Were talks agreed?");
    assert_eq!(
        texts("summary")[1],
        "The claim “Both parties agreed to talks.” was confirmed and is now disputed. The second party denied it."
    );
}

const NEUTRAL_SITE: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n[claims]\nreview_markup = \"article\"\nstatuses = [\n  { key = \"true\", label = \"True\", tone = \"confirmed\" },\n  { key = \"misleading\", label = \"Misleading\", tone = \"disputed\" },\n  { key = \"satire\", label = \"Satire\", tone = \"neutral\", description = \"Meant as a joke.\" },\n  { key = \"no-verdict\", label = \"No verdict\", tone = \"neutral\" },\n]\n[claims.ratings]\nno-verdict = { value = 3 }\n";

#[test]
fn neutral_statuses_are_styled_counted_and_rated_by_no_number() {
    let article = "---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - id: joke\n    text: The moon is cheese.\n    status: misleading\n    history:\n      - { date: 2016-12-08, status: satire }\n      - { date: 2016-12-09, status: misleading }\n  - id: open\n    text: Talks resumed.\n    status: no-verdict\n  - id: joke2\n    text: Mars is cheese.\n    status: satire\n---\nThe [joke](claim:joke2).\n";
    let run = Test::new()
        .file("site.toml", NEUTRAL_SITE)
        .file("content/t.md", article)
        .run();
    let html = run.read("t/index.html");
    assert!(
        html.contains("<span class=\"claim claim--neutral\" id=\"claim-ref-joke2-1\">"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"badge badge--neutral\">1 satire</span>"),
        "{html}"
    );
    assert!(
        html.contains("<strong>Update, <time datetime=\"2016-12-09\">"),
        "a change from no verdict is an update"
    );
    let ld = json_ld(&html);
    assert_eq!(
        ld["@graph"][3]["reviewRating"],
        serde_json::json!({"@type": "Rating", "alternateName": "Satire"})
    );
    assert_eq!(
        ld["@graph"][2]["reviewRating"]["ratingValue"], 3,
        "unless site.toml rates it"
    );
    let home = run.read("index.html");
    assert!(
        home.contains("<span class=\"badge badge--disputed\">1 disputed"),
        "the misleading claim is the only dispute: {home}"
    );
    let satire = run.read("claims/satire/index.html");
    assert!(satire.contains("badge--neutral"));
    let index: Value = serde_json::from_str(&run.read("claims.json")).unwrap();
    assert_eq!(
        index["statuses"],
        serde_json::json!([
            {"key": "true", "label": "True", "tone": "confirmed", "count": 0},
            {"key": "misleading", "label": "Misleading", "tone": "disputed", "count": 1},
            {"key": "satire", "label": "Satire", "tone": "neutral", "count": 1},
            {"key": "no-verdict", "label": "No verdict", "tone": "neutral", "count": 1},
        ])
    );
    assert!(run.read("style.css").contains(".badge--neutral"));
}

const POLICY_SITE: &str = "title = \"T\"\nbase_url = \"https://example.org/news/\"\n[publisher]\nname = \"Desk\"\ncorrections_policy = \"/about/corrections/\"\nverification_policy = \"https://example.org/fact-checking\"\nownership_funding = \"/about/funding/\"\ncontact = \"/contact/\"\n[claims]\nreview_markup = \"article\"\n";

#[test]
fn publisher_policy_links_are_in_the_json_ld_and_the_footer() {
    let run = Test::new()
        .file("site.toml", POLICY_SITE)
        .file("content/bare.md", BARE)
        .run();
    let html = run.read("bare/index.html");
    let ld = json_ld(&html);
    assert_eq!(
        ld["@graph"][0]["publisher"],
        serde_json::json!({
            "@type": "NewsMediaOrganization",
            "name": "Desk",
            "url": "https://example.org/news/",
            "correctionsPolicy": "https://example.org/news/about/corrections/",
            "verificationFactCheckingPolicy": "https://example.org/fact-checking",
            "ownershipFundingInfo": "https://example.org/news/about/funding/",
            "contactPoint": {"@type": "ContactPoint", "url": "https://example.org/news/contact/"},
        })
    );
    assert_eq!(
        ld["@graph"][1]["author"]["@type"], "Organization",
        "reviews name the publisher plainly"
    );
    let footer = "<nav aria-label=\"Policies\"><ul class=\"site-footer__policies\" role=\"list\"><li><a href=\"https://example.org/news/about/corrections/\">Corrections policy</a></li><li><a href=\"https://example.org/fact-checking\">Fact-checking policy</a></li><li><a href=\"https://example.org/news/about/funding/\">Ownership and funding</a></li><li><a href=\"https://example.org/news/contact/\">Contact</a></li></ul></nav>";
    for page in [
        "index.html",
        "bare/index.html",
        "corrections/index.html",
        "404.html",
    ] {
        assert!(run.read(page).contains(footer), "{page}");
    }
}

#[test]
fn a_publisher_without_policy_links_stays_an_organization_with_no_footer_list() {
    let run = bare();
    let ld = json_ld(&run.read("bare/index.html"));
    assert_eq!(ld["@graph"][0]["publisher"]["@type"], "Organization");
    assert!(!run.read("index.html").contains("site-footer__policies"));
}

#[test]
fn a_policy_link_is_held_to_the_site_toml_url_rule_at_its_line() {
    let site = "title = \"T\"\nbase_url = \"https://example.org/\"\n[publisher]\nethics_policy = \"javascript:alert(1)\"\nmasthead = \"about/team\"\n";
    Test::new()
        .file("site.toml", site)
        .failure()
        .stderr_contains("`publisher.ethics_policy` must be an http(s) URL or a site path starting with `/`, not `javascript:alert(1)`\n  --> site.toml:4:17")
        .stderr_contains("`publisher.masthead` must be an http(s) URL or a site path starting with `/`, not `about/team`\n  --> site.toml:5:12")
        .run();
}

#[test]
fn a_long_corrections_log_is_paginated_like_the_other_lists() {
    let entries: String = (1..=101)
        .map(|i| format!("  - {{ date: 2016-12-09, kind: update, text: \"Update {i}.\" }}\n"))
        .collect();
    let article = format!("---\ntitle: T\ndate: 2016-12-08\ncorrections:\n{entries}---\n");
    let run = Test::new().file("content/t.md", article).run();
    let first = run.read("corrections/index.html");
    assert_eq!(log_rows(&first).len(), 100);
    assert!(
        first.contains("<a href=\"/corrections/page/2/\" rel=\"next\">"),
        "{first}"
    );
    let second = run.read("corrections/page/2/index.html");
    assert_eq!(
        log_rows(&second),
        ["Update, 9 December 2016, to T: Update 101."]
    );
    assert!(
        second.contains("<title>Corrections (page 2 of 2) · Test site</title>"),
        "{second}"
    );
    assert!(run
        .read("sitemap.xml")
        .contains("<loc>https://example.org/corrections/page/2/</loc>"));
}
