//! The data templates see (documented in docs/templates.md). Built from checked
//! articles and the rendered body; everything is pre-formatted here (URLs with the
//! base path, display dates, resolved source references) so that themes stay simple
//! and no two templates compute the same thing differently.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::article::{claim_anchor, source_anchor, Article, Claim};
use crate::config::Config;
use crate::date::Date;
use crate::history::{assessments, changes, AssessmentContext, Change};
use crate::markdown::Rendered;
use crate::site::Tag;
use crate::status::{Status, Tone};

#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub extra: &'a serde_json::Value,
}

impl<'a> SiteContext<'a> {
    pub fn new(config: &'a Config) -> Self {
        SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            base_path: &config.base_path,
            extra: &config.extra,
        }
    }
}

#[derive(Serialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct StatusCount<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub tone: Tone,
    pub count: usize,
}

/// Fields written into an enclosing struct, where `#[serde(flatten)]` would make
/// the struct a map: Tera allocates every key of a map, while a struct's field names
/// stay static, and an article page has dozens of them.
pub trait Fields {
    const LEN: usize;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error>;
}

/// `key` when `value` is there; absent (not null) otherwise.
pub fn optional<S: SerializeStruct, T: Serialize>(
    s: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(v) => s.serialize_field(key, v),
        None => s.skip_field(key),
    }
}

/// What list pages show of an article.
pub struct Summary<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub authors: &'a [String],
    pub tags: Vec<TagRef>,
    pub claim_count: usize,
    pub source_count: usize,
    pub disputed_count: usize,
    pub status_counts: Vec<StatusCount<'a>>,
    pub draft: bool,
}

impl Fields for Summary<'_> {
    const LEN: usize = 15;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("title", self.title)?;
        optional(s, "summary", &self.summary)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("permalink", &self.permalink)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("date_display", &self.date_display)?;
        optional(s, "updated", &self.updated)?;
        optional(s, "updated_display", &self.updated_display)?;
        s.serialize_field("authors", self.authors)?;
        s.serialize_field("tags", &self.tags)?;
        s.serialize_field("claim_count", &self.claim_count)?;
        s.serialize_field("source_count", &self.source_count)?;
        s.serialize_field("disputed_count", &self.disputed_count)?;
        s.serialize_field("status_counts", &self.status_counts)?;
        s.serialize_field("draft", &self.draft)
    }
}

impl Serialize for Summary<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Summary", Self::LEN)?;
        self.fields(&mut s)?;
        s.end()
    }
}

impl<'a> Summary<'a> {
    pub fn new(a: &'a Article, config: &'a Config) -> Self {
        let vocab = &config.vocabulary;
        let mut status_counts: Vec<StatusCount> = vocab
            .iter()
            .map(|s| StatusCount {
                key: &s.key,
                label: &s.label,
                tone: s.tone,
                count: 0,
            })
            .collect();
        for c in &a.claims {
            if let Some(sc) = status_counts.iter_mut().find(|sc| sc.key == c.status) {
                sc.count += 1;
            }
        }
        let disputed_count = status_counts
            .iter()
            .filter(|s| s.tone == Tone::Disputed)
            .map(|s| s.count)
            .sum();
        status_counts.retain(|s| s.count > 0);
        Summary {
            title: &a.title,
            summary: a.summary.as_deref(),
            url: config.url(&a.path),
            permalink: config.permalink(&a.path),
            date: a.date.iso(),
            date_display: a.date.display(),
            updated: a.updated.as_ref().map(|d| d.iso()),
            updated_display: a.updated.as_ref().map(|d| d.display()),
            authors: &a.authors,
            tags: a
                .tags
                .iter()
                .map(|name| {
                    let slug = crate::front_matter::slugify(name);
                    TagRef {
                        name: name.clone(),
                        url: config.url(&format!("tags/{slug}/")),
                        slug,
                    }
                })
                .collect(),
            claim_count: a.claims.len(),
            source_count: a.sources.len(),
            disputed_count,
            status_counts,
            draft: a.draft,
        }
    }
}

#[derive(Serialize)]
pub struct SourceRef<'a> {
    pub id: &'a str,
    pub number: usize,
    pub anchor: String,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SourceContext<'a> {
    pub id: &'a str,
    pub number: usize,
    pub anchor: String,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    pub citations: &'a [String],
    pub asserts: Vec<&'a str>,
    pub contests: Vec<&'a str>,
}

/// What a claim shows wherever it is listed: on its article page and in the ledger.
pub struct ClaimFields<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub status: &'a Status,
    pub as_of: Option<String>,
    pub as_of_display: Option<String>,
    pub note: Option<&'a str>,
}

impl Fields for ClaimFields<'_> {
    const LEN: usize = 6;
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("id", self.id)?;
        s.serialize_field("text", self.text)?;
        s.serialize_field("status", self.status)?;
        optional(s, "as_of", &self.as_of)?;
        optional(s, "as_of_display", &self.as_of_display)?;
        optional(s, "note", &self.note)
    }
}

impl<'a> ClaimFields<'a> {
    pub fn new(c: &'a Claim, config: &'a Config) -> Self {
        ClaimFields {
            id: &c.id,
            text: &c.text,
            status: config.status(&c.status),
            as_of: c.as_of.as_ref().map(Date::iso),
            as_of_display: c.as_of.as_ref().map(Date::display),
            note: c.note.as_deref(),
        }
    }
}

pub struct ClaimContext<'a> {
    pub claim: ClaimFields<'a>,
    pub anchor: String,
    pub asserted_by: Vec<SourceRef<'a>>,
    pub contested_by: Vec<SourceRef<'a>>,
    pub mentions: &'a [String],
    /// Every assessment, oldest first (empty without a `history`).
    pub history: Vec<AssessmentContext<'a>>,
}

impl Serialize for ClaimContext<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ClaimContext", ClaimFields::LEN + 5)?;
        self.claim.fields(&mut s)?;
        s.serialize_field("anchor", &self.anchor)?;
        s.serialize_field("asserted_by", &self.asserted_by)?;
        s.serialize_field("contested_by", &self.contested_by)?;
        s.serialize_field("mentions", self.mentions)?;
        s.serialize_field("history", &self.history)?;
        s.end()
    }
}

pub struct ArticleContext<'a> {
    pub summary: Summary<'a>,
    pub content: &'a str,
    pub sources: Vec<SourceContext<'a>>,
    pub claims: Vec<ClaimContext<'a>>,
    pub extra: &'a serde_json::Value,
    /// Status changes after publication, for "Correction"/"Update" notes.
    pub changes: Vec<Change<'a>>,
    /// schema.org JSON-LD, safe to print inside `<script>` with `| safe`.
    pub json_ld: String,
    /// Absolute URL of the image to share: the article's, else site.toml's.
    pub image: Option<&'a str>,
}

impl Serialize for ArticleContext<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ArticleContext", Summary::LEN + 7)?;
        self.summary.fields(&mut s)?;
        s.serialize_field("content", self.content)?;
        s.serialize_field("sources", &self.sources)?;
        s.serialize_field("claims", &self.claims)?;
        s.serialize_field("extra", self.extra)?;
        s.serialize_field("changes", &self.changes)?;
        s.serialize_field("json_ld", &self.json_ld)?;
        optional(&mut s, "image", &self.image)?;
        s.end()
    }
}

impl<'a> ArticleContext<'a> {
    pub fn new(a: &'a Article, rendered: &'a Rendered, config: &'a Config) -> Self {
        let source_ref = |id: &'a String| {
            let number = a.source_index(id).map_or(0, |i| i + 1);
            let s = &a.sources[number - 1];
            SourceRef {
                id,
                number,
                anchor: source_anchor(id),
                title: &s.title,
                publisher: s.publisher.as_deref(),
            }
        };
        let sources = a
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| SourceContext {
                id: &s.id,
                number: i + 1,
                anchor: source_anchor(&s.id),
                title: &s.title,
                publisher: s.publisher.as_deref(),
                author: s.author.as_deref(),
                url: s.url.as_deref(),
                date: s.date.as_ref().map(|d| d.iso()),
                date_display: s.date.as_ref().map(|d| d.display()),
                accessed: s.accessed.as_ref().map(|d| d.iso()),
                accessed_display: s.accessed.as_ref().map(|d| d.display()),
                note: s.note.as_deref(),
                citations: &rendered.citations[i],
                asserts: a.asserted_by(i).map(|c| c.id.as_str()).collect(),
                contests: a.contested_by(i).map(|c| c.id.as_str()).collect(),
            })
            .collect();
        let claims = a
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| ClaimContext {
                claim: ClaimFields::new(c, config),
                anchor: claim_anchor(&c.id),
                asserted_by: c.asserted_by.iter().map(source_ref).collect(),
                contested_by: c.contested_by.iter().map(source_ref).collect(),
                mentions: &rendered.mentions[i],
                history: assessments(&c.history, config),
            })
            .collect();
        ArticleContext {
            summary: Summary::new(a, config),
            content: &rendered.html,
            sources,
            claims,
            extra: &a.extra,
            changes: changes(a, config),
            json_ld: crate::structured_data::article(a, config),
            image: a.image.as_deref().or(config.image.as_deref()),
        }
    }
}

#[derive(Serialize)]
pub struct TagContext<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub permalink: String,
    pub count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<Vec<&'a Summary<'a>>>,
}

impl<'a> TagContext<'a> {
    pub fn new(tag: &'a Tag, config: &Config, summaries: Option<&'a [Summary<'a>]>) -> Self {
        TagContext {
            name: &tag.name,
            slug: &tag.slug,
            url: config.url(&tag.path()),
            permalink: config.permalink(&tag.path()),
            count: tag.articles.len(),
            articles: summaries.map(|all| tag.articles.iter().map(|&i| &all[i]).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn keys(v: &serde_json::Value) -> Vec<&str> {
        let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn an_article_has_its_summary_fields_beside_its_own_and_absent_options_are_absent() {
        let config = testing::config("https://e.org/");
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: s\n    title: S\nclaims:\n  - id: c\n    text: X\n    status: disputed\n    asserted_by: [s]\n---\nBody.\n";
        let a = testing::parse_text(text, &config).unwrap();
        let rendered = Rendered {
            html: "<p>Body.</p>".into(),
            citations: vec![vec![]],
            mentions: vec![vec![]],
        };
        let v = serde_json::to_value(ArticleContext::new(&a, &rendered, &config)).unwrap();
        assert_eq!(
            keys(&v),
            [
                "authors",
                "changes",
                "claim_count",
                "claims",
                "content",
                "date",
                "date_display",
                "disputed_count",
                "draft",
                "extra",
                "json_ld",
                "permalink",
                "source_count",
                "sources",
                "status_counts",
                "tags",
                "title",
                "url",
            ]
        );
        assert_eq!(
            keys(&v["claims"][0]),
            [
                "anchor",
                "asserted_by",
                "contested_by",
                "history",
                "id",
                "mentions",
                "status",
                "text",
            ]
        );
        assert_eq!(v["claims"][0]["status"]["key"], "disputed");
    }
}
