//! The data templates see (documented in docs/templates.md). Built from checked
//! articles and the rendered body; everything is pre-formatted here (URLs with the
//! base path, display dates, resolved source references) so that themes stay simple
//! and no two templates compute the same thing differently.

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

/// What list pages show of an article.
#[derive(Serialize)]
pub struct Summary<'a> {
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_display: Option<String>,
    pub authors: &'a [String],
    pub tags: Vec<TagRef>,
    pub claim_count: usize,
    pub source_count: usize,
    pub disputed_count: usize,
    pub status_counts: Vec<StatusCount<'a>>,
    pub draft: bool,
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
#[derive(Serialize)]
pub struct ClaimFields<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub status: &'a Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
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

#[derive(Serialize)]
pub struct ClaimContext<'a> {
    #[serde(flatten)]
    pub claim: ClaimFields<'a>,
    pub anchor: String,
    pub asserted_by: Vec<SourceRef<'a>>,
    pub contested_by: Vec<SourceRef<'a>>,
    pub mentions: &'a [String],
    /// Every assessment, oldest first (empty without a `history`).
    pub history: Vec<AssessmentContext<'a>>,
}

#[derive(Serialize)]
pub struct ArticleContext<'a> {
    #[serde(flatten)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<&'a str>,
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
                asserts: a
                    .claims
                    .iter()
                    .filter(|c| c.asserted_by.contains(&s.id))
                    .map(|c| c.id.as_str())
                    .collect(),
                contests: a
                    .claims
                    .iter()
                    .filter(|c| c.contested_by.contains(&s.id))
                    .map(|c| c.id.as_str())
                    .collect(),
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
