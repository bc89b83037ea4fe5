//! `byline check --links` against servers on loopback: dead, moved, looping, slow,
//! silent and rate-limited links, each reported where it is written; the cache; and
//! `build`, which never asks anything.

use crate::support::Test;
use crate::web::{at, get_only, redirect, route, status, Answer, Server};
use std::time::Duration;

/// Short timeouts, no waiting between requests, nothing cached: the tests stay fast.
const FAST: &[&str] = &[
    "check",
    "--links",
    "--timeout",
    "0.5",
    "--delay",
    "0",
    "--retries",
    "0",
    "--cache-hours",
    "0",
];

fn args(extra: &[&str]) -> Vec<String> {
    FAST.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run_args(t: Test, extra: &[&str]) -> Test {
    let owned = args(extra);
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    t.args(&refs)
}

fn server() -> Server {
    Server::start(vec![
        at("/ok", crate::web::ok()),
        at("/gone", status(410)),
        get_only("/no-head"),
        route(|m, p| {
            (p == "/lies").then(|| {
                if m == "HEAD" {
                    status(404)
                } else {
                    crate::web::ok()
                }
            })
        }),
        at("/old", redirect(301, "/step")),
        at("/step", redirect(302, "/ok")),
        at("/loop-a", redirect(302, "/loop-b")),
        at("/loop-b", redirect(302, "/loop-a")),
        at("/slow", Answer::Slow(Duration::from_secs(2))),
        at("/never", Answer::Never),
        at(
            "/busy",
            Answer::Send(429, vec![("Retry-After", "3600".into())], String::new()),
        ),
    ])
}

fn article(s: &Server) -> String {
    format!(
        "---\ntitle: Links\ndate: 2026-11-01\nsources:\n  - id: ok\n    title: OK\n    url: {ok}\n  - id: gone\n    title: Gone\n    url: {gone}\nclaims:\n  - id: c\n    text: A claim\n    status: confirmed\n    asserted_by: [ok, gone]\n---\nSee [@ok; @gone]. [Missing]({missing}), [no HEAD]({nohead}), [lies]({lies}),\n[old]({old}), [loop]({loop_}), [slow]({slow}), [never]({never}), [busy]({busy}).\n",
        ok = s.url("/ok"),
        gone = s.url("/gone"),
        missing = s.url("/missing"),
        nohead = s.url("/no-head"),
        lies = s.url("/lies"),
        old = s.url("/old"),
        loop_ = s.url("/loop-a"),
        slow = s.url("/slow"),
        never = s.url("/never"),
        busy = s.url("/busy"),
    )
}

#[test]
fn check_links_reports_every_dead_moved_and_doubtful_link_where_it_is_written() {
    let s = server();
    let t = Test::new().file("content/a.md", article(&s));
    let run = run_args(t, &["--message-format", "json"]).failure().run();
    let found: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let msg = v["message"].as_str().unwrap().replace(&s.base, "");
            format!(
                "{}:{}:{} {} {}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["code"].as_str().unwrap(),
                msg
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/a.md:10:10 dead-link `/gone` is dead: 410 Gone",
            "content/a.md:17:29 dead-link `/missing` is dead: 404 Not Found",
            "content/a.md:18:7 moved-link `/old` has moved: /old → 301 → /step → 302 → /ok",
            "content/a.md:18:43 dead-link `/loop-a` is dead: it redirects in a loop (redirects: /loop-a → 302 → /loop-b → 302 → /loop-a)",
            "content/a.md:18:82 unchecked-link could not check `/slow`: no answer within 0.5 s (1 attempt)",
            "content/a.md:18:120 unchecked-link could not check `/never`: no answer within 0.5 s (1 attempt)",
            "content/a.md:18:158 unchecked-link could not check `/busy`: the server limits requests (429 Too Many Requests, asking to wait 3600 s)",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("dead\nerror: check found 3 errors and 4 warnings\n"),
        "{}",
        run.stderr
    );
    let seen = s.seen();
    for asked in [
        "HEAD /no-head",
        "GET /no-head",
        "HEAD /lies",
        "GET /lies",
        "HEAD /step",
        "HEAD /ok",
    ] {
        assert!(seen.iter().any(|r| r == asked), "{asked} not in {seen:?}");
    }
}

#[test]
fn dead_links_are_github_annotations_with_the_archived_copy_suggested() {
    let s = server();
    let archives = format!("\"{}\":\n  archive_url: https://web.archive.org/web/20240101000000/x\n  archived: 2024-01-01\n", s.url("/gone"));
    let t = Test::new()
        .file("content/a.md", format!("---\ntitle: T\ndate: 2026-11-01\nsources:\n  - id: gone\n    title: Gone\n    url: {}\n---\nSee [@gone].\n", s.url("/gone")))
        .file("content/archives.yaml", archives)
        .env("BYLINE_TODAY", "2026-12-02");
    let run = run_args(t, &["--message-format", "github"]).failure().run();
    let line = run.stdout.lines().next().unwrap().replace(&s.base, "");
    assert_eq!(
        line,
        "::error file=content/a.md,line=7,col=10,title=dead-link::`/gone` is dead: 410 Gone%0Ahelp: its archived copy is https://web.archive.org/web/20240101000000/x: mark the URL dead in content/archives.yaml (`dead: 2026-12-02` under \"/gone\") and the sidebar leads with the copy"
    );
}

#[test]
fn links_found_alive_are_not_asked_about_again_while_cached() {
    let s = Server::start(vec![at("/ok", crate::web::ok())]);
    let page = format!(
        "---\ntitle: T\ndate: 2026-11-01\n---\n[a]({}) and [b]({}).\n",
        s.url("/ok"),
        s.url("/ok#part")
    );
    let t = Test::new().file("content/a.md", page);
    let cached = ["check", "--links", "--timeout", "0.5", "--delay", "0"];
    let run = t.args(&cached).run();
    // One page, two fragments: one request.
    assert!(run.stderr.contains("Checked 1 link in"), "{}", run.stderr);
    assert_eq!(s.seen(), ["HEAD /ok"]);
    let run = run.then().args(&cached).run();
    assert!(
        run.stderr.contains("Checked 1 link (1 from the cache) in"),
        "{}",
        run.stderr
    );
    assert_eq!(s.seen().len(), 1, "the cache answered");
    run.then()
        .args(&[&cached[..], &["--cache-hours", "0"]].concat())
        .run();
    assert_eq!(s.seen().len(), 2, "--cache-hours 0 asks again");
}

#[test]
fn a_429_with_a_short_retry_after_is_retried() {
    let s = Server::start(vec![at("/limited", Answer::LimitOnce("0"))]);
    let page = format!(
        "---\ntitle: T\ndate: 2026-11-01\n---\n[a]({}).\n",
        s.url("/limited")
    );
    let t = Test::new().file("content/a.md", page);
    let fast: Vec<&str> = FAST
        .iter()
        .map(|a| if *a == "0" { "0" } else { a })
        .collect();
    let mut a = fast.clone();
    let i = a.iter().position(|x| *x == "--retries").unwrap();
    a[i + 1] = "1";
    t.args(&a).run();
    assert_eq!(s.seen(), ["HEAD /limited", "HEAD /limited"]);
}

#[test]
fn build_and_check_without_links_never_touch_the_network() {
    let s = server();
    let t = Test::new().file("content/a.md", article(&s));
    let run = t.run();
    run.then().args(&["check"]).run();
    assert_eq!(s.seen(), Vec::<String>::new());
}

#[test]
fn one_host_gets_at_most_per_host_requests_at_once() {
    let s = Server::start(vec![route(|_, _| {
        Some(Answer::Slow(Duration::from_millis(100)))
    })]);
    let body: String = (0..6)
        .map(|i| format!("[l{i}]({}) ", s.url(&format!("/p{i}"))))
        .collect();
    let t = Test::new().file(
        "content/a.md",
        format!("---\ntitle: T\ndate: 2026-11-01\n---\n{body}\n"),
    );
    run_args(t, &["--per-host", "1", "--jobs", "6"]).run();
    assert_eq!(s.seen().len(), 6);
    assert_eq!(s.most_at_once(), 1);
}

#[test]
fn timeouts_are_retried_and_redirects_past_the_limit_are_dead() {
    let s = Server::start(vec![
        at("/never", Answer::Never),
        at("/r1", redirect(307, "/r2")),
        at("/r2", redirect(307, "/r3")),
        at("/r3", crate::web::ok()),
    ]);
    let page = format!(
        "---\ntitle: T\ndate: 2026-11-01\n---\n[a]({}) [b]({}).\n",
        s.url("/never"),
        s.url("/r1")
    );
    let t = Test::new().file("content/a.md", page);
    let a = [
        "check",
        "--links",
        "--timeout",
        "0.3",
        "--delay",
        "0",
        "--retries",
        "1",
        "--cache-hours",
        "0",
        "--max-redirects",
        "1",
    ];
    let run = t.args(&a).failure().run();
    let stderr = run.stderr.replace(&s.base, "");
    assert!(stderr.contains("warning[unchecked-link]: could not check `/never`: no answer within 0.3 s (2 attempts)"), "{stderr}");
    assert!(stderr.contains("error[dead-link]: `/r1` is dead: it redirects more than 1 time (redirects: /r1 → 307 → /r2 → 307 → /r3)"), "{stderr}");
    assert_eq!(s.seen().iter().filter(|r| *r == "HEAD /never").count(), 2);
}

#[test]
fn dead_links_of_bibliographies_and_site_wide_claims_are_reported_at_their_lines() {
    let s = server();
    let archived = format!("\"{}\":\n  archive_url: https://web.archive.org/web/20240101000000/bib\n  archived: 2024-01-01\n", s.url("/bib-gone"));
    let t = Test::new()
        .file(
            "content/sources.bib",
            format!(
                "@online{{bib,\n  title = {{Bib}},\n  url = {{{}}},\n}}\n",
                s.url("/bib-gone")
            ),
        )
        .file(
            "content/sources.json",
            format!(
                "[\n  {{\"id\": \"json\", \"title\": \"Json\",\n   \"URL\": \"{}\"}}\n]\n",
                s.url("/json-gone")
            ),
        )
        .file(
            "content/claims.yaml",
            format!("claims:\n  - id: said\n    text: Said\n    status: confirmed\n    asserted_by: [bib]\n    appearances:\n      - {}\n", s.url("/claim-gone")),
        )
        .file("content/archives.yaml", archived)
        .file(
            "content/a.md",
            "---\ntitle: T\ndate: 2026-11-01\nclaims:\n  - said\n---\nSee [@bib; @json], [said](claim:said).\n",
        )
        .env("BYLINE_TODAY", "2026-12-02");
    let run = run_args(t, &["--message-format", "json"]).failure().run();
    let found: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["code"] == "dead-link")
        .map(|v| {
            format!(
                "{}:{}:{} {} / {}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["message"].as_str().unwrap(),
                v["help"].as_str().unwrap()
            )
            .replace(&s.base, "")
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/claims.yaml:7:9 `/claim-gone` is dead: 404 Not Found / fix or remove the link, or link to an archived copy (https://web.archive.org/web/*/…)",
            "content/sources.bib:3:10 `/bib-gone` is dead: 404 Not Found / its archived copy is https://web.archive.org/web/20240101000000/bib: mark the URL dead in content/archives.yaml (`dead: 2026-12-02` under \"/bib-gone\") and the sidebar leads with the copy",
            "content/sources.json:3:11 `/json-gone` is dead: 404 Not Found / fix or remove the link; `byline archive` may find an archived copy of it",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_broken_bibliography_is_reported_once_by_check_links() {
    let t = Test::new()
        .file("content/sources.bib", "@online{bib,\n  title = {Bib},\n  doi = {11.1/x},\n  url = {http://127.0.0.1:9/x},\n}\n")
        .file("content/a.md", "---\ntitle: T\ndate: 2026-11-01\n---\nText.\n");
    let run = run_args(t, &[]).failure().run();
    assert_eq!(
        run.stderr.matches("`11.1/x` is not a DOI").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_dead_link_in_the_human_format_points_at_its_line_and_column() {
    let s = server();
    let gone = s.url("/gone");
    let t = Test::new().file(
        "content/a.md",
        format!("---\ntitle: T\ndate: 2026-11-01\n---\n[a]({gone}).\n"),
    );
    run_args(t, &[])
        .failure()
        .stderr_contains(&format!(
            "error[dead-link]: `{gone}` is dead: 410 Gone\n  --> content/a.md:5:5\n"
        ))
        .stderr_contains("= help: fix or remove the link, or link to an archived copy (https://web.archive.org/web/*/…)\n")
        .run();
}

#[test]
fn a_cached_link_is_asked_about_again_once_older_than_cache_hours() {
    let s = Server::start(vec![at("/ok", crate::web::ok())]);
    let url = s.url("/ok");
    let since_1970 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let two_hours_ago = since_1970.as_secs() - 2 * 3600;
    let cache =
        format!("{{\"version\": 1, \"links\": {{\"{url}\": {{\"checked\": {two_hours_ago}}}}}}}");
    let t = Test::new()
        .file(
            "content/a.md",
            format!("---\ntitle: T\ndate: 2026-11-01\n---\n[a]({url}).\n"),
        )
        .file(".byline-cache/links.json", cache);
    let base = ["check", "--links", "--timeout", "0.5", "--delay", "0"];
    let run = t.args(&[&base[..], &["--cache-hours", "3"]].concat()).run();
    assert!(
        run.stderr.contains("Checked 1 link (1 from the cache) in"),
        "{}",
        run.stderr
    );
    assert_eq!(s.seen(), Vec::<String>::new());
    run.then()
        .args(&[&base[..], &["--cache-hours", "1"]].concat())
        .run();
    assert_eq!(s.seen(), ["HEAD /ok"]);
}
