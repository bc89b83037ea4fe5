//! HTTP servers the network tests start on 127.0.0.1 (std `TcpListener`, a thread per
//! connection): each answers by a route table and records every request it saw, so a
//! test can assert what byline asked and that it asked nothing elsewhere.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a route answers.
#[derive(Clone)]
pub enum Answer {
    /// Status, extra headers, body.
    Send(u16, Vec<(&'static str, String)>, String),
    /// Waits, then answers 200.
    Slow(Duration),
    /// Accepts the connection and never says anything.
    Never,
    /// Answers 429 (with this `Retry-After`) the first time, then 200.
    LimitOnce(&'static str),
}

pub fn ok() -> Answer {
    Answer::Send(200, vec![], "ok".into())
}

pub fn status(code: u16) -> Answer {
    Answer::Send(code, vec![], String::new())
}

pub fn redirect(code: u16, to: &str) -> Answer {
    Answer::Send(code, vec![("Location", to.to_string())], String::new())
}

type Route = Box<dyn Fn(&str, &str) -> Option<Answer> + Send + Sync>;

pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<String>>>,
    /// Requests being answered now, and the most there ever were at once.
    busy: Arc<Mutex<(usize, usize)>>,
}

impl Server {
    /// A server answering with the first of `routes` that knows the request
    /// (method, path with query), else 404.
    pub fn start(routes: Vec<Route>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let routes = Arc::new(routes);
        let busy = Arc::new(Mutex::new((0, 0)));
        let (log, count) = (seen.clone(), busy.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, log, count) = (routes.clone(), log.clone(), count.clone());
                std::thread::spawn(move || serve(stream, &routes, &log, &count));
            }
        });
        Server { base, seen, busy }
    }

    /// Every request so far, as `METHOD /path`, in the order they came.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    /// The most requests it was ever answering at once.
    pub fn most_at_once(&self) -> usize {
        self.busy.lock().unwrap().1
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A route for one path, whatever the method.
pub fn at(path: &'static str, answer: Answer) -> Route {
    Box::new(move |_, p| (p == path).then(|| answer.clone()))
}

/// A route for a path only when asked with GET (HEAD gets 405).
pub fn get_only(path: &'static str) -> Route {
    Box::new(move |m, p| (p == path).then(|| if m == "GET" { ok() } else { status(405) }))
}

pub fn route(f: impl Fn(&str, &str) -> Option<Answer> + Send + Sync + 'static) -> Route {
    Box::new(f)
}

/// Answers one request; `busy` counts it from its first line until just before the
/// answer, which the client must read before it can send another.
fn serve(
    mut stream: TcpStream,
    routes: &[Route],
    log: &Mutex<Vec<String>>,
    busy: &Mutex<(usize, usize)>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    {
        let mut b = busy.lock().unwrap();
        b.0 += 1;
        b.1 = b.1.max(b.0);
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let request = format!("{method} {path}");
    let earlier = {
        let mut seen = log.lock().unwrap();
        let n = seen.iter().filter(|r| **r == request).count();
        seen.push(request);
        n
    };
    let answer = routes
        .iter()
        .find_map(|r| r(method, path))
        .unwrap_or(status(404));
    let (code, headers, body) = match answer {
        Answer::Send(code, headers, body) => (code, headers, body),
        Answer::Slow(wait) => {
            std::thread::sleep(wait);
            (200, vec![], "late".into())
        }
        Answer::Never => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        Answer::LimitOnce(after) if earlier == 0 => {
            (429, vec![("Retry-After", after.to_string())], String::new())
        }
        Answer::LimitOnce(_) => (200, vec![], "ok".into()),
    };
    busy.lock().unwrap().0 -= 1;
    let mut head = format!(
        "HTTP/1.1 {code} X\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(body.as_bytes());
    }
}
