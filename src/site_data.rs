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
use crate::ledger::{Ledger, CLAIMS_JSON, CLAIMS_PATH, SOURCES_PATH};
use crate::site::Site;

/// Something to write: a page rendered from a template, or finished bytes.
pub enum Emit {
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
}

pub const NOT_FOUND: &str = "404.html";

/// Indices (into `site.articles`) of the articles some feed carries, whose bodies
/// must be kept after rendering.
pub fn feed_articles(site: &Site) -> HashSet<usize> {
    let mut keep: HashSet<usize> = published(site, 0..site.articles.len()).collect();
    for tag in &site.tags {
        keep.extend(published(site, tag.articles.iter().copied()));
    }
    keep
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

/// Emits every site-wide page and file; returns (pages, other files).
pub fn render(
    site: &Site,
    bodies: &[Option<String>],
    emit: &mut dyn FnMut(Emit) -> Result<(), Diagnostic>,
) -> Result<(usize, usize), Diagnostic> {
    let config = &site.config;
    let ledger = Ledger::new(site);
    let mut pages = 0;
    let mut files = 0;
    let mut page = |template, kind: &str, title: &str, path: &str, fill: &dyn Fn(&mut Context)| {
        let mut context = Context::new();
        context.insert("page_kind", kind);
        context.insert("page_title", title);
        fill(&mut context);
        let file = if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}index.html")
        };
        pages += 1;
        emit(Emit::Page {
            template,
            context,
            file,
        })
    };

    page("claims.html", "claims", "Claims", CLAIMS_PATH, &|c| {
        c.insert("claims", &ledger.claims);
        c.insert("status_counts", &ledger.statuses);
    })?;
    for status in &ledger.statuses {
        let claims = ledger.claims_with_status(status.key);
        page(
            "claims_status.html",
            "claims_status",
            &format!("Claims: {}", status.label),
            &status.path,
            &|c| {
                c.insert("status", status);
                c.insert("claims", &claims);
                c.insert("status_counts", &ledger.statuses);
            },
        )?;
    }
    page("sources.html", "sources", "Sources", SOURCES_PATH, &|c| {
        c.insert("sources", &ledger.sources);
        c.insert("publishers", &ledger.publishers);
    })?;
    for publisher in &ledger.publishers {
        let sources = ledger.sources_of(publisher);
        page(
            "publisher.html",
            "publisher",
            &format!("Sources: {}", publisher.name),
            &publisher.path(),
            &|c| {
                c.insert("publisher", publisher);
                c.insert("sources", &sources);
            },
        )?;
    }
    page("404.html", "404", "Page not found", NOT_FOUND, &|_| {})?;

    let mut file = |file: String, bytes: Vec<u8>| {
        files += 1;
        emit(Emit::File { file, bytes })
    };
    file(CLAIMS_JSON.into(), ledger.to_json(config).into_bytes())?;

    let entries = |indices: &mut dyn Iterator<Item = usize>| -> Vec<(&Article, Option<&str>)> {
        published(site, indices)
            .map(|i| (&site.articles[i], bodies.get(i).and_then(|b| b.as_deref())))
            .collect()
    };
    let home = Feed {
        title: config.title.clone(),
        page: String::new(),
        entries: entries(&mut (0..site.articles.len())),
    };
    file(home.path(), home.render(config))?;
    for tag in &site.tags {
        let feed = Feed {
            title: format!("{}: {}", config.title, tag.name),
            page: tag.path(),
            entries: entries(&mut tag.articles.iter().copied()),
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
    let mut map: Vec<(String, Option<&Date>)> = vec![(String::new(), newest)];
    map.extend(
        site.articles
            .iter()
            .filter(|a| !a.draft)
            .map(|a| (a.path.clone(), Some(a.modified()))),
    );
    map.push(("tags/".into(), newest));
    for tag in &site.tags {
        map.push((tag.path(), latest(&mut tag.articles.iter().copied())));
    }
    map.push((CLAIMS_PATH.into(), newest));
    map.extend(ledger.statuses.iter().map(|s| (s.path.clone(), newest)));
    map.push((SOURCES_PATH.into(), newest));
    map.extend(ledger.publishers.iter().map(|p| (p.path(), newest)));
    file(feeds::SITEMAP.into(), feeds::sitemap(config, &map))?;
    // A site's own robots.txt (in static/) is copied later and replaces ours.
    if !config.root.join("static").join(feeds::ROBOTS).is_file() {
        file(feeds::ROBOTS.into(), feeds::robots(config).into_bytes())?;
    }
    Ok((pages, files))
}
