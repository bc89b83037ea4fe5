//! The content tree: which files are articles, where each will be published, and
//! reading them as text. Walking is sorted so that every run sees the same order;
//! links are not followed (see `site_fs`), so nothing outside the site is ever read.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::site_fs;

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
        site_path(&self.rel_path)
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

/// `explainers/aleppo/` for `explainers/aleppo.md` (see `ContentFile::site_path`).
pub fn site_path(rel_path: &str) -> String {
    let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    if stem == "index" {
        String::new()
    } else {
        format!("{stem}/")
    }
}

/// Where the first line ends, if it ends with a CR not followed by LF: byline reads
/// lines up to each LF, and would see the whole file as one line.
fn lone_cr(text: &str) -> Option<usize> {
    let at = memchr::memchr2(b'\r', b'\n', text.as_bytes())?;
    let bytes = &text.as_bytes()[at..];
    (bytes[0] == b'\r' && bytes.get(1) != Some(&b'\n')).then_some(at)
}

/// What `content/` holds: its articles (`.md` files) and every other file.
#[derive(Debug, Default)]
pub struct Found {
    pub articles: Vec<ContentFile>,
    /// Files that are not articles (`sources.yaml`, images, …), for `assets`.
    pub others: Vec<ContentFile>,
}

/// Every file under `content/`, sorted by path, articles (`.md`) apart; hidden files
/// and folders are skipped, and so are links and names no URL can carry (each with a
/// diagnostic).
pub fn discover(root: &Path) -> Result<(Found, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (found, mut problems) = match site_fs::entry(root, DIR) {
        site_fs::Entry::Dir(_) => site_fs::walk(root, DIR, true, &|_| true),
        site_fs::Entry::Link(d) if d.is_error() => return Err(vec![d]),
        other => {
            let mut errors: Vec<Diagnostic> = match other {
                site_fs::Entry::Link(d) => vec![d],
                _ => Vec::new(),
            };
            errors.push(Diagnostic::error("no-content", format!("there is no `{DIR}/` folder in {}", root.display()))
                .help("put articles in content/ (byline new \"Title\" writes one), or pass --root to the site's folder"));
            return Err(errors);
        }
    };
    let mut files = Found::default();
    for f in found {
        let file = ContentFile {
            rel_path: f.rel,
            fs_path: f.path,
        };
        let article = file.fs_path.extension().is_some_and(|x| x == "md");
        match url_safe(&file) {
            Ok(()) if article => files.articles.push(file),
            Ok(()) => files.others.push(file),
            Err(d) => problems.push(d),
        }
    }
    Ok((files, problems))
}

/// Refuses a file name no URL can carry cleanly: not UTF-8, a control character (a
/// newline would break a sitemap's `<loc>`), or a backslash (a path separator to some
/// hosts). Other characters are percent-encoded in URLs (see `Config::url`).
fn url_safe(file: &ContentFile) -> Result<(), Diagnostic> {
    let name = &file.rel_path;
    let utf8 = file
        .fs_path
        .iter()
        .rev()
        .take(name.split('/').count())
        .all(|part| part.to_str().is_some());
    let why = if !utf8 {
        "is not valid UTF-8"
    } else if name.chars().any(char::is_control) {
        "has a control character (a newline, a tab…)"
    } else if name.contains('\\') {
        "has a backslash"
    } else {
        return Ok(());
    };
    let shown: String = name.escape_debug().collect();
    Err(Diagnostic::error(
        "invalid-file-name",
        format!("this file name {why}, which no URL can carry"),
    )
    .in_file(format!("{DIR}/{shown}"))
    .help("rename the file: letters, digits, `-` and `_` make the clearest URLs"))
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
    #[cfg(unix)]
    fn a_file_name_that_is_not_utf8_is_refused() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join(DIR);
        std::fs::create_dir_all(content.join("ok")).unwrap();
        std::fs::write(content.join("ok/a.md"), "").unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(content.join("ok").join(name), "").unwrap();
        let (found, problems) = discover(dir.path()).unwrap();
        let files = found.articles;
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].rel_path, "ok/a.md");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("is not valid UTF-8"));
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
