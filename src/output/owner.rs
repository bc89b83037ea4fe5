//! Whose files the output folder holds. byline replaces and deletes only the files its
//! last build listed in the folder's manifest, and carries everything else into the
//! new output (a `CNAME`, the `.git` of a gh-pages worktree). A folder without a
//! manifest that holds anything but a `.git` is not byline's: it is refused, or with
//! `--force` replaced (its `.git` kept). A file of someone else's where this build
//! writes is refused, or with `--force` replaced.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::manifest::Manifest;
use super::{listing, Ownership};
use crate::diagnostic::{plural, Diagnostic};

/// What the output folder held when the build began.
pub enum Before {
    /// No folder.
    Nothing,
    /// A folder byline made: the files its last build wrote.
    Byline(Manifest),
    /// A folder without a manifest: empty, holding only a `.git`, or given up to byline
    /// (`--force`, serve's own folder).
    Other,
}

/// The name of the one thing a folder without a manifest may hold, and the one thing
/// `--force` keeps: a Git repository (a gh-pages worktree) is never a build's output.
const GIT: &str = ".git";

/// Looks at `target` before a build; refuses a folder byline did not make (unless
/// `ownership` says otherwise), and with `--force` says what the build will delete.
pub fn inspect(
    target: &Path,
    ownership: Ownership,
) -> Result<(Before, Option<Diagnostic>), Diagnostic> {
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Before::Nothing, None)),
        Err(e) => return Err(cannot("look into", target, e)),
        Ok(_) if ownership == Ownership::Private => return Ok((Before::Other, None)),
        Ok(_) => {}
    }
    if let Some(manifest) = Manifest::read(target) {
        return Ok((Before::Byline(manifest), None));
    }
    let mut held: Vec<PathBuf> = fs::read_dir(target)
        .and_then(|entries| {
            entries
                .map(|e| e.map(|e| PathBuf::from(e.file_name())))
                .collect::<io::Result<_>>()
        })
        .map_err(|e| cannot("look into", target, e))?;
    held.retain(|name| name != Path::new(GIT));
    held.sort();
    if held.is_empty() {
        return Ok((Before::Other, None));
    }
    let what = format!(
        "{}: {}",
        plural(count_files(target, &held), "file"),
        listing(target, &held)
    );
    let git_kept = if target.join(GIT).exists() {
        format!(" (keeping {GIT})")
    } else {
        String::new()
    };
    if ownership == Ownership::Forced {
        let note = Diagnostic::warning(
            "output-dir",
            format!(
                "--force: deleted from {} what byline did not make, {what}{git_kept}",
                target.display()
            ),
        );
        return Ok((Before::Other, Some(note)));
    }
    Err(refusal(target, &what, &git_kept))
}

fn refusal(target: &Path, what: &str, git_kept: &str) -> Diagnostic {
    let earlier_byline = ["sitemap.xml", "claims.json"]
        .iter()
        .all(|f| target.join(f).is_file());
    if earlier_byline {
        return Diagnostic::error(
            "output-dir",
            format!(
                "{} looks like the output of an earlier byline, which did not record the files it wrote (it holds {what})",
                target.display()
            ),
        )
        .help(format!(
            "if it is, run `byline build --force` once to replace it{git_kept}; from then on byline keeps the files it did not write, such as a CNAME. Or build into a new or empty folder"
        ));
    }
    Diagnostic::error(
        "output-dir",
        format!(
            "{} is not empty and byline did not make it (it holds {what})",
            target.display()
        ),
    )
    .help(format!(
        "build into a new or empty folder (`output_dir` in site.toml, or --output), or pass --force to delete what it holds and build there{git_kept}"
    ))
}

/// Which of the entries of `target` the build's manifest does not list go into the
/// new output (`staging`): all but those where the build wrote something else, which
/// are refused, or with `--force` deleted.
pub fn carried(
    before: &Before,
    target: &Path,
    staging: &Path,
    ownership: Ownership,
) -> Result<(Vec<PathBuf>, Option<Diagnostic>), Diagnostic> {
    let candidates = match before {
        _ if ownership == Ownership::Private => Vec::new(),
        Before::Nothing => Vec::new(),
        Before::Byline(manifest) => manifest
            .foreign(target)
            .map_err(|e| cannot("look into", target, e))?,
        Before::Other if fs::symlink_metadata(target.join(GIT)).is_ok() => vec![GIT.into()],
        Before::Other => Vec::new(),
    };
    let mut keep = Vec::new();
    let mut clashes = Vec::new();
    for rel in candidates {
        sort_out(target, staging, rel, &mut keep, &mut clashes)
            .map_err(|e| cannot("look into", target, e))?;
    }
    clashes.sort();
    if clashes.is_empty() {
        return Ok((keep, None));
    }
    if ownership == Ownership::Forced {
        let note = format!(
            "--force: replaced {} byline did not write in {}: {}",
            plural(clashes.len(), "file"),
            target.display(),
            listing(target, &clashes)
        );
        return Ok((keep, Some(Diagnostic::warning("output-dir", note))));
    }
    let message = match clashes.as_slice() {
        [one] => format!(
            "byline did not write {}, and this build writes there",
            target.join(one).display()
        ),
        _ => format!(
            "byline did not write {} in {}, and this build writes there: {}",
            plural(clashes.len(), "file"),
            target.display(),
            listing(target, &clashes)
        ),
    };
    Err(Diagnostic::error("output-dir", message).help(
        "if byline should publish it, move it into static/ (byline then writes it itself); else delete it, or pass --force to replace it (other files byline did not write stay)",
    ))
}

/// Puts `rel` in `keep` if it can be carried into `staging`, else in `clashes`; a
/// folder of `target` meeting a folder the build wrote is merged into it.
fn sort_out(
    target: &Path,
    staging: &Path,
    rel: PathBuf,
    keep: &mut Vec<PathBuf>,
    clashes: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let (from, to) = (target.join(&rel), staging.join(&rel));
    match clash(&from, &to) {
        Clash::None => keep.push(rel),
        // The same bytes: nothing is lost, the file is byline's from now on.
        Clash::Same => {}
        Clash::Yes if is_folder(&from) && is_folder(&to) => {
            for entry in fs::read_dir(&from)? {
                sort_out(target, staging, rel.join(entry?.file_name()), keep, clashes)?;
            }
        }
        Clash::Yes => clashes.push(rel),
    }
    Ok(())
}

fn is_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

enum Clash {
    None,
    Same,
    Yes,
}

/// Whether carrying `from` to `to` would meet what the build wrote there (or a file
/// where a folder on the way should be).
fn clash(from: &Path, to: &Path) -> Clash {
    match fs::symlink_metadata(to) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Clash::None,
        Ok(meta) if meta.is_file() && super::same_contents(from, to).unwrap_or(false) => {
            Clash::Same
        }
        _ => Clash::Yes,
    }
}

/// How many files (not folders) `entries` of `dir` hold.
fn count_files(dir: &Path, entries: &[PathBuf]) -> usize {
    entries
        .iter()
        .flat_map(|e| walkdir::WalkDir::new(dir.join(e)))
        .filter(|e| e.as_ref().is_ok_and(|e| !e.file_type().is_dir()))
        .count()
}

fn cannot(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("cannot {what} {}: {e}", path.display()))
}
