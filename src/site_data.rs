//! The pages and files made from the whole site rather than one article: the claims
//! ledger (`/claims/`, a page per status), the sources index (`/sources/`, a page per
//! publisher), `/claims.json`, `/404.html`, the Atom feeds, `sitemap.xml` and
//! `robots.txt`. This module decides what exists and what each page receives; the
//! pipeline's renderer does the rendering and writing.

use std::collections::HashSet;

use crate::article::Article;
use crate::context::{self, ClaimEntry, SourceEntry, Vars};
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
        vars: Vars,
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

/// The files byline writes at the site's root, and what each is.
pub const ROOT_FILES: &[(&str, &str)] = &[
    ("index.html", "the home page"),
    (NOT_FOUND, "the not-found page"),
    (feeds::ATOM, "the site's Atom feed"),
    (feeds::SITEMAP, "the sitemap"),
    (feeds::ROBOTS, "the file for crawlers"),
    (CLAIMS_JSON, "the claims export"),
];

/// The folders whose every page byline writes itself.
pub const FOLDERS: &[&str] = &["tags/", CLAIMS_PATH, SOURCES_PATH, "page/"];

/// What byline generates at `file` (`tags/index.html`), for messages.
pub fn describe(file: &str) -> String {
    match ROOT_FILES.iter().find(|(f, _)| *f == file) {
        Some((_, what)) => what.to_string(),
        None if file.ends_with(".html") => "a page".into(),
        None if file.ends_with(feeds::ATOM) => "a feed".into(),
        None => "a file".into(),
    }
}

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

/// Where site-wide pages and files go: the pipeline's renderer.
pub trait Sink: Sync {
    fn emit(&self, item: Emit<'_>) -> Result<(), Diagnostic>;
    /// Renders `template` with `vars` (and the variables every template has).
    fn fragment(&self, template: &'static str, vars: Vars) -> Result<String, Diagnostic>;
}

/// Emits every site-wide page and file; returns (pages, other files). Pages are
/// rendered in parallel, so `sink` must be usable from several threads.
pub fn render(
    site: &Site,
    ledger: &Ledger,
    bodies: &[Option<String>],
    with_pages: bool,
    sink: &dyn Sink,
) -> Result<(usize, usize), Diagnostic> {
    let (pages, files) = rayon::join(
        || {
            if with_pages {
                pages(site, ledger, sink)
            } else {
                Ok(0)
            }
        },
        || files(site, ledger, bodies, sink),
    );
    Ok((pages?, files?))
}

/// The ledger (`/claims/`, a page per status), the sources index (`/sources/`, a page
/// per publisher) and the 404 page; returns how many pages were written.
fn pages(site: &Site, ledger: &Ledger, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let config = &site.config;
    let emit = |template: &'static str, vars: Vars, path: &str| {
        let file = if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}index.html")
        };
        sink.emit(Emit::Page {
            template,
            vars,
            file,
        })
    };
    // Page `n` of the list at `base`, which holds `total` entries, and its title.
    let at = |base: &str, total: usize, n: usize, title: &str| {
        let pagination = paginate::pagination(config, base, n, total);
        let title = paginate::numbered(title, &pagination);
        (pagination, title, paginate::page_path(base, n))
    };

    let status_of = |c: &LedgerClaim| {
        ledger
            .statuses
            .iter()
            .position(|s| s.key == c.claim.status.key)
    };
    let claims = Grouped {
        items: &ledger.claims,
        group_of: &status_of,
        groups: ledger.statuses.len(),
        entry: &|claim: &LedgerClaim| {
            sink.fragment("claim_entry.html", context::entry(&ClaimEntry { claim }))
        },
        page: &|list: List, entries: String| match list {
            List::All(n) => {
                let total = ledger.claims.len();
                let (pagination, title, path) = at(CLAIMS_PATH, total, n, "Claims");
                let data = context::ClaimsPage {
                    entries,
                    claim_total: total,
                    status_counts: &ledger.statuses,
                    pagination,
                };
                emit("claims.html", context::page("claims", &title, &data), &path)
            }
            List::Group(i, n) => {
                let status = &ledger.statuses[i];
                let title = format!("Claims: {}", status.label);
                let (pagination, title, path) = at(&status.path, status.count, n, &title);
                let data = context::ClaimsStatusPage {
                    entries,
                    status,
                    status_counts: &ledger.statuses,
                    pagination,
                };
                let vars = context::page("claims_status", &title, &data);
                emit("claims_status.html", vars, &path)
            }
        },
    };

    let publisher_of = |s: &LedgerSource| {
        let slug = s.publisher_slug()?;
        ledger
            .publishers
            .binary_search_by(|p| p.slug.as_str().cmp(slug))
            .ok()
    };
    let sources = Grouped {
        items: &ledger.sources,
        group_of: &publisher_of,
        groups: ledger.publishers.len(),
        entry: &|source: &LedgerSource| {
            sink.fragment("source_entry.html", context::entry(&SourceEntry { source }))
        },
        page: &|list: List, entries: String| match list {
            List::All(n) => {
                let total = ledger.sources.len();
                let (pagination, title, path) = at(SOURCES_PATH, total, n, "Sources");
                let data = context::SourcesPage {
                    entries,
                    source_total: total,
                    publishers: &ledger.publishers,
                    pagination,
                };
                emit(
                    "sources.html",
                    context::page("sources", &title, &data),
                    &path,
                )
            }
            List::Group(i, n) => {
                let publisher = &ledger.publishers[i];
                let title = format!("Sources: {}", publisher.name);
                let (pagination, title, path) = at(&publisher.path(), publisher.count, n, &title);
                let data = context::PublisherPage {
                    entries,
                    publisher,
                    pagination,
                };
                let vars = context::page("publisher", &title, &data);
                emit("publisher.html", vars, &path)
            }
        },
    };

    let (claim_pages, source_pages) = rayon::join(|| claims.render(), || sources.render());
    let vars = context::page("404", "Page not found", &context::NotFoundPage {});
    emit("404.html", vars, NOT_FOUND)?;
    Ok(claim_pages? + source_pages? + 1)
}

/// A page of a list whose entries each show twice: `All(n)`, page `n` of the whole
/// list, or `Group(g, n)`, page `n` of the list of group `g` (a status, a publisher).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum List {
    All(usize),
    Group(usize, usize),
}

/// Entries shown on the whole list and on their group's, such as a claim on
/// `/claims/` and on its status's page. Each entry is rendered once and placed on
/// both, a window of pages at a time, so a large site's entries are never all held.
struct Grouped<'a, T> {
    items: &'a [T],
    group_of: &'a (dyn Fn(&T) -> Option<usize> + Sync),
    groups: usize,
    entry: &'a (dyn Fn(&T) -> Result<String, Diagnostic> + Sync),
    page: &'a (dyn Fn(List, String) -> Result<(), Diagnostic> + Sync),
}

/// Pages of the whole list rendered between two hand-overs to the group lists.
const WINDOW_PAGES: usize = 10;

impl<T: Sync> Grouped<'_, T> {
    /// Renders every page, the whole list's and each group's; returns how many.
    fn render(&self) -> Result<usize, Diagnostic> {
        let window = WINDOW_PAGES * paginate::PER_PAGE;
        // A group's entries not yet on a page, and how many pages it has.
        let mut pending: Vec<Vec<String>> = vec![Vec::new(); self.groups];
        let mut made = vec![0; self.groups];
        let mut pages: Vec<(List, String)> = Vec::new();
        let mut count = 0;
        let mut emit = |pages: &mut Vec<(List, String)>| {
            count += pages.len();
            pages
                .par_drain(..)
                .try_for_each(|(list, entries)| (self.page)(list, entries))
        };
        for (w, items) in self.items.chunks(window).enumerate() {
            let entries: Vec<String> =
                items.par_iter().map(self.entry).collect::<Result<_, _>>()?;
            for (k, page) in entries.chunks(paginate::PER_PAGE).enumerate() {
                pages.push((List::All(w * WINDOW_PAGES + k + 1), page.join("\n")));
            }
            for (item, entry) in items.iter().zip(entries) {
                let Some(g) = (self.group_of)(item) else {
                    continue;
                };
                pending[g].push(entry);
                if pending[g].len() == paginate::PER_PAGE {
                    made[g] += 1;
                    pages.push((List::Group(g, made[g]), pending[g].join("\n")));
                    pending[g].clear();
                }
            }
            emit(&mut pages)?;
        }
        // Every list has a first page, empty or not.
        if self.items.is_empty() {
            pages.push((List::All(1), String::new()));
        }
        for (g, rest) in pending.iter().enumerate() {
            if !rest.is_empty() || made[g] == 0 {
                pages.push((List::Group(g, made[g] + 1), rest.join("\n")));
            }
        }
        emit(&mut pages)?;
        Ok(count)
    }
}

/// claims.json, the feeds, the sitemap and robots.txt; returns how many were written.
fn files(
    site: &Site,
    ledger: &Ledger,
    bodies: &[Option<String>],
    sink: &dyn Sink,
) -> Result<usize, Diagnostic> {
    let config = &site.config;
    let mut files = 1; // claims.json, streamed below
    let mut file = |file: String, bytes: Vec<u8>| {
        files += 1;
        sink.emit(Emit::File { file, bytes })
    };
    sink.emit(Emit::Stream {
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
    // A robots.txt in static/ is copied later and replaces ours.
    if site.statics.get(feeds::ROBOTS).is_none() {
        file(feeds::ROBOTS.into(), feeds::robots(config).into_bytes())?;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Renders `items` entries as `<n>`, grouped by `group`, into a map of pages.
    fn grouped_pages(
        items: usize,
        groups: usize,
        group: fn(usize) -> Option<usize>,
    ) -> (usize, BTreeMap<List, String>) {
        let items: Vec<usize> = (0..items).collect();
        let pages = Mutex::new(BTreeMap::new());
        let count = Grouped {
            items: &items,
            group_of: &|&n| group(n),
            groups,
            entry: &|n| Ok(format!("<{n}>")),
            page: &|list, entries| {
                assert!(pages.lock().unwrap().insert(list, entries).is_none());
                Ok(())
            },
        }
        .render()
        .unwrap();
        (count, pages.into_inner().unwrap())
    }

    /// A page of `<n>` entries, as `Grouped` joins them.
    fn entries(range: impl Iterator<Item = usize>) -> String {
        range
            .map(|n| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn joined(pages: Vec<&String>) -> String {
        pages
            .into_iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn each_entry_is_on_one_page_of_the_whole_list_and_one_of_its_group() {
        // Over two windows, with a group that has no entries and entries in no group.
        let items = 2 * WINDOW_PAGES * paginate::PER_PAGE + 250;
        let group = |n: usize| (n % 5 != 0).then_some(n % 2);
        let (count, pages) = grouped_pages(items, 3, group);
        assert_eq!(count, pages.len());

        let all: Vec<&String> = pages
            .iter()
            .filter(|(l, _)| matches!(l, List::All(_)))
            .map(|(_, e)| e)
            .collect();
        assert_eq!(all.len(), items.div_ceil(paginate::PER_PAGE));
        assert_eq!(pages[&List::All(1)], entries(0..100));
        assert_eq!(pages[&List::All(all.len())], entries(items - 50..items));
        assert_eq!(joined(all), entries(0..items));

        for g in 0..2 {
            let members: Vec<usize> = (0..items).filter(|&n| group(n) == Some(g)).collect();
            let made: Vec<&String> = (1..).map_while(|n| pages.get(&List::Group(g, n))).collect();
            assert_eq!(made.len(), members.len().div_ceil(paginate::PER_PAGE));
            assert_eq!(made[0], &entries(members[..100].iter().copied()));
            assert_eq!(joined(made), entries(members.into_iter()));
        }
        assert_eq!(
            pages[&List::Group(2, 1)],
            "",
            "an empty group still has its page"
        );
        assert!(!pages.contains_key(&List::Group(2, 2)));
    }

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let (count, pages) = grouped_pages(0, 1, |_| Some(0));
        assert_eq!(count, 2);
        assert_eq!(pages[&List::All(1)], "");
        assert_eq!(pages[&List::Group(0, 1)], "");
    }
}
