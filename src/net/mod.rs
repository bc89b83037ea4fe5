//! The only code that reaches the network: `byline archive` and `check --links` ask
//! through it, and nothing a build runs uses it (`tests::the_build_path_never_uses_net`).
//! One blocking HTTP client (ureq, rustls) on plain threads: the requests are few and
//! slow, and politeness, not throughput, bounds them.

pub mod cache;
pub mod check;
pub mod wayback;

use std::time::Duration;

/// How a request ended without an HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer within the timeout.
    Timeout,
    /// The host name does not resolve, or nothing listens there.
    Unreachable(String),
    /// Anything else (TLS, a malformed answer).
    Other(String),
}

impl Failure {
    pub fn describe(&self, timeout: Duration) -> String {
        match self {
            Failure::Timeout => format!("no answer within {}", seconds(timeout)),
            Failure::Unreachable(why) | Failure::Other(why) => why.clone(),
        }
    }
}

/// An HTTP answer: the status and the headers byline reads.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    /// Where Save Page Now says the new copy is.
    pub content_location: Option<String>,
    pub retry_after: Option<Duration>,
    /// Read only when asked for (up to 1 MB).
    pub body: String,
}

/// A blocking client that follows no redirect itself, so every hop can be reported.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    pub timeout: Duration,
}

const USER_AGENT: &str = concat!(
    "byline/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/byline-ssg/byline)"
);

impl Client {
    pub fn new(timeout: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .build()
            .into();
        Client { agent, timeout }
    }

    /// `HEAD` (or `GET` with `get`) `url`, reading the body when `read_body`.
    pub fn request(&self, url: &str, get: bool, read_body: bool) -> Result<Reply, Failure> {
        let answer = if get {
            self.agent.get(url).call()
        } else {
            self.agent.head(url).call()
        };
        let mut response = answer.map_err(failure)?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let content_location = header("content-location");
        let retry_after = header("retry-after").and_then(|v| retry_after(&v));
        let status = response.status().as_u16();
        let body = if read_body {
            response
                .body_mut()
                .with_config()
                .limit(1 << 20)
                .read_to_string()
                .map_err(failure)?
        } else {
            String::new()
        };
        Ok(Reply {
            status,
            location,
            content_location,
            retry_after,
            body,
        })
    }
}

fn failure(e: ureq::Error) -> Failure {
    use ureq::Error;
    match e {
        Error::Timeout(_) => Failure::Timeout,
        Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Failure::Timeout,
        Error::HostNotFound => Failure::Unreachable("the host name does not resolve".into()),
        Error::ConnectionFailed => Failure::Unreachable("the connection was refused".into()),
        Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            Failure::Unreachable("the connection was refused".into())
        }
        other => Failure::Other(other.to_string()),
    }
}

/// `Retry-After`: seconds, or an HTTP date (then the time until it).
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.timestamp() - chrono::Utc::now().timestamp();
    Some(Duration::from_secs(wait.max(0) as u64))
}

/// `1.5 s`, `10 s`.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// The host of a web address, lowercased (`https://A.org:8/x` → `a.org:8`).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@')
        .map_or(host, |(_, h)| h)
        .to_ascii_lowercase()
}

/// `location` read against `base`: absolute, scheme-relative, or a path.
pub fn resolve(base: &str, location: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(other) = location.strip_prefix("//") {
        return format!("{scheme}://{other}");
    }
    let has_scheme = location.split_once("://").is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme {
        return location.to_string();
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_resolve_against_the_url() {
        assert_eq!(resolve("https://a.org/x/y?q", "/z"), "https://a.org/z");
        assert_eq!(resolve("https://a.org/x/y", "z"), "https://a.org/x/z");
        assert_eq!(resolve("https://a.org", "z"), "https://a.org/z");
        assert_eq!(
            resolve("https://w.org/save/https://a.org/", "/web/1/https://a.org/"),
            "https://w.org/web/1/https://a.org/"
        );
        assert_eq!(resolve("http://a.org/x", "//b.org/"), "http://b.org/");
        assert_eq!(
            resolve("http://a.org/x", "https://c.org/"),
            "https://c.org/"
        );
        assert_eq!(host_of("https://u@A.org:8/x?y"), "a.org:8");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    /// The build path stays offline: only the two network commands name `net`.
    #[test]
    fn the_build_path_never_uses_net() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut users = Vec::new();
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.starts_with(src.join("net")) || path.extension() != Some("rs".as_ref()) {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            if text.contains("crate::net") || text.contains("ureq::") {
                users.push(path.strip_prefix(&src).unwrap().display().to_string());
            }
        }
        users.sort();
        assert_eq!(users, ["cmd/archive.rs", "cmd/check.rs"]);
    }
}
