//! The reader's side, proven in a real browser (issue 6): the example site and the
//! `reader` fixture are built, served on loopback and loaded in Debian's Chromium
//! through `tests/browser/check.mjs` (playwright-core + axe-core); every HTML page
//! also goes through the Nu HTML Checker (vnu-jar). The Node script only measures;
//! the assertions are here so a failure names the page and the numbers.
//!
//! Needs `chromium`, `node`, `java` and `npm ci` in `tests/browser/` (what `.ci/run`
//! installs); without them these tests skip loudly, or fail in CI (see `tools`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::support::{attr_values, repo_root, Run, Test};

mod tools;

/// The default theme's budget for all CSS a page loads (issue 6).
const CSS_BUDGET: usize = 20 * 1024;

/// A built site served on 127.0.0.1 for the lifetime of the test process.
struct Served {
    name: &'static str,
    run: Run,
    /// `http://127.0.0.1:PORT/` plus the site's base path.
    base_url: String,
    /// The base path alone: `/` or `/reader/`.
    base_path: &'static str,
    /// URL path of every HTML page, found by walking the output.
    pages: Vec<String>,
    /// What axe checks: every article, and the first page of every other kind
    /// (`<body class="page page--KIND">`), so new kinds of page are covered as they come.
    axe_pages: Vec<String>,
    /// Articles with sources or claims, and the front matter text the page must show.
    articles: Vec<Value>,
    /// What the search test types, the article it must find first, and the status it
    /// filters by (its label).
    search: Search,
    /// The text of every claim of that status.
    disputed: Vec<String>,
}

struct Search {
    query: &'static str,
    first: String,
    status: String,
}

/// The search page, the one page of the default theme that runs a script (Pagefind's).
fn is_search_page(path: &str) -> bool {
    path.ends_with("/search/") || path.ends_with("search/index.html")
}

impl Served {
    fn public(&self) -> PathBuf {
        self.run.path().join("public")
    }

    fn html_files(&self) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.public())
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| e.into_path())
            .collect()
    }
}

/// byline's own example site (this repository's `site.toml` and `content/`).
fn example() -> &'static Served {
    static SITE: OnceLock<Served> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = repo_root();
        let test = Test::new().file("site.toml", std::fs::read(root.join("site.toml")).unwrap());
        crate::support::copy_dir(&root.join("content"), &test.path().join("content"));
        serve(
            "example",
            test,
            "/",
            ("Aleppo", "explainers/aleppo-offensive/", "disputed"),
        )
    })
}

/// `tests/fixtures/reader`: every tone, a legend, long URLs, a wide table; served
/// under a sub-path to prove every URL honours the base path in a browser.
fn reader() -> &'static Served {
    static SITE: OnceLock<Served> = OnceLock::new();
    SITE.get_or_init(|| {
        let search = ("bridge", "reports/bridge/", "contested");
        serve("reader", Test::fixture("reader"), "/reader/", search)
    })
}

/// `tests/fixtures/rtl`: a site in Arabic, right to left, with English names and titles
/// inside it; everything must mirror (no search page: its script's words are English).
fn rtl() -> &'static Served {
    static SITE: OnceLock<Served> = OnceLock::new();
    SITE.get_or_init(|| {
        let search = ("الجسر", "reports/bridge/", "disputed");
        serve("rtl", Test::fixture("rtl"), "/", search)
    })
}

/// `search`: the query, the article it finds first and the status key filtered by.
fn serve(
    name: &'static str,
    test: Test,
    base_path: &'static str,
    search: (&'static str, &str, &str),
) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}{base_path}", listener.local_addr().unwrap());
    let run = test.args(&["build", "--base-url", &base_url]).run();

    let config = byline::internals::Config::load(
        run.path(),
        &byline::internals::Overrides {
            base_url: Some(base_url.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let schedule = byline::internals::Schedule::new(false).unwrap();
    let Ok((site, errors)) = byline::internals::load(config, false, schedule) else {
        panic!("the {name} site does not load");
    };
    assert!(errors.is_empty(), "the {name} site has errors");
    // The example site's Arabic translations are checked as the articles of an
    // Arabic site are.
    let arabic = site
        .translations
        .iter()
        .filter(|t| t.config.lang.tag() == "ar");
    let pages = (site.articles.iter().map(|a| (&site.config, a)))
        .chain(arabic.flat_map(|t| t.articles.iter().map(move |a| (&t.config, a))));
    let articles = pages
        .filter(|(_, a)| !a.sources.is_empty() || !a.claims.is_empty())
        .map(|(config, a)| {
            let path = format!("{}{}", config.prefix(), a.path);
            json!({
                "name": format!("{name}-{}", path.trim_end_matches('/').replace('/', "-")),
                "url": config.url(&a.path),
                "sources": a.sources.iter().map(|s| &s.title).collect::<Vec<_>>(),
                "claims": a.claims.iter().map(|c| &c.text).collect::<Vec<_>>(),
            })
        })
        .collect();
    let (query, first, status) = search;
    let vocabulary = &site.config.vocabulary;
    let disputed = site
        .articles
        .iter()
        .flat_map(|a| &a.claims)
        .filter(|c| vocabulary.status(c.status).key == status)
        .map(|c| c.text.clone())
        .collect();
    let search = Search {
        query,
        first: site.config.url(first),
        status: vocabulary.get(status).unwrap().label.clone(),
    };

    let public = run.path().join("public");
    let server = tiny_http::Server::from_listener(listener, None).unwrap();
    let (root, prefix) = (public.clone(), base_path.to_string());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let response = static_file(&root, &prefix, request.url());
            let _ = request.respond(response);
        }
    });

    let mut served = Served {
        name,
        run,
        base_url,
        base_path,
        pages: Vec::new(),
        axe_pages: Vec::new(),
        articles,
        search,
        disputed,
    };
    let mut kinds = std::collections::HashSet::new();
    let folders: Vec<String> = (site.translations.iter())
        .map(|t| t.config.prefix().to_string())
        .collect();
    for file in served.html_files() {
        let rel = file.strip_prefix(&public).unwrap().to_str().unwrap();
        let rel = rel.strip_suffix("index.html").unwrap_or(rel);
        let page = format!("{base_path}{rel}");
        let html = std::fs::read_to_string(&file).unwrap();
        let kind = html
            .split_once("<body class=\"")
            .and_then(|(_, rest)| rest.split('"').next()?.split("page--").nth(1))
            .unwrap_or_else(|| panic!("{} has no page--KIND body class", file.display()))
            .to_string();
        // Of the other languages' pages (`fr/`), axe checks the articles.
        let translated = folders.iter().any(|f| rel.starts_with(f.as_str()));
        if kind == "article" || (!translated && kinds.insert(kind)) {
            served.axe_pages.push(page.clone());
        }
        served.pages.push(page);
    }
    served
}

/// The file a URL names under the served base path, as a static host would send it.
fn static_file(
    root: &Path,
    prefix: &str,
    url: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .strip_prefix(prefix)
        .filter(|rel| !rel.split('/').any(|seg| seg == ".."))
        .map(|rel| {
            let file = root.join(rel);
            if path.ends_with('/') {
                file.join("index.html")
            } else {
                file
            }
        })
        .and_then(|file| Some((std::fs::read(&file).ok()?, file)));
    let Some((bytes, file)) = file else {
        return tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404);
    };
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("js") => "text/javascript",
        _ => "application/octet-stream",
    };
    let header = tiny_http::Header::from_bytes("Content-Type", mime).unwrap();
    tiny_http::Response::from_data(bytes).with_header(header)
}

fn screenshots_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("screenshots")
}

/// Runs one task of check.mjs on a site; returns its `results`, after checking that
/// no page asked for anything but the local server and everything it asked for exists.
fn browse(site: &Served, task: &str) -> Vec<Value> {
    let spec = json!({
        "chromium": tools::chromium(),
        "origin": site.base_url,
        "pages": site.pages,
        "axePages": site.axe_pages,
        "articles": site.articles,
        "screenshots": screenshots_dir(),
        "search": {
            "page": format!("{}search/", site.base_path),
            "query": site.search.query,
            "status": site.search.status,
        },
        "tasks": [task],
    });
    let spec_file = site.run.path().join(format!("browser-{task}.json"));
    std::fs::write(&spec_file, spec.to_string()).unwrap();
    let out = Command::new("node")
        .arg("check.mjs")
        .arg(&spec_file)
        .current_dir(tools::browser_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check.mjs {task} failed on the {} site:\n{}",
        site.name,
        String::from_utf8_lossy(&out.stderr)
    );
    let out: Value = serde_json::from_slice(&out.stdout).unwrap();
    let blocked: Vec<_> = out["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["blocked"] == true)
        .collect();
    assert!(
        blocked.is_empty(),
        "{} site: requests to other hosts than the local server: {blocked:#?}",
        site.name
    );
    assert_eq!(
        out["failures"],
        json!([]),
        "{} site: failed requests",
        site.name
    );
    assert_eq!(out["errors"], json!([]), "{} site: page errors", site.name);
    out["results"].as_array().unwrap().clone()
}

/// Whether a result is of a page in Arabic: the Arabic site's, or the example site's
/// Arabic translations under `/ar/`.
fn in_arabic(site: &Served, r: &Value) -> bool {
    let path = r["path"].as_str().unwrap_or_default();
    site.name == "rtl" || path.starts_with(&format!("{}ar/", site.base_path))
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("no number {key} in {v}"))
}

#[test]
fn every_page_loads_only_from_the_local_server_without_shift_or_overflow() {
    if !tools::ready(tools::CHROMIUM_TESTS) {
        return;
    }
    for site in [example(), reader(), rtl()] {
        let results = browse(site, "load");
        assert_eq!(results.len(), site.pages.len() * 2);
        for r in &results {
            let at = format!("{} at {}", r["path"], r["viewport"]);
            assert_eq!(num(r, "layoutShift"), 0.0, "layout shift on {at}");
            assert!(
                num(r, "scrollWidth") <= num(r, "innerWidth"),
                "{at} scrolls sideways: {r}"
            );
            if !is_search_page(r["path"].as_str().unwrap()) {
                assert_eq!(r["scripts"], 0, "{at} has a <script>");
            }
            let focus = &r["firstFocus"];
            assert_eq!(
                focus["href"], "#main",
                "{at}: Tab does not reach the skip link first"
            );
            assert!(
                num(focus, "top") >= 0.0 && num(focus, "bottom") <= num(&r["viewport"], "height"),
                "{at}: the focused skip link is off screen: {focus}"
            );
            assert!(
                !focus["outline"].as_str().unwrap().starts_with("none"),
                "{at}: no focus outline: {focus}"
            );
        }
    }
}

#[test]
fn sidebar_is_beside_the_text_when_wide_and_below_it_when_narrow() {
    if !tools::ready(tools::CHROMIUM_TESTS) {
        return;
    }
    for site in [example(), reader(), rtl()] {
        assert!(!site.articles.is_empty());
        let results = browse(site, "layout");
        assert_eq!(results.len(), site.articles.len() * 4);
        if site.name == "example" {
            assert!(
                results.iter().any(|r| r["hasToc"] == true),
                "no example article has contents"
            );
        }
        for r in &results {
            let at = format!("{} at {} ({})", r["path"], r["viewport"], r["colorScheme"]);
            assert!(
                Path::new(r["screenshot"].as_str().unwrap()).is_file(),
                "no screenshot for {at}"
            );
            let (aside, body) = (&r["aside"], &r["body"]);
            assert!(aside.is_object(), "{at}: no <aside aria-label=\"Sources\">");
            let wide = r["viewport"]["width"].as_f64().unwrap() >= 1000.0;
            let rtl = r["dir"] == "rtl";
            assert_eq!(rtl, in_arabic(site, r), "{at}: dir is {}", r["dir"]);
            assert_text_starts_at_its_start_edge(r, rtl, &at);
            if wide {
                // Right to left, the sidebar mirrors to the left of the text.
                let beside = match rtl {
                    false => num(aside, "x") >= num(body, "x") + num(body, "width"),
                    true => num(aside, "x") + num(aside, "width") <= num(body, "x"),
                };
                assert!(
                    beside,
                    "{at}: the sidebar is not beside the text: aside {aside}, body {body}"
                );
                assert!(
                    num(aside, "y") < num(body, "y") + num(body, "height"),
                    "{at}: the sidebar starts below the text: aside {aside}, body {body}"
                );
            } else {
                assert!(
                    num(aside, "y") >= num(body, "y") + num(body, "height"),
                    "{at}: the sidebar is not below the text: aside {aside}, body {body}"
                );
            }
            assert!(
                num(r, "scrollWidth") <= num(r, "innerWidth"),
                "{at} scrolls sideways: {r}"
            );
            assert!(
                num(r, "badgeFontPx") >= 12.0,
                "{at}: a badge is smaller than 12px: {r}"
            );
            if r["hasToc"] == true {
                let (top, side) = (&r["toc"]["top"], &r["toc"]["side"]);
                if wide {
                    assert!(top.is_null(), "{at}: contents above the text too: {r}");
                    let beside = match rtl {
                        false => num(side, "x") >= num(body, "x") + num(body, "width"),
                        true => num(side, "x") + num(side, "width") <= num(body, "x"),
                    };
                    assert!(beside, "{at}: the contents are not beside the text: {r}");
                } else {
                    assert!(side.is_null(), "{at}: contents in the sidebar too: {r}");
                    assert!(
                        num(top, "y") + num(top, "height") <= num(body, "y"),
                        "{at}: the contents are not above the text: {r}"
                    );
                }
            }
            assert_figures_fit(r, &at);
        }
    }
}

/// The body's first line starts at the paragraph's start edge: the left one left to
/// right, the right one right to left (the text is right-aligned).
fn assert_text_starts_at_its_start_edge(r: &Value, rtl: bool, at: &str) {
    let p = &r["paragraph"];
    if p.is_null() {
        return;
    }
    let direction = if rtl { "rtl" } else { "ltr" };
    assert_eq!(p["direction"], direction, "{at}: {p}");
    assert_eq!(p["textAlign"], "start", "{at}: {p}");
    let (edge, line) = match rtl {
        false => (num(p, "left"), num(p, "lineLeft")),
        true => (num(p, "right"), num(p, "lineRight")),
    };
    assert!(
        (edge - line).abs() < 1.0,
        "{at}: the text does not start at the {direction} start edge: {p}"
    );
}

/// Every figure's image keeps its declared shape within the text's width (its place
/// was reserved: no shift), under a visible caption with its credit.
fn assert_figures_fit(r: &Value, at: &str) {
    let figures = r["figures"].as_array().unwrap();
    if r["path"].as_str().unwrap().contains("aleppo-offensive") {
        assert_eq!(
            figures.len(),
            2,
            "{at}: the Aleppo explainer's two figures: {r}"
        );
    }
    for f in figures {
        let declared = f["declared"].as_array().unwrap();
        let ratio = declared[1].as_f64().unwrap() / declared[0].as_f64().unwrap();
        assert!(
            (num(f, "height") / num(f, "width") - ratio).abs() < 0.02,
            "{at}: a figure's image lost its shape: {f}"
        );
        assert!(
            num(f, "right") <= num(f, "bodyRight") + 1.0,
            "{at}: a figure is wider than the text: {f}"
        );
        assert!(
            num(f, "caption") > 0.0,
            "{at}: a figure's caption is hidden: {f}"
        );
        let credit = f["credit"].as_str().unwrap_or_default();
        assert!(
            credit.starts_with("Credit: "),
            "{at}: a figure's credit is missing: {f}"
        );
    }
}

#[test]
fn axe_finds_no_wcag_2_1_aa_violation_in_light_or_dark_mode() {
    if !tools::ready(tools::CHROMIUM_TESTS) {
        return;
    }
    for site in [example(), reader(), rtl()] {
        let results = browse(site, "axe");
        assert_eq!(results.len(), site.axe_pages.len() * 3);
        let base = site.base_path;
        let checked = |page: &str| site.axe_pages.iter().any(|p| p == page);
        let tags = format!("{base}tags/");
        assert!(checked(base), "home page not checked");
        assert!(
            site.axe_pages
                .iter()
                .any(|p| p.starts_with(&tags) && *p != tags),
            "no tag page checked"
        );
        for a in &site.articles {
            assert!(
                checked(a["url"].as_str().unwrap()),
                "{} not checked",
                a["url"]
            );
        }
        for ledger in ["claims/", "sources/", "corrections/", "claimants/"] {
            let page = format!("{base}{ledger}");
            if site.pages.contains(&page) {
                assert!(checked(&page), "{page} not checked");
            }
        }
        if site.name == "example" {
            // A claim's page (claim pages are on by default) and a claimant's.
            for folder in ["claims/explainers/", "claimants/"] {
                let folder = format!("{base}{folder}");
                let found = site
                    .axe_pages
                    .iter()
                    .any(|p| p.starts_with(&folder) && *p != folder);
                assert!(found, "no page in {folder} checked");
            }
        }
        let violations: Vec<_> = results
            .iter()
            .filter(|r| r["violations"] != json!([]))
            .collect();
        assert!(
            violations.is_empty(),
            "{} site: axe violations: {violations:#?}",
            site.name
        );
    }
}

#[test]
fn every_source_and_claim_is_readable_and_linked_without_javascript() {
    if !tools::ready(tools::CHROMIUM_TESTS) {
        return;
    }
    for site in [example(), reader(), rtl()] {
        let results = browse(site, "nojs");
        assert_eq!(results.len(), site.articles.len() * 2);
        if site.name == "example" {
            // The explainer's timeline and map card, at both widths.
            let explainer = |r: &&Value| {
                r["path"].as_str().unwrap().ends_with("/aleppo-offensive/") && !in_arabic(site, r)
            };
            assert_eq!(results.iter().filter(explainer).count(), 2);
            for r in results.iter().filter(explainer) {
                assert!(num(r, "events") >= 8.0 && num(r, "cards") >= 1.0, "{r}");
                let timeline = r["jumps"].as_array().unwrap().iter();
                assert!(
                    timeline
                        .filter(|j| j["id"].as_str().unwrap().starts_with("cite-t"))
                        .count()
                        >= 8,
                    "{r}"
                );
            }
        }
        let note_jumps = results
            .iter()
            .flat_map(|r| r["jumps"].as_array().unwrap())
            .filter(|j| j["href"].as_str().unwrap().starts_with("#byline-note-"))
            .count();
        assert!(
            site.name != "example" || note_jumps > 0,
            "no endnote reference was followed"
        );
        for r in &results {
            let at = format!("{} at {}", r["path"], r["viewport"]);
            assert_eq!(r["invisible"], json!([]), "{at}: not visible without JS");
            assert_eq!(
                r["events"], r["eventsShown"],
                "{at}: a timeline event is hidden"
            );
            assert_eq!(
                r["cards"], r["cardsShown"],
                "{at}: an embed's card is hidden"
            );
            let jumps = r["jumps"].as_array().unwrap();
            assert!(!jumps.is_empty(), "{at}: no citation marker or badge");
            let height = r["viewport"]["height"].as_f64().unwrap();
            let in_view = |b: &Value| num(b, "y") + num(b, "height") > 0.0 && num(b, "y") < height;
            for j in jumps {
                assert_eq!(j["hashAfterClick"], j["href"], "{at}: {j}");
                assert!(
                    in_view(&j["entry"]),
                    "{at}: entry not scrolled into view: {j}"
                );
                assert_eq!(j["hasBackLink"], true, "{at}: entry has no link back: {j}");
                assert!(
                    in_view(&j["returned"]),
                    "{at}: back link lost the place: {j}"
                );
                assert_eq!(
                    j["hashAfterBack"],
                    format!("#{}", j["id"].as_str().unwrap())
                );
            }
            let announced = r["announced"].as_array().unwrap();
            // The Arabic site's words, from themes/default/i18n/ar.toml.
            let (badge, page) = match in_arabic(site, r) {
                true => ("تصنيف الادعاء: ", ": صفحة الادعاء"),
                false => ("Claim status: ", ": the claim’s page"),
            };
            for a in announced {
                let status = a["status"].as_str().unwrap();
                let expected = format!("link \"{badge}{status}\"");
                assert!(
                    a["snapshot"].as_str().unwrap().contains(&expected),
                    "{at}: a claim badge is announced as {a}"
                );
                // These sites have claim pages: each badge is followed by a link to
                // its claim's page, named apart from the badge.
                if site.name == "example" || site.name == "rtl" {
                    let link = &a["pageLink"];
                    let expected = format!("link \"{status}{page}\"");
                    assert!(
                        link["snapshot"].as_str().unwrap().contains(&expected),
                        "{at}: a claim page link is announced as {a}"
                    );
                    let href = link["href"].as_str().unwrap();
                    assert!(
                        href.contains("/claims/") && site.pages.iter().any(|p| p == href),
                        "{at}: the claim page link leads to no page: {a}"
                    );
                }
            }
        }
    }
}

#[test]
fn print_hides_navigation_and_lists_sources_with_urls_and_locators_in_black_and_white() {
    if !tools::ready(tools::CHROMIUM_TESTS) {
        return;
    }
    let mut notes = 0;
    for site in [example(), reader(), rtl()] {
        let results = browse(site, "print");
        assert_eq!(results.len(), site.articles.len());
        for r in &results {
            let at = &r["path"];
            assert_eq!(r["navVisible"], false, "{at}: navigation printed");
            for shown in r["citationNotes"].as_array().unwrap() {
                assert_eq!(shown, true, "{at}: a citation's locator is not printed");
                notes += 1;
            }
            assert!(
                num(r, "asideTop") >= num(r, "bodyBottom"),
                "{at}: sources not printed after the article: {r}"
            );
            for s in r["sourceUrls"].as_array().unwrap() {
                let href = s["href"].as_str().unwrap();
                assert!(
                    s["after"].as_str().unwrap().contains(href),
                    "{at}: URL not printed: {s}"
                );
            }
            for b in r["badges"].as_array().unwrap() {
                assert_eq!(b["color"], "rgb(0, 0, 0)", "{at}: {b}");
                assert_eq!(b["background"], "rgb(255, 255, 255)", "{at}: {b}");
                assert_ne!(b["border"], "none", "{at}: {b}");
            }
        }
    }
    assert!(notes > 0, "no page had a citation with a locator to print");
}

#[test]
fn search_finds_the_explainer_and_filters_to_exactly_the_disputed_claims() {
    if !tools::ready(tools::CHROMIUM_TESTS) {
        return;
    }
    for site in [example(), reader()] {
        assert!(
            !site.disputed.is_empty(),
            "{}: no claim to filter to",
            site.name
        );
        let results = browse(site, "search");
        assert_eq!(results.len(), 4, "light and dark, wide and narrow");
        for r in &results {
            assert_search_result(site, r);
        }
    }
}

/// The query found the article first, and the status filter left exactly the claims
/// of that status, each saying its status in words.
fn assert_search_result(site: &Served, r: &Value) {
    let Search {
        query,
        first,
        status,
    } = &site.search;
    let at = format!(
        "{}search/ at {} ({})",
        site.base_path, r["viewport"], r["colorScheme"]
    );
    let found = r["found"].as_array().unwrap();
    assert_eq!(
        found[0]["href"], *first,
        "{at}: {query} does not find {first} first: {found:#?}"
    );
    let mut filtered: Vec<&str> = r["filtered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    filtered.sort_unstable();
    let mut expected: Vec<&str> = site.disputed.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(filtered, expected, "{at}: not exactly the {status} claims");
    for excerpt in r["excerpts"].as_array().unwrap() {
        let excerpt = excerpt.as_str().unwrap();
        assert!(
            excerpt.starts_with(status.as_str()) && excerpt.contains(" · claim in "),
            "{at}: a result does not say its status in words: {excerpt}"
        );
    }
    assert!(
        num(r, "scrollWidth") <= num(r, "innerWidth"),
        "{at} scrolls sideways: {r}"
    );
    assert_eq!(r["violations"], json!([]), "{at}: axe violations");
}

#[test]
fn nu_html_checker_finds_no_error_on_any_page() {
    if !tools::ready(tools::VNU_TESTS) {
        return;
    }
    let files: Vec<PathBuf> = [example(), reader(), rtl()]
        .iter()
        .flat_map(|s| s.html_files())
        .collect();
    assert!(files.len() >= 10, "only {} pages", files.len());
    // One JVM for every page: vnu's start-up dominates.
    let out = Command::new("java")
        .arg("-jar")
        .arg(tools::browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("vnu: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report["messages"], json!([]), "vnu found errors");
    assert!(out.status.success());
}

/// No browser needed: the budget holds in the built files themselves.
#[test]
fn default_theme_stays_within_the_performance_budget() {
    for site in [example(), reader(), rtl()] {
        // Pagefind's own CSS is loaded by the search page alone.
        let css: usize = walkdir::WalkDir::new(site.public())
            .into_iter()
            .filter_entry(|e| e.file_name() != "pagefind")
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "css"))
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap();
                assert!(
                    !text.contains("@import") && !text.contains("url("),
                    "{}: CSS loads other files",
                    e.path().display()
                );
                text.len()
            })
            .sum();
        assert!(css > 0 && css < CSS_BUDGET, "{css} bytes of CSS");
        for file in site.html_files() {
            let html = std::fs::read_to_string(&file).unwrap();
            let at = file.display();
            let scripts = html.matches("<script").count();
            let data = html
                .matches("<script type=\"application/ld+json\">")
                .count();
            if is_search_page(&at.to_string()) {
                // Each language's search page loads its own index (`fr/pagefind/`).
                let rel = file.strip_prefix(site.public()).unwrap().to_str().unwrap();
                let folder = rel.strip_suffix("search/index.html").unwrap();
                let pagefind = format!("src=\"{}{folder}pagefind/pagefind-ui.js\"", site.base_path);
                assert_eq!(html.matches(&pagefind).count(), 1, "{at}: {pagefind}");
                assert_eq!(scripts, 2, "{at}: Pagefind's UI and the script starting it");
            } else {
                assert_eq!(scripts, data, "{at} has a script other than JSON-LD");
            }
            // The theme embeds nothing; an article's images are its own files, each
            // with its size, so nothing shifts while they load.
            for src in attr_values(&html, "src") {
                assert!(
                    src.starts_with('/') && !src.starts_with("//"),
                    "{at} embeds {src} from elsewhere"
                );
            }
            for img in html.split("<img ").skip(1) {
                let img = &img[..img.find('>').unwrap()];
                assert!(
                    img.contains(" width=\"") && img.contains(" height=\""),
                    "{at}: an image without its size: {img}"
                );
            }
            for tag in html.split("<link ").skip(1) {
                let tag = &tag[..tag.find('>').unwrap()];
                let rel = attr_values(&format!(" {tag}"), "rel").join(" ");
                let loads = ["stylesheet", "icon", "preload", "modulepreload", "manifest"];
                if loads.iter().any(|l| rel.split(' ').any(|r| r == *l)) {
                    let href = attr_values(&format!(" {tag}"), "href").join("");
                    assert!(
                        href.starts_with('/') && !href.starts_with("//"),
                        "{at}: <link rel={rel}> loads {href} from elsewhere"
                    );
                }
            }
        }
    }
}

/// No browser needed: the semantics a screen reader relies on, on every page.
#[test]
fn every_page_has_landmarks_one_h1_a_skip_link_and_a_language() {
    for site in [example(), reader(), rtl()] {
        for file in site.html_files() {
            let html = std::fs::read_to_string(&file).unwrap();
            let at = file.display();
            let count = |needle: &str| html.matches(needle).count();
            assert_eq!(count("<h1"), 1, "{at}: not exactly one <h1>");
            assert_eq!(count("<main"), 1, "{at}: not exactly one <main>");
            for landmark in ["<header", "<nav", "<footer"] {
                assert!(count(landmark) > 0, "{at}: no {landmark}>");
            }
            assert!(
                html.contains("<a class=\"skip-link\" href=\"#main\">")
                    && html.contains(" id=\"main\""),
                "{at}: no skip link to <main id=\"main\">"
            );
            let lang = attr_values(&html, "lang");
            assert!(lang.first().is_some_and(|l| !l.is_empty()), "{at}: no lang");
            assert_eq!(
                count("<time"),
                count("<time datetime=\""),
                "{at}: <time> without datetime"
            );
        }
        for article in &site.articles {
            let url = article["url"].as_str().unwrap();
            let rel = url.strip_prefix(site.base_path).unwrap();
            let html = std::fs::read_to_string(site.public().join(rel).join("index.html")).unwrap();
            assert!(html.contains("<article"), "{url}: no <article>");
            // Named in the site's language: "Sources", "Contents and sources", "المصادر"…
            let sidebar = html.split_once("<aside class=\"sidebar\" aria-label=\"");
            assert!(
                sidebar.is_some_and(|(_, label)| !label.starts_with('"')),
                "{url}: no named sidebar"
            );
        }
    }
}
