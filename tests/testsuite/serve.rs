//! `byline serve`: the real binary on a free loopback port against a temporary site,
//! fetched over plain TCP. Every wait is bounded; the server is always stopped.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Test, BIN};

const WAIT: Duration = Duration::from_secs(10);

fn article(body: &str) -> String {
    format!(
        "---\ntitle: \"Halt\"\ndate: 2016-12-08\nsources:\n  - id: minister\n    title: \"Statement\"\nclaims:\n  - id: halted\n    text: \"The army halted.\"\n    status: confirmed\n    asserted_by: [minister]\n---\n\n{body} [@minister]\n"
    )
}

/// A running `byline serve`; stopped with SIGINT (like Ctrl-C), killed if need be.
struct Server {
    child: Child,
    stderr: Arc<Mutex<String>>,
    addr: String,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            stderr,
            addr: String::new(),
        };
        // stderr is unbuffered: wait for the whole line, not its first write.
        server.wait_stderr("(Ctrl-C to stop)");
        let text = server.stderr();
        let url = text.split("Serving the site at http://").nth(1).unwrap();
        server.addr = url[..url.find('/').unwrap()].to_string();
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait_stderr(&self, part: &str) {
        wait_until(
            &format!("stderr to contain {part:?}"),
            || self.stderr().contains(part),
            || self.stderr(),
        );
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        get(&self.addr, path)
    }

    /// How many threads the server process has now.
    #[cfg(target_os = "linux")]
    fn threads(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()));
        status
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .and_then(|n| n.trim().parse().ok())
            })
            .unwrap_or(0)
    }

    /// Polls `path` until `ok` holds for its body.
    fn wait_page(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let page = self.get(path).2;
            if ok(&page) {
                return page;
            }
            assert!(
                started.elapsed() < WAIT,
                "timed out waiting for {what}\n{}\nlast page:\n{page}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Sends SIGINT, as Ctrl-C does, and returns the exit status.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < WAIT, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status();
            std::thread::sleep(Duration::from_millis(200));
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool, context: impl Fn() -> String) {
    let started = Instant::now();
    while !ok() {
        assert!(
            started.elapsed() < WAIT,
            "timed out waiting for {what}\n{}",
            context()
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// GET over a raw TCP connection, so paths reach the server exactly as written.
fn get(addr: &str, path: &str) -> (u16, String, String) {
    let (status, head, body) = get_bytes(addr, path);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

fn get_bytes(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    exchange(addr, request.as_bytes())
}

/// Sends `request` as it is and reads until the server closes the connection (or
/// `WAIT` passes); returns the status, the head and the body's bytes.
fn exchange(addr: &str, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let (head, body) = match split {
        Some(i) => (&raw[..i], raw[i + 4..].to_vec()),
        None => (&raw[..], Vec::new()),
    };
    let head = String::from_utf8_lossy(head).into_owned();
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
    (status, head, body)
}

/// What `reader` yields, read on a thread of its own as it arrives.
fn collect(mut reader: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let received = Arc::new(Mutex::new(String::new()));
    let sink = received.clone();
    std::thread::spawn(move || {
        let mut buf = [0; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    received
}

/// Opens the reload event stream; returns what it has received so far, shared.
fn events(addr: &str) -> Arc<Mutex<String>> {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__byline/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let received = collect(stream);
    wait_until(
        "the event stream to open",
        || received.lock().unwrap().contains(": connected"),
        String::new,
    );
    received
}

#[test]
fn edits_are_served_and_announced_and_broken_saves_keep_the_last_good_page() {
    let t = Test::new().file("content/news/halt.md", article("First version."));
    let mut server = Server::start(t.path(), &[]);
    let (status, head, body) = server.get("/news/halt/");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("First version."));
    assert!(
        body.contains("/__byline/events"),
        "the reload script is injected"
    );
    let stream = events(&server.addr);

    std::fs::write(
        t.path().join("content/news/halt.md"),
        article("Second version."),
    )
    .unwrap();
    server.wait_page("/news/halt/", "the edit to be served", |b| {
        b.contains("Second version.")
    });
    let home = server.get("/").2;
    assert!(home.contains("Halt"));
    wait_until(
        "a reload event",
        || stream.lock().unwrap().contains("event: reload"),
        || server.stderr(),
    );
    server.wait_stderr("Rebuilt content/news/halt.md");

    std::fs::write(
        t.path().join("content/news/halt.md"),
        "---\ntitle: \"Halt\"\ndate: 2016-13-08\n---\nBroken.\n",
    )
    .unwrap();
    // A rebuild can catch the file half-written (truncated, then written), and show
    // that error first: the overlay is waited for with the final file's error.
    let page = server.wait_page("/news/halt/", "the error overlay", |b| {
        b.contains("byline-error") && b.contains("content/news/halt.md:3:7")
    });
    assert!(page.contains("Second version."), "the last good page stays");
    server.wait_stderr("--> content/news/halt.md:3:7");
    server.wait_stderr("Still serving the last good build.");

    std::fs::write(
        t.path().join("content/news/halt.md"),
        article("Third version."),
    )
    .unwrap();
    let page = server.wait_page("/news/halt/", "the fixed page", |b| {
        b.contains("Third version.")
    });
    assert!(
        !page.contains("byline-error"),
        "the overlay is gone once the save is good"
    );

    let status = server.interrupt();
    assert!(status.success(), "{status:?}\n{}", server.stderr());
    server.wait_stderr("Stopped.");
    // `serve` never writes the site's own output folder, nor the reload script into it.
    assert!(!t.path().join("public").exists());
}

#[test]
fn only_files_of_the_built_site_are_served() {
    let t = Test::new()
        .file("content/a.md", article("Text."))
        .file("static/files/note.txt", "a note");
    // A link leading outside the site fails the build (tests/testsuite/privacy.rs);
    // one inside it is skipped, so never served either.
    #[cfg(unix)]
    std::os::unix::fs::symlink("../site.toml", t.path().join("static/leak")).unwrap();
    let server = Server::start(t.path(), &[]);
    for path in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/a/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/a/..%5c..%5cetc/passwd",
        "/leak",
        "/a%00/",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("root:") && !body.contains("base_url"),
            "{path} leaked a file"
        );
    }
    let (status, head, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        head.contains("text/html"),
        "the site's 404 page is served: {head}"
    );
    assert!(body.contains("</html>"));
    let (status, head, _) = server.get("/files/note.txt");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/plain; charset=utf-8"),
        "{head}"
    );
    let (_, head, _) = server.get("/style.css");
    assert!(head.contains("Content-Type: text/css"), "{head}");
    let (status, head, _) = server.get("/a");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /a/"), "{head}");
}

#[test]
fn a_site_with_a_base_path_is_served_under_it() {
    let t = Test::new()
        .file(
            "site.toml",
            "title = \"Proj\"\nbase_url = \"https://x.github.io/proj/\"\n",
        )
        .file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    server.wait_stderr("/proj/ (Ctrl-C to stop)");
    let (status, _, body) = server.get("/proj/a/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/proj/"), "links carry the base path");
    assert_eq!(server.get("/a/").0, 404);
    let (status, head, _) = server.get("/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /proj/"), "{head}");
}

#[test]
fn drafts_are_served_only_when_asked() {
    let draft =
        article("Draft text.").replace("date: 2016-12-08\n", "date: 2016-12-08\ndraft: true\n");
    let t = Test::new().file("content/d.md", &draft);
    let server = Server::start(t.path(), &[]);
    assert_eq!(server.get("/d/").0, 404);
    drop(server);
    let server = Server::start(t.path(), &["--drafts"]);
    assert!(server.get("/d/").2.contains("Draft text."));
}

#[test]
fn articles_dated_after_today_are_served_only_when_asked_and_expired_ones_unlisted() {
    let later = article("Later text.").replace("date: 2016-12-08", "date: 2999-01-01");
    let gone =
        article("Gone text.").replace("date: 2016-12-08", "date: 2016-12-08\nexpires: 2016-12-09");
    let t = Test::new()
        .file("content/l.md", &later)
        .file("content/g.md", &gone);
    let server = Server::start(t.path(), &[]);
    assert_eq!(server.get("/l/").0, 404);
    assert!(server.get("/g/").2.contains("Gone text."));
    assert!(!server.get("/").2.contains("/g/"));
    drop(server);
    let server = Server::start(t.path(), &["--future"]);
    assert!(server.get("/l/").2.contains("Later text."));
}

#[test]
fn a_settings_change_rebuilds_everything() {
    let t = Test::new().file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    assert!(server.get("/").2.contains("Test site"));
    std::fs::write(
        t.path().join("site.toml"),
        "title = \"Renamed site\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    server.wait_page("/a/", "the new title on an article page", |b| {
        b.contains("Renamed site")
    });
    server.wait_stderr("Rebuilt the site");
    std::fs::write(t.path().join("content/b.md"), article("A new article.")).unwrap();
    server.wait_page("/b/", "a new article", |b| b.contains("A new article."));
}

// One connection pipelining 2,000 requests made a thread per request (~1,800 at
// once); when spawning failed the accept loop panicked and the server went silent.
#[test]
fn a_pipelined_flood_is_served_by_a_bounded_pool_and_the_next_request_is_answered() {
    const FLOOD: usize = 2_000;
    let t = Test::new().file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let answers = collect(stream.try_clone().unwrap());
    let one = format!("GET /robots.txt HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr);
    let mut flood = one.repeat(FLOOD);
    flood.push_str(&one.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
    let writer = std::thread::spawn(move || stream.write_all(flood.as_bytes()));
    let answered = || {
        answers
            .lock()
            .unwrap()
            .matches("HTTP/1.1 200 OK\r\n")
            .count()
    };
    // Rayon's threads, one a core, are there before; the flood must add none.
    #[cfg(target_os = "linux")]
    let before = server.threads();
    let mut most_threads = 0;
    wait_until(
        "every pipelined request to be answered",
        || {
            #[cfg(target_os = "linux")]
            {
                most_threads = most_threads.max(server.threads());
            }
            answered() == FLOOD + 1
        },
        || format!("{} answered\n{}", answered(), server.stderr()),
    );
    writer.join().unwrap().unwrap();
    #[cfg(target_os = "linux")]
    assert!(
        most_threads <= before + 8,
        "the server went from {before} threads to {most_threads}"
    );
    let (status, _, body) = server.get("/a/");
    assert_eq!(status, 200, "the server answers after the flood");
    assert!(body.contains("Text."));
}

// The Location of the redirect to `/café/` panicked the request thread, and the
// percent-encoded paths browsers send never matched the base path.
#[test]
fn a_base_path_with_non_ascii_letters_is_served() {
    let t = Test::new()
        .file(
            "site.toml",
            "title = \"Café\"\nbase_url = \"https://e.org/café/\"\n",
        )
        .file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    let (status, head, body) = server.get("/caf%C3%A9/a/");
    assert_eq!(status, 200, "{head}\n{}", server.stderr());
    assert!(body.contains("Text."));
    assert_eq!(server.get("/caf%C3%A9/").0, 200);
    let (status, head, _) = server.get("/");
    assert_eq!(status, 302);
    assert!(head.contains("\r\nLocation: /caf%C3%A9/"), "{head}");
    let (status, head, _) = server.get("/caf%C3%A9/a");
    assert_eq!(status, 302);
    assert!(head.contains("\r\nLocation: /caf%C3%A9/a/"), "{head}");
    assert_eq!(server.get("/a/").0, 404);
}

// content/ deleted and made again was no longer watched: later saves were ignored.
#[test]
fn content_deleted_and_recreated_is_still_watched() {
    let t = Test::new().file("content/a.md", article("First version."));
    let server = Server::start(t.path(), &[]);
    std::fs::remove_dir_all(t.path().join("content")).unwrap();
    server.wait_page("/a/", "the error of a site without content/", |b| {
        b.contains("error[no-content]")
    });
    std::fs::create_dir(t.path().join("content")).unwrap();
    std::fs::write(t.path().join("content/a.md"), article("Second version.")).unwrap();
    server.wait_page("/a/", "the article in the new content/", |b| {
        b.contains("Second version.")
    });
    std::fs::write(t.path().join("content/a.md"), article("Third version.")).unwrap();
    server.wait_page("/a/", "an edit in the new content/", |b| {
        b.contains("Third version.")
    });
}

// themes/ made by `theme eject` while serving was never watched.
#[test]
fn a_theme_ejected_while_serving_is_watched() {
    let t = Test::new()
        .remove("themes")
        .file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    let status = Command::new(BIN)
        .args(["theme", "eject"])
        .current_dir(t.path())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    server.wait_stderr("Rebuilt the site");
    let base = t.path().join("themes/default/templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap();
    let edited = html.replacen("</body>", "<p>Ejected and edited.</p></body>", 1);
    assert_ne!(html, edited);
    std::fs::write(&base, edited).unwrap();
    server.wait_page("/a/", "the edited template", |b| {
        b.contains("Ejected and edited.")
    });
}

// With no good build yet there was nothing to put the overlay on: "Not found".
#[test]
fn a_first_build_that_fails_shows_the_error_overlay() {
    let t = Test::new().file(
        "content/a.md",
        "---\ntitle: \"Halt\"\ndate: 2016-13-08\n---\nBroken.\n",
    );
    let server = Server::start(t.path(), &[]);
    for path in ["/", "/a/"] {
        let (_, head, body) = server.get(path);
        assert!(head.contains("text/html"), "{head}");
        assert!(body.contains("byline-error"), "{path}: {body}");
        assert!(body.contains("content/a.md:3:7"), "{body}");
        assert!(
            body.contains("/__byline/events"),
            "the page reloads when fixed"
        );
    }
    std::fs::write(t.path().join("content/a.md"), article("Fixed.")).unwrap();
    let page = server.wait_page("/a/", "the fixed page", |b| b.contains("Fixed."));
    assert!(!page.contains("byline-error"));
}

#[test]
fn methods_other_than_get_and_head_are_refused_with_405() {
    let t = Test::new().file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let request = format!(
            "{method} /a/ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
        );
        let (status, head, _) = exchange(&server.addr, request.as_bytes());
        assert_eq!(status, 405, "{method}: {head}");
        assert!(head.contains("\r\nAllow: GET, HEAD"), "{head}");
    }
    let (status, head, body) = exchange(
        &server.addr,
        b"HEAD /a/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("\r\nContent-Length: "), "{head}");
    assert!(body.is_empty(), "HEAD has no body");
}

// tiny_http wrote its 505 into a buffer it never flushed: the client heard nothing.
#[test]
fn an_http_2_request_line_is_answered_with_505() {
    let t = Test::new().file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    let (status, head, _) = exchange(&server.addr, b"GET /a/ HTTP/2.0\r\nHost: x\r\n\r\n");
    assert_eq!(status, 505, "{head}");
    assert_eq!(server.get("/a/").0, 200);
}

// HTML was decoded as UTF-8 to add the reload script: other encodings were mangled.
#[test]
fn a_latin1_static_html_file_is_served_byte_for_byte() {
    let legacy: &[u8] = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 cr\xe8me</p></body></html>\n";
    let t = Test::new()
        .file("content/a.md", article("Text."))
        .file("static/legacy.html", legacy);
    let server = Server::start(t.path(), &[]);
    let (status, head, body) = get_bytes(&server.addr, "/legacy.html");
    assert_eq!(status, 200);
    assert_eq!(body, legacy);
    assert!(
        head.contains("Content-Type: text/html\r\n"),
        "no false charset: {head}"
    );
    let page = server.get("/a/").2;
    assert!(
        page.contains("/__byline/events"),
        "rendered pages still reload"
    );
}

#[test]
fn a_port_in_use_is_reported_as_such() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    Test::new()
        .args(&["serve", "--port", &port])
        .failure()
        .stderr(&format!(
            "error[serve]: port {port} on 127.0.0.1 is already in use\n \
             = help: stop the program using it, or pick another port with --port (--port 0 takes any free one)\n\n\
             error: the server did not start\n"
        ))
        .run();
}

/// Opens a reload event stream and reads until the server says it is connected;
/// `None` if it answered otherwise.
fn event_stream(addr: &str) -> Option<TcpStream> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET /__byline/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0; 1024];
    while !String::from_utf8_lossy(&seen).contains(": connected\n\n") {
        match stream.read(&mut buf) {
            Ok(n) if n > 0 => seen.extend_from_slice(&buf[..n]),
            _ => return None,
        }
    }
    Some(stream)
}

// Each open page holds an event stream: they must neither take the workers that
// answer pages nor grow without bound.
#[test]
fn event_streams_are_capped_and_leave_the_pool_to_pages() {
    const MAX_STREAMS: usize = 64;
    let t = Test::new().file("content/a.md", article("Text."));
    let server = Server::start(t.path(), &[]);
    let mut streams: Vec<TcpStream> = (0..MAX_STREAMS)
        .map(|_| event_stream(&server.addr).expect("an event stream"))
        .collect();
    let (status, head, _) = server.get("/a/");
    assert_eq!(status, 200, "{head}");
    let request = format!(
        "GET /__byline/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    );
    let (status, head, _) = exchange(&server.addr, request.as_bytes());
    assert_eq!(status, 503, "{head}");
    // A closed page's stream makes room for another.
    drop(streams.pop());
    wait_until(
        "a stream to open in the room left",
        || {
            event_stream(&server.addr)
                .map(|s| streams.push(s))
                .is_some()
        },
        String::new,
    );
}
