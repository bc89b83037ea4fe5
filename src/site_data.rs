//! The pages and files made from the whole site rather than one article: the claims
//! ledger (`/claims/`, a page per status), the sources index (`/sources/`, a page per
//! publisher), `/claims.json`, `/404.html`, the Atom feeds, `sitemap.xml` and
//! `robots.txt`. This module decides what exists and what each page receives; the
//! pipeline's renderer does the rendering and writing.

use std::collections::HashSet;

use tera::Context;

use crate::article::Article;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::feeds::{self, Feed, FEED_LIMIT};
use crate::ledger::{Ledger, LedgerClaim, LedgerSource, CLAIMS_JSON, CLAIMS_PATH, SOURCES_PATH};
use crate::paginate;
use crate::site::Site;
use rayon::prelude::*;

/// Something to write: a page rendered from a template, or finished bytes.
pub enum Emit<'a> {
    Page {
        template: &'static str,
        context: Context,
        /// Output file, e.g. `claims/index.html`.
        file: String,
    },
    File {
        file: String,
        bytes: Vec<u8>,
    },
    /// A file too large to hold in memory, written as it is produced.
    Stream {
        file: String,
        write: &'a (dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync),
    },
}

pub const NOT_FOUND: &str = "404.html";

/// Indices (into `site.articles`) of the articles whose bodies the site-wide feed
/// carries, which must be kept after rendering. Tag feeds carry summaries only: full
/// bodies in two hundred tag feeds would hold thousands of pages in memory.
pub fn feed_articles(site: &Site) -> HashSet<usize> {
    published(site, 0..site.articles.len()).collect()
}

/// The first `FEED_LIMIT` of `indices` that are not drafts.
fn published<'a>(
    site: &'a Site,
    indices: impl Iterator<Item = usize> + 'a,
) -> impl Iterator<Item = usize> + 'a {
    indices
        .filter(|&i| !site.articles[i].draft)
        .take(FEED_LIMIT)
}

/// A site-wide page to render; its context is built only when it is rendered, so
/// the ledger is never serialised whole.
enum Job {
    Claims(usize),
    /// The status (by index in the ledger's statuses) and the page.
    Status(usize, usize),
    Sources(usize),
    /// The publisher (by index in the ledger's publishers) and the page.
    Publisher(usize, usize),
    NotFound,
}

/// Emits every site-wide page and file; returns (pages, other files). Pages are
/// rendered in parallel, so `emit` must be callable from several threads.
pub fn render(
    site: &Site,
    bodies: &[Option<String>],
    with_pages: bool,
    emit: &(dyn Fn(Emit<'_>) -> Result<(), Diagnostic> + Sync),
) -> Result<(usize, usize), Diagnostic> {
    let config = &site.config;
    let ledger = Ledger::new(site);
    let by_status: Vec<Vec<&LedgerClaim>> = ledger
        .statuses
        .iter()
        .map(|s| ledger.claims_with_status(s.key))
        .collect();
    let by_publisher: Vec<Vec<&LedgerSource>> = ledger
        .publishers
        .iter()
        .map(|p| ledger.sources_of(p))
        .collect();

    let mut jobs: Vec<Job> = Vec::new();
    if with_pages {
        jobs.extend((1..=paginate::page_count(ledger.claims.len())).map(Job::Claims));
        for (i, claims) in by_status.iter().enumerate() {
            jobs.extend((1..=paginate::page_count(claims.len())).map(|n| Job::Status(i, n)));
        }
        jobs.extend((1..=paginate::page_count(ledger.sources.len())).map(Job::Sources));
        for (i, sources) in by_publisher.iter().enumerate() {
            jobs.extend((1..=paginate::page_count(sources.len())).map(|n| Job::Publisher(i, n)));
        }
        jobs.push(Job::NotFound);
    }
    let page = |job: &Job| {
        let mut context = Context::new();
        let (template, kind, title, path) = match *job {
            Job::Claims(n) => {
                let p = paginate::pagination(config, CLAIMS_PATH, n, ledger.claims.len());
                context.insert("claims", paginate::slice(&ledger.claims, n));
                context.insert("claim_total", &ledger.claims.len());
                context.insert("status_counts", &ledger.statuses);
                context.insert("pagination", &p);
                (
                    "claims.html",
                    "claims",
                    paginate::numbered("Claims", &p),
                    paginate::page_path(CLAIMS_PATH, n),
                )
            }
            Job::Status(i, n) => {
                let (status, claims) = (&ledger.statuses[i], &by_status[i]);
                let p = paginate::pagination(config, &status.path, n, claims.len());
                context.insert("status", status);
                context.insert("claims", paginate::slice(claims, n));
                context.insert("status_counts", &ledger.statuses);
                context.insert("pagination", &p);
                let title = paginate::numbered(&format!("Claims: {}", status.label), &p);
                (
                    "claims_status.html",
                    "claims_status",
                    title,
                    paginate::page_path(&status.path, n),
                )
            }
            Job::Sources(n) => {
                let p = paginate::pagination(config, SOURCES_PATH, n, ledger.sources.len());
                context.insert("sources", paginate::slice(&ledger.sources, n));
                context.insert("source_total", &ledger.sources.len());
                context.insert("publishers", &ledger.publishers);
                context.insert("pagination", &p);
                (
                    "sources.html",
                    "sources",
                    paginate::numbered("Sources", &p),
                    paginate::page_path(SOURCES_PATH, n),
                )
            }
            Job::Publisher(i, n) => {
                let (publisher, sources) = (&ledger.publishers[i], &by_publisher[i]);
                let p = paginate::pagination(config, &publisher.path(), n, sources.len());
                context.insert("publisher", publisher);
                context.insert("sources", paginate::slice(sources, n));
                context.insert("pagination", &p);
                let title = paginate::numbered(&format!("Sources: {}", publisher.name), &p);
                (
                    "publisher.html",
                    "publisher",
                    title,
                    paginate::page_path(&publisher.path(), n),
                )
            }
            Job::NotFound => (
                "404.html",
                "404",
                "Page not found".to_string(),
                NOT_FOUND.to_string(),
            ),
        };
        context.insert("page_kind", kind);
        context.insert("page_title", &title);
        let file = if path.ends_with(".html") {
            path
        } else {
            format!("{path}index.html")
        };
        emit(Emit::Page {
            template,
            context,
            file,
        })
    };
    let (pages, files) = rayon::join(
        || jobs.par_iter().try_for_each(page),
        || files(site, &ledger, bodies, emit),
    );
    pages?;
    Ok((jobs.len(), files?))
}

/// claims.json, the feeds, the sitemap and robots.txt; returns how many were written.
fn files(
    site: &Site,
    ledger: &Ledger,
    bodies: &[Option<String>],
    emit: &(dyn Fn(Emit<'_>) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostic> {
    let config = &site.config;
    let mut files = 1; // claims.json, streamed below
    let mut file = |file: String, bytes: Vec<u8>| {
        files += 1;
        emit(Emit::File { file, bytes })
    };
    emit(Emit::Stream {
        file: CLAIMS_JSON.into(),
        write: &|out| ledger.write_json(config, out),
    })?;

    let entries = |indices: &mut dyn Iterator<Item = usize>,
                   with_content: bool|
     -> Vec<(&Article, Option<&str>)> {
        published(site, indices)
            .map(|i| {
                (
                    &site.articles[i],
                    bodies
                        .get(i)
                        .and_then(|b| b.as_deref())
                        .filter(|_| with_content),
                )
            })
            .collect()
    };
    let home = Feed {
        title: config.title.clone(),
        page: String::new(),
        entries: entries(&mut (0..site.articles.len()), true),
    };
    file(home.path(), home.render(config))?;
    for tag in &site.tags {
        let feed = Feed {
            title: format!("{}: {}", config.title, tag.name),
            page: tag.path(),
            entries: entries(&mut tag.articles.iter().copied(), false),
        };
        file(feed.path(), feed.render(config))?;
    }

    let latest = |indices: &mut dyn Iterator<Item = usize>| -> Option<&Date> {
        indices
            .filter(|&i| !site.articles[i].draft)
            .map(|i| site.articles[i].modified())
            .max()
    };
    let newest = latest(&mut (0..site.articles.len()));
    let mut map: Vec<(String, Option<&Date>)> = (1..=paginate::page_count(site.articles.len()))
        .map(|n| (paginate::page_path("", n), newest))
        .collect();
    map.extend(
        site.articles
            .iter()
            .filter(|a| !a.draft)
            .map(|a| (a.path.clone(), Some(a.modified()))),
    );
    map.push(("tags/".into(), newest));
    for tag in &site.tags {
        let lastmod = latest(&mut tag.articles.iter().copied());
        map.extend(
            (1..=paginate::page_count(tag.articles.len()))
                .map(|n| (paginate::page_path(&tag.path(), n), lastmod)),
        );
    }
    let mut paged = |base: &str, items: usize| {
        map.extend(
            (1..=paginate::page_count(items)).map(|n| (paginate::page_path(base, n), newest)),
        );
    };
    paged(CLAIMS_PATH, ledger.claims.len());
    for s in &ledger.statuses {
        paged(&s.path, s.count);
    }
    paged(SOURCES_PATH, ledger.sources.len());
    for p in &ledger.publishers {
        paged(&p.path(), p.count);
    }
    file(feeds::SITEMAP.into(), feeds::sitemap(config, &map))?;
    // A site's own robots.txt (in static/) is copied later and replaces ours.
    if !config.root.join("static").join(feeds::ROBOTS).is_file() {
        file(feeds::ROBOTS.into(), feeds::robots(config).into_bytes())?;
    }
    Ok(files)
}
