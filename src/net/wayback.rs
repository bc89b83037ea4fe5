//! A web archive that speaks the Wayback Machine's APIs: the availability API
//! (`…/wayback/available?url=…`, the closest copy as JSON) and Save Page Now
//! (`…/save/<url>`, which makes a copy and says where it is). `byline archive`
//! asks the first, then the second for a URL with no copy yet.

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;

use super::check::{status_text, MAX_WAIT};
use super::{resolve, Client, Failure, Reply};
use crate::date::Date;

pub const AVAILABILITY_API: &str = "https://archive.org/wayback/available";
pub const SAVE_API: &str = "https://web.archive.org/save/";

/// An archived copy: where it is, and the day it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub url: String,
    pub day: Option<Date>,
}

/// Why the archive gave no copy.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// No answer within the timeout.
    Timeout,
    /// The archive asks to wait longer than byline does: stop and run again later.
    Wait(Option<Duration>),
    /// Anything else about this one URL (403, an error, no copy made).
    Refused(String),
}

pub struct Archive {
    pub client: Client,
    pub availability: String,
    pub save: String,
}

#[derive(Deserialize)]
struct Availability {
    #[serde(default)]
    archived_snapshots: Snapshots,
}

#[derive(Deserialize, Default)]
struct Snapshots {
    closest: Option<Closest>,
}

#[derive(Deserialize)]
struct Closest {
    #[serde(default)]
    available: bool,
    url: String,
    #[serde(default)]
    timestamp: String,
    #[serde(default)]
    status: String,
}

impl Archive {
    /// The archive's closest good copy of `url`, if it has one.
    pub fn find(&self, url: &str) -> Result<Option<Copy>, Refusal> {
        let query = utf8_percent_encode(url, NON_ALPHANUMERIC);
        let sep = if self.availability.contains('?') {
            '&'
        } else {
            '?'
        };
        let api = format!("{}{sep}url={query}", self.availability);
        let reply = self.ask(&api, "the availability API")?;
        if reply.status != 200 {
            return Err(refused("the availability API", &reply));
        }
        let found: Availability = serde_json::from_str(&reply.body).map_err(|e| {
            Refusal::Refused(format!(
                "the availability API answered something other than its JSON ({e})"
            ))
        })?;
        Ok(found
            .archived_snapshots
            .closest
            .filter(|c| c.available && (c.status.is_empty() || c.status.starts_with('2')))
            .map(|c| Copy {
                day: day_of(&c.timestamp).or_else(|| day_in(&c.url)),
                url: https(&c.url),
            }))
    }

    /// Asks the archive to copy `url` now, and where the copy is.
    pub fn save(&self, url: &str) -> Result<Copy, Refusal> {
        let api = format!("{}{url}", self.save);
        let reply = self.ask(&api, "Save Page Now")?;
        if !(200..400).contains(&reply.status) {
            return Err(refused("Save Page Now", &reply));
        }
        let at = reply
            .content_location
            .as_deref()
            .or(reply.location.as_deref());
        let copy = at
            .map(|at| resolve(&api, at.trim()))
            .filter(|c| day_in(c).is_some());
        match copy {
            Some(copy) => Ok(Copy {
                day: day_in(&copy),
                url: https(&copy),
            }),
            None => self.find(url)?.ok_or_else(|| {
                Refusal::Refused("Save Page Now answered but named no copy, and none is listed yet; run `byline archive` again later".into())
            }),
        }
    }

    /// A GET, reading its body, with a 429's `Retry-After` obeyed once if short.
    fn ask(&self, api: &str, what: &str) -> Result<Reply, Refusal> {
        for tries in 1.. {
            let reply = self.client.request(api, true, true).map_err(|e| match e {
                Failure::Timeout => Refusal::Timeout,
                other => Refusal::Refused(format!(
                    "{what} could not be reached: {}",
                    other.describe(self.client.timeout)
                )),
            })?;
            if reply.status != 429 {
                return Ok(reply);
            }
            match reply.retry_after {
                Some(wait) if wait <= MAX_WAIT && tries == 1 => std::thread::sleep(wait),
                wait => return Err(Refusal::Wait(wait)),
            }
        }
        unreachable!("the loop returns")
    }
}

fn refused(what: &str, reply: &Reply) -> Refusal {
    let why = match reply.status {
        403 => " (the archive may exclude this site, or refuse anonymous saves)".to_string(),
        _ => String::new(),
    };
    Refusal::Refused(format!(
        "{what} answered {}{why}",
        status_text(reply.status)
    ))
}

/// The Wayback Machine answers `http://` links to its copies; they are served over https.
fn https(url: &str) -> String {
    match url.strip_prefix("http://web.archive.org/") {
        Some(rest) => format!("https://web.archive.org/{rest}"),
        None => url.to_string(),
    }
}

/// The day of a 14-digit Wayback timestamp (`20240131120000`).
fn day_of(stamp: &str) -> Option<Date> {
    let digits = stamp
        .get(..8)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    Date::parse(&format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..8]
    ))
    .ok()
}

/// The day in a copy's address (`…/web/20240131120000/https://…`).
fn day_in(copy: &str) -> Option<Date> {
    let after = copy.split("/web/").nth(1)?;
    let stamp: String = after.chars().take_while(char::is_ascii_digit).collect();
    (stamp.len() >= 8).then(|| day_of(&stamp)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_dated_by_their_wayback_timestamp() {
        assert_eq!(
            day_in("https://web.archive.org/web/20240131120000/https://a.org/")
                .unwrap()
                .iso(),
            "2024-01-31"
        );
        assert_eq!(
            day_in("https://web.archive.org/web/2024/https://a.org/"),
            None
        );
        assert_eq!(day_of("2024013"), None);
        assert_eq!(
            https("http://web.archive.org/web/1/x"),
            "https://web.archive.org/web/1/x"
        );
    }
}
