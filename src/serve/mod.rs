//! The preview server behind `byline serve`: plain HTTP on loopback (tiny_http),
//! serving only files under the build folder, under the site's base path. HTML
//! responses get a few lines of script that reload the page when the server says so
//! (server-sent events), and, while the last save is broken, an overlay with the
//! errors on top of the last good page. Neither is ever in `build` output.

pub mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, Server};

/// Where pages listen for reloads; outside any base path a site could use.
pub const EVENTS: &str = "/__byline/events";

/// The errors of a broken save, and when the rebuild that found them ended.
#[derive(Clone)]
struct Failed {
    text: String,
    at: SystemTime,
}

/// State shared by the request threads and the rebuild loop.
pub struct Shared {
    root: PathBuf,
    base_path: Mutex<String>,
    error: Mutex<Option<Failed>>,
    clients: Mutex<Vec<Sender<()>>>,
}

impl Shared {
    /// `root` is the folder served; `base_path` is like `/` or `/proj/`.
    pub fn new(root: &Path, base_path: &str) -> Arc<Shared> {
        Arc::new(Shared {
            root: root.to_path_buf(),
            base_path: Mutex::new(base_path.to_string()),
            error: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
        })
    }

    pub fn set_base_path(&self, base_path: &str) {
        *lock(&self.base_path) = base_path.to_string();
    }

    /// The errors of the last save (shown over every page), or `None` once it is fixed.
    pub fn set_error(&self, error: Option<String>) {
        *lock(&self.error) = error.map(|text| Failed {
            text,
            at: SystemTime::now(),
        });
    }

    /// Tells every open page to reload.
    pub fn reload(&self) {
        lock(&self.clients).retain(|c| c.send(()).is_ok());
    }
}

impl Failed {
    /// The overlay for a page last written at `modified`. Only a good build writes
    /// pages, so one written after the failure comes from the save that fixed it,
    /// which is still finishing the other pages: its overlay would be stale.
    fn over(&self, modified: Option<SystemTime>) -> Option<&str> {
        match modified {
            Some(written) if written > self.at => None,
            _ => Some(&self.text),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Answers requests until the server is unblocked; one thread per request, since
/// event streams stay open.
pub fn run(server: Arc<Server>, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = shared.clone();
        std::thread::spawn(move || handle(request, &shared));
    }
}

fn handle(request: Request, shared: &Shared) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS {
        return events(request, shared);
    }
    let base = lock(&shared.base_path).clone();
    let response = match resolve(&shared.root, &base, path) {
        Resolved::File(file) => file_response(&file, 200, shared),
        Resolved::Redirect(location) => Ok(Response::from_data(Vec::new())
            .with_status_code(302)
            .with_header(header("Location", &location))),
        Resolved::NotFound => {
            let page = shared.root.join("404.html");
            if page.is_file() {
                file_response(&page, 404, shared)
            } else {
                Ok(Response::from_data(b"Not found".to_vec())
                    .with_status_code(404)
                    .with_header(header("Content-Type", "text/plain; charset=utf-8")))
            }
        }
    };
    let response = response.unwrap_or_else(|e| {
        Response::from_data(format!("cannot read the file: {e}").into_bytes()).with_status_code(500)
    });
    let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("byline's own headers are valid")
}

fn file_response(
    file: &Path,
    status: u16,
    shared: &Shared,
) -> std::io::Result<Response<std::io::Cursor<Vec<u8>>>> {
    let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
    let mut bytes = std::fs::read(file)?;
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let mut content_type = mime.essence_str().to_string();
    if mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
    {
        content_type.push_str("; charset=utf-8");
    }
    if mime.essence_str() == "text/html" {
        let error = lock(&shared.error).clone();
        let overlay = error.as_ref().and_then(|e| e.over(modified));
        bytes = inject(&String::from_utf8_lossy(&bytes), overlay).into_bytes();
    }
    Ok(Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", &content_type)))
}

/// Adds the reload script (and the error overlay, if any) before `</body>`.
pub fn inject(html: &str, error: Option<&str>) -> String {
    let mut snippet = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS}\");\
         s.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    );
    if let Some(error) = error {
        snippet.push_str(
            "<div id=\"byline-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
             overflow:auto;margin:0;padding:2rem;background:rgba(30,0,0,.94);color:#fff;\
             font:14px/1.5 monospace;white-space:pre-wrap\">",
        );
        snippet.push_str("byline: the last save has errors; this is the last good build.\n\n");
        snippet.push_str(&crate::html::escape(error));
        snippet.push_str("</div>");
    }
    let lower = html.to_ascii_lowercase();
    match lower.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &html[..i], &html[i..]),
        None => format!("{html}{snippet}"),
    }
}

/// A server-sent event stream: `event: reload` after every rebuild, a comment now
/// and then to notice pages that went away.
fn events(request: Request, shared: &Shared) {
    let (tx, rx) = mpsc::channel();
    lock(&shared.clients).push(tx);
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\n: connected\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => "event: reload\ndata: reload\n\n",
            Err(RecvTimeoutError::Timeout) => ": ping\n\n",
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file under `root`, or says why not. Percent-encoding is
/// decoded first; `.`/`..`/empty segments, absolute paths, backslashes and NUL are
/// refused, and the real path (symlinks followed) must still be inside `root`.
pub fn resolve(root: &Path, base_path: &str, path: &str) -> Resolved {
    if !path.starts_with('/') {
        return Resolved::NotFound;
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        if path == "/" || format!("{path}/") == base_path {
            return Resolved::Redirect(base_path.to_string());
        }
        return Resolved::NotFound;
    };
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return Resolved::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if *seg == "." || *seg == ".." || (seg.is_empty() && i != last) {
            return Resolved::NotFound;
        }
    }
    let mut file = root.to_path_buf();
    file.extend(segments.iter().filter(|s| !s.is_empty()));
    if file.is_dir() {
        if !decoded.is_empty() && !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    let (Ok(real), Ok(real_root)) = (file.canonicalize(), root.canonicalize()) else {
        return Resolved::NotFound;
    };
    if real.starts_with(&real_root) && real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_root_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::write(root.join("style.css"), "x").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
        let real = |p: &str| Resolved::File(root.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&root, "/", "/a/"), real("a/index.html"));
        assert_eq!(resolve(&root, "/", "/style.css"), real("style.css"));
        assert_eq!(resolve(&root, "/", "/%61/"), real("a/index.html"));
        assert_eq!(resolve(&root, "/", "/a"), Resolved::Redirect("/a/".into()));
        for bad in [
            "/../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a/../../secret",
            "//etc/passwd",
            "/%2Fetc/passwd",
            "/a%00",
            "/a%5c..%5csecret",
            "/link",
            "/missing",
            "relative",
            "/%ff",
        ] {
            assert_eq!(resolve(&root, "/", bad), Resolved::NotFound, "{bad}");
        }
    }

    #[test]
    fn sites_with_a_base_path_are_served_under_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        let home = Resolved::File(dir.path().join("index.html").canonicalize().unwrap());
        assert_eq!(resolve(dir.path(), "/proj/", "/proj/"), home);
        assert_eq!(
            resolve(dir.path(), "/proj/", "/proj"),
            Resolved::Redirect("/proj/".into())
        );
        assert_eq!(
            resolve(dir.path(), "/proj/", "/"),
            Resolved::Redirect("/proj/".into())
        );
        assert_eq!(
            resolve(dir.path(), "/proj/", "/index.html"),
            Resolved::NotFound
        );
    }

    // A page the fixing save had already written was served with the old errors
    // over it until that save's whole rebuild ended (flaky in CI).
    #[test]
    fn pages_written_after_the_failure_have_no_overlay() {
        let at = SystemTime::now();
        let failed = Failed {
            text: "broken".into(),
            at,
        };
        let second = Duration::from_secs(1);
        assert_eq!(failed.over(Some(at - second)), Some("broken"));
        assert_eq!(failed.over(None), Some("broken"));
        assert_eq!(failed.over(Some(at + second)), None);
    }

    #[test]
    fn the_script_and_overlay_go_before_the_end_of_the_body() {
        let page = inject("<html><body><p>x</p></BODY></html>", Some("a <b> error"));
        assert!(page.ends_with("</div></BODY></html>"), "{page}");
        assert!(page.contains(EVENTS));
        assert!(page.contains("a &lt;b&gt; error"));
        assert!(!inject("<p>x</p>", None).contains("byline-error"));
    }
}
