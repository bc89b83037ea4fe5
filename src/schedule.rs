//! Scheduling: an article dated after today is held back (not published at all)
//! unless the build says `--future`, and one whose `expires` day has come is
//! withdrawn from every list, feed, the ledger and the sitemap while its page stays
//! at its URL. "Today" is one calendar day for the whole build, the UTC day the
//! build starts or the one `BYLINE_TODAY` names, so the same inputs on the same day
//! make the same bytes, and tests can fix the day.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use crate::article::Article;
use crate::date::Date;
use crate::diagnostic::Diagnostic;

/// The environment variable that sets "today" (`YYYY-MM-DD`) instead of the clock.
pub const TODAY_VAR: &str = "BYLINE_TODAY";

/// What a build publishes, decided once when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub today: NaiveDate,
    /// `--future`: publish articles dated after today too.
    pub future: bool,
}

/// Where the schedule puts an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// On its page and in every list.
    Listed,
    /// `expires` has come: on its page, in no list.
    Withdrawn,
    /// Dated after today (without `--future`): not published.
    Held,
}

impl Schedule {
    /// Today from `BYLINE_TODAY`, else the UTC day on the clock.
    pub fn new(future: bool) -> Result<Schedule, Diagnostic> {
        let today = match std::env::var(TODAY_VAR) {
            Ok(day) => parse_today(&day)?,
            Err(_) => chrono::Utc::now().date_naive(),
        };
        Ok(Schedule { today, future })
    }

    /// Only the article's calendar day counts (as written, its time and zone set
    /// aside), so that what is published changes once a day, not within one.
    pub fn state(&self, a: &Article) -> State {
        if !self.future && a.date.day > self.today {
            State::Held
        } else if a.expires.as_ref().is_some_and(|e| e.day <= self.today) {
            State::Withdrawn
        } else {
            State::Listed
        }
    }
}

/// How long until the day `Schedule::new` reads changes: until the next UTC midnight,
/// or never while `BYLINE_TODAY` names the day. `serve` rebuilds then, so a scheduled
/// article appears (and an expiring one leaves the lists) without a save.
pub fn until_next_day() -> Option<Duration> {
    match std::env::var_os(TODAY_VAR) {
        Some(_) => None,
        None => Some(until_midnight(Utc::now())),
    }
}

/// From `now` to the next UTC midnight, and a second past it, so that the day has
/// surely turned when the wait ends.
fn until_midnight(now: DateTime<Utc>) -> Duration {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(NaiveDate::MAX);
    let midnight = tomorrow.and_time(chrono::NaiveTime::MIN).and_utc();
    (midnight - now).to_std().unwrap_or_default() + Duration::from_secs(1)
}

fn parse_today(day: &str) -> Result<NaiveDate, Diagnostic> {
    match Date::parse(day) {
        Ok(d) if d.instant.is_none() => Ok(d.day),
        Ok(_) => Err(bad_today(format!("`{day}` is a time, not a day"))),
        Err(why) => Err(bad_today(why)),
    }
}

fn bad_today(why: String) -> Diagnostic {
    Diagnostic::error("invalid-today", format!("{TODAY_VAR} is not a day: {why}")).help(format!(
        "set {TODAY_VAR} to a day such as 2016-12-08 to build the site as it is on that day, or unset it to use today's date (UTC)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn state(front: &str, today: &str, future: bool) -> State {
        let config = testing::config("https://e.org/");
        let a = testing::parse_text(&format!("---\ntitle: T\n{front}\n---\n"), &config).unwrap();
        let today = parse_today(today).unwrap();
        Schedule { today, future }.state(&a)
    }

    #[test]
    fn an_article_is_held_until_its_day_and_withdrawn_from_its_expiry_day() {
        let front = "date: 2016-12-08T23:30:00-05:00\nexpires: 2016-12-10";
        assert_eq!(state(front, "2016-12-07", false), State::Held);
        assert_eq!(state(front, "2016-12-07", true), State::Listed);
        assert_eq!(state(front, "2016-12-08", false), State::Listed);
        assert_eq!(state(front, "2016-12-09", false), State::Listed);
        assert_eq!(state(front, "2016-12-10", false), State::Withdrawn);
        assert_eq!(
            state("date: 2016-12-08", "2099-01-01", false),
            State::Listed
        );
    }

    #[test]
    fn a_today_that_is_not_a_day_is_explained() {
        let e = parse_today("2016-12-32").unwrap_err();
        assert_eq!(
            e.message,
            "BYLINE_TODAY is not a day: `2016-12-32` does not exist: December 2016 has no day 32"
        );
        assert!(parse_today("2016-12-08T10:00:00Z").is_err());
    }

    #[test]
    fn the_wait_for_a_new_day_ends_just_past_the_next_utc_midnight() {
        let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
        let wait = until_midnight(at("2016-12-08T23:59:30Z"));
        assert_eq!(wait, Duration::from_secs(31));
        let wait = until_midnight(at("2016-12-08T00:00:00+05:00"));
        assert_eq!(wait, Duration::from_secs(5 * 3600 + 1));
        assert_eq!(
            until_midnight(at("2016-12-31T12:00:00Z")),
            Duration::from_secs(12 * 3600 + 1)
        );
    }
}
