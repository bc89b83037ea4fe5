//! Every web address a site names, with where it is written, for `check --links`:
//! sources' `url` (articles and `content/sources.yaml`), claims' `appearances` and
//! links and images in article bodies. Offline: it only reads files; `net` asks.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Deserialize;

use crate::content::{self, ContentFile};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::front_matter;
use crate::yaml::{self, Locator, Seg};

/// Where a URL is written.
#[derive(Clone, Debug)]
pub struct Place {
    pub file: SourceFile,
    pub span: Range<usize>,
    pub kind: Kind,
    /// A source's own `archive_url`.
    pub archive: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A source's `url`.
    Source,
    /// One of a claim's `appearances`.
    Appearance,
    /// A link, image or link card in an article's body.
    Body,
}

/// Web addresses by URL (sorted), each with every place it is written.
pub type Links = BTreeMap<String, Vec<Place>>;

/// The front matter as far as links go: anything else is the ordinary check's job.
#[derive(Deserialize, Default)]
struct Loose {
    #[serde(default)]
    sources: Vec<LooseSource>,
    #[serde(default)]
    claims: Vec<LooseClaim>,
}

#[derive(Deserialize)]
struct LooseSource {
    url: Option<String>,
    archive_url: Option<String>,
}

#[derive(Deserialize)]
struct LooseClaim {
    #[serde(default)]
    appearances: Vec<Appearance>,
}

/// Where a claim was made: a URL, or a mapping with `url:`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Appearance {
    Url(String),
    Entry { url: Option<String> },
}

/// Every web address of the site at `root`, and the files that could not be read.
pub fn collect(root: &Path) -> (Links, Vec<Diagnostic>) {
    let mut links = Links::new();
    let (found, mut problems) = match content::discover(root) {
        Ok(found) => found,
        Err(e) => return (links, e),
    };
    let shared = found.others.iter().filter(|f| f.rel_path == "sources.yaml");
    for f in found.articles.iter().chain(shared) {
        match f.read() {
            Ok(file) => file_links(&file, f, &mut links),
            Err(d) => problems.push(d),
        }
    }
    (links, problems)
}

fn file_links(file: &SourceFile, f: &ContentFile, links: &mut Links) {
    if !f.rel_path.ends_with(".md") {
        yaml_links(file, &file.text, 1, links);
        return;
    }
    let Ok(split) = front_matter::split(file) else {
        return;
    };
    yaml_links(file, split.yaml, split.yaml_line, links);
    body_links(file, split.body, split.body_offset, links);
}

/// Sources' `url` and claims' `appearances` in front matter or `content/sources.yaml`.
fn yaml_links(file: &SourceFile, text: &str, first_line: usize, links: &mut Links) {
    let Ok((loose, _)) = yaml::from_str_unknown::<Loose>(text) else {
        return;
    };
    let mut found: Vec<(String, Vec<Seg>, Kind, Option<String>)> = Vec::new();
    for (i, s) in loose.sources.iter().enumerate() {
        if let Some(url) = &s.url {
            let path = vec![Seg::Key("sources"), Seg::Index(i), Seg::Key("url")];
            found.push((url.clone(), path, Kind::Source, s.archive_url.clone()));
        }
    }
    for (i, c) in loose.claims.iter().enumerate() {
        for (j, a) in c.appearances.iter().enumerate() {
            let mut path = vec![
                Seg::Key("claims"),
                Seg::Index(i),
                Seg::Key("appearances"),
                Seg::Index(j),
            ];
            let url = match a {
                Appearance::Url(u) => u,
                Appearance::Entry { url: Some(u) } => {
                    path.push(Seg::Key("url"));
                    u
                }
                Appearance::Entry { url: None } => continue,
            };
            found.push((url.clone(), path, Kind::Appearance, None));
        }
    }
    found.retain(|(url, ..)| is_web(url));
    if found.is_empty() {
        return;
    }
    let locator = Locator::new(text);
    for (url, path, kind, archive) in found {
        let span = match locator.value(&path) {
            Some(p) => {
                let start = file.offset_of(p.line + first_line - 1, p.col);
                start..start + p.width
            }
            None => 0..0,
        };
        let place = Place {
            file: file.clone(),
            span,
            kind,
            archive,
        };
        links.entry(url.trim().to_string()).or_default().push(place);
    }
}

/// Links, images and link cards (`embed:https://…`) of an article's body.
fn body_links(file: &SourceFile, body: &str, offset: usize, links: &mut Links) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let url = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let url = url.strip_prefix("embed:").unwrap_or(url);
        if !is_web(url) {
            continue;
        }
        let written = &body[range.clone()];
        let span = match written.find(url) {
            Some(at) => offset + range.start + at..offset + range.start + at + url.len(),
            None => offset + range.start..offset + range.end.min(range.start + 1),
        };
        let place = Place {
            file: file.clone(),
            span,
            kind: Kind::Body,
            archive: None,
        };
        links.entry(url.to_string()).or_default().push(place);
    }
}

/// Whether `url` is an address on the web (`http://` or `https://`).
pub fn is_web(url: &str) -> bool {
    let head = url
        .trim_start()
        .get(..8)
        .unwrap_or(url)
        .to_ascii_lowercase();
    head.starts_with("https://") || head.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let file = SourceFile::new("content/a.md", text);
        let f = ContentFile {
            rel_path: "a.md".into(),
            fs_path: "/s/content/a.md".into(),
        };
        let mut links = Links::new();
        file_links(&file, &f, &mut links);
        let mut out: Vec<String> = Vec::new();
        for (url, places) in &links {
            for p in places {
                let (l, c) = p.file.line_col(p.span.start);
                out.push(format!("{l}:{c} {url} {}", &p.file.text[p.span.clone()]));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn links_are_found_where_they_are_written() {
        let text = "---\ntitle: T\nsources:\n  - id: a\n    url: https://a.org/x\n  - id: b\n    url: /local\nclaims:\n  - id: c\n    appearances:\n      - https://c.org/said\n      - url: \"https://c.org/tv\"\n---\nSee [it](https://b.org/y \"t\") and <https://d.org/>, [here](/x) and\n[card](embed:https://e.org/v).\n";
        assert_eq!(
            found(text),
            [
                "11:9 https://c.org/said https://c.org/said",
                "12:14 https://c.org/tv \"https://c.org/tv\"",
                "14:10 https://b.org/y https://b.org/y",
                "14:36 https://d.org/ https://d.org/",
                "15:14 https://e.org/v https://e.org/v",
                "5:10 https://a.org/x https://a.org/x",
            ]
        );
    }
}
