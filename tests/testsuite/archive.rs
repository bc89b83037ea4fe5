//! `byline archive` against a loopback server speaking the Wayback Machine's
//! availability and Save Page Now APIs; and archived copies on the built pages.

use crate::support::Test;
use crate::web::{route, Answer, Server};

/// The availability API knows `/has-copy`; Save Page Now copies anything but
/// `/excluded` (403) and, the first time, `/busy` (429, wait an hour).
fn wayback() -> Server {
    let busy = std::sync::atomic::AtomicBool::new(true);
    Server::start(vec![route(move |_, p| {
        if let Some(q) = p.strip_prefix("/wayback/available?url=") {
            let url = percent_decode(q);
            let body = if url.ends_with("/has-copy") {
                format!("{{\"url\":\"{url}\",\"archived_snapshots\":{{\"closest\":{{\"status\":\"200\",\"available\":true,\"url\":\"http://web.archive.org/web/20240131120000/{url}\",\"timestamp\":\"20240131120000\"}}}}}}")
            } else {
                "{\"archived_snapshots\":{}}".to_string()
            };
            return Some(Answer::Send(200, vec![], body));
        }
        let url = p.strip_prefix("/save/")?;
        Some(if url.ends_with("/excluded") {
            Answer::Send(403, vec![], String::new())
        } else if url.ends_with("/busy") && busy.swap(false, std::sync::atomic::Ordering::SeqCst) {
            Answer::Send(429, vec![("Retry-After", "3600".into())], String::new())
        } else {
            Answer::Send(
                200,
                vec![("Content-Location", format!("/web/20261202080000/{url}"))],
                String::new(),
            )
        })
    })])
}

fn percent_decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn site(urls: &[&str]) -> Test {
    let mut fm = String::from("---\ntitle: T\ndate: 2026-11-01\nsources:\n");
    let mut cites = Vec::new();
    for (i, u) in urls.iter().enumerate() {
        fm.push_str(&format!(
            "  - id: s{i}\n    title: S{i}\n    url: https://news.example{u}\n"
        ));
        cites.push(format!("@s{i}"));
    }
    fm.push_str(&format!("---\nSee [{}].\n", cites.join("; ")));
    Test::new().file("content/a.md", fm)
}

fn archive_args(s: &Server) -> Vec<String> {
    [
        "archive",
        "--delay",
        "0",
        "--timeout",
        "2",
        "--availability-api",
    ]
    .iter()
    .map(|a| a.to_string())
    .chain([
        s.url("/wayback/available"),
        "--save-api".into(),
        s.url("/save/"),
    ])
    .collect()
}

fn run_archive(t: Test, s: &Server) -> Test {
    let a = archive_args(s);
    t.args(&a.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn archive_finds_or_saves_a_copy_of_every_source_url_and_records_them_sorted() {
    let s = wayback();
    let t = site(&["/saved", "/has-copy"]);
    let run = run_archive(t, &s)
        .stderr("Archived 2 of 2 source URLs: 1 found, 1 saved (content/archives.yaml)\n")
        .run();
    assert_eq!(
        std::fs::read_to_string(run.path().join("content/archives.yaml")).unwrap().lines().skip_while(|l| l.starts_with('#')).collect::<Vec<_>>(),
        [
            "\"https://news.example/has-copy\":",
            "  archive_url: \"https://web.archive.org/web/20240131120000/https://news.example/has-copy\"",
            "  archived: 2024-01-31",
            "\"https://news.example/saved\":",
            &format!("  archive_url: \"{}/web/20261202080000/https://news.example/saved\"", s.base),
            "  archived: 2026-12-02",
        ]
    );
    assert_eq!(
        s.seen(),
        [
            "GET /wayback/available?url=https%3A%2F%2Fnews%2Eexample%2Fhas%2Dcopy",
            "GET /wayback/available?url=https%3A%2F%2Fnews%2Eexample%2Fsaved",
            "GET /save/https://news.example/saved",
        ]
    );
    // A second run has nothing left to ask.
    run.then()
        .args(
            &archive_args(&s)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
        .stderr("Archived 0 of 0 source URLs: 0 found, 0 saved\n")
        .run();
    assert_eq!(s.seen().len(), 3);
}

#[test]
fn archive_stops_when_asked_to_wait_keeping_what_it_saved_and_the_next_run_carries_on() {
    let s = wayback();
    let t = site(&["/a-first", "/busy", "/excluded", "/z-last"]);
    let run = run_archive(t, &s).failure().run();
    let stderr = run.stderr.replace(&s.base, "");
    assert!(stderr.starts_with("error[archive-refused]: the archive limits requests and asks to wait 3600 s: stopped before `https://news.example/busy`\n   --> content/a.md:10:10\n"), "{stderr}");
    assert!(stderr.ends_with("Archived 1 of 4 source URLs: 0 found, 1 saved; 3 still without a copy (content/archives.yaml)\nerror: archive finished with 1 error\n"), "{stderr}");
    assert!(
        std::fs::read_to_string(run.path().join("content/archives.yaml"))
            .unwrap()
            .contains("news.example/a-first")
    );
    let run = run_archive(run.then(), &s).failure().run();
    let stderr = run.stderr.replace(&s.base, "");
    assert!(stderr.contains("error[archive-refused]: no archived copy of `https://news.example/excluded`: Save Page Now answered 403 Forbidden (the archive may exclude this site, or refuse anonymous saves)\n   --> content/a.md:13:10\n"), "{stderr}");
    assert!(
        stderr.contains("Archived 2 of 3 source URLs: 0 found, 2 saved; 1 still without a copy"),
        "{stderr}"
    );
    let recorded = std::fs::read_to_string(run.path().join("content/archives.yaml")).unwrap();
    for url in ["a-first", "busy", "z-last"] {
        assert!(
            recorded.contains(&format!("\"https://news.example/{url}\":")),
            "{recorded}"
        );
    }
    assert!(!s.seen().iter().any(|r| r.contains("a-first")
        && r.contains("/save/")
        && s.seen().iter().filter(|x| *x == r).count() > 1));
}

#[test]
fn the_sidebar_shows_the_archived_copy_and_leads_with_it_for_a_dead_url() {
    let t = site(&["/live", "/dead"])
        .file("content/archives.yaml", "\"https://news.example/live\":\n  archive_url: https://web.archive.org/web/20240101000000/https://news.example/live\n  archived: 2024-01-01\n\"https://news.example/dead\":\n  archive_url: https://web.archive.org/web/20230505000000/https://news.example/dead\n  archived: 2023-05-05\n  dead: 2026-11-30\n");
    let run = t.run();
    let html = run.read("a/index.html");
    assert!(
        html.contains("<a href=\"https://news.example/live\">S0</a>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"source__archive\"><a href=\"https://web.archive.org/web/20240101000000/https://news.example/live\">Archived copy</a>, <time datetime=\"2024-01-01\">"), "{html}");
    assert!(html.contains("<a href=\"https://web.archive.org/web/20230505000000/https://news.example/dead\">S1</a>"), "{html}");
    assert!(
        html.contains(
            "<span class=\"source__archive\">Archived copy, <time datetime=\"2023-05-05\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("; the <a href=\"https://news.example/dead\">original</a> is gone</span>"),
        "{html}"
    );
    assert!(html.contains("\"archivedAt\":\"https://web.archive.org/web/20230505000000/https://news.example/dead\""), "{html}");
}

#[test]
fn archives_yaml_mistakes_fail_the_build_at_their_lines() {
    let t = site(&["/x"]).file(
        "content/archives.yaml",
        "\"https://news.example/x\":\n  archive_url: javascript:alert(1)\n",
    );
    t.failure()
        .stderr_contains("content/archives.yaml:2:16")
        .run();
}

#[test]
fn claims_json_names_a_sources_archived_copy_and_whether_its_url_is_dead() {
    let t = Test::new()
        .file("content/a.md", "---\ntitle: T\ndate: 2026-11-01\nsources:\n  - id: d\n    title: D\n    url: https://news.example/dead\n  - id: own\n    title: Own\n    url: https://news.example/own\n    archive_url: https://archive.example/own\n    archived: 2025-02-03\nclaims:\n  - id: c\n    text: C\n    status: confirmed\n    asserted_by: [d, own]\n---\nSee [@d; @own].\n")
        .file("content/archives.yaml", "\"https://news.example/dead\":\n  archive_url: https://archive.example/dead\n  dead: 2026-11-30\n");
    let json = t.run().read("claims/claims-1.json");
    assert!(json.contains("\"url\":\"https://news.example/dead\",\"date\":null,\"archive_url\":\"https://archive.example/dead\",\"dead\":true}"), "{json}");
    assert!(json.contains("\"url\":\"https://news.example/own\",\"date\":null,\"archive_url\":\"https://archive.example/own\",\"archived\":\"2025-02-03\"}"), "{json}");
}

#[test]
fn archive_records_copies_of_bibliography_sources_and_the_build_shows_them() {
    let s = wayback();
    let t = Test::new()
        .file("content/sources.bib", "@online{bib,\n  title = {Bib},\n  url = {https://news.example/bib},\n}\n@online{shut,\n  title = {Shut},\n  url = {https://news.example/excluded},\n}\n")
        .file("content/sources.json", "[\n  {\"id\": \"json\", \"title\": \"Json\",\n   \"URL\": \"https://news.example/json/has-copy\"}\n]\n")
        .file("content/a.md", "---\ntitle: T\ndate: 2026-11-01\n---\nSee [@bib; @json; @shut].\n");
    let run = run_archive(t, &s).failure().run();
    let stderr = run.stderr.replace(&s.base, "");
    assert!(stderr.contains("error[archive-refused]: no archived copy of `https://news.example/excluded`: Save Page Now answered 403 Forbidden (the archive may exclude this site, or refuse anonymous saves)\n  --> content/sources.bib:7:10\n"), "{stderr}");
    assert!(stderr.contains("help: run `byline archive` again later, or add a copy by hand: under its URL in content/archives.yaml (`archive_url:`)\n"), "{stderr}");
    assert!(stderr.contains("Archived 2 of 3 source URLs: 1 found, 1 saved; 1 still without a copy (content/archives.yaml)\n"), "{stderr}");
    let recorded = std::fs::read_to_string(run.path().join("content/archives.yaml")).unwrap();
    assert!(
        recorded.contains("\"https://news.example/bib\":\n  archive_url: \""),
        "{recorded}"
    );
    assert!(recorded.contains("\"https://news.example/json/has-copy\":\n  archive_url: \"https://web.archive.org/web/20240131120000/https://news.example/json/has-copy\"\n  archived: 2024-01-31\n"), "{recorded}");
    let html = run.then().run().read("a/index.html");
    assert!(html.contains("<span class=\"source__archive\"><a href=\"https://web.archive.org/web/20240131120000/https://news.example/json/has-copy\">Archived copy</a>"), "{html}");
}

#[test]
fn an_archive_that_does_not_answer_in_time_is_an_error_at_the_source_and_the_run_goes_on() {
    let s = Server::start(vec![route(|_, p| {
        if p.contains("silent") {
            return Some(Answer::Never);
        }
        if p.starts_with("/wayback/available") {
            return Some(Answer::Send(
                200,
                vec![],
                "{\"archived_snapshots\":{}}".into(),
            ));
        }
        let url = p.strip_prefix("/save/")?;
        let copy = format!("/web/20261202080000/{url}");
        Some(Answer::Send(
            200,
            vec![("Content-Location", copy)],
            String::new(),
        ))
    })]);
    let args: Vec<String> = archive_args(&s)
        .into_iter()
        .map(|a| if a == "2" { "0.3".into() } else { a })
        .collect();
    let run = site(&["/silent", "/z"])
        .args(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .failure()
        .run();
    assert!(run.stderr.starts_with("error[archive-timeout]: the archive did not answer about `https://news.example/silent` within 0.3 s\n  --> content/a.md:7:10\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "Archived 1 of 2 source URLs: 0 found, 1 saved; 1 still without a copy (content/archives.yaml)\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn no_save_only_looks_copies_up_and_limit_stops_after_so_many_urls() {
    let s = wayback();
    let mut args = archive_args(&s);
    args.extend(["--no-save".to_string(), "--limit".into(), "1".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = site(&["/fresh", "/has-copy"]).args(&args).failure().run();
    assert!(run.stderr.contains("error[archive-refused]: no archived copy of `https://news.example/fresh`: the archive has no copy (--no-save asked for none to be made)\n"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Archived 0 of 2 source URLs: 0 found, 0 saved; 2 still without a copy\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        s.seen(),
        ["GET /wayback/available?url=https%3A%2F%2Fnews%2Eexample%2Ffresh"]
    );
}
