//! The files every static host and reader expects beside the pages: Atom feeds (the
//! whole site and one per tag), `sitemap.xml` and `robots.txt`. Written with
//! quick-xml, which escapes every text and attribute, and with absolute URLs from
//! `base_url`, so they work for readers and crawlers whatever the base path.

use std::collections::HashSet;
use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::article::Article;
use crate::config::Config;
use crate::corrections::{LogEntry, CORRECTIONS_FEED, CORRECTIONS_PATH};
use crate::date::Date;
use crate::generated::Input;
use crate::html;
use crate::site::Site;
use crate::translations::Alternate;

/// How many articles a feed carries (the newest).
pub const FEED_LIMIT: usize = 20;
pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
/// The names of the files `sitemap.xml` indexes on a large site: `sitemap-1.xml`, …
/// At the root, since a sitemap may only list pages under its own folder.
pub const SITEMAP_PART: (&str, &str) = ("sitemap-", ".xml");
/// What one sitemap file may hold, by the protocol: URLs, and bytes uncompressed.
const SITEMAP_URLS: usize = 50_000;
const SITEMAP_BYTES: usize = 50 * 1024 * 1024;
pub const ROBOTS: &str = "robots.txt";

/// Indices (into `site.articles`) of the articles whose bodies the site-wide feed
/// carries, which must be kept after rendering. Tag feeds carry summaries only: full
/// bodies in two hundred tag feeds would hold thousands of pages in memory.
pub fn carried(site: &Site) -> HashSet<usize> {
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

/// `atom.xml`: the site's newest articles, with their bodies.
pub fn site_feed(input: &Input) -> Vec<u8> {
    let site = input.site;
    let feed = Feed {
        title: site.config.title.clone(),
        page: String::new(),
        entries: published(site, 0..site.articles.len())
            .map(|i| {
                let body = input.bodies.get(i).and_then(|b| b.as_deref());
                (&site.articles[i], body)
            })
            .collect(),
    };
    feed.render(&site.config)
}

/// `tags/<slug>/atom.xml`: the newest articles of the site's tag `tag`, summaries only.
pub fn tag_feed(input: &Input, tag: usize) -> Vec<u8> {
    let (site, tag) = (input.site, &input.site.tags[tag]);
    let feed = Feed {
        title: format!("{}: {}", site.config.title, tag.name),
        page: tag.path(),
        entries: published(site, tag.articles.iter().copied())
            .map(|i| (&site.articles[i], None))
            .collect(),
    };
    feed.render(&site.config)
}

/// One Atom feed: the articles of a page (`""` for the home page, `tags/x/`).
pub struct Feed<'a> {
    pub title: String,
    /// Site path of the HTML page the feed mirrors; the feed is `<page>atom.xml`.
    pub page: String,
    /// Newest first, at most `FEED_LIMIT`, each with its rendered body if known.
    pub entries: Vec<(&'a Article, Option<&'a str>)>,
}

impl Feed<'_> {
    pub fn path(&self) -> String {
        format!("{}{ATOM}", self.page)
    }

    pub fn render(&self, config: &Config) -> Vec<u8> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        self.write(&mut w, config)
            .expect("writing to memory cannot fail");
        let mut out = w.into_inner();
        out.push(b'\n');
        well_formed(out)
    }

    fn write(&self, w: &mut Writer<Vec<u8>>, config: &Config) -> io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let updated = self
            .entries
            .iter()
            .map(|(a, _)| a.modified())
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), Date::rfc3339);
        let page = config.permalink(&self.page);
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", config.lang.tag()))
            .write_inner_content(|w| {
                text(w, "title", &self.title)?;
                if !config.description.is_empty() {
                    text(w, "subtitle", &config.description)?;
                }
                text(w, "id", &page)?;
                link(
                    w,
                    "self",
                    &config.permalink(&self.path()),
                    Some("application/atom+xml"),
                )?;
                link(w, "alternate", &page, Some("text/html"))?;
                text(w, "updated", &updated)?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", &config.publisher.name))?;
                w.create_element("generator")
                    .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                    .write_text_content(BytesText::new("byline"))?;
                for (a, html) in &self.entries {
                    entry(w, config, a, *html)?;
                }
                Ok(())
            })?;
        Ok(())
    }
}

fn entry(
    w: &mut Writer<Vec<u8>>,
    config: &Config,
    a: &Article,
    html: Option<&str>,
) -> io::Result<()> {
    let url = config.permalink(&a.path);
    w.create_element("entry").write_inner_content(|w| {
        text(w, "title", &a.title)?;
        link(w, "alternate", &url, Some("text/html"))?;
        text(w, "id", &url)?;
        text(w, "published", &a.date.rfc3339())?;
        text(w, "updated", &a.modified().rfc3339())?;
        for name in &a.authors {
            w.create_element("author")
                .write_inner_content(|w| text(w, "name", name))?;
        }
        for tag in &a.tags {
            w.create_element("category")
                .with_attribute(("term", tag.as_str()))
                .write_empty()?;
        }
        if let Some(summary) = &a.summary {
            text(w, "summary", summary)?;
        }
        if let Some(html) = html {
            // Relative links in the body (`#cite-1`, `/project/x/`) resolve against the page.
            w.create_element("content")
                .with_attribute(("type", "html"))
                .with_attribute(("xml:base", url.as_str()))
                .write_text_content(BytesText::new(html))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `corrections/atom.xml`: the newest entries of the corrections log, each a note
/// on an article page, identified by that note's permalink.
pub fn corrections_feed(input: &Input) -> Vec<u8> {
    let config = &input.site.config;
    let entries = &input.corrections()[..input.corrections().len().min(FEED_LIMIT)];
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let updated = entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.date.rfc3339());
        let page = config.permalink(CORRECTIONS_PATH);
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", config.lang.tag()))
            .write_inner_content(|w| {
                text(w, "title", &format!("{}: corrections", config.title))?;
                text(w, "id", &page)?;
                let feed = config.permalink(CORRECTIONS_FEED);
                link(w, "self", &feed, Some("application/atom+xml"))?;
                link(w, "alternate", &page, Some("text/html"))?;
                text(w, "updated", &updated)?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", &config.publisher.name))?;
                for e in entries {
                    correction_entry(w, e)?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    result.expect("writing to memory cannot fail");
    let mut out = w.into_inner();
    out.push(b'\n');
    well_formed(out)
}

fn correction_entry(w: &mut Writer<Vec<u8>>, e: &LogEntry) -> io::Result<()> {
    let url = e.permalink();
    w.create_element("entry").write_inner_content(|w| {
        text(w, "title", &format!("{}: {}", e.kind(), e.article.title))?;
        link(w, "alternate", &url, Some("text/html"))?;
        text(w, "id", &url)?;
        text(w, "published", &e.date.rfc3339())?;
        text(w, "updated", &e.date.rfc3339())?;
        text(w, "summary", &e.text())?;
        Ok(())
    })?;
    Ok(())
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: Option<&str>) -> io::Result<()> {
    let mut e = w
        .create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", href));
    if let Some(kind) = kind {
        e = e.with_attribute(("type", kind));
    }
    e.write_empty()?;
    Ok(())
}

/// `sitemap.xml`: every page (site path) with the date it last changed, if known.
pub fn sitemap(config: &Config, pages: &[SitemapPage]) -> Vec<u8> {
    let entries = pages
        .iter()
        .map(|(path, d, alternates)| (config.permalink(path), *d, *alternates));
    sitemap_xml("urlset", "url", entries, !config.translations.is_empty())
}

/// A page the sitemap lists: its site path, when it last changed, and its versions in
/// every language (on a site in several).
pub type SitemapPage<'a> = (String, Option<&'a Date>, Option<&'a [Alternate]>);

/// A sitemap file: the `root` element, and an `entry` for each location and date, with
/// its versions in other languages as `xhtml:link`s (`multilingual` declares the
/// namespace they need).
fn sitemap_xml<'d>(
    root: &str,
    entry: &str,
    entries: impl Iterator<Item = (String, Option<&'d Date>, Option<&'d [Alternate]>)>,
    multilingual: bool,
) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let mut start = w
            .create_element(root)
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        if multilingual {
            start = start.with_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
        }
        start.write_inner_content(|w| {
            for (loc, lastmod, alternates) in entries {
                w.create_element(entry).write_inner_content(|w| {
                    text(w, "loc", &loc)?;
                    if let Some(d) = lastmod {
                        text(w, "lastmod", &d.iso())?;
                    }
                    for alt in alternates.unwrap_or_default() {
                        w.create_element("xhtml:link")
                            .with_attribute(("rel", "alternate"))
                            .with_attribute(("hreflang", alt.lang.as_str()))
                            .with_attribute(("href", alt.permalink.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })();
    result.expect("writing to memory cannot fail");
    let mut out = w.into_inner();
    out.push(b'\n');
    well_formed(out)
}

/// `xml` with every character XML 1.0 forbids (even escaped) replaced by U+FFFD.
/// Articles cannot hold one, but site.toml can spell any character with an escape,
/// and a feed must stay XML that readers accept.
fn well_formed(xml: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&xml) else {
        return xml;
    };
    if html::forbidden_char(text).is_none() {
        return xml;
    }
    text.chars()
        .map(|c| if html::is_forbidden(c) { '\u{fffd}' } else { c })
        .collect::<String>()
        .into_bytes()
}

/// How the sitemap's `pages` are split between files so that none holds more than the
/// protocol allows: one range while `sitemap.xml` holds them all.
pub fn sitemap_parts(config: &Config, pages: &[SitemapPage]) -> Vec<std::ops::Range<usize>> {
    split_by(
        pages,
        SITEMAP_URLS,
        SITEMAP_BYTES,
        |(path, _, alternates)| {
            // `<url><loc>…</loc><lastmod>…</lastmod></url>`, indented, escaped at worst.
            let links = alternates.unwrap_or_default().iter();
            let links: usize = links
                .map(|a| 80 + 5 * (a.permalink.len() + a.lang.len()))
                .sum();
            120 + 5 * config.permalink(path).len() + links
        },
    )
}

/// `items` in consecutive ranges of at most `count` items and `bytes` bytes each
/// (`size` bounds an item's bytes); one range when all fit.
fn split_by<T>(
    items: &[T],
    count: usize,
    bytes: usize,
    size: impl Fn(&T) -> usize,
) -> Vec<std::ops::Range<usize>> {
    let (mut parts, mut start, mut used) = (Vec::new(), 0, 0);
    for (i, item) in items.iter().enumerate() {
        let size = size(item);
        if i > start && (i - start == count || used + size > bytes) {
            parts.push(start..i);
            (start, used) = (i, 0);
        }
        used += size;
    }
    parts.push(start..items.len());
    parts
}

/// `sitemap.xml` as an index of its `parts` files, each changed when the site last did.
pub fn sitemap_index(config: &Config, parts: usize, lastmod: Option<&Date>) -> Vec<u8> {
    let (prefix, suffix) = SITEMAP_PART;
    let files = (1..=parts).map(|n| {
        let loc = config.permalink(&format!("{prefix}{n}{suffix}"));
        (loc, lastmod, None)
    });
    sitemap_xml("sitemapindex", "sitemap", files, false)
}

/// `robots.txt`: everything may be crawled; the sitemap is announced, and on a site in
/// several languages each language's.
pub fn robots(config: &Config) -> String {
    let mut robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.permalink(SITEMAP)
    );
    for lang in &config.translations {
        let sitemap = config.in_language(lang).permalink(SITEMAP);
        robots.push_str(&format!("Sitemap: {sitemap}\n"));
    }
    robots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_points_at_the_sitemap_under_the_base_path() {
        let c = crate::front_matter::testing::config("https://u.github.io/p/");
        assert_eq!(
            robots(&c),
            "User-agent: *\nAllow: /\n\nSitemap: https://u.github.io/p/sitemap.xml\n"
        );
        let xml = String::from_utf8(sitemap(&c, &[("a/".into(), None, None)])).unwrap();
        assert!(xml.contains("<loc>https://u.github.io/p/a/</loc>"), "{xml}");
    }

    #[test]
    fn a_sitemap_file_holds_at_most_its_count_and_bytes() {
        let items = [3, 3, 3, 3, 3];
        assert_eq!(split_by(&items, 10, 100, |&n| n), vec![(0..5)]);
        assert_eq!(split_by(&items, 2, 100, |&n| n), [0..2, 2..4, 4..5]);
        assert_eq!(split_by(&items, 10, 7, |&n| n), [0..2, 2..4, 4..5]);
        // An item larger than a file still gets one, alone.
        assert_eq!(split_by(&[9, 1], 10, 5, |&n| n), [0..1, 1..2]);
        assert_eq!(split_by::<u8>(&[], 10, 5, |_| 1), vec![(0..0)]);
    }

    #[test]
    fn fifty_thousand_pages_fit_one_sitemap_and_one_more_makes_an_index() {
        let c = crate::front_matter::testing::config("https://u.github.io/p/");
        let pages: Vec<SitemapPage> = (0..50_001)
            .map(|i| (format!("a{i}/"), None, None))
            .collect();
        assert_eq!(sitemap_parts(&c, &pages[..50_000]), vec![(0..50_000)]);
        assert_eq!(sitemap_parts(&c, &pages), [0..50_000, 50_000..50_001]);
        let index = String::from_utf8(sitemap_index(&c, 2, None)).unwrap();
        assert_eq!(
            index,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  \
             <sitemap>\n    <loc>https://u.github.io/p/sitemap-1.xml</loc>\n  </sitemap>\n  \
             <sitemap>\n    <loc>https://u.github.io/p/sitemap-2.xml</loc>\n  </sitemap>\n\
             </sitemapindex>\n"
        );
    }
}
