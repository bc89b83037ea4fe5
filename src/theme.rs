//! The default theme, compiled into the binary so that a site needs no `themes/`
//! folder to build: `byline init` then `byline build` works anywhere. The copy in the
//! repository's `themes/default/` is the source; `byline theme eject` writes it back
//! out for a site that wants to customise it.

use std::io;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::config::Config;
use crate::output::Output;

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const DEFAULT_NAME: &str = "default";

/// Where the site's theme lives on disk (it may not exist: see `embedded`).
pub fn dir(config: &Config) -> PathBuf {
    config.root.join("themes").join(&config.theme)
}

/// True when the site uses the default theme and has no copy of it on disk.
pub fn embedded(config: &Config) -> bool {
    config.theme == DEFAULT_NAME && !dir(config).is_dir()
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

/// Copies the theme's static files (from disk, or the embedded ones) into the output.
pub fn copy_static(out: &Output, config: &Config) -> io::Result<usize> {
    if !embedded(config) {
        return out.copy_tree(&dir(config).join("static"));
    }
    let files = files("static");
    for (name, bytes) in &files {
        out.write(name, bytes)?;
    }
    Ok(files.len())
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
    for sub in ["templates", "static"] {
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
        for sub in ["templates", "static"] {
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
        let again = eject(dir.path()).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
    }
}
