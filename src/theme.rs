//! The default theme, compiled into the binary so that a site needs no `themes/`
//! folder to build: `byline init` then `byline build` works anywhere. The copy in the
//! repository's `themes/default/` is the source; `byline theme eject` writes it back
//! out for a site that wants to customise it.

use std::io;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site_fs;

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const DEFAULT_NAME: &str = "default";

/// Where the site's theme comes from.
#[derive(Debug)]
pub enum Location {
    /// The built-in theme: the site uses `default` and has no copy of it.
    Embedded,
    /// `themes/<name>/`.
    Dir,
    /// The site names a theme it does not have.
    Missing,
}

/// Finds the site's theme. A link at `themes/` or `themes/<name>/` is not followed
/// (see `site_fs`); its diagnostic comes back beside the theme used instead.
pub fn locate(config: &Config) -> (Location, Option<Diagnostic>) {
    let otherwise = if config.theme == DEFAULT_NAME {
        Location::Embedded
    } else {
        Location::Missing
    };
    match site_fs::entry(&config.root, &format!("themes/{}", config.theme)) {
        site_fs::Entry::Dir(_) => (Location::Dir, None),
        site_fs::Entry::Link(d) => (otherwise, Some(d)),
        site_fs::Entry::Missing | site_fs::Entry::File(_) => (otherwise, None),
    }
}

/// Every file of the embedded theme under `sub` (`templates`, `static`), as
/// (`/`-separated path inside `sub`, bytes), sorted by path.
pub fn files(sub: &str) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT.get_dir(sub) {
        collect(dir, Path::new(sub), &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect(dir: &'static Dir<'static>, base: &Path, out: &mut Vec<(String, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, base, out),
            DirEntry::File(f) => {
                let rel = f.path().strip_prefix(base).unwrap_or(f.path());
                out.push((crate::content::slash_path(rel), f.contents()));
            }
        }
    }
}

/// Writes the embedded theme to `root/themes/default/`; refuses if that folder exists.
/// Returns the folder written.
pub fn eject(root: &Path) -> io::Result<PathBuf> {
    let target = root.join("themes").join(DEFAULT_NAME);
    if target.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists", target.display()),
        ));
    }
    for sub in ["templates", "static", crate::i18n::DIR] {
        for (name, bytes) in files(sub) {
            let dest = target.join(sub).join(&name);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(dest, bytes)?;
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_is_the_repository_theme() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for sub in ["templates", "static", crate::i18n::DIR] {
            let files = files(sub);
            assert!(!files.is_empty(), "{sub}");
            for (name, bytes) in files {
                assert_eq!(
                    std::fs::read(root.join(sub).join(&name)).unwrap(),
                    bytes,
                    "{name}"
                );
            }
        }
        assert!(files("templates").iter().any(|(n, _)| n == "article.html"));
    }

    #[test]
    fn eject_writes_the_theme_once() {
        let dir = tempfile::tempdir().unwrap();
        let target = eject(dir.path()).unwrap();
        assert!(target.join("templates/base.html").is_file());
        assert!(target.join("static/style.css").is_file());
        assert!(target.join("i18n/fr.toml").is_file());
        let again = eject(dir.path()).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
    }
}
