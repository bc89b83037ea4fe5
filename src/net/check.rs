//! Whether links still lead somewhere: `HEAD`, then `GET` when `HEAD` is refused or
//! answered with an error (servers that do not implement it, or lie); redirects
//! followed hop by hop (a loop, or more than `max_redirects`, is dead); timeouts,
//! `429` and server errors retried with backoff (`Retry-After` obeyed up to
//! [`MAX_WAIT`]); at most `per_host` requests to a host at once, `delay` apart.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::cache::{self, Alive, Cache};
use super::{host_of, resolve, Client, Failure, Reply};

/// The longest `Retry-After` a check waits for; past it the link is left unchecked.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// One redirect: its status and where it led.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Hop {
    pub status: u16,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It answered 2xx, after these redirects; `cached` when the cache said so.
    Alive { redirects: Vec<Hop>, cached: bool },
    /// It is gone: 404, 410, another client error, no such host, a redirect loop.
    Dead { why: String, redirects: Vec<Hop> },
    /// It could not be told: a timeout, 401, 403, 429 or a server error, even after retries.
    Unsure { why: String },
}

pub struct Settings {
    pub timeout: Duration,
    pub retries: u32,
    /// The first retry's wait; each later one doubles it.
    pub backoff: Duration,
    /// Between two requests to one host.
    pub delay: Duration,
    pub per_host: usize,
    pub jobs: usize,
    pub max_redirects: usize,
}

/// Checks every URL (the cache answering for those found alive recently), calling
/// `done` after each; records the alive in `cache` and drops the others from it.
pub fn check_all(
    urls: &[String],
    settings: &Settings,
    cache: &mut Cache,
    done: &(dyn Fn() + Sync),
) -> BTreeMap<String, Verdict> {
    let mut verdicts = BTreeMap::new();
    let mut to_ask = Vec::new();
    for url in urls {
        match cache.fresh(url) {
            Some(alive) => {
                let redirects = alive.redirects.clone();
                verdicts.insert(
                    url.clone(),
                    Verdict::Alive {
                        redirects,
                        cached: true,
                    },
                );
                done();
            }
            None => to_ask.push(url.clone()),
        }
    }
    let client = Client::new(settings.timeout);
    for (url, verdict) in ask(&to_ask, settings, &client, done) {
        match &verdict {
            Verdict::Alive { redirects, .. } => cache.record(
                &url,
                Alive {
                    checked: cache::now(),
                    redirects: redirects.clone(),
                },
            ),
            _ => cache.forget(&url),
        }
        verdicts.insert(url, verdict);
    }
    verdicts
}

/// Work shared by the workers: each host's waiting URLs, and its requests in flight.
struct Queue {
    hosts: Vec<Host>,
    left: usize,
}

struct Host {
    urls: VecDeque<String>,
    active: usize,
    next: Instant,
}

fn ask(
    urls: &[String],
    settings: &Settings,
    client: &Client,
    done: &(dyn Fn() + Sync),
) -> Vec<(String, Verdict)> {
    let mut by_host: BTreeMap<String, VecDeque<String>> = BTreeMap::new();
    for url in urls {
        by_host
            .entry(host_of(url))
            .or_default()
            .push_back(url.clone());
    }
    let now = Instant::now();
    let queue = Mutex::new(Queue {
        hosts: by_host
            .into_values()
            .map(|urls| Host {
                urls,
                active: 0,
                next: now,
            })
            .collect(),
        left: urls.len(),
    });
    let wake = Condvar::new();
    let results = Mutex::new(Vec::new());
    let workers = settings.jobs.clamp(1, urls.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some((h, url)) = next(&queue, &wake, settings.per_host.max(1)) {
                    let verdict = check_one(client, &url, settings);
                    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                    q.hosts[h].active -= 1;
                    q.hosts[h].next = Instant::now() + settings.delay;
                    q.left -= 1;
                    drop(q);
                    wake.notify_all();
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((url, verdict));
                    done();
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The next URL a worker may ask about (its host's index with it), waiting while
/// every host with URLs left is busy or resting; `None` when nothing is left.
fn next(queue: &Mutex<Queue>, wake: &Condvar, per_host: usize) -> Option<(usize, String)> {
    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if q.hosts.iter().all(|h| h.urls.is_empty()) {
            return None;
        }
        let now = Instant::now();
        let ready = q
            .hosts
            .iter()
            .position(|h| !h.urls.is_empty() && h.active < per_host && h.next <= now);
        if let Some(i) = ready {
            let host = &mut q.hosts[i];
            host.active += 1;
            return host.urls.pop_front().map(|u| (i, u));
        }
        let soonest = q
            .hosts
            .iter()
            .filter(|h| !h.urls.is_empty() && h.active < per_host)
            .map(|h| h.next)
            .min();
        q = match soonest {
            Some(t) => {
                wake.wait_timeout(q, t.saturating_duration_since(now))
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
            None if q.left > 0 => wake.wait(q).unwrap_or_else(|e| e.into_inner()),
            None => return None,
        };
    }
}

/// Follows `url` through its redirects to a verdict.
pub fn check_one(client: &Client, url: &str, settings: &Settings) -> Verdict {
    let mut current = url.to_string();
    let mut redirects: Vec<Hop> = Vec::new();
    let mut seen = HashSet::from([current.clone()]);
    loop {
        let reply = match answer(client, &current, settings) {
            Ok(reply) => reply,
            Err((Failure::Timeout, tries)) => {
                let why = format!(
                    "{} ({})",
                    Failure::Timeout.describe(client.timeout),
                    crate::diagnostic::plural(tries, "attempt")
                );
                return Verdict::Unsure { why };
            }
            Err((f, _)) => {
                return Verdict::Dead {
                    why: f.describe(client.timeout),
                    redirects,
                }
            }
        };
        let status = reply.status;
        match (status, reply.location) {
            (300..=399, Some(location)) => {
                let to = resolve(&current, location.trim());
                redirects.push(Hop {
                    status,
                    to: to.clone(),
                });
                if !seen.insert(to.clone()) {
                    return Verdict::Dead {
                        why: "it redirects in a loop".into(),
                        redirects,
                    };
                }
                if redirects.len() > settings.max_redirects {
                    let why = format!(
                        "it redirects more than {}",
                        crate::diagnostic::plural(settings.max_redirects, "time")
                    );
                    return Verdict::Dead { why, redirects };
                }
                current = to;
            }
            (200..=299, _) => {
                return Verdict::Alive {
                    redirects,
                    cached: false,
                }
            }
            (401 | 403, _) => {
                return Verdict::Unsure {
                    why: format!("the server refused to answer ({})", status_text(status)),
                }
            }
            (429, _) => {
                let wait = reply
                    .retry_after
                    .map(|d| format!(", asking to wait {}", super::seconds(d)))
                    .unwrap_or_default();
                return Verdict::Unsure {
                    why: format!("the server limits requests (429 Too Many Requests{wait})"),
                };
            }
            (500..=599, _) => {
                return Verdict::Unsure {
                    why: format!("the server failed ({})", status_text(status)),
                }
            }
            _ => {
                return Verdict::Dead {
                    why: status_text(status),
                    redirects,
                }
            }
        }
    }
}

/// One URL's answer: `HEAD`, then `GET` when `HEAD` is not answered with success or a
/// redirect; retried on timeouts, 429 and server errors. The failure comes with the
/// number of tries.
fn answer(client: &Client, url: &str, settings: &Settings) -> Result<Reply, (Failure, usize)> {
    let mut tries = 0;
    loop {
        tries += 1;
        let result = match client.request(url, false, false) {
            // A 429 is about the server, not the method: asking again at once would be rude.
            Ok(r) if (200..400).contains(&r.status) || r.status == 429 => Ok(r),
            Ok(_) | Err(Failure::Other(_)) => client.request(url, true, false),
            Err(e) => Err(e),
        };
        let retry = match &result {
            Err(Failure::Timeout) => Some(None),
            Ok(r) if r.status == 429 || r.status >= 500 => Some(r.retry_after),
            _ => None,
        };
        let Some(asked) = retry.filter(|_| tries <= settings.retries as usize) else {
            return result.map_err(|e| (e, tries));
        };
        let backoff = settings.backoff * 2u32.saturating_pow(tries as u32 - 1);
        let wait = asked.unwrap_or(backoff);
        if wait > MAX_WAIT {
            return result.map_err(|e| (e, tries));
        }
        std::thread::sleep(wait);
    }
}

/// What is asked about for `url`: the URL without its `#fragment`, which never
/// leaves the browser, so `page#a` and `page#b` are one request.
pub fn page_of(url: &str) -> &str {
    url.split_once('#').map_or(url, |(page, _)| page)
}

/// `404 Not Found`.
pub fn status_text(status: u16) -> String {
    let reason = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    };
    format!("{status} {reason}").trim_end().to_string()
}
