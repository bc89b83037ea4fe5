//! Claims as fact-checking desks keep them: who made a claim (`claimant`, shared in
//! `content/claimants.yaml` or inline), when and where (`claim_date`, `appearances`),
//! the verdict's reasoning (`explanation`), a page per claim with its ClaimReview, and
//! a page per claimant with a tally of their claims by status.

use serde_json::Value;

use crate::support::*;

const CLAIMANTS: &str = "claimants:
  - id: lavrov
    name: Sergey Lavrov
    kind: person
    description: Russia's foreign minister
    same_as: [https://en.wikipedia.org/wiki/Sergey_Lavrov]
";

const ARTICLE: &str = "---
title: Aleppo
date: 2016-12-08
sources:
  - id: statement
    title: Statement
    url: https://example.com/statement
    extra: { language: ru }
  - id: residents
    title: Residents
claims:
  - id: halted
    text: The army has halted its offensive.
    status: disputed
    as_of: 2016-12-09
    asserted_by: [statement]
    contested_by: [residents]
    claimant: lavrov
    claim_date: 2016-12-08
    appearances:
      - url: https://example.com/statement
        date: 2016-12-08
        archive_url: https://web.archive.org/web/2016/https://example.com/statement
        source: statement
    explanation: Residents said the fighting went on.
    extra: { desk: syria }
  - id: leave
    text: About 8,000 civilians can leave.
    status: unverified
    asserted_by: [statement]
    claimant: lavrov
  - id: unsure
    text: Nobody can check the halt yet.
    status: confirmed
    claimant: { name: United Nations, kind: organization }
---

They [halted](claim:halted) it; [8,000 can leave](claim:leave); [nobody knows](claim:unsure) [@residents].
";

fn site() -> Test {
    Test::new()
        .file("content/claimants.yaml", CLAIMANTS)
        .file("content/a.md", ARTICLE)
}

/// The example's site.toml, with `more` added.
fn toml(more: &str) -> String {
    std::fs::read_to_string(Test::new().path().join("site.toml")).unwrap() + more
}

/// `site()` with claim pages turned off.
fn without_pages() -> Test {
    site().file("site.toml", toml("\n[claims]\npages = false\n"))
}

/// The errors of `--message-format json`, one a line.
fn errors(stdout: &str) -> Vec<Value> {
    let all = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap());
    all.filter(|d| d["severity"] == "error").collect()
}

/// The JSON-LD of a page.
fn json_ld(html: &str) -> Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn a_claim_page_shows_the_claim_its_verdict_claimant_appearances_and_sources() {
    let run = site().run();
    let html = run.read("claims/a/halted/index.html");
    for part in [
        "<h1>The army has halted its offensive.</h1>",
        "<span class=\"visually-hidden\">Status: </span>Disputed</span>",
        "<p class=\"lede\">Residents said the fighting went on.</p>",
        "<dt>Claimed by</dt><dd><a href=\"/claimants/lavrov/\"><bdi>Sergey Lavrov</bdi></a>, <time datetime=\"2016-12-08\">8 December 2016</time></dd>",
        "<a href=\"https://example.com/statement\"><bdi>Statement</bdi></a>, <time datetime=\"2016-12-08\">8 December 2016</time> (<a href=\"https://web.archive.org/web/2016/https://example.com/statement\">archived copy</a>)",
        "<dt>Contested by</dt><dd><a href=\"/sources/#source-residents\"><bdi>Residents</bdi></a></dd>",
        "<dt>Discussed in</dt><dd><a href=\"/a/#claim-halted\"><bdi>Aleppo</bdi></a></dd>",
        "<meta property=\"og:title\" content=\"Disputed: “The army has halted its offensive.”\">",
        "<meta property=\"og:description\" content=\"Disputed: Residents said the fighting went on.\">",
        "<link rel=\"canonical\" href=\"https://example.org/claims/a/halted/\">",
    ] {
        assert!(html.contains(part), "{part}\n{html}");
    }
    // The article's sidebar links each claim to its page.
    let article = run.read("a/index.html");
    assert!(
        article.contains("<a href=\"/claims/a/halted/\">The army has halted its offensive.</a>")
    );
}

#[test]
fn in_text_badges_lead_to_the_sidebar_and_an_arrow_after_each_to_the_claim_page() {
    let run = site().run();
    let article = run.read("a/index.html");
    assert!(article.contains("<span class=\"claim claim--disputed\" id=\"claim-ref-halted-1\">halted <a class=\"badge badge--disputed\" href=\"#claim-halted\"><span class=\"visually-hidden\">Claim status: </span>Disputed</a><a class=\"claim__page\" href=\"/claims/a/halted/\" aria-label=\"Disputed: the claim’s page\">↗</a></span>"), "{article}");
    assert!(run.exists("claims/a/halted/index.html"));
    // Without claim pages, the badge alone, to the sidebar.
    let run = without_pages().run();
    let article = run.read("a/index.html");
    assert!(article.contains("Disputed</a></span>"), "{article}");
    assert!(!article.contains("claim__page"), "{article}");
}

#[test]
fn with_claim_pages_a_status_page_lists_its_claims_as_rows_linking_to_their_pages() {
    let run = site().run();
    let disputed = run.read("claims/disputed/index.html");
    assert!(disputed.contains("<li class=\"claim-entry claim-entry--disputed claim-entry--row\"><p class=\"claim-entry__text\"><a href=\"/claims/a/halted/\">The army has halted its offensive.</a></p><p class=\"source__meta\">Claimed by <a href=\"/claimants/lavrov/\"><bdi>Sergey Lavrov</bdi></a>; in <a href=\"/a/\"><bdi>Aleppo</bdi></a>, as of <time datetime=\"2016-12-09\">9 December 2016</time></p></li>"), "{disputed}");
    // The sources on each side are on the claim's page, not repeated here.
    assert!(!disputed.contains("Contested by"), "{disputed}");
    let all = run.read("claims/index.html");
    assert!(all.contains("each claim’s page shows the sources on each side"));
    // Without claim pages, the status page has each claim whole.
    let run = without_pages().run();
    let disputed = run.read("claims/disputed/index.html");
    assert!(
        disputed.contains("<span class=\"claim-entry__label\">Contested by</span>"),
        "{disputed}"
    );
    assert!(run
        .read("claims/index.html")
        .contains("each status’s page shows"));
}

#[test]
fn the_claim_page_carries_the_one_claim_review_with_the_claim_s_own_data() {
    let run = site().run();
    let review = json_ld(&run.read("claims/a/halted/index.html"));
    assert_eq!(review["@type"], "ClaimReview");
    assert_eq!(review["url"], "https://example.org/claims/a/halted/");
    let item = &review["itemReviewed"];
    assert_eq!(
        item["author"],
        serde_json::json!([{ "@type": "Person", "name": "Sergey Lavrov", "sameAs": ["https://en.wikipedia.org/wiki/Sergey_Lavrov"] }])
    );
    assert_eq!(item["datePublished"], "2016-12-08");
    assert_eq!(
        item["appearance"][0]["archivedAt"],
        "https://web.archive.org/web/2016/https://example.com/statement"
    );
    assert_eq!(
        review["reviewRating"]["ratingExplanation"],
        "Residents said the fighting went on."
    );
    // The article page no longer repeats it.
    let graph = json_ld(&run.read("a/index.html"));
    assert_eq!(graph["@graph"].as_array().unwrap().len(), 1);
}

#[test]
fn review_markup_article_keeps_claim_reviews_on_the_article_page() {
    let run = site()
        .file(
            "site.toml",
            toml("\n[claims]\nreview_markup = \"article\"\n"),
        )
        .run();
    let graph = json_ld(&run.read("a/index.html"));
    assert_eq!(graph["@graph"][1]["@type"], "ClaimReview");
    assert_eq!(
        graph["@graph"][1]["url"],
        "https://example.org/a/#claim-halted"
    );
    let page = run.read("claims/a/halted/index.html");
    assert!(!page.contains("application/ld+json"));
}

#[test]
fn without_claim_pages_articles_carry_the_reviews_and_no_claim_page_is_written() {
    let run = without_pages().run();
    assert!(!run.exists("claims/a/halted/index.html"));
    let graph = json_ld(&run.read("a/index.html"));
    assert_eq!(graph["@graph"].as_array().unwrap().len(), 4);
    // Claimants have pages all the same.
    assert!(run.exists("claimants/lavrov/index.html"));
}

#[test]
fn a_claimant_page_lists_their_claims_newest_first_with_a_tally() {
    let run = site().run();
    let html = run.read("claimants/lavrov/index.html");
    assert!(html.contains(
        "<h1><span class=\"visually-hidden\">Claims by </span><bdi>Sergey Lavrov</bdi></h1>"
    ));
    assert!(html.contains("role=\"img\" aria-labelledby=\"tally\"><title id=\"tally\">2 claims: 1 disputed, 1 unverified</title><rect class=\"badge--disputed\" x=\"0\" width=\"500\" height=\"16\"/><rect class=\"badge--unverified\" x=\"500\" width=\"500\" height=\"16\"/></svg>"), "{html}");
    let halted = html.find("/claims/a/halted/").unwrap();
    let leave = html.find("/claims/a/leave/").unwrap();
    assert!(halted < leave, "newest assessment first");
    let index = run.read("claimants/index.html");
    assert!(index.contains("<a href=\"/claimants/lavrov/\" dir=\"auto\">Sergey Lavrov</a>"));
    assert!(
        index.contains("<a href=\"/claimants/united-nations/\" dir=\"auto\">United Nations</a>")
    );
    // The ledger's status pages name the claimant, and link to the claimants.
    assert!(run
        .read("claims/disputed/index.html")
        .contains("Claimed by <a href=\"/claimants/lavrov/\"><bdi>Sergey Lavrov</bdi></a>"));
    assert!(run.read("claims/index.html").contains("/claimants/"));
    let sitemap = run.read("sitemap.xml");
    assert!(sitemap.contains("https://example.org/claims/a/halted/"));
    assert!(sitemap.contains("https://example.org/claimants/lavrov/"));
}

#[test]
fn claim_mistakes_are_errors_at_their_line() {
    let article = "---
title: A
date: 2016-12-08
sources:
  - id: s
    title: S
    extra: [1]
claims:
  - id: c
    text: X
    status: confirmed
    claimant: lavrof
    claim_date: 2016-13-01
    appearances:
      - url: javascript:alert(1)
        source: nope
      - date: 2016-12-08
      - url: https://e.org/x
        when: yesterday
    extra: 3
  - id: d
    text: Y
    status: confirmed
    claimant: { name: Someone, kind: robot, id: x }
---
";
    let run = Test::new()
        .file("content/claimants.yaml", CLAIMANTS)
        .file("content/a.md", article)
        .args(&["check", "--message-format", "json"])
        .failure()
        .run();
    let found: Vec<String> = errors(&run.stdout)
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "7:12 invalid-extra `extra` must be a mapping of keys to values",
            "12:15 unknown-claimant `claimant` names `lavrof`, which is not a claimant of content/claimants.yaml",
            "13:17 invalid-date `2016-13-01` has no month 13: months run from 01 to 12",
            "15:14 unsafe-url `javascript:` URLs are not allowed in appearances",
            "16:17 unknown-source this appearance names `nope`, which is not a source of this article",
            "17:9 missing-field this appearance has no `url`",
            "19:9 unknown-key unknown key `when` in an appearance",
            "20:12 invalid-extra `extra` must be a mapping of keys to values",
            "24:38 invalid-claimant a claimant's `kind` is `person` or `organization`, not `robot`",
            "24:49 invalid-claimant a claimant written on a claim has no `id`",
        ]
    );
}

#[test]
fn claimants_yaml_mistakes_are_errors_at_their_line() {
    let file = "claimants:
  - id: lavrov
    name: Sergey Lavrov
    url: ftp://x
  - id: lavrov
    name: Again
  - name: No id
    homepage: https://e.org/
";
    let run = Test::new()
        .file("content/claimants.yaml", file)
        .args(&["check", "--message-format", "json"])
        .failure()
        .run();
    let found: Vec<String> = errors(&run.stdout)
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        ["5:9 duplicate-id", "7:5 missing-field", "8:5 unknown-key"]
    );
}

#[test]
fn claims_json_carries_the_new_fields() {
    let run = site().run();
    let file = run.read("claims/claims-1.json");
    let claims: Value = serde_json::from_str(&file).unwrap();
    let halted = claims["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "halted")
        .unwrap();
    assert_eq!(halted["claimant"]["name"], "Sergey Lavrov");
    assert_eq!(halted["claimant"]["kind"], "person");
    assert_eq!(halted["claim_date"], "2016-12-08");
    assert_eq!(
        halted["explanation"],
        "Residents said the fighting went on."
    );
    assert_eq!(
        halted["appearances"][0]["url"],
        "https://example.com/statement"
    );
    assert_eq!(halted["page"], "https://example.org/claims/a/halted/");
}

#[test]
fn sources_and_claims_take_extra_as_the_unknown_key_help_says() {
    // `extra` on a source or a claim was an unknown key, whose help said to use `extra`.
    let article = "---\ntitle: A\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\n    extra: { x: 1 }\nclaims:\n  - id: c\n    text: X\n    status: confirmed\n    asserted_by: [s]\n    extra: { y: 2 }\n---\n[@s] [x](claim:c)\n";
    let run = Test::new().file("content/a.md", article).run();
    assert!(!run.stderr.contains("unknown-key"), "{}", run.stderr);
}

const SITE_CLAIMS: &str = "claims:
  - id: halted
    text: The army has halted its offensive.
    status: disputed
    as_of: 2016-12-09
    asserted_by: [statement]
    claimant: lavrov
";

const SHARED: &str = "sources:\n  - id: statement\n    title: Statement\n";

fn shared_claim_site() -> Test {
    let a = "---\ntitle: First\ndate: 2016-12-08\nclaims:\n  - halted\n---\nThey [halted](claim:halted) it.\n";
    let b = "---\ntitle: Second\ndate: 2016-12-10\nclaims:\n  - halted\n  - id: own\n    text: X\n    status: confirmed\n    asserted_by: [statement]\n---\nAgain [halted](claim:halted); [x](claim:own).\n";
    Test::new()
        .file("content/claimants.yaml", CLAIMANTS)
        .file("content/sources.yaml", SHARED)
        .file("content/claims.yaml", SITE_CLAIMS)
        .file("content/a.md", a)
        .file("content/b.md", b)
}

#[test]
fn a_site_wide_claim_has_one_page_and_one_ledger_entry_naming_every_article() {
    let run = shared_claim_site().run();
    let page = run.read("claims/halted/index.html");
    assert!(page.contains("<dt>Discussed in</dt><dd><a href=\"/b/#claim-halted\"><bdi>Second</bdi></a></dd><dd><a href=\"/a/#claim-halted\"><bdi>First</bdi></a></dd>"), "{page}");
    assert!(!run.exists("claims/a/halted/index.html"));
    // Each article's sidebar shows it, with the shared source it names.
    for article in ["a/index.html", "b/index.html"] {
        let html = run.read(article);
        assert!(html.contains("<a href=\"/claims/halted/\">The army has halted its offensive.</a>"));
        assert!(html.contains("id=\"source-statement\""));
    }
    let ledger = run.read("claims/index.html");
    assert_eq!(ledger.matches("/claims/halted/").count(), 1, "{ledger}");
    let json: Value = serde_json::from_str(&run.read("claims/claims-1.json")).unwrap();
    let claims = json["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    let halted = claims.iter().find(|c| c["id"] == "halted").unwrap();
    assert_eq!(halted["article"]["url"], "https://example.org/b/");
    assert_eq!(
        halted["also_in"],
        serde_json::json!([{ "title": "First", "url": "https://example.org/a/" }])
    );
    // The claimant's tally counts it once.
    assert!(run
        .read("claimants/lavrov/index.html")
        .contains("<title id=\"tally\">1 claim: 1 disputed</title>"));
}

#[test]
fn a_withdrawn_article_links_only_to_the_claim_pages_that_are_built() {
    // Second expires: it leaves the ledger, so its own claim has no page, while the
    // site-wide claim keeps the page First gives it.
    let b = "---\ntitle: Second\ndate: 2016-12-10\nexpires: 2016-12-11\nclaims:\n  - halted\n  - id: own\n    text: X\n    status: confirmed\n    asserted_by: [statement]\n---\nAgain [halted](claim:halted); [x](claim:own).\n";
    let run = shared_claim_site()
        .file("content/b.md", b)
        .env("BYLINE_TODAY", "2016-12-12")
        .run();
    assert!(run.exists("b/index.html"));
    assert!(!run.exists("claims/b/own/index.html"));
    assert!(run.exists("claims/halted/index.html"));
    let html = run.read("b/index.html");
    assert!(!html.contains("/claims/b/own/"), "{html}");
    assert!(html.contains("<a href=\"/claims/halted/\">"), "{html}");
    assert_links_resolve(&run.path().join("public"), "/");
    // The claim without a page keeps its ClaimReview on the article.
    let graph = json_ld(&html);
    assert_eq!(graph["@graph"].as_array().unwrap().len(), 2, "{graph}");
    assert_eq!(
        graph["@graph"][1]["url"],
        "https://example.org/b/#claim-own"
    );
}

#[test]
fn site_wide_claim_mistakes_are_errors_at_their_line() {
    let claims = "claims:
  - id: halted
    text: A
    status: disputed
    asserted_by: [nope]
  - id: halted
    text: B
    status: confirmed
  - id: disputed
    text: C
    status: confirmed
";
    let article =
        "---\ntitle: A\ndate: 2016-12-08\nclaims:\n  - haltd\n  - halted\n  - halted\n---\n";
    let run = Test::new()
        .file("content/claims.yaml", claims)
        .file("content/a.md", article)
        .args(&["check", "--message-format", "json"])
        .failure()
        .run();
    let found: Vec<String> = errors(&run.stdout)
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/a.md:5:5 unknown-claim `haltd` is not a claim of content/claims.yaml",
            "content/a.md:7:5 duplicate-id claim id `halted` is used twice in this article",
            "content/claims.yaml:5:19 unknown-source `asserted_by` names `nope`, which is not a source of content/sources.yaml",
            "content/claims.yaml:6:9 duplicate-id claim id `halted` is used twice in content/claims.yaml",
            "content/claims.yaml:9:9 reserved-id the claim id `disputed` would give the claim the page /claims/disputed/, which the ledger has",
        ]
    );
}

#[test]
fn a_claim_page_where_byline_writes_a_file_of_its_own_is_an_error() {
    // `claims-1.json.md` is published at /claims-1.json/, so its claims' pages would be
    // in a folder /claims/claims-1.json/, where the export's first file is.
    let article = "---\ntitle: A\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: X\n    status: confirmed\n---\n[x](claim:c)\n";
    Test::new()
        .file("content/claims-1.json.md", article)
        .failure()
        .stderr_contains("error[url-collision]: byline would write /claims/claims-1.json twice: as a file of the claims export and as pages in a folder of that name")
        .run();
}

#[test]
fn an_article_with_claims_and_no_sources_links_to_no_missing_sources_list() {
    let run = Test::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2016-12-08\nclaims:\n  - { id: c, text: C, status: unverified }\n---\n[It is so](claim:c).\n",
        )
        .run();
    let page = run.read("a/index.html");
    assert!(page.contains("href=\"#byline-claims\""), "{page}");
    for (at, _) in page.match_indices("href=\"#") {
        let id = &page[at + 7..];
        let id = &id[..id.find('"').unwrap()];
        assert!(
            page.contains(&format!(" id=\"{id}\"")),
            "#{id} is linked to and is nowhere on the page"
        );
    }
}
