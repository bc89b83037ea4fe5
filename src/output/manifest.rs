//! `.byline-manifest`: every file a build wrote, kept in the output folder. It is how
//! the next build tells byline's files (replaced, or deleted when no longer made) from
//! everything else in the folder (kept), and how a folder byline made is told from one
//! it did not.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::ops::Bound;
use std::path::{Path, PathBuf};

/// The manifest's name, at the top of the output folder.
pub const NAME: &str = ".byline-manifest";

/// The first line; a file without it is not byline's manifest.
const HEADER: &str = "byline output manifest 1";

/// The files of one build, as `/`-separated paths relative to the output folder.
#[derive(Debug, Default)]
pub struct Manifest {
    files: BTreeSet<String>,
}

impl Manifest {
    /// The manifest in `dir`, if `dir` holds one.
    pub fn read(dir: &Path) -> Option<Manifest> {
        let text = fs::read_to_string(dir.join(NAME)).ok()?;
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return None;
        }
        Some(Manifest {
            files: lines.map(unescape).collect(),
        })
    }

    /// The manifest's bytes: the header, then one path a line, sorted.
    pub fn render(files: &BTreeSet<String>) -> Vec<u8> {
        let mut out = String::with_capacity(HEADER.len() + 1 + files.len() * 32);
        out.push_str(HEADER);
        out.push('\n');
        for f in files {
            escape(f, &mut out);
            out.push('\n');
        }
        out.into_bytes()
    }

    fn has_file(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    /// Whether any file of the manifest lies inside the folder `rel`.
    fn has_folder(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        self.files
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .next()
            .is_some_and(|f| f.starts_with(&prefix))
    }

    /// What `dir` holds that this manifest does not list: the topmost such entries
    /// (a folder of them is one entry, not looked into), sorted. Symlinks are entries,
    /// never followed; names that are not UTF-8 are never byline's.
    pub fn foreign(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        let mut folders = vec![PathBuf::new()];
        while let Some(rel) = folders.pop() {
            for entry in fs::read_dir(dir.join(&rel))? {
                let entry = entry?;
                let child = rel.join(entry.file_name());
                if child.to_str().is_none() {
                    found.push(child);
                    continue;
                }
                let key = crate::content::slash_path(&child);
                if key == NAME {
                    continue;
                }
                let kind = entry.file_type()?;
                if kind.is_dir() && self.has_folder(&key) {
                    folders.push(child);
                } else if kind.is_dir() || !self.has_file(&key) {
                    found.push(child);
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// Line breaks and backslashes in a file name, escaped so that each path is one line.
fn escape(path: &str, out: &mut String) {
    for c in path.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_line_breaks_and_backslashes_come_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let files: BTreeSet<String> = ["a/index.html", "odd\nname", "back\\slash\r", "ü.txt"]
            .into_iter()
            .map(String::from)
            .collect();
        fs::write(dir.path().join(NAME), Manifest::render(&files)).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap().files, files);
    }

    #[test]
    fn a_file_without_the_header_is_no_manifest() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::read(dir.path()).is_none());
        fs::write(dir.path().join(NAME), "index.html\n").unwrap();
        assert!(Manifest::read(dir.path()).is_none());
    }

    #[test]
    #[cfg(unix)]
    fn foreign_entries_are_the_topmost_ones_the_manifest_does_not_list() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "index.html",
            "a/index.html",
            "a/notes.txt",
            "ab",
            "b/c/index.html",
            ".git/HEAD",
            ".git/refs/x",
            "a-b/index.html",
        ] {
            fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            fs::write(d.join(f), "x").unwrap();
        }
        fs::create_dir(d.join("empty")).unwrap();
        std::os::unix::fs::symlink("/", d.join("b/c/link")).unwrap();
        let listed = ["index.html", "a/index.html", "b/c/index.html", "a-b"];
        let manifest = Manifest {
            files: listed.into_iter().map(String::from).collect(),
        };
        fs::write(d.join(NAME), "ignored").unwrap();
        let foreign: Vec<PathBuf> = [".git", "a/notes.txt", "a-b", "ab", "b/c/link", "empty"]
            .into_iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(manifest.foreign(d).unwrap(), foreign);
    }
}
