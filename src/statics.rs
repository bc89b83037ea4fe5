//! The files published as they are: the theme's `static/` (the built-in theme's from
//! the binary), then the site's own `static/` over it, file by file. They are listed
//! once, when the site loads (links skipped, see `site_fs`), so that every file byline
//! generates can be checked against them before anything is written, and copied last.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::site_fs;
use crate::theme::{self, Location};

#[derive(Debug)]
pub struct StaticFile {
    /// Where it is published, `/`-separated: `css/style.css`.
    pub rel: String,
    /// Where it comes from, as messages show it: `static/css/style.css`.
    pub display: String,
    bytes: Bytes,
    /// A file of the theme's, whose CSS comments are for its authors only.
    theme: bool,
}

impl StaticFile {
    /// The first `max` bytes of the file (an image's header).
    pub fn read_head(&self, max: u64) -> io::Result<Vec<u8>> {
        match &self.bytes {
            Bytes::Disk(path) => {
                let mut head = Vec::new();
                io::Read::read_to_end(
                    &mut io::Read::take(std::fs::File::open(path)?, max),
                    &mut head,
                )?;
                Ok(head)
            }
            Bytes::Embedded(bytes) => Ok(bytes[..bytes.len().min(max as usize)].to_vec()),
        }
    }

    /// The warning that this file replaces `what`, which byline generates at `file`.
    pub fn replaces(&self, what: &str, file: &str) -> Diagnostic {
        Diagnostic::warning(
            "static-replaces-page",
            format!("this file replaces {what}, which byline generates at /{file}"),
        )
        .in_file(&self.display)
        .help("remove or rename the file to publish byline's own; only robots.txt is meant to be replaced")
    }
}

#[derive(Debug)]
enum Bytes {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// What a file byline generates runs into.
#[derive(Debug)]
pub enum Conflict<'a> {
    /// A static file at the same path, which replaces it.
    Replaced(&'a StaticFile),
    /// A static file where the generated file needs a folder.
    FileInTheWay(&'a StaticFile),
    /// A folder of static files (`/`-separated, no trailing `/`) where the generated
    /// file goes.
    FolderInTheWay(&'a StaticFile, String),
}

#[derive(Debug, Default)]
pub struct Statics {
    /// By published path.
    files: BTreeMap<String, StaticFile>,
}

impl Statics {
    /// Lists the theme's static files, then the site's; returns them with the links
    /// skipped and the files that stand where another needs a folder.
    pub fn load(config: &Config) -> (Statics, Vec<Diagnostic>) {
        let mut statics = Statics::default();
        let mut problems = Vec::new();
        let mut add_dir = |dir: &str, theme: bool, statics: &mut Statics| {
            let (found, found_problems) = site_fs::walk(&config.root, dir, false, &|_| true);
            problems.extend(found_problems);
            for f in found {
                statics.insert(StaticFile {
                    display: format!("{dir}/{}", f.rel),
                    rel: f.rel,
                    bytes: Bytes::Disk(f.path),
                    theme,
                });
            }
        };
        // A link at the theme's folder is reported with the templates.
        match theme::locate(config).0 {
            Location::Embedded => {
                for (rel, bytes) in theme::files("static") {
                    statics.insert(StaticFile {
                        display: format!("(built-in theme) static/{rel}"),
                        rel,
                        bytes: Bytes::Embedded(bytes),
                        theme: true,
                    });
                }
            }
            Location::Dir => add_dir(
                &format!("themes/{}/static", config.theme),
                true,
                &mut statics,
            ),
            Location::Missing => {}
        }
        add_dir("static", false, &mut statics);
        problems.extend(statics.in_each_others_way());
        (statics, problems)
    }

    /// Static files with these paths and bytes, for other modules' tests.
    #[cfg(test)]
    pub(crate) fn embedded(files: &[(&str, &'static [u8])]) -> Statics {
        let mut statics = Statics::default();
        for (rel, bytes) in files {
            statics.insert(StaticFile {
                rel: rel.to_string(),
                display: format!("static/{rel}"),
                bytes: Bytes::Embedded(bytes),
                theme: false,
            });
        }
        statics
    }

    fn insert(&mut self, file: StaticFile) {
        self.files.insert(file.rel.clone(), file);
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, rel: &str) -> Option<&StaticFile> {
        self.files.get(rel)
    }

    /// What a file byline generates at `rel` (`a/index.html`) runs into, if anything.
    pub fn conflict(&self, rel: &str) -> Option<Conflict<'_>> {
        if self.files.is_empty() {
            return None;
        }
        if let Some(file) = self.files.get(rel) {
            return Some(Conflict::Replaced(file));
        }
        let folders = rel.match_indices('/').map(|(i, _)| &rel[..i]);
        if let Some(file) = folders.filter_map(|f| self.files.get(f)).next() {
            return Some(Conflict::FileInTheWay(file));
        }
        let inside = format!("{rel}/");
        let (under, file) = self.files.range(inside.clone()..).next()?;
        under
            .starts_with(&inside)
            .then(|| Conflict::FolderInTheWay(file, rel.to_string()))
    }

    /// A static file standing where another needs a folder (a theme's `x` and a site's
    /// `x/y`) cannot be published.
    fn in_each_others_way(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for file in self.files.values() {
            let folders = file.rel.match_indices('/').map(|(i, _)| &file.rel[..i]);
            if let Some(other) = folders.filter_map(|f| self.files.get(f)).next() {
                problems.push(
                    Diagnostic::error(
                        "url-collision",
                        format!(
                            "this file needs the folder /{}/, where {} stands",
                            other.rel, other.display
                        ),
                    )
                    .in_file(&file.display)
                    .help("rename one of them"),
                );
            }
        }
        problems
    }

    /// Writes every static file into the output.
    pub fn copy(&self, out: &Output) -> io::Result<()> {
        for file in self.files.values() {
            let bytes = match &file.bytes {
                Bytes::Disk(path) => Cow::Owned(std::fs::read(path)?),
                Bytes::Embedded(bytes) => Cow::Borrowed(*bytes),
            };
            // A theme's comments are for those who edit it, not every reader's download.
            if file.theme && file.rel.ends_with(".css") {
                out.write(&file.rel, &without_css_comments(&bytes))?;
            } else {
                out.write(&file.rel, &bytes)?;
            }
        }
        Ok(())
    }
}

/// `css` without its `/* … */` comments (not those inside strings), and without the
/// lines they leave empty.
fn without_css_comments(css: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(css.len());
    let mut i = 0;
    let mut quote = None;
    while i < css.len() {
        let b = css[i];
        match quote {
            Some(_) if b == b'\\' => {
                out.extend_from_slice(&css[i..(i + 2).min(css.len())]);
                i += 2;
                continue;
            }
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if css[i..].starts_with(b"/*") => {
                let end =
                    memchr::memmem::find(&css[i + 2..], b"*/").map_or(css.len(), |e| i + 4 + e);
                i = end;
                continue;
            }
            None => {}
        }
        out.push(b);
        i += 1;
    }
    let mut lines: Vec<&[u8]> = Vec::new();
    for line in out.split(|&b| b == b'\n') {
        if !line.iter().all(u8::is_ascii_whitespace) {
            lines.push(line);
        }
    }
    let mut joined = lines.join(&b'\n');
    if css.ends_with(b"\n") {
        joined.push(b'\n');
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_comments_go_but_not_from_strings() {
        let css = b"/* head */\na { content: \"/* kept */\"; } /* gone */\n\n  /* a\n  b */\nb { content: '\\'/*'; }\n";
        assert_eq!(
            String::from_utf8(without_css_comments(css)).unwrap(),
            "a { content: \"/* kept */\"; } \nb { content: '\\'/*'; }\n"
        );
    }

    fn statics(rels: &[&str]) -> Statics {
        let mut s = Statics::default();
        for rel in rels {
            s.insert(StaticFile {
                rel: rel.to_string(),
                display: format!("static/{rel}"),
                bytes: Bytes::Embedded(b""),
                theme: false,
            });
        }
        s
    }

    #[test]
    fn conflicts_are_found_both_ways() {
        let s = statics(&["atom.xml", "tags", "img/a.png"]);
        assert!(matches!(
            s.conflict("atom.xml"),
            Some(Conflict::Replaced(_))
        ));
        assert!(matches!(
            s.conflict("tags/x/index.html"),
            Some(Conflict::FileInTheWay(f)) if f.rel == "tags"
        ));
        assert!(matches!(
            s.conflict("img"),
            Some(Conflict::FolderInTheWay(f, dir)) if f.rel == "img/a.png" && dir == "img"
        ));
        assert!(s.conflict("im").is_none());
        assert!(s.conflict("img.html").is_none());
        assert!(s.conflict("a/index.html").is_none());
    }

    #[test]
    fn a_file_where_another_needs_a_folder_is_an_error() {
        let problems = statics(&["x", "x/y", "z"]).in_each_others_way();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file_name(), Some("static/x/y"));
    }
}
