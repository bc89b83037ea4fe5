//! Archived copies of source URLs, recorded in `content/archives.yaml` so that builds
//! stay offline and reproducible: `byline archive` asks a web archive and writes the
//! file (sorted, so it diffs well); every build reads it and gives each source whose
//! URL it names the archived copy, which leads when the URL is known dead.

use std::collections::BTreeMap;
use std::path::Path;

use crate::article::Source;
use crate::config::Config;
use crate::content::{self, ContentFile};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::front_matter;
use crate::site_fs;

/// What `content/archives.yaml` says of one URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub archive_url: Option<String>,
    pub archived: Option<Date>,
    /// The day the live URL was found dead: from then on, the archived copy leads.
    pub dead: Option<Date>,
}

/// Every entry of `content/archives.yaml`, by source URL.
#[derive(Debug, Default, Clone)]
pub struct Archives {
    pub entries: BTreeMap<String, Entry>,
}

impl Archives {
    /// `content/archives.yaml`, if the site has one.
    pub fn load(config: &Config) -> Result<Archives, Vec<Diagnostic>> {
        let fs_path = match site_fs::entry(&config.root, &format!("{}/archives.yaml", content::DIR))
        {
            site_fs::Entry::File(path) => path,
            site_fs::Entry::Link(d) => return Err(vec![d]),
            site_fs::Entry::Missing | site_fs::Entry::Dir(_) => return Ok(Archives::default()),
        };
        let file = ContentFile {
            rel_path: "archives.yaml".into(),
            fs_path,
        }
        .read()
        .map_err(|d| vec![d])?;
        front_matter::parse_archives(&file, config)
    }

    /// Gives each source the archived copy of its URL, unless it names its own, and
    /// marks the sources whose URL is known dead.
    pub fn apply(&self, sources: &mut [Source]) {
        if self.entries.is_empty() {
            return;
        }
        for s in sources {
            let Some(e) = s.url.as_deref().and_then(|u| self.entries.get(u)) else {
                continue;
            };
            if s.archive_url.is_none() {
                s.archive_url.clone_from(&e.archive_url);
                s.archived.clone_from(&e.archived);
            }
            s.dead = e.dead.is_some();
        }
    }

    /// The archived copy known for `url`, from this file.
    pub fn copy_of(&self, url: &str) -> Option<&str> {
        self.entries.get(url)?.archive_url.as_deref()
    }

    /// The file's text: a header, then the entries sorted by URL, every string quoted
    /// (JSON strings are YAML), so the same entries always make the same bytes.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(HEADER);
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        for (url, e) in &self.entries {
            out.push_str(&format!("{}:\n", quote(url)));
            if let Some(a) = &e.archive_url {
                out.push_str(&format!("  archive_url: {}\n", quote(a)));
            }
            if let Some(d) = &e.archived {
                out.push_str(&format!("  archived: {}\n", d.iso()));
            }
            if let Some(d) = &e.dead {
                out.push_str(&format!("  dead: {}\n", d.iso()));
            }
        }
        out
    }

    /// Writes the file whole, through a temporary file renamed into place, so an
    /// interrupted write leaves the last complete one.
    pub fn write(&self, root: &Path) -> std::io::Result<()> {
        let dir = root.join(content::DIR);
        std::fs::create_dir_all(&dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
        std::io::Write::write_all(&mut tmp, self.to_yaml().as_bytes())?;
        tmp.persist(dir.join("archives.yaml"))
            .map(|_| ())
            .map_err(|e| e.error)
    }
}

const HEADER: &str = "\
# Archived copies of the sources' URLs: `byline archive` adds entries, every build
# reads them (offline). Per URL: archive_url, archived (the day of the copy) and,
# when the live URL is known dead, dead (the day it was found dead): the archived
# copy then leads. Entries stay sorted by URL; comments are not kept.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::front_matter::testing;

    #[test]
    fn archives_written_read_back_the_same() {
        let mut a = Archives::default();
        for (url, dead) in [
            ("https://b.org/q?x=1&y=\"2\"", None),
            ("https://a.org/", Some("2026-11-30")),
        ] {
            a.entries.insert(
                url.into(),
                Entry {
                    archive_url: Some(format!("https://web.archive.org/web/20240101000000/{url}")),
                    archived: Some(Date::parse("2024-01-01").unwrap()),
                    dead: dead.map(|d| Date::parse(d).unwrap()),
                },
            );
        }
        let text = a.to_yaml();
        assert!(text.find("a.org").unwrap() < text.find("b.org").unwrap());
        let file = SourceFile::new(front_matter::ARCHIVES, text.clone());
        let back = front_matter::parse_archives(&file, &testing::config("https://e.org/")).unwrap();
        assert_eq!(back.entries, a.entries);
        assert_eq!(back.to_yaml(), text);
    }

    #[test]
    fn a_sources_own_archive_url_wins_and_dead_comes_from_the_file() {
        let mut a = Archives::default();
        a.entries.insert(
            "https://a.org/".into(),
            Entry {
                archive_url: Some("https://archive.example/file".into()),
                archived: None,
                dead: Some(Date::parse("2026-11-30").unwrap()),
            },
        );
        let own = Source {
            url: Some("https://a.org/".into()),
            archive_url: Some("https://archive.example/own".into()),
            ..Source::default()
        };
        let plain = Source {
            url: Some("https://a.org/".into()),
            ..Source::default()
        };
        let mut sources = [own, plain];
        a.apply(&mut sources);
        assert_eq!(
            sources[0].archive_url.as_deref(),
            Some("https://archive.example/own")
        );
        assert_eq!(
            sources[1].archive_url.as_deref(),
            Some("https://archive.example/file")
        );
        assert!(sources[0].dead && sources[1].dead);
    }
}
