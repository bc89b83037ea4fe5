//! Every web address a site names, with where it is written, for `check --links` and
//! `archive`: sources' `url` (articles, `content/sources.yaml`, and `sources.bib` and
//! `sources.json` as the build's `bibliography` reads them), claims' `appearances`
//! (articles and `content/claims.yaml`) and links and images in article bodies.
//! Offline: it only reads files; `net` asks.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Deserialize;

use crate::bibliography::{self, Keyed};
use crate::config::Config;
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
    /// The source's or appearance's own `archive_url`.
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
    Entry {
        url: Option<String>,
        archive_url: Option<String>,
    },
}

/// The files of `content/` besides articles that name web addresses in YAML.
const YAML_FILES: [&str; 2] = ["sources.yaml", "claims.yaml"];

type Parse = fn(&SourceFile, &Config, &mut Vec<Diagnostic>) -> Result<Keyed, Vec<Diagnostic>>;

/// The bibliography files and the build's reader of each.
const BIBLIOGRAPHIES: [(&str, Parse); 2] = [
    (bibliography::BIB_FILE, bibliography::parse_bibtex),
    (bibliography::JSON_FILE, bibliography::parse_csl_json),
];

/// Every web address of the site, and the files that could not be read (with a
/// bibliography's errors: its sources are the build's, or none).
pub fn collect(config: &Config) -> (Links, Vec<Diagnostic>) {
    let mut links = Links::new();
    let (found, mut problems) = match content::discover(&config.root) {
        Ok(found) => found,
        Err(e) => return (links, e),
    };
    let shared = found
        .others
        .iter()
        .filter(|f| YAML_FILES.contains(&f.rel_path.as_str()));
    for f in found.articles.iter().chain(shared) {
        match f.read() {
            Ok(file) => file_links(&file, f, &mut links),
            Err(d) => problems.push(d),
        }
    }
    for f in &found.others {
        let Some((_, parse)) = BIBLIOGRAPHIES.iter().find(|(n, _)| *n == f.rel_path) else {
            continue;
        };
        let read = f
            .read()
            .map_err(|d| vec![d])
            .and_then(|file| Ok((parse(&file, config, &mut Vec::new())?, file)));
        match read {
            Ok((sources, file)) => bibliography_links(&file, sources, &mut links),
            Err(e) => problems.extend(e),
        }
    }
    (links, problems)
}

/// The web addresses of a bibliography's sources, where its reader found them.
fn bibliography_links(file: &SourceFile, sources: Keyed, links: &mut Links) {
    for (source, spans) in sources {
        let (Some(url), Some(span)) = (source.url, spans.url) else {
            continue;
        };
        if !is_web(&url) {
            continue;
        }
        let place = Place {
            file: file.clone(),
            span,
            kind: Kind::Source,
            archive: source.archive_url,
        };
        links.entry(url).or_default().push(place);
    }
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

/// Sources' `url` and claims' `appearances` in front matter, `content/sources.yaml` or
/// `content/claims.yaml`.
fn yaml_links(file: &SourceFile, text: &str, first_line: usize, links: &mut Links) {
    let Ok((loose, _)) = yaml::from_str_unknown::<Loose>(text) else {
        return;
    };
    let mut found = written(&loose);
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

/// A URL as YAML holds it: its path in the document, what it is, its own archived copy.
type Written<'a> = (String, Vec<Seg<'a>>, Kind, Option<String>);

/// The URLs of sources and appearances, each with its path in the document.
fn written(loose: &Loose) -> Vec<Written<'static>> {
    let mut found: Vec<Written> = Vec::new();
    for (i, s) in loose.sources.iter().enumerate() {
        if let Some(url) = &s.url {
            let path = vec![Seg::Key("sources"), Seg::Index(i), Seg::Key("url")];
            found.push((url.clone(), path, Kind::Source, s.archive_url.clone()));
        }
    }
    let appearances = loose.claims.iter().enumerate().flat_map(|(i, c)| {
        c.appearances
            .iter()
            .enumerate()
            .map(move |(j, a)| (i, j, a))
    });
    for (i, j, a) in appearances {
        let mut path = vec![
            Seg::Key("claims"),
            Seg::Index(i),
            Seg::Key("appearances"),
            Seg::Index(j),
        ];
        let (url, archive) = match a {
            Appearance::Url(u) => (u, None),
            Appearance::Entry {
                url: Some(u),
                archive_url,
            } => {
                path.push(Seg::Key("url"));
                (u, archive_url.clone())
            }
            Appearance::Entry { url: None, .. } => continue,
        };
        found.push((url.clone(), path, Kind::Appearance, archive));
    }
    found
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
