//! Finding the site's own files, and nothing else. byline follows no symbolic link
//! under the site root: a link that leads outside the site is an error at the link
//! (its target is never opened, so the build machine's files are neither published
//! nor echoed in a message), and any other link is skipped with a warning. Every file
//! byline reads from the site (`site.toml`, `content/`, `templates/`, `static/`, the
//! theme) is found through `entry` or `walk`.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

/// What stands at a path inside the site.
#[derive(Debug)]
pub enum Entry {
    Missing,
    File(PathBuf),
    Dir(PathBuf),
    /// The path, or a folder on the way to it, is a link: it is not followed.
    Link(Diagnostic),
}

/// What stands at `rel` (`/`-separated, inside `root`), without following a link on
/// the way.
pub fn entry(root: &Path, rel: &str) -> Entry {
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            return Entry::Missing;
        };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Entry::Link(link(root, &path, &parts[..=i].join("/")));
        } else if last && meta.is_dir() {
            return Entry::Dir(path);
        } else if last && meta.is_file() {
            return Entry::File(path);
        } else if !meta.is_dir() {
            return Entry::Missing;
        }
    }
    Entry::Missing
}

/// Refuses to write at `rel` (`/`-separated, inside `root`) when a folder on the way,
/// or `rel` itself, is a link: a file byline makes lands in the site or nowhere.
pub fn writable(root: &Path, rel: &str) -> Result<(), Diagnostic> {
    let mut path = root.to_path_buf();
    for (i, part) in rel.split('/').filter(|p| !p.is_empty()).enumerate() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let name = rel.split('/').take(i + 1).collect::<Vec<_>>().join("/");
                let written = fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return Err(Diagnostic::error(
                    "link-in-the-way",
                    format!("{name} is a link to {written}: byline writes no file through a link"),
                )
                .in_file(name)
                .help("replace the link with a real folder, or remove it"));
            }
            Ok(_) => {}
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// A file found by `walk`.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// Inside the folder walked, `/`-separated.
    pub rel: String,
}

/// Every file under the folder `rel` of the site that `wanted` accepts, sorted by
/// path; links are skipped (and reported if they lead to a folder or a wanted file),
/// and so are names starting with `.` when `skip_hidden`.
pub fn walk(
    root: &Path,
    rel: &str,
    skip_hidden: bool,
    wanted: &dyn Fn(&Path) -> bool,
) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let dir = match entry(root, rel) {
        Entry::Dir(dir) => dir,
        Entry::Link(d) => return (Vec::new(), vec![d]),
        Entry::Missing | Entry::File(_) => return (Vec::new(), problems),
    };
    let mut files = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !skip_hidden || !e.file_name().to_string_lossy().starts_with('.')
        });
    for item in walker {
        let found = match item {
            Ok(found) => found,
            Err(e) => {
                let at = e.path().unwrap_or(&dir);
                problems.push(
                    Diagnostic::error("io", format!("cannot read the folder: {e}"))
                        .in_file(display(root, at)),
                );
                continue;
            }
        };
        let inside =
            crate::content::slash_path(found.path().strip_prefix(&dir).unwrap_or(found.path()));
        if found.path_is_symlink() {
            if wanted(found.path()) || found.path().is_dir() {
                problems.push(link(root, found.path(), &display(root, found.path())));
            }
        } else if found.file_type().is_file() && wanted(found.path()) {
            files.push(Found {
                path: found.into_path(),
                rel: inside,
            });
        }
    }
    (files, problems)
}

/// `path` as messages show it: inside the site, `/`-separated.
pub fn display(root: &Path, path: &Path) -> String {
    crate::content::slash_path(path.strip_prefix(root).unwrap_or(path))
}

/// The diagnostic for the link at `path` (shown as `name`): an error when it leads
/// outside the site, else a warning that it is skipped.
fn link(root: &Path, path: &Path, name: &str) -> Diagnostic {
    let written = fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match path.canonicalize() {
        Ok(real) if !real.starts_with(&real_root) => {
            let leads = if Path::new(&written) == real {
                written
            } else {
                format!("{written} ({})", real.display())
            };
            Diagnostic::error(
                "link-outside-site",
                format!("this link leads to {leads}, outside the site, and is not followed"),
            )
            .in_file(name)
            .help("byline reads nothing outside the site's folder: copy the files into the site instead of linking to them")
        }
        _ => Diagnostic::warning(
            "skipped-link",
            format!("this link (to {written}) is skipped: byline follows no links"),
        )
        .in_file(name)
        .help("put the file itself here instead of a link to it"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn entries_are_found_without_following_links() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("static/css")).unwrap();
        fs::write(root.join("static/css/a.css"), "a").unwrap();
        symlink(elsewhere.path(), root.join("out")).unwrap();
        symlink("static", root.join("in")).unwrap();
        symlink("nowhere", root.join("dangling")).unwrap();

        assert!(matches!(entry(root, "static/css"), Entry::Dir(_)));
        assert!(matches!(entry(root, "static/css/a.css"), Entry::File(_)));
        assert!(matches!(entry(root, "static/nope"), Entry::Missing));
        assert!(matches!(entry(root, "static/css/a.css/x"), Entry::Missing));
        let severity = |rel: &str| match entry(root, rel) {
            Entry::Link(d) => (d.is_error(), d.file_name().unwrap().to_string()),
            other => panic!("{rel}: {other:?}"),
        };
        assert_eq!(severity("out/x"), (true, "out".to_string()));
        assert_eq!(severity("in/css"), (false, "in".to_string()));
        assert_eq!(severity("dangling"), (false, "dangling".to_string()));
    }

    #[test]
    fn a_walk_skips_links_and_reports_each() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("secret"), "s").unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("static/sub")).unwrap();
        fs::write(root.join("static/sub/b.txt"), "b").unwrap();
        fs::write(root.join("static/.hidden"), "h").unwrap();
        symlink(elsewhere.path(), root.join("static/out")).unwrap();
        symlink("sub/b.txt", root.join("static/in.txt")).unwrap();

        let (files, problems) = walk(root, "static", false, &|_| true);
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, [".hidden", "sub/b.txt"]);
        let found: Vec<(bool, Option<&str>)> = problems
            .iter()
            .map(|d| (d.is_error(), d.file_name()))
            .collect();
        assert_eq!(
            found,
            [(false, Some("static/in.txt")), (true, Some("static/out"))]
        );
        let (files, _) = walk(root, "static", true, &|_| true);
        assert_eq!(files.len(), 1);
        let css = |p: &Path| p.extension().is_some_and(|x| x == "css");
        let (files, problems) = walk(root, "static", false, &css);
        assert!(files.is_empty());
        assert_eq!(
            problems.len(),
            1,
            "a link to a folder is reported: {problems:?}"
        );
    }
}
