//! The HTTP/1.1 server under `serve`: std's `TcpListener`, httparse for request heads,
//! and a fixed pool of worker threads. tiny_http, used before, ran a thread per
//! connection with no bound and read pipelined requests ahead of their answers, so
//! one connection could make thousands of threads; it also never sent its own 505.
//!
//! Here every resource is bounded. `WORKERS` threads each answer one connection, one
//! request at a time, so pipelined requests wait in the socket, not in memory or
//! threads. Accepted connections queue for a worker (at most `QUEUE`; beyond that they
//! get a 503 at once), and a connection idle between requests is closed as soon as
//! another one waits. A request's body is never read: only GET and HEAD are served,
//! and a request that has a body is answered and its connection closed. Long-lived
//! responses (event streams) are handed off by `Answer::Stream` and leave the pool.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const WORKERS: usize = 8;
const QUEUE: usize = 32;
/// The largest request head read; browsers send a few hundred bytes.
const HEAD_LIMIT: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// How long a connection may be idle between requests, or slow sending one.
const IDLE: Duration = Duration::from_secs(5);
/// How often a worker waiting for a request looks whether another connection waits.
const SLICE: Duration = Duration::from_millis(100);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request as the handler sees it: HEAD is answered like GET, without the body.
pub struct Request {
    pub head: bool,
    /// The request target as sent (`/a/b/?q`), percent-encoding and all.
    pub target: String,
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    fn text(status: u16) -> Response {
        let body = format!("{status} {}\n", reason(status));
        Response::new(status, "text/plain; charset=utf-8", body)
    }
}

pub enum Answer {
    Full(Response),
    /// The connection is handed over, its request head read and nothing written yet.
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

/// Starts the accepting thread and the workers; they run until the process ends.
pub fn start(listener: TcpListener, handler: Handler) -> io::Result<()> {
    let (tx, rx) = sync_channel::<TcpStream>(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    let waiting = Arc::new(AtomicUsize::new(0));
    for i in 0..WORKERS {
        let (rx, waiting, handler) = (rx.clone(), waiting.clone(), handler.clone());
        std::thread::Builder::new()
            .name(format!("serve-{i}"))
            .spawn(move || work(&rx, &waiting, &handler))?;
    }
    std::thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else {
                    // Out of file descriptors, say: wait for some to close.
                    std::thread::sleep(SLICE);
                    continue;
                };
                waiting.fetch_add(1, Ordering::SeqCst);
                match tx.try_send(stream) {
                    Ok(()) => {}
                    Err(TrySendError::Full(mut stream)) => {
                        waiting.fetch_sub(1, Ordering::SeqCst);
                        // Said and closed at once: this thread must not wait on clients.
                        let _ = stream.set_write_timeout(Some(SLICE));
                        let _ = write(&mut stream, &Response::text(503), false, true);
                    }
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
        })?;
    Ok(())
}

fn work(rx: &Mutex<Receiver<TcpStream>>, waiting: &AtomicUsize, handler: &Handler) {
    loop {
        let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(stream) = next else { return };
        waiting.fetch_sub(1, Ordering::SeqCst);
        connection(stream, waiting, handler);
    }
}

/// Answers the requests of one connection in order until it closes, errs, or idles
/// while another connection waits.
fn connection(mut stream: TcpStream, waiting: &AtomicUsize, handler: &Handler) {
    if stream.set_read_timeout(Some(SLICE)).is_err()
        || stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::with_capacity(4096);
    loop {
        let head = match read_head(&mut stream, &mut buf, waiting) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(status) => return finish(stream, &Response::text(status), false),
        };
        let request = Request {
            head: head.method == "HEAD",
            target: head.target,
        };
        let answer = if head.method == "GET" || request.head {
            handler(&request)
        } else {
            Answer::Full(Response::text(405).header("Allow", "GET, HEAD"))
        };
        let response = match answer {
            Answer::Full(response) => response,
            Answer::Stream(adopt) => return adopt(stream),
        };
        if !head.keep_alive || head.has_body {
            return finish(stream, &response, request.head);
        }
        if write(&mut stream, &response, request.head, false).is_err() {
            return;
        }
    }
}

struct Head {
    method: String,
    target: String,
    keep_alive: bool,
    has_body: bool,
}

/// Reads the next request head from `buf` and then the stream; `Ok(None)` when the
/// connection ends (or idles while others wait) between requests, `Err(status)` for a
/// request that cannot be served. What follows the head stays in `buf`.
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    waiting: &AtomicUsize,
) -> Result<Option<Head>, u16> {
    let started = Instant::now();
    loop {
        if !buf.is_empty() {
            if let Some((head, len)) = parse(buf)? {
                buf.drain(..len);
                return Ok(Some(head));
            }
            if buf.len() >= HEAD_LIMIT {
                return Err(431);
            }
        }
        let mut chunk = [0; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                let idle = buf.is_empty();
                if idle && waiting.load(Ordering::SeqCst) > 0 {
                    return Ok(None);
                }
                if started.elapsed() >= IDLE {
                    return if idle { Ok(None) } else { Err(408) };
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Ok(None),
        }
    }
}

/// A complete head at the start of `buf` and its length, `None` if more is needed.
fn parse(buf: &[u8]) -> Result<Option<(Head, usize)>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let len = match request.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::Version) => return Err(505),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
    };
    let (Some(method), Some(target), Some(version)) =
        (request.method, request.path, request.version)
    else {
        return Err(400);
    };
    let values = |name: &str| -> Vec<String> {
        request
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
            .collect()
    };
    let connection: Vec<String> = values("connection")
        .iter()
        .flat_map(|v| v.split(',').map(|t| t.trim().to_string()))
        .collect();
    // HTTP/1.0's keep-alive would need its header echoed; closing is simpler.
    let keep_alive = version == 1 && !connection.iter().any(|t| t == "close");
    let has_body = !values("transfer-encoding").is_empty()
        || values("content-length").iter().any(|v| v != "0");
    let head = Head {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive,
        has_body,
    };
    Ok(Some((head, len)))
}

/// Writes `response`; `close` adds `Connection: close`.
pub fn write(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    if close {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)
}

/// Writes the last response of a connection and closes it, reading what the client
/// still sends for a moment so that closing does not reset the connection (which can
/// discard the response before the client reads it).
pub fn finish(mut stream: TcpStream, response: &Response, head_only: bool) {
    if write(&mut stream, response, head_only, true).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(SLICE));
    let mut sink = [0; 4096];
    for _ in 0..16 {
        if !matches!(stream.read(&mut sink), Ok(n) if n > 0) {
            break;
        }
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &[u8]) -> Result<Option<(bool, bool, usize)>, u16> {
        parse(raw).map(|h| h.map(|(h, len)| (h.keep_alive, h.has_body, len)))
    }

    #[test]
    fn request_heads_say_whether_the_connection_stays_open() {
        let get = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next";
        assert_eq!(head(get), Ok(Some((true, false, 27))));
        assert_eq!(head(b"GET / HTTP/1.1\r\nHost: x\r\n"), Ok(None));
        let close = b"GET / HTTP/1.1\r\nConnection: Keep-Alive, close\r\n\r\n";
        assert_eq!(head(close), Ok(Some((false, false, close.len()))));
        assert_eq!(
            head(b"GET / HTTP/1.0\r\n\r\n"),
            Ok(Some((false, false, 18)))
        );
        let old = b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        assert_eq!(head(old), Ok(Some((false, false, old.len()))));
        let body = b"GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
        assert_eq!(head(body), Ok(Some((true, true, body.len() - 3))));
        let chunked = b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(head(chunked), Ok(Some((true, true, chunked.len()))));
    }

    #[test]
    fn requests_that_cannot_be_served_get_a_status() {
        assert_eq!(head(b"GET / HTTP/2.0\r\n\r\n"), Err(505));
        assert_eq!(head(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Err(505));
        assert_eq!(head(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"), Err(400));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(head(many.as_bytes()), Err(431));
    }
}
