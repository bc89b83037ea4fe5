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
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap();
    (status, head.to_string(), body.to_string())
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
