//! Dates as writers give them: a calendar day (`2016-12-08`) or an RFC 3339 instant.
//! Keeping the written form lets `<time datetime>` say exactly what the writer said.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::lang::{english_month, Lang};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub day: NaiveDate,
    pub instant: Option<DateTime<FixedOffset>>,
}

impl Date {
    /// Parses `YYYY-MM-DD` or RFC 3339; the error says why in words.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        if s.len() == 10 {
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|day| Date { day, instant: None })
                .map_err(|_| describe_bad_day(s));
        }
        DateTime::parse_from_rfc3339(s)
            .map(|t| Date { day: t.date_naive(), instant: Some(t) })
            .map_err(|_| {
                if s.len() > 10 && s.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b' ') {
                    if NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").is_err() {
                        return describe_bad_day(&s[..10]);
                    }
                    format!("`{s}` is not a valid RFC 3339 date-time (it needs a time zone, e.g. 2016-12-08T14:30:00Z)")
                } else {
                    format!("`{s}` is not a date in the form YYYY-MM-DD")
                }
            })
    }

    /// The form for `datetime` attributes, feeds and JSON: as written.
    pub fn iso(&self) -> String {
        match &self.instant {
            Some(t) => t.to_rfc3339(),
            // NaiveDate's Display is `%Y-%m-%d`, without parsing a format string.
            None => self.day.to_string(),
        }
    }

    /// RFC 3339 instant, midnight UTC for plain days (for feeds and sitemaps).
    pub fn rfc3339(&self) -> String {
        match &self.instant {
            Some(t) => t.to_rfc3339(),
            None => format!("{}T00:00:00Z", self.day),
        }
    }

    /// The day as `lang` writes it in running text: "8 December 2016", "8 ديسمبر 2016".
    pub fn display(&self, lang: &Lang) -> String {
        lang.date(self.day)
    }

    fn sort_key(&self) -> (NaiveDate, i64) {
        (self.day, self.instant.map_or(0, |t| t.timestamp()))
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Date {
        Date { day, instant: None }
    }
}

fn describe_bad_day(s: &str) -> String {
    let parts: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            if !(1..=12).contains(&m) {
                return format!("`{s}` has no month {m}: months run from 01 to 12");
            }
            if NaiveDate::from_ymd_opt(y, m, 1).is_some() {
                return format!(
                    "`{s}` does not exist: {} {y} has no day {d}",
                    english_month(m)
                );
            }
        }
    }
    format!("`{s}` is not a date in the form YYYY-MM-DD")
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_days_and_instants() {
        let d = Date::parse("2016-12-08").unwrap();
        assert_eq!(
            (d.iso(), d.display(&Lang::default())),
            ("2016-12-08".into(), "8 December 2016".into())
        );
        assert_eq!(d.rfc3339(), "2016-12-08T00:00:00Z");
        let t = Date::parse("2016-12-08T14:30:00+01:00").unwrap();
        assert_eq!(t.iso(), "2016-12-08T14:30:00+01:00");
        assert!(t > d);
    }

    #[test]
    fn plain_days_print_as_written_at_the_ends_of_the_calendar() {
        for day in ["0001-01-01", "0999-03-04", "2016-12-08", "9999-12-31"] {
            let d = Date::parse(day).unwrap();
            assert_eq!(d.iso(), day);
            assert_eq!(d.iso(), d.day.format("%Y-%m-%d").to_string());
            assert_eq!(d.rfc3339(), format!("{day}T00:00:00Z"));
        }
    }

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(
            Date::parse("2016-02-30").unwrap_err(),
            "`2016-02-30` does not exist: February 2016 has no day 30"
        );
        assert_eq!(
            Date::parse("2016-13-01").unwrap_err(),
            "`2016-13-01` has no month 13: months run from 01 to 12"
        );
        assert!(Date::parse("yesterday").unwrap_err().contains("YYYY-MM-DD"));
        assert!(Date::parse("2016-12-08T10:00")
            .unwrap_err()
            .contains("time zone"));
    }
}
