//! Corrections a reader can audit (what IFCN signatories must keep): an article's
//! `corrections` entries, shown at its top beside its claims' status changes, and the
//! site's corrections log, `/corrections/` and its Atom feed, which lists both kinds,
//! newest first. Each entry links to its note on the article page, whose id is its
//! place among the article's notes oldest first, so a new note changes no older id.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::article::{Article, Correction, CorrectionKind};
use crate::config::Config;
use crate::date::Date;
use crate::history::{changes, Change, ChangeKind};
use crate::lang::Lang;
use crate::status::Status;

/// The folder of the corrections log, and its feed.
pub const CORRECTIONS_PATH: &str = "corrections/";
pub const CORRECTIONS_FEED: &str = "corrections/atom.xml";

/// The id of the `n`th (from 1) correction note on an article page.
pub fn correction_anchor(n: usize) -> String {
    format!("byline-correction-{n}")
}

/// The id of the `n`th (from 1) status-change note on an article page.
pub fn change_anchor(n: usize) -> String {
    format!("byline-change-{n}")
}

/// A `corrections` entry as templates see it on the article page.
#[derive(Serialize)]
pub struct Notice<'a> {
    /// "Correction", "Clarification" or "Update".
    pub kind: &'static str,
    /// `correction`, `clarification` or `update`, for styling.
    pub kind_key: &'static str,
    pub date: String,
    pub date_display: String,
    pub text: &'a str,
    /// Its id on the page: `byline-correction-N`.
    pub anchor: String,
}

impl<'a> Notice<'a> {
    fn new(c: &'a Correction, n: usize, lang: &Lang) -> Self {
        Notice {
            kind: c.kind.label(),
            kind_key: c.kind.key(),
            date: c.date.iso(),
            date_display: c.date.display(lang),
            text: &c.text,
            anchor: correction_anchor(n),
        }
    }
}

/// The article's `corrections`, oldest first, as its page shows them.
pub fn notices<'a>(a: &'a Article, lang: &Lang) -> Vec<Notice<'a>> {
    (a.corrections.iter().enumerate())
        .map(|(i, c)| Notice::new(c, i + 1, lang))
        .collect()
}

/// One entry of the corrections log: a correction entry or a claim's status change.
pub struct LogEntry<'a> {
    pub article: &'a Article,
    pub date: &'a Date,
    pub what: What<'a>,
    /// Its note's id on the article page.
    pub anchor: String,
    config: &'a Config,
}

pub enum What<'a> {
    Entry(&'a Correction),
    Change(Change<'a>),
}

impl LogEntry<'_> {
    /// "Correction", "Clarification" or "Update", in the site's language.
    pub fn kind(&self) -> &str {
        let kind = self.kind_of();
        let key = format!("correction_kind_{}", kind.key());
        self.config.words.get(&key).unwrap_or(kind.label())
    }

    /// What kind of note it is: a status change is a correction or an update.
    fn kind_of(&self) -> CorrectionKind {
        match &self.what {
            What::Entry(c) => c.kind,
            What::Change(ch) => match ch.kind {
                ChangeKind::Correction => CorrectionKind::Correction,
                ChangeKind::Update => CorrectionKind::Update,
            },
        }
    }

    /// The note's permalink: the article's page at the note.
    pub fn permalink(&self) -> String {
        format!(
            "{}#{}",
            self.config.permalink(&self.article.path),
            self.anchor
        )
    }

    /// What the note says, in plain text (for feeds).
    pub fn text(&self) -> String {
        match &self.what {
            What::Entry(c) => c.text.clone(),
            What::Change(ch) => {
                let (from, to) = (ch.from.label.to_lowercase(), ch.to.label.to_lowercase());
                let args = [("claim", ch.claim_text), ("from", &from), ("to", &to)];
                let mut text = self.config.words.format("change_sentence", &args);
                if let Some(note) = ch.note {
                    text.push(' ');
                    text.push_str(note);
                }
                text
            }
        }
    }
}

/// A claim's status change as the log shows it.
#[derive(Serialize)]
struct ClaimChange<'a> {
    text: &'a str,
    url: String,
    from: &'a Status,
    to: &'a Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl Serialize for LogEntry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("LogEntry", 8)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("kind_key", self.kind_of().key())?;
        s.serialize_field("date", &self.date.iso())?;
        s.serialize_field("date_display", &self.date.display(&self.config.lang))?;
        s.serialize_field(
            "url",
            &format!("{}#{}", self.config.url(&self.article.path), self.anchor),
        )?;
        #[derive(Serialize)]
        struct ArticleLink<'a> {
            title: &'a str,
            url: String,
        }
        let article = ArticleLink {
            title: &self.article.title,
            url: self.config.url(&self.article.path),
        };
        s.serialize_field("article", &article)?;
        match &self.what {
            What::Entry(c) => {
                s.serialize_field("text", &c.text)?;
                s.skip_field("claim")?;
            }
            What::Change(ch) => {
                s.skip_field("text")?;
                let claim = ClaimChange {
                    text: ch.claim_text,
                    url: format!("{}#{}", self.config.url(&self.article.path), ch.anchor),
                    from: ch.from,
                    to: ch.to,
                    note: ch.note,
                };
                s.serialize_field("claim", &claim)?;
            }
        }
        s.end()
    }
}

/// Every correction entry and status change of the published articles (no drafts),
/// newest first; among one day's, in site order, then as each article lists them.
pub fn log<'a>(articles: &'a [Article], config: &'a Config) -> Vec<LogEntry<'a>> {
    let mut log = Vec::new();
    for a in articles.iter().filter(|a| !a.draft) {
        let entry = |date, what, anchor| LogEntry {
            article: a,
            date,
            what,
            anchor,
            config,
        };
        for (i, c) in a.corrections.iter().enumerate() {
            log.push(entry(&c.date, What::Entry(c), correction_anchor(i + 1)));
        }
        for (i, ch) in changes(a, config).into_iter().enumerate() {
            let date = ch.date_of;
            log.push(entry(date, What::Change(ch), change_anchor(i + 1)));
        }
    }
    log.sort_by(|x, y| y.date.cmp(x.date));
    log
}
