//! The site as a whole, before any page is rendered: every article's front matter
//! checked, URLs assigned and checked for collisions, tags gathered, articles in
//! publication order. Bodies are not kept here (they are re-read when rendered),
//! so memory grows with the metadata, not with the Markdown.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::article::{Article, Source};
use crate::config::Config;
use crate::content::{self, ContentFile};
use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, slugify, Location};
use crate::markdown::LinkTarget;

/// Site paths byline generates itself; an article may not take them.
pub const RESERVED: &[&str] = &["tags/", "claims/", "sources/", "page/"];

pub struct Site {
    pub config: Config,
    /// Articles to publish, newest first (ties broken by path).
    pub articles: Vec<Article>,
    /// Content-relative `.md` path → where a link to it leads.
    pub links: HashMap<String, LinkTarget>,
    /// Tags by slug, each with the indices (into `articles`) of its articles, newest first.
    pub tags: Vec<Tag>,
}

pub struct Tag {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

impl Tag {
    pub fn path(&self) -> String {
        format!("tags/{}/", self.slug)
    }
}

/// Reads and checks all articles. Drafts are checked too, and kept only with `drafts`.
///
/// Articles that fail are left out and their errors returned beside the site, so the
/// caller can still check the bodies of the others and report everything in one run.
/// Warnings (which do not fail the build) are returned with the errors.
pub fn load(config: Config, drafts: bool) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let files = content::discover(&config.root).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let shared = load_shared_sources(&config).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    let results: Vec<_> = files
        .par_iter()
        .map(|f| load_article(f, &config, &shared))
        .collect();

    let mut all = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (r, file) in results.into_iter().zip(&files) {
        match r {
            Ok((a, warnings)) => {
                errors.extend(warnings);
                all.push(a);
            }
            Err(e) => {
                errors.extend(e);
                failed.push(file.rel_path.clone());
            }
        }
    }

    let mut by_path: BTreeMap<&str, &Article> = BTreeMap::new();
    for a in &all {
        if a.draft && !drafts {
            continue;
        }
        if a.path.is_empty() {
            errors.push(
                Diagnostic::error("url-collision", "this article would replace the home page")
                    .in_file(&a.display_path)
                    .help("rename the file, or give it a `slug`"),
            );
        } else if let Some(r) = RESERVED.iter().find(|r| a.path.starts_with(**r)) {
            errors.push(
                Diagnostic::error("url-collision", format!("this article would be published at /{}, which byline uses for its own pages under /{r}", a.path))
                    .in_file(&a.display_path)
                    .help("move the file to another folder, or give it a different `slug`"),
            );
        } else if let Some(other) = by_path.insert(&a.path, a) {
            errors.push(
                Diagnostic::error(
                    "url-collision",
                    format!(
                        "this article and {} would both be published at /{}",
                        other.display_path, a.path
                    ),
                )
                .in_file(&a.display_path)
                .help("give one of them a different `slug`"),
            );
        }
    }

    let mut links: HashMap<String, LinkTarget> = all
        .iter()
        .map(|a| {
            let target = if a.draft && !drafts {
                LinkTarget::Draft
            } else {
                LinkTarget::Page(config.url(&a.path))
            };
            (a.rel_path.clone(), target)
        })
        .collect();
    links.extend(failed.into_iter().map(|f| (f, LinkTarget::Broken)));

    let mut articles: Vec<Article> = all.into_iter().filter(|a| drafts || !a.draft).collect();
    articles.sort_by(publication_order);
    let tags = gather_tags(&articles);
    Ok((
        Site {
            config,
            articles,
            links,
            tags,
        },
        errors,
    ))
}

/// `content/sources.yaml`, if the site has one.
pub(crate) fn load_shared_sources(config: &Config) -> Result<Vec<Source>, Vec<Diagnostic>> {
    let fs_path = config.root.join(content::DIR).join("sources.yaml");
    if !fs_path.is_file() {
        return Ok(Vec::new());
    }
    let file = ContentFile {
        rel_path: "sources.yaml".into(),
        fs_path,
    }
    .read()
    .map_err(|d| vec![d])?;
    front_matter::parse_shared_sources(&file, config)
}

pub(crate) fn load_article(
    file: &ContentFile,
    config: &Config,
    shared: &[Source],
) -> Result<(Article, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = file.read().map_err(|d| vec![d])?;
    let split = front_matter::split(&source).map_err(|d| vec![d])?;
    let path = file.site_path();
    let loc = Location {
        rel_path: &file.rel_path,
        fs_path: &file.fs_path,
        path: &path,
    };
    front_matter::parse_with(&source, &split, &loc, config, shared)
}

/// Newest first, ties broken by path.
fn publication_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path))
}

impl Site {
    /// Puts `article` in place of the one with the same `rel_path` (which must be
    /// published at the same path) and restores the order and the tags; returns the
    /// old article. For rebuilding one edited article without re-reading the others.
    pub fn replace(&mut self, article: Article) -> Option<Article> {
        let i = self
            .articles
            .iter()
            .position(|a| a.rel_path == article.rel_path)?;
        let old = std::mem::replace(&mut self.articles[i], article);
        self.articles.sort_by(publication_order);
        self.tags = gather_tags(&self.articles);
        Some(old)
    }
}

fn gather_tags(articles: &[Article]) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        for name in &a.tags {
            let slug = slugify(name);
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                articles: Vec::new(),
            });
            // Several spellings of one tag: the smallest name wins, whatever the file order.
            if *name < tag.name {
                tag.name = name.clone();
            }
            if tag.articles.last() != Some(&i) {
                tag.articles.push(i);
            }
        }
    }
    by_slug.into_values().collect()
}
