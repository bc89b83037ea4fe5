//! The content tree: which files are articles, where each will be published, and
//! reading them as text. Walking is sorted so that every run sees the same order;
//! symlinks are not followed, so nothing outside `content/` is ever read.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, SourceFile};

pub const DIR: &str = "content";

#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Inside `content/`, `/`-separated: `explainers/aleppo.md`.
    pub rel_path: String,
    pub fs_path: PathBuf,
}

impl ContentFile {
    /// `content/explainers/aleppo.md`, as writers see it.
    pub fn display_path(&self) -> String {
        format!("{DIR}/{}", self.rel_path)
    }

    /// `explainers/aleppo/` for `explainers/aleppo.md`; `explainers/` for `explainers/index.md`.
    pub fn site_path(&self) -> String {
        let stem = self.rel_path.strip_suffix(".md").unwrap_or(&self.rel_path);
        let stem = stem.strip_suffix("/index").unwrap_or(stem);
        if stem == "index" {
            String::new()
        } else {
            format!("{stem}/")
        }
    }

    /// Reads the file as UTF-8, dropping a byte-order mark.
    pub fn read(&self) -> Result<SourceFile, Diagnostic> {
        let bytes = std::fs::read(&self.fs_path).map_err(|e| {
            Diagnostic::error("io", format!("cannot read the file: {e}"))
                .in_file(self.display_path())
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid).into_owned();
            let at = text.len();
            let file = SourceFile::new(self.display_path(), text);
            Diagnostic::error("not-utf8", "the file is not valid UTF-8 text")
                .at(&file, at..at)
                .label("the first invalid byte is here")
                .help(
                    "save the file as UTF-8 (most editors offer this under \"Save with encoding\")",
                )
        })?;
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        if let Some(at) = lone_cr(&text) {
            let file = SourceFile::new(self.display_path(), text[..at].to_string());
            return Err(Diagnostic::error(
                "cr-line-endings",
                "the lines of this file end with a lone CR (carriage return), as on classic Mac OS",
            )
            .at(&file, at..at)
            .label("this line ends with a CR and no LF")
            .help("save the file with LF (Unix, macOS) or CRLF (Windows) line endings; editors offer this beside the encoding"));
        }
        Ok(SourceFile::new(self.display_path(), text))
    }
}

/// Where the first line ends, if it ends with a CR not followed by LF: byline reads
/// lines up to each LF, and would see the whole file as one line.
fn lone_cr(text: &str) -> Option<usize> {
    let at = memchr::memchr2(b'\r', b'\n', text.as_bytes())?;
    let bytes = &text.as_bytes()[at..];
    (bytes[0] == b'\r' && bytes.get(1) != Some(&b'\n')).then_some(at)
}

/// Every `.md` file under `content/`, sorted by path; hidden files and folders are skipped.
pub fn discover(root: &Path) -> Result<Vec<ContentFile>, Diagnostic> {
    let dir = root.join(DIR);
    if !dir.is_dir() {
        return Err(Diagnostic::error("no-content", format!("there is no `{DIR}/` folder in {}", root.display()))
            .help("put articles in content/ (byline new \"Title\" writes one), or pass --root to the site's folder"));
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry
            .map_err(|e| Diagnostic::error("io", format!("cannot read {}: {e}", dir.display())))?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        files.push(ContentFile {
            rel_path: slash_path(rel),
            fs_path: entry.path().to_path_buf(),
        });
    }
    Ok(files)
}

/// `rel` with `/` between its parts: how byline names content and output files on
/// every platform.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str) -> ContentFile {
        ContentFile {
            rel_path: rel.into(),
            fs_path: PathBuf::from(rel),
        }
    }

    #[test]
    fn site_paths_follow_the_file_tree() {
        assert_eq!(file("a/b.md").site_path(), "a/b/");
        assert_eq!(file("a/index.md").site_path(), "a/");
        assert_eq!(file("index.md").site_path(), "");
        assert_eq!(file("a/b.md").display_path(), "content/a/b.md");
    }

    #[test]
    fn invalid_utf8_is_reported_at_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, b"---\ntitle: caf\xe9\n").unwrap();
        let d = ContentFile {
            rel_path: "x.md".into(),
            fs_path: path,
        }
        .read()
        .unwrap_err();
        assert_eq!(d.location().as_deref(), Some("content/x.md:2:11"));
    }

    #[test]
    fn lone_cr_line_endings_are_found_but_crlf_and_a_cr_inside_a_line_are_not() {
        assert_eq!(lone_cr("---\rtitle: T\r"), Some(3));
        assert_eq!(lone_cr("---\r"), Some(3));
        assert_eq!(lone_cr("---\r\ntitle: T\r\n"), None);
        assert_eq!(lone_cr("---\ntitle: a\rb\n"), None);
        assert_eq!(lone_cr("no line break"), None);
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, "\u{feff}---\n").unwrap();
        let f = ContentFile {
            rel_path: "x.md".into(),
            fs_path: path,
        }
        .read()
        .unwrap();
        assert_eq!(&*f.text, "---\n");
    }
}
