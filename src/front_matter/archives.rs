//! `content/archives.yaml`: the archived copy of each source URL, which `byline archive`
//! writes and every build reads offline. Checked like `content/sources.yaml`, each
//! mistake at its line.

use std::collections::BTreeMap;

use crate::archives::{Archives, Entry};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::yaml::Seg;

use super::check::{Checker, Doc};
use super::raw::{RawArchive, Text};

/// Where archived copies are recorded, as writers see it.
pub const ARCHIVES: &str = "content/archives.yaml";

/// Reads and checks `content/archives.yaml`: a mapping from source URL to its copy.
pub fn parse_archives(file: &SourceFile, config: &Config) -> Result<Archives, Vec<Diagnostic>> {
    let mut c = Checker::new(Doc::Archives, file, &file.text, 1);
    let raw: BTreeMap<String, RawArchive> = c.read()?;
    let mut entries = BTreeMap::new();
    for (url, r) in raw {
        let here = [Seg::Key(&url)];
        if !is_web_url(&url) {
            let span = c.key_span(&[], &url);
            c.error(
                "invalid-archive",
                format!("`{url}` is not a web address"),
                span,
                Some("each key is a source's URL as its `url:` says, starting with https:// or http://".into()),
            );
        }
        let archive_url = web_url(
            &mut c,
            r.archive_url,
            &[here[0], Seg::Key("archive_url")],
            config,
        );
        let archived = c.date(r.archived, &[here[0], Seg::Key("archived")]);
        let dead = c.date(r.dead, &[here[0], Seg::Key("dead")]);
        if archive_url.is_none() && dead.is_none() && c.errors.is_empty() {
            let span = c.key_span(&[], &url);
            c.error(
                "invalid-archive",
                format!("the entry for `{url}` has neither `archive_url` nor `dead`"),
                span,
                Some(
                    "give the address of its archived copy (`archive_url:`), or remove the entry"
                        .into(),
                ),
            );
        }
        entries.insert(
            url,
            Entry {
                archive_url,
                archived,
                dead,
            },
        );
    }
    if c.errors.is_empty() {
        Ok(Archives { entries })
    } else {
        Err(c.into_errors())
    }
}

fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A URL the site's policy allows that is also an absolute web address.
fn web_url(c: &mut Checker, value: Option<Text>, path: &[Seg], config: &Config) -> Option<String> {
    let raw = value.as_ref().map(|t| t.0.trim().to_string());
    let url = c.url(value, path, config, ARCHIVES)?;
    if is_web_url(&url) {
        return Some(url);
    }
    let span = c.value_span(path);
    c.error(
        "invalid-archive",
        format!("`{}` is not a web address", raw.unwrap_or_default()),
        span,
        Some("write the archived copy's full address, e.g. https://web.archive.org/web/2024…/https://…".into()),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::testing;

    fn parse(text: &str) -> Result<Archives, Vec<String>> {
        let file = SourceFile::new(ARCHIVES, text);
        parse_archives(&file, &testing::config("https://e.org/")).map_err(|e| {
            e.iter()
                .map(|d| format!("{} {}", d.location().unwrap(), d.message))
                .collect()
        })
    }

    #[test]
    fn an_archives_file_reads_into_entries_by_url() {
        let a = parse("\"https://a.org/x\":\n  archive_url: https://web.archive.org/web/20240101000000/https://a.org/x\n  archived: 2024-01-01\n  dead: 2026-11-30\n").unwrap();
        let e = &a.entries["https://a.org/x"];
        assert_eq!(e.archived.as_ref().unwrap().iso(), "2024-01-01");
        assert_eq!(e.dead.as_ref().unwrap().iso(), "2026-11-30");
        assert!(e
            .archive_url
            .as_deref()
            .unwrap()
            .starts_with("https://web.archive.org/"));
    }

    #[test]
    fn archives_mistakes_are_reported_at_their_lines() {
        let e = parse("https://a.org/x:\n  archive_url: /local\n  archivd: 2024-01-01\nnot-a-url:\n  archive_url: https://web.archive.org/x\n  dead: soon\n").unwrap_err();
        assert_eq!(
            e,
            [
                "content/archives.yaml:3:3 unknown key `archivd` in an archived copy",
                "content/archives.yaml:2:16 `/local` is not a web address",
                "content/archives.yaml:4:1 `not-a-url` is not a web address",
                "content/archives.yaml:6:9 `soon` is not a date in the form YYYY-MM-DD",
            ]
        );
    }
}
