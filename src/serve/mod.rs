//! The preview server behind `byline serve`: plain HTTP on loopback (`http`, a bounded
//! pool), serving only files under the build folder, under the site's base path. Pages
//! byline rendered get a few lines of script that reload the page when the server says
//! so (server-sent events), and, while the last save is broken, an overlay with the
//! errors on top of the last good page; files from `static/` are served as they are.
//! Neither is ever in `build` output.

pub mod http;
pub mod watch;

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use http::{Answer, Request, Response};

/// Where pages listen for reloads; outside any base path a site could use.
pub const EVENTS: &str = "/__byline/events";
/// Open event streams (one per open page) beyond this get a 503 and no live reload.
const MAX_STREAMS: usize = 64;

/// The errors of a broken save, and when the rebuild that found them ended.
#[derive(Clone)]
struct Failed {
    text: String,
    at: SystemTime,
}

/// State shared by the request threads and the rebuild loop.
pub struct Shared {
    root: PathBuf,
    site: PathBuf,
    /// The base path of the build served; `None` until a build succeeds.
    base_path: Mutex<Option<String>>,
    error: Mutex<Option<Failed>>,
    /// Open event streams, non-blocking: a page that stopped reading is dropped.
    streams: Mutex<Vec<TcpStream>>,
}

impl Shared {
    /// `root` is the folder served, `site` the site's own folder (for `static/`).
    pub fn new(root: &Path, site: &Path) -> Arc<Shared> {
        Arc::new(Shared {
            root: root.to_path_buf(),
            site: site.to_path_buf(),
            base_path: Mutex::new(None),
            error: Mutex::new(None),
            streams: Mutex::new(Vec::new()),
        })
    }

    /// The base path (`/`, `/proj/`) of the last good build, `None` if none was good.
    pub fn set_base_path(&self, base_path: Option<&str>) {
        *lock(&self.base_path) = base_path.map(str::to_string);
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
        lock(&self.streams)
            .retain(|s| open(s) && (&*s).write_all(b"event: reload\ndata: reload\n\n").is_ok());
    }

    /// Keeps an event stream open, unless too many are.
    fn adopt(&self, mut stream: TcpStream) {
        let mut streams = lock(&self.streams);
        streams.retain(open);
        if streams.len() >= MAX_STREAMS {
            drop(streams);
            let busy = Response::new(503, TEXT, "too many open pages\n");
            return http::finish(stream, &busy, false);
        }
        let head = concat!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n",
            "Cache-Control: no-store\r\n\r\n: connected\n\n"
        );
        if stream.write_all(head.as_bytes()).is_ok() && stream.set_nonblocking(true).is_ok() {
            streams.push(stream);
        }
    }

    /// Whether `file` (under the served folder) was copied from the site's `static/`.
    fn is_static(&self, file: &Path) -> bool {
        let Ok(root) = self.root.canonicalize() else {
            return false;
        };
        file.strip_prefix(root)
            .is_ok_and(|rel| self.site.join("static").join(rel).is_file())
    }

    fn file(&self, file: &Path, status: u16) -> io::Result<Response> {
        let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
        let mut bytes = std::fs::read(file)?;
        let mime = mime_guess::from_path(file).first_or_octet_stream();
        let mut content_type = mime.essence_str().to_string();
        let text = mime.type_() == mime_guess::mime::TEXT
            || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
        // Only what is UTF-8 is said to be: a Latin-1 page keeps its own <meta charset>.
        if text && std::str::from_utf8(&bytes).is_ok() {
            content_type.push_str("; charset=utf-8");
        }
        if mime.essence_str() == "text/html" && !self.is_static(file) {
            let error = lock(&self.error).clone();
            let overlay = error.as_ref().and_then(|e| e.over(modified)).map(|text| {
                format!("byline: the last save has errors; this is the last good build.\n\n{text}")
            });
            bytes = inject(&bytes, overlay.as_deref());
        }
        Ok(Response::new(status, &content_type, bytes))
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

const TEXT: &str = "text/plain; charset=utf-8";

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the page at the other end of an event stream is still there: it sends
/// nothing after its request, so a read that ends means it closed.
fn open(mut stream: &TcpStream) -> bool {
    let mut sink = [0; 512];
    match stream.read(&mut sink) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
        ),
    }
}

/// Serves the built site on `listener` from now on (the server's threads run until
/// the process ends).
pub fn start(listener: TcpListener, shared: Arc<Shared>) -> io::Result<()> {
    http::start(listener, Arc::new(move |request| answer(&shared, request)))
}

fn answer(shared: &Arc<Shared>, request: &Request) -> Answer {
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS {
        if request.head {
            return Answer::Full(Response::new(200, "text/event-stream", Vec::new()));
        }
        let shared = shared.clone();
        return Answer::Stream(Box::new(move |stream| shared.adopt(stream)));
    }
    let base = lock(&shared.base_path).clone();
    let response = match base.map(|base| resolve(&shared.root, &base, path)) {
        None => Ok(nothing_built(shared)),
        Some(resolved) => found(shared, resolved),
    };
    let response =
        response.unwrap_or_else(|e| Response::new(500, TEXT, format!("cannot read the file: {e}")));
    Answer::Full(response.header("Cache-Control", "no-store"))
}

fn found(shared: &Shared, resolved: Resolved) -> io::Result<Response> {
    match resolved {
        Resolved::File(file) => shared.file(&file, 200),
        Resolved::Redirect(location) => Ok(Response::new(302, TEXT, Vec::new()).header(
            "Location",
            utf8_percent_encode(&location, LOCATION).to_string(),
        )),
        Resolved::NotFound => {
            let page = shared.root.join("404.html");
            if page.is_file() {
                shared.file(&page, 404)
            } else {
                Ok(Response::new(404, TEXT, "Not found"))
            }
        }
    }
}

/// What is left to escape in a path for a `Location` header: non-ASCII bytes
/// (always escaped), controls and spaces; `%` stays, the path is already encoded.
const LOCATION: &AsciiSet = &CONTROLS.add(b' ');

/// Every page while no build has succeeded: the errors, and the script that reloads
/// once a save fixes them.
fn nothing_built(shared: &Shared) -> Response {
    let Some(error) = lock(&shared.error).clone() else {
        return Response::new(503, TEXT, "The site is not built yet.\n");
    };
    let overlay = format!(
        "byline: the site has errors, so nothing is built yet; this page reloads once a save fixes them.\n\n{}",
        error.text
    );
    let page = b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>byline: errors</title></head><body></body></html>\n";
    Response::new(
        500,
        "text/html; charset=utf-8",
        inject(page, Some(&overlay)),
    )
}

/// Adds the reload script (and the error overlay, if any) before `</body>`.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let mut snippet = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS}\");\
         s.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    );
    if let Some(text) = overlay {
        snippet.push_str(
            "<div id=\"byline-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
             overflow:auto;margin:0;padding:2rem;background:rgba(30,0,0,.94);color:#fff;\
             font:14px/1.5 monospace;white-space:pre-wrap\">",
        );
        snippet.push_str(&crate::html::escape(text));
        snippet.push_str("</div>");
    }
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    [&html[..at], snippet.as_bytes(), &html[at..]].concat()
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file under `root`, or says why not. Percent-encoding is
/// decoded first (in the base path too, which may be written either way);
/// `.`/`..`/empty segments, absolute paths, backslashes and NUL are refused, and the
/// real path (symlinks followed) must still be inside `root`. A redirect keeps the
/// path as the request spelt it.
pub fn resolve(root: &Path, base_path: &str, path: &str) -> Resolved {
    if !path.starts_with('/') {
        return Resolved::NotFound;
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Resolved::NotFound;
    };
    let base = percent_decode_str(base_path).decode_utf8_lossy();
    let Some(rest) = decoded.strip_prefix(&*base) else {
        if decoded == "/" || format!("{decoded}/") == base {
            return Resolved::Redirect(base_path.to_string());
        }
        return Resolved::NotFound;
    };
    if rest.starts_with('/') || rest.contains(['\0', '\\']) {
        return Resolved::NotFound;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if *seg == "." || *seg == ".." || (seg.is_empty() && i != last) {
            return Resolved::NotFound;
        }
    }
    let mut file = root.to_path_buf();
    file.extend(segments.iter().filter(|s| !s.is_empty()));
    if file.is_dir() {
        if !rest.is_empty() && !rest.ends_with('/') {
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
        let second = std::time::Duration::from_secs(1);
        assert_eq!(failed.over(Some(at - second)), Some("broken"));
        assert_eq!(failed.over(None), Some("broken"));
        assert_eq!(failed.over(Some(at + second)), None);
    }

    #[test]
    fn the_script_and_overlay_go_before_the_end_of_the_body() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", Some("a <b> error"));
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</div></BODY></html>"), "{page}");
        assert!(page.contains(EVENTS));
        assert!(page.contains("a &lt;b&gt; error"));
        let plain = inject(b"<p>x</p>", None);
        assert!(!String::from_utf8_lossy(&plain).contains("byline-error"));
    }

    #[test]
    fn the_script_goes_into_pages_of_any_encoding_without_touching_their_bytes() {
        let page = inject(b"<p>caf\xe9</p></body>", None);
        assert!(page.starts_with(b"<p>caf\xe9</p><script>"));
        assert!(page.ends_with(b"</script></body>"));
    }

    #[test]
    fn non_ascii_base_paths_match_however_they_are_encoded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "a").unwrap();
        let page = Resolved::File(dir.path().join("a/index.html").canonicalize().unwrap());
        for base in ["/café/", "/caf%C3%A9/"] {
            assert_eq!(resolve(dir.path(), base, "/caf%C3%A9/a/"), page, "{base}");
            assert_eq!(resolve(dir.path(), base, "/café/a/"), page, "{base}");
            assert_eq!(
                resolve(dir.path(), base, "/"),
                Resolved::Redirect(base.into())
            );
        }
        assert_eq!(
            resolve(dir.path(), "/café/", "/caf%C3%A9/a"),
            Resolved::Redirect("/caf%C3%A9/a/".into())
        );
        let location = utf8_percent_encode("/café/ x", LOCATION).to_string();
        assert_eq!(location, "/caf%C3%A9/%20x");
    }
}
