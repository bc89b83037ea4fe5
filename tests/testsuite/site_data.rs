//! Site-wide data: the claims ledger, the sources index, shared sources, status
//! history, claims.json, JSON-LD, feeds, sitemap, robots.txt, 404 and a link check
//! over whole sites. The `ledger` fixture is published under a sub-path
//! (https://user.github.io/project/) so every URL is checked with a base path.

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;

use crate::support::*;

const BASE: &str = "https://user.github.io/project/";

/// Every `href` inside the first element that starts with `open`, in order.
/// An empty site whose status pages show each claim whole, with its sources.
fn without_claim_pages() -> Test {
    let toml = std::fs::read_to_string(Test::new().path().join("site.toml")).unwrap();
    Test::new().file("site.toml", toml + "\n[claims]\npages = false\n")
}

fn hrefs_in(html: &str, open: &str) -> Vec<String> {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open:?} in page"));
    let close = if open.starts_with("<ul") {
        "</ul>"
    } else {
        "</ol>"
    };
    let end = html[start..].find(close).map_or(html.len(), |i| start + i);
    attr_values(&html[start..end], "href")
}

/// The claim links of a ledger page (the text links, not the article or source links).
fn ledger_claims(html: &str) -> Vec<String> {
    hrefs_in(html, "<ol class=\"claims ledger\"")
        .into_iter()
        .filter(|h| h.contains("#claim-"))
        .collect()
}

#[test]
fn ledger_lists_every_claim_newest_assessment_first_and_a_page_per_status() {
    let run = Test::fixture("ledger").run();
    let all = run.read("claims/index.html");
    assert_eq!(
        ledger_claims(&all),
        [
            "/project/analysis/review/#claim-talks-agreed",
            "/project/news/aid/#claim-convoy-arrived",
            "/project/news/ceasefire/#claim-ceasefire-holds",
            "/project/news/ceasefire/#claim-army-halted",
            "/project/news/aid/#claim-aid-numbers",
        ]
    );
    for (status, label, count) in [
        ("confirmed", "Confirmed", 1),
        ("disputed", "Disputed", 2),
        ("unverified", "Unverified", 1),
        ("false", "False", 1),
    ] {
        assert!(
            all.contains(&format!("href=\"/project/claims/{status}/\">{label} <span class=\"tag-index__count\">{count}<")),
            "no count {count} for {status}"
        );
    }
    let per_status = |s: &str| ledger_claims(&run.read(&format!("claims/{s}/index.html")));
    assert_eq!(
        per_status("disputed"),
        [
            "/project/analysis/review/#claim-talks-agreed",
            "/project/news/ceasefire/#claim-army-halted",
        ]
    );
    assert_eq!(
        per_status("confirmed"),
        ["/project/news/ceasefire/#claim-ceasefire-holds"]
    );
    assert_eq!(
        per_status("unverified"),
        ["/project/news/aid/#claim-aid-numbers"]
    );
    assert_eq!(
        per_status("false"),
        ["/project/news/aid/#claim-convoy-arrived"]
    );
    // The whole list has a row a claim; its status's page the sources on each side,
    // linking to their entries on their publishers' pages.
    assert_eq!(all.matches("class=\"claim-entry ").count(), 5);
    assert_eq!(all.matches("claim-entry--row\"").count(), 5);
    assert!(all.contains("<p class=\"claim-entry__text\"><span class=\"badge badge--false\">False</span> <a href=\"/project/news/aid/#claim-convoy-arrived\">The aid convoy arrived in the city.</a></p><p class=\"source__meta\">In <a href=\"/project/news/aid/\"><bdi>Did the aid convoy arrive?</bdi></a>, as of <time datetime=\"2016-12-06\">6 December 2016</time></p></li>"));
    assert!(!all.contains("Asserted by") && !all.contains("Contested by"));
    let disputed = run.read("claims/disputed/index.html");
    assert!(!disputed.contains("claim-entry--row"));
    assert!(disputed.contains("Contested by</span>\n<ul><li><a href=\"/project/sources/local-reporters/#source-residents-reached-by-phone\"><bdi>Residents reached by phone</bdi></a>"));
    assert!(all.contains("<a href=\"/project/claims/\" aria-current=\"page\">Claims</a>"));
    assert_links_resolve(&run.path().join("public"), "/project/");
}

#[test]
fn sources_index_merges_by_url_and_lists_citing_articles_and_claims() {
    let run = Test::fixture("ledger").run();
    // `/sources/` lists the publishers; each publisher's page has its sources' entries.
    let index = run.read("sources/index.html");
    assert_eq!(
        hrefs_in(&index, "<ul class=\"tag-index\""),
        [
            "/project/sources/local-reporters/",
            "/project/sources/ministry/",
            "/project/sources/united-nations/",
            "/project/sources/wire-agency/",
        ]
    );
    assert!(!index.contains("<ol") && !index.contains("class=\"empty\""));
    let html: String = [
        "local-reporters",
        "ministry",
        "united-nations",
        "wire-agency",
    ]
    .map(|p| run.read(&format!("sources/{p}/index.html")))
    .concat();
    let entries: Vec<String> = ids(&html)
        .into_iter()
        .filter(|i| i.starts_with("source-"))
        .collect();
    // `minister` and `statement` share a URL (modulo case and a slash); `un-report`
    // and `wire` are shared sources cited by several articles.
    assert_eq!(
        entries,
        [
            "source-residents-reached-by-phone",
            "source-statement-by-the-minister",
            "source-un-situation-report",
            "source-wire-dispatch",
        ]
    );
    let minister = &html[html
        .find("id=\"source-statement-by-the-minister\"")
        .unwrap()..];
    let minister = &minister[..minister.find("\n</li>").unwrap()];
    let cited_in = hrefs_in(minister, "<cite")
        .into_iter()
        .filter(|h| h.contains("#source-"))
        .collect::<Vec<_>>();
    assert_eq!(
        cited_in,
        [
            "/project/news/ceasefire/#source-minister",
            "/project/news/aid/#source-statement"
        ]
    );
    assert!(minister.contains("<span class=\"claim-entry__label\">Asserts</span>\n<ul><li><a href=\"/project/news/aid/#claim-convoy-arrived\">"));
    let un = &html[html.find("id=\"source-un-situation-report\"").unwrap()..];
    let un = &un[..un.find("\n</li>").unwrap()];
    for article in ["news/ceasefire/", "news/aid/", "analysis/review/"] {
        assert!(
            un.contains(&format!("href=\"/project/{article}#source-un-report\"")),
            "{article}"
        );
    }
    let wire = &html[html.find("id=\"source-wire-dispatch\"").unwrap()..];
    assert!(wire.contains(
        "Contests</span>\n<ul><li><a href=\"/project/analysis/review/#claim-talks-agreed\">"
    ));

    let ministry = run.read("sources/ministry/index.html");
    assert_eq!(
        ids(&ministry)
            .into_iter()
            .filter(|i| i.starts_with("source-"))
            .collect::<Vec<_>>(),
        ["source-statement-by-the-minister"]
    );
}

/// A source without a publisher has no publisher's page: its entry is on `/sources/`,
/// where claims link to it.
#[test]
fn a_source_without_a_publisher_is_on_the_sources_index() {
    let run = without_claim_pages()
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2020-01-01\nsources:\n  - { id: blog, title: A blog post, url: https://blog.example/post }\n  - { id: wire, title: Wire, publisher: Agency }\nclaims:\n  - { id: c, text: It rained., status: confirmed, asserted_by: [blog, wire] }\n---\n[It rained](claim:c) [@blog; @wire].\n",
        )
        .run();
    let index = run.read("sources/index.html");
    assert!(index.contains("<h2>Sources without a publisher</h2>\n\n<ol class=\"sources ledger\" role=\"list\">\n<li id=\"source-a-blog-post\" class=\"source\">"));
    assert!(index.contains("Cited in <a href=\"/a/#source-blog\"><bdi>A</bdi></a>"));
    assert_eq!(index.matches("<li id=\"source-").count(), 1);
    assert!(run
        .read("sources/agency/index.html")
        .contains("<li id=\"source-wire\" class=\"source\">"));
    let claim = run.read("claims/confirmed/index.html");
    assert!(claim.contains("<a href=\"/sources/#source-a-blog-post\"><bdi>A blog post</bdi></a>"));
    assert!(claim.contains("<a href=\"/sources/agency/#source-wire\"><bdi>Wire</bdi></a>"));
    assert_links_resolve(&run.path().join("public"), "/");
}

#[test]
fn shared_sources_are_cited_by_id_and_numbered_in_the_article() {
    let run = Test::fixture("ledger").run();
    let html = run.read("analysis/review/index.html");
    assert!(html.contains("<li id=\"source-un-report\" class=\"source\">"));
    assert!(html.contains(
        "<a href=\"#source-wire\" id=\"cite-2\" aria-label=\"Source 2: Wire dispatch\">[2]</a>"
    ));
    assert!(html.contains("<a href=\"https://UN.example.org/report/\">UN situation report</a>"));
    // A shared source nobody in the article uses is not listed.
    let ceasefire = run.read("news/ceasefire/index.html");
    assert!(!ceasefire.contains("id=\"source-wire\""));
}

#[test]
fn an_own_source_with_a_shared_id_wins_with_a_warning() {
    let run = Test::new()
        .file(
            "content/sources.yaml",
            "sources:\n  - id: un\n    title: Shared UN\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2016-12-08\nsources:\n  - id: un\n    title: Own UN\nclaims:\n  - id: c\n    text: C\n    status: confirmed\n    asserted_by: [un]\n---\n[c](claim:c) [@un]\n",
        )
        .stderr_contains("warning[shadowed-source]: this source replaces the shared source `un` of content/sources.yaml")
        .stderr_contains("--> content/a.md:5:9")
        .run();
    let html = run.read("a/index.html");
    assert!(html.contains("Own UN") && !html.contains("Shared UN"));
}

#[test]
fn mistakes_in_shared_sources_are_reported_at_their_line() {
    Test::new()
        .file(
            "content/sources.yaml",
            "sources:\n  - id: ok\n    title: Fine\n  - id: bad\n    title: Bad\n    url: javascript:alert(1)\n  - title: No id\n    publisher_name: X\n",
        )
        .failure()
        .stderr_contains("--> content/sources.yaml:8:5")
        .stderr_contains("unknown key `publisher_name` in a source")
        .run();
    Test::new()
        .file(
            "content/sources.yaml",
            "sources:\n  - id: bad\n    title: Bad\n    url: javascript:alert(1)\n",
        )
        .failure()
        .stderr_contains("--> content/sources.yaml:4:10")
        .stderr_contains("`javascript:` URLs are not allowed in sources")
        .run();
}

#[test]
fn invalid_history_is_an_error_at_its_line() {
    Test::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2016-12-08\nclaims:\n  - id: c\n    text: C\n    status: confirmed\n    history:\n      - { date: 2016-12-09, status: unverified }\n      - { date: 2016-12-08, status: confirmd }\n      - { date: 2016-12-10, status: disputed }\n---\n",
        )
        .failure()
        .stderr_contains("error[invalid-history]: history entries must be in date order, but 2016-12-08 comes after 2016-12-09\n   --> content/a.md:10:17")
        .stderr_contains("error[unknown-status]: unknown claim status `confirmd`\n   --> content/a.md:10:37")
        .stderr_contains("error[invalid-history]: the last history entry says `disputed`, but the claim's status is `confirmed`\n   --> content/a.md:11:37")
        .stderr_contains("error: build failed with 3 errors")
        .run();
}

#[test]
fn a_status_change_after_publication_gives_a_dated_note_and_date_modified() {
    let run = Test::fixture("ledger").run();
    let aid = run.read("news/aid/index.html");
    assert!(aid.contains("<p class=\"draft-banner\" id=\"byline-change-1\"><strong>Update, <time datetime=\"2016-12-06\">6 December 2016</time>:</strong> the claim “<a href=\"#claim-convoy-arrived\">The aid convoy arrived in the city.</a>” was unverified and is now false. Drivers said the convoy turned back.</p>"), "{aid}");
    assert!(
        aid.contains("Updated <time datetime=\"2016-12-06\">"),
        "updated defaults to the last change"
    );
    assert!(aid.contains("<summary>How this status changed</summary>"));
    let ld = json_ld(&aid);
    assert_eq!(ld["@graph"][0]["dateModified"], "2016-12-06");
    assert_eq!(ld["@graph"][0]["datePublished"], "2016-12-02");

    let review = run.read("analysis/review/index.html");
    assert!(review.contains("<strong>Correction, <time datetime=\"2016-12-07\">7 December 2016</time>:</strong> the claim “<a href=\"#claim-talks-agreed\">Both parties agreed to talks.</a>” was confirmed and is now disputed. The second party denied it."));
    // No change, no note.
    let ceasefire = run.read("news/ceasefire/index.html");
    assert!(!ceasefire.contains("byline-change-"));
    assert!(!ceasefire.contains("How this status changed"));
}

fn json_ld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a JSON-LD script") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    assert_eq!(html.matches(open).count(), 1);
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn json_ld_describes_the_article_and_reviews_every_claim() {
    let run = Test::fixture("ledger").run();
    let html = run.read("news/ceasefire/index.html");
    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    let graph = ld["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 3, "the article and one review per claim");
    let url = format!("{BASE}news/ceasefire/");
    let publisher = serde_json::json!({
        "@type": "Organization",
        "name": "Fixture Desk",
        "url": "https://user.github.io/project/about/",
        "logo": {"@type": "ImageObject", "url": "https://user.github.io/project/images/logo.png"},
    });

    let a = &graph[0];
    assert_eq!(a["@type"], "NewsArticle");
    assert_eq!(a["headline"], "Is the ceasefire <holding>?");
    assert_eq!(a["datePublished"], "2016-12-05");
    assert_eq!(a["dateModified"], "2016-12-05");
    assert_eq!(
        a["author"],
        serde_json::json!([{"@type": "Person", "name": "Desk One"}])
    );
    assert_eq!(a["publisher"], publisher);
    assert_eq!(a["description"], "The UN says yes; residents disagree.");
    assert_eq!(a["url"], url.as_str());
    assert_eq!(
        a["image"],
        "https://user.github.io/project/images/ceasefire.png"
    );
    let citations = a["citation"].as_array().unwrap();
    let names: Vec<&str> = citations
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Statement by the minister",
            "Residents reached by phone",
            "UN situation report"
        ]
    );
    assert_eq!(citations[0]["url"], "https://example.org/statement");
    assert_eq!(citations[0]["publisher"]["name"], "Ministry");
    assert_eq!(citations[2]["url"], "https://UN.example.org/report/");

    let review = &graph[2];
    assert_eq!(review["@type"], "ClaimReview");
    assert_eq!(review["claimReviewed"], "The army halted its offensive.");
    assert_eq!(review["url"], format!("{url}#claim-army-halted").as_str());
    assert_eq!(review["datePublished"], "2016-12-05");
    assert_eq!(review["author"], publisher);
    assert_eq!(
        review["reviewRating"],
        serde_json::json!({"@type": "Rating", "alternateName": "Disputed", "ratingValue": 3, "bestRating": 7, "worstRating": 0}),
        "site.toml's rating for disputed"
    );
    assert_eq!(review["itemReviewed"]["@type"], "Claim");
    assert_eq!(
        review["itemReviewed"]["author"],
        serde_json::json!([{"@type": "Organization", "name": "Ministry"}])
    );
    assert_eq!(
        review["itemReviewed"]["appearance"],
        serde_json::json!([{"@type": "CreativeWork", "url": "https://example.org/statement"}])
    );
    let confirmed = &graph[1]["reviewRating"];
    assert_eq!(
        (
            &confirmed["alternateName"],
            &confirmed["ratingValue"],
            &confirmed["bestRating"],
            &confirmed["worstRating"]
        ),
        (
            &Value::from("Confirmed"),
            &Value::from(5),
            &Value::from(5),
            &Value::from(1)
        ),
        "default rating for confirmed"
    );
    // Markup in the title cannot close the script early.
    assert!(!html.contains("\"Is the ceasefire <holding>?\""));
    assert!(html.contains("Is the ceasefire \\u003cholding\\u003e?"));
}

#[test]
fn article_head_has_canonical_open_graph_and_twitter_meta() {
    let run = Test::fixture("ledger").run();
    let html = run.read("news/ceasefire/index.html");
    for tag in [
        "<link rel=\"canonical\" href=\"https://user.github.io/project/news/ceasefire/\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"Is the ceasefire &lt;holding&gt;?\">",
        "<meta property=\"og:description\" content=\"The UN says yes; residents disagree.\">",
        "<meta property=\"og:url\" content=\"https://user.github.io/project/news/ceasefire/\">",
        "<meta property=\"og:image\" content=\"https://user.github.io/project/images/ceasefire.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ledger &lt;Fixture&gt;\" href=\"/project/atom.xml\">",
    ] {
        assert!(html.contains(tag), "no {tag}");
    }
    // X falls back to Open Graph for everything but the card's kind.
    for twice in ["twitter:title", "twitter:description", "twitter:image"] {
        assert!(!html.contains(twice), "{twice} repeats Open Graph");
    }
    // Without an image of its own, the article shares site.toml's.
    let review = run.read("analysis/review/index.html");
    assert!(review.contains("<meta property=\"og:image\" content=\"https://user.github.io/project/images/default.png\">"));
}

/// claims.json, the export's index, exactly as the README documents it.
#[test]
fn claims_json_is_an_index_of_the_files_of_claims() {
    let run = Test::fixture("ledger").run();
    let index: Value = serde_json::from_str(&run.read("claims.json")).unwrap();
    assert_eq!(
        index,
        serde_json::json!({
            "version": 1,
            "site": {"title": "Ledger <Fixture>", "url": BASE},
            "total_claims": 5,
            "statuses": [
                {"key": "confirmed", "label": "Confirmed", "tone": "confirmed", "count": 1},
                {"key": "disputed", "label": "Disputed", "tone": "disputed", "count": 2},
                {"key": "unverified", "label": "Unverified", "tone": "unverified", "count": 1},
                {"key": "false", "label": "False", "tone": "false", "count": 1},
            ],
            "per_page": 1000,
            "pages": [{"url": format!("{BASE}claims/claims-1.json"), "claims": 5}],
        })
    );
    let text = run.read("claims.json");
    let order = [
        "\"version\"",
        "\"site\"",
        "\"total_claims\"",
        "\"statuses\"",
        "\"per_page\"",
        "\"pages\"",
    ];
    let at: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "key order: {text}");
}

/// A file of claims.json's claims, checked field by field against the shape
/// documented in the README.
#[test]
fn claims_json_files_have_the_documented_shape_in_a_stable_order() {
    let run = Test::fixture("ledger").run();
    let text = run.read("claims/claims-1.json");
    let json: Value = serde_json::from_str(&text).unwrap();
    let top: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        top,
        [
            "claims",
            "next",
            "page",
            "prev",
            "site",
            "total_pages",
            "version"
        ]
    );
    assert!(text.starts_with("{\"version\":1,\"site\":"), "{text}");
    assert_eq!(
        json["site"],
        serde_json::json!({"title": "Ledger <Fixture>", "url": BASE})
    );
    assert_eq!(
        (
            &json["page"],
            &json["total_pages"],
            &json["prev"],
            &json["next"]
        ),
        (&Value::from(1), &Value::from(1), &Value::Null, &Value::Null)
    );
    let claims = json["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 5);
    for c in claims {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = [
            "id", "text", "status", "as_of", "history", "article", "url", "sources",
        ];
        expected.sort();
        assert_eq!(keys, expected);
        assert!(c["id"].is_string() && c["text"].is_string());
        assert_eq!(c["status"].as_object().unwrap().len(), 3);
        assert!(c["status"]["tone"].is_string());
        assert!(c["status"]["key"].is_string() && c["status"]["label"].is_string());
        assert!(c["as_of"].is_string() || c["as_of"].is_null());
        for h in c["history"].as_array().unwrap() {
            assert_eq!(h.as_object().unwrap().len(), 3);
            assert!(h["date"].is_string() && h["status"]["key"].is_string());
            assert!(h["note"].is_string() || h["note"].is_null());
        }
        assert_eq!(c["article"].as_object().unwrap().len(), 2);
        assert!(c["article"]["title"].is_string());
        let article_url = c["article"]["url"].as_str().unwrap();
        assert!(article_url.starts_with(BASE));
        assert_eq!(
            c["url"].as_str().unwrap(),
            format!("{article_url}#claim-{}", c["id"].as_str().unwrap())
        );
        for s in c["sources"].as_array().unwrap() {
            let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["date", "publisher", "role", "title", "url"]);
            assert!(s["role"] == "asserts" || s["role"] == "contests");
            assert!(
                s["url"].is_null()
                    || s["url"]
                        .as_str()
                        .unwrap()
                        .to_lowercase()
                        .starts_with("http")
            );
        }
    }
    let convoy = &claims[1];
    assert_eq!(
        *convoy,
        serde_json::json!({
            "id": "convoy-arrived",
            "text": "The aid convoy arrived in the city.",
            "status": {"key": "false", "label": "False", "tone": "false"},
            "as_of": "2016-12-06",
            "history": [
                {"date": "2016-12-01", "status": {"key": "unverified", "label": "Unverified", "tone": "unverified"}, "note": null},
                {"date": "2016-12-06", "status": {"key": "false", "label": "False", "tone": "false"}, "note": "Drivers said the convoy turned back."},
            ],
            "article": {"title": "Did the aid convoy arrive?", "url": "https://user.github.io/project/news/aid/"},
            "url": "https://user.github.io/project/news/aid/#claim-convoy-arrived",
            "sources": [
                {"role": "asserts", "title": "Ministry statement on the convoy", "publisher": "Ministry", "url": "HTTPS://Example.ORG/statement/", "date": null},
                {"role": "contests", "title": "Wire dispatch", "publisher": "Wire Agency", "url": null, "date": null},
            ],
        })
    );
    // One claim a line, keys in the documented order in the bytes themselves
    // (serde_json's Value sorts keys).
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 5 + 1);
    assert!(
        lines[0].starts_with("{\"version\":1,\"site\":{") && lines[0].ends_with(",\"claims\":[")
    );
    assert_eq!(lines[6], "]}");
    for line in &lines[1..6] {
        let order = [
            "{\"id\":",
            ",\"text\":",
            ",\"status\":{",
            ",\"as_of\":",
            ",\"history\":[",
            ",\"article\":{",
            "},\"url\":",
            ",\"sources\":[",
        ];
        let at: Vec<usize> = order.iter().map(|k| line.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "key order: {line}");
    }
    let again = run.then().run();
    assert_eq!(
        again.read("claims/claims-1.json"),
        text,
        "byte-identical across builds"
    );
}

/// Over a thousand claims, the export is several files, linked from the index and
/// to each other, that hold every claim once, in ledger order.
#[test]
fn claims_json_holds_a_thousand_claims_a_file() {
    let run = Test::new()
        .file("content/a.md", many_claims("alpha", "2020-01-03", 600))
        .file("content/b.md", many_claims("beta", "2020-01-02", 500))
        .run();
    let index: Value = serde_json::from_str(&run.read("claims.json")).unwrap();
    let file = |n: usize| format!("https://example.org/claims/claims-{n}.json");
    assert_eq!(index["total_claims"], 1100);
    assert_eq!(
        index["pages"],
        serde_json::json!([{"url": file(1), "claims": 1000}, {"url": file(2), "claims": 100}])
    );
    let read = |n: usize| -> Value {
        serde_json::from_str(&run.read(&format!("claims/claims-{n}.json"))).unwrap()
    };
    let (first, second) = (read(1), read(2));
    assert!(!run.exists("claims/claims-3.json"));
    assert_eq!(
        (&first["prev"], &first["next"]),
        (&Value::Null, &Value::from(file(2)))
    );
    assert_eq!(
        (&second["prev"], &second["next"]),
        (&Value::from(file(1)), &Value::Null)
    );
    assert_eq!(
        (&second["page"], &second["total_pages"]),
        (&Value::from(2), &Value::from(2))
    );
    let texts: Vec<&str> = [&first, &second]
        .iter()
        .flat_map(|f| f["claims"].as_array().unwrap())
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..600)
        .map(|i| format!("alpha claim {i}"))
        .chain((0..500).map(|i| format!("beta claim {i}")))
        .collect();
    assert_eq!(texts, expected);
}

/// A site without claims still has an index and one (empty) file of claims.
#[test]
fn claims_json_of_a_site_without_claims_has_one_empty_file() {
    let run = Test::new().run();
    let index: Value = serde_json::from_str(&run.read("claims.json")).unwrap();
    assert_eq!(index["total_claims"], 0);
    assert_eq!(index["pages"][0]["claims"], 0);
    let file: Value = serde_json::from_str(&run.read("claims/claims-1.json")).unwrap();
    assert_eq!(file["claims"], serde_json::json!([]));
}

/// An XML element: name, text content, attributes.
type Element = (String, String, Vec<(String, String)>);

/// Every element of an XML document, in document order.
fn parse_xml(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            event @ (Event::Start(_) | Event::Empty(_)) => {
                let (e, empty) = match event {
                    Event::Start(e) => (e, false),
                    Event::Empty(e) => (e, true),
                    _ => unreachable!(),
                };
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((e.name().as_ref().to_string(), String::new(), attrs));
                if !empty {
                    open.push(out.len() - 1);
                }
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].1.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    let name = r.into_inner();
                    let c = match name.as_ref() {
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
    assert!(open.is_empty(), "unclosed elements");
    out
}

#[test]
fn atom_feeds_have_absolute_urls_under_the_sub_path() {
    let run = Test::fixture("ledger").run();
    let feed = parse_xml(&run.read("atom.xml"));
    assert_eq!(feed[0].0, "feed");
    let texts = |name: &str| -> Vec<String> {
        feed.iter()
            .filter(|e| e.0 == name)
            .map(|e| e.1.clone())
            .collect()
    };
    assert_eq!(texts("id")[0], BASE);
    assert_eq!(
        texts("id")[1..],
        [
            format!("{BASE}news/ceasefire/"),
            format!("{BASE}analysis/review/"),
            format!("{BASE}news/aid/"),
        ]
    );
    assert_eq!(
        texts("updated"),
        [
            "2016-12-07T00:00:00Z",
            "2016-12-05T00:00:00Z",
            "2016-12-07T00:00:00Z",
            "2016-12-06T00:00:00Z"
        ]
    );
    assert_eq!(texts("title")[0], "Ledger <Fixture>");
    assert_eq!(texts("title")[1], "Is the ceasefire <holding>?");
    assert_eq!(texts("summary")[0], "The UN says yes; residents disagree.");
    let contents: Vec<_> = feed.iter().filter(|e| e.0 == "content").collect();
    assert_eq!(contents.len(), 3);
    assert!(contents[0]
        .1
        .contains("<span class=\"claim claim--confirmed\" id=\"claim-ref-ceasefire-holds-1\">"));
    for e in &feed {
        for (k, v) in &e.2 {
            if k == "href" || k == "xml:base" {
                assert!(
                    v.starts_with(BASE),
                    "{k}={v} is not absolute under the base URL"
                );
            }
        }
    }
    let links: Vec<_> = feed.iter().filter(|e| e.0 == "link").collect();
    assert!(links[0]
        .2
        .contains(&("href".into(), format!("{BASE}atom.xml"))));
    assert!(links[0].2.contains(&("rel".into(), "self".into())));

    let tag = parse_xml(&run.read("tags/ceasefire/atom.xml"));
    let ids: Vec<_> = tag
        .iter()
        .filter(|e| e.0 == "id")
        .map(|e| e.1.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            format!("{BASE}tags/ceasefire/").as_str(),
            &format!("{BASE}news/ceasefire/"),
            &format!("{BASE}news/aid/"),
        ]
    );
    // Tag feeds carry summaries, not whole bodies (memory at 10,000 articles).
    assert_eq!(tag.iter().filter(|e| e.0 == "summary").count(), 2);
    assert_eq!(tag.iter().filter(|e| e.0 == "content").count(), 0);
    let tag_page = run.read("tags/ceasefire/index.html");
    assert!(tag_page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ledger &lt;Fixture&gt;: ceasefire\" href=\"/project/tags/ceasefire/atom.xml\">"));
}

#[test]
fn sitemap_robots_and_404_work_under_the_sub_path() {
    let run = Test::fixture("ledger").run();
    let sitemap = parse_xml(&run.read("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .iter()
        .filter(|e| e.0 == "loc")
        .map(|e| e.1.as_str())
        .collect();
    for loc in &locs {
        assert!(loc.starts_with(BASE), "{loc}");
        let rel = &loc[BASE.len()..];
        assert!(
            run.exists(&format!("{rel}index.html")),
            "{loc} is not a page"
        );
    }
    for page in [
        "",
        "news/aid/",
        "claims/",
        "claims/false/",
        "sources/",
        "sources/ministry/",
        "tags/talks/",
    ] {
        assert!(
            locs.contains(&format!("{BASE}{page}").as_str()),
            "{page} not in the sitemap"
        );
    }
    let urls = sitemap.iter().filter(|e| e.0 == "url").count();
    assert_eq!(urls, locs.len());
    assert_eq!(sitemap.iter().filter(|e| e.0 == "lastmod").count(), urls);
    let aid = sitemap
        .iter()
        .position(|e| e.1 == format!("{BASE}news/aid/"))
        .unwrap();
    assert_eq!(
        (sitemap[aid + 1].0.as_str(), sitemap[aid + 1].1.as_str()),
        ("lastmod", "2016-12-06")
    );

    assert_eq!(
        run.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://user.github.io/project/sitemap.xml\n"
    );

    let not_found = run.read("404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"));
    for href in attr_values(&not_found, "href") {
        assert!(
            href.starts_with("/project/") || href.starts_with('#'),
            "{href} would break when 404.html is served at another depth"
        );
    }
}

#[test]
fn a_robots_txt_in_static_replaces_the_generated_one() {
    let run = Test::fixture("ledger")
        .file("static/robots.txt", "User-agent: *\nDisallow: /\n")
        .run();
    assert_eq!(run.read("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn every_internal_link_resolves_in_the_fixtures_and_the_example_site() {
    let run = Test::fixture("ledger").run();
    assert!(assert_links_resolve(&run.path().join("public"), "/project/") > 50);
    let run = Test::fixture("basic").run();
    assert!(assert_links_resolve(&run.path().join("public"), "/") > 50);

    let site = Test::new();
    let out = site.path().join("public");
    let run = site
        .args(&[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            "https://user.github.io/byline/",
        ])
        .run();
    let public = run.path().join("public");
    assert!(public.join("claims/index.html").is_file());
    assert!(assert_links_resolve(&public, "/byline/") > 100);
}

#[test]
fn the_ledger_build_is_byte_identical_twice() {
    let run = Test::fixture("ledger").run();
    let first = run.snapshot();
    let again = run.then().run();
    assert_eq!(first, again.snapshot());
}

/// An article with `claims` claims, each asserted by a source of its own.
fn many_claims(title: &str, date: &str, claims: usize) -> String {
    many_claims_of(title, date, claims, None)
}

/// `many_claims`, its sources from `publisher` if given.
fn many_claims_of(title: &str, date: &str, claims: usize, publisher: Option<&str>) -> String {
    let mut fm = format!("---\ntitle: {title}\ndate: {date}\nsources:\n");
    let publisher = publisher.map_or(String::new(), |p| format!("    publisher: {p}\n"));
    for i in 0..claims {
        fm.push_str(&format!("  - id: s{i}\n    title: \"{title} source {i}\"\n    url: https://example.org/{title}/{i}\n{publisher}"));
    }
    fm.push_str("claims:\n");
    for i in 0..claims {
        let status = if i % 2 == 0 {
            "confirmed"
        } else {
            "unverified"
        };
        fm.push_str(&format!("  - id: c{i}\n    text: \"{title} claim {i}\"\n    status: {status}\n    asserted_by: [s{i}]\n"));
    }
    fm.push_str("---\n");
    for i in 0..claims {
        fm.push_str(&format!("[{title} claim {i}](claim:c{i}) [@s{i}].\n\n"));
    }
    fm
}

#[test]
fn long_ledgers_are_paginated_and_every_entry_link_finds_its_page() {
    let run = without_claim_pages()
        .file("content/a.md", many_claims("alpha", "2020-01-03", 60))
        .file("content/b.md", many_claims("beta", "2020-01-02", 60))
        .file("content/c.md", many_claims("gamma", "2020-01-01", 30))
        .run();
    // 150 claims and 150 sources: two pages each of 100 and 50 entries.
    let first = run.read("claims/index.html");
    let second = run.read("claims/page/2/index.html");
    assert!(!run.exists("claims/page/3/index.html"));
    assert_eq!(first.matches("class=\"claim-entry ").count(), 100);
    assert_eq!(second.matches("class=\"claim-entry ").count(), 50);
    assert!(first.contains("150 claims across the site"));
    assert!(first.contains("Showing 1–100 of 150."));
    assert!(first.contains("<a href=\"/claims/page/2/\" rel=\"next\">"));
    assert!(second.contains("<a href=\"/claims/\" rel=\"prev\">"));
    assert!(second.contains("<link rel=\"canonical\" href=\"https://example.org/claims/page/2/\">"));
    assert!(second.contains("<title>Claims (page 2 of 2)"));
    // Newest assessment first: alpha's claims fill page one, gamma's end page two.
    assert!(first.contains("alpha claim 0") && !first.contains("gamma claim"));
    assert!(second.contains("gamma claim 29"));
    // 75 confirmed claims fit one status page.
    assert!(
        run.exists("claims/confirmed/index.html")
            && !run.exists("claims/confirmed/page/2/index.html")
    );
    // Sources without a publisher are listed on `/sources/`, a hundred a page.
    assert!(run.exists("sources/page/2/index.html"));
    let sitemap = run.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/claims/page/2/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/sources/page/2/</loc>"));
    // Claim entries link to their sources' entries, on whichever page those are.
    let confirmed = run.read("claims/confirmed/index.html");
    assert!(confirmed.contains("<a href=\"/sources/page/2/#source-gamma-source-0\">"));
    assert_links_resolve(&run.path().join("public"), "/");
}

#[test]
fn a_source_s_whole_entry_is_found_on_its_publisher_s_pages() {
    let run = without_claim_pages()
        .file(
            "content/a.md",
            many_claims_of("alpha", "2020-01-02", 90, Some("Agency")),
        )
        .file(
            "content/b.md",
            many_claims_of("beta", "2020-01-01", 30, Some("Agency")),
        )
        .run();
    // 120 sources of one publisher, A to Z: the last twenty of beta's on page two.
    let page2 = run.read("sources/agency/page/2/index.html");
    assert_eq!(page2.matches("<li id=\"source-").count(), 20);
    assert!(page2.contains("<li id=\"source-beta-source-29\" class=\"source\">"));
    assert!(!run.exists("sources/page/2/index.html"));
    let unverified = run.read("claims/unverified/index.html");
    assert!(unverified.contains(
        "<a href=\"/sources/agency/page/2/#source-beta-source-29\"><bdi>beta source 29</bdi></a>"
    ));
    assert_links_resolve(&run.path().join("public"), "/");
}
