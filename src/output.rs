//! Writing the site. A build writes into a fresh staging folder beside the output
//! folder and swaps it in only when everything succeeded, so a failed build leaves
//! the previous site exactly as it was. Unchanged files are hard-linked from the
//! previous output instead of rewritten, which keeps their mtimes for rsync and CDNs.
//! byline replaces only what it made: see `owner` (whose files the folder holds),
//! `manifest` (the record of them), `stale` and `interrupt` (no staging folder left).

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

mod interrupt;
mod manifest;
mod owner;
mod stale;

pub use interrupt::interrupt;

pub struct Output {
    /// `None` for `Output::live`: files go straight into `target`.
    staging: Option<tempfile::TempDir>,
    target: PathBuf,
    /// Every file written, changed or not: the manifest.
    written: Mutex<BTreeSet<String>>,
    /// Whether `target` held a previous output when the build began: a first build
    /// has no unchanged files to look for.
    previous: bool,
    before: owner::Before,
    ownership: Ownership,
    /// Warnings to print when the build succeeds.
    notes: Vec<Diagnostic>,
}

/// What a build may do with what the output folder holds that byline did not write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ownership {
    /// Keep it; refuse a folder byline did not make, or a file where byline writes.
    #[default]
    Checked,
    /// `--force`: delete what the refusal would have kept, and say so.
    Forced,
    /// The folder is byline's alone (serve's): replace it whole, say nothing.
    Private,
}

/// Folders of the site that the output may neither be nor sit inside.
const PROTECTED: &[&str] = &["content", "themes", "templates", "static", ".git"];

/// Refuses output folders that would overwrite the site itself (or `/`), a Git
/// repository, a file, or a folder reached through a symlink.
pub fn check_target(config: &Config) -> Result<PathBuf, Diagnostic> {
    let root = resolve(&config.root);
    let target = resolve(&config.output_dir);
    let refuse = |why: String| {
        Diagnostic::error("output-dir", why)
            .in_file(crate::config::FILE_NAME)
            .help("set `output_dir` (or --output) to a folder of its own, such as `public`")
    };
    if target.parent().is_none() {
        return Err(refuse(format!(
            "refusing to build into {}",
            target.display()
        )));
    }
    if root.starts_with(&target) {
        return Err(refuse(format!(
            "the output folder {} is or contains the site itself",
            target.display()
        )));
    }
    for dir in PROTECTED {
        if target.starts_with(root.join(dir)) {
            return Err(refuse(format!(
                "the output folder {} is inside the site's {dir}/ folder",
                target.display()
            )));
        }
    }
    if target.components().any(|c| c.as_os_str() == ".git") {
        return Err(refuse(format!(
            "the output folder {} is a Git repository's .git folder, or inside one",
            target.display()
        )));
    }
    if let Some(link) = symlink_on_the_way(&config.root, &config.output_dir) {
        let to = link
            .canonicalize()
            .unwrap_or_else(|_| fs::read_link(&link).unwrap_or_default());
        return Err(Diagnostic::error(
            "output-dir",
            format!(
                "{} is a symbolic link (to {}): byline does not build through links",
                link.display(),
                to.display()
            ),
        )
        .help("to build into the folder it leads to, name that folder itself in `output_dir` or --output"));
    }
    if target.exists() && !target.is_dir() {
        return Err(Diagnostic::error(
            "output-dir",
            format!("{} is a file, not a folder", target.display()),
        )
        .help("set `output_dir` (or --output) to a new or empty folder, such as `public`"));
    }
    Ok(target)
}

/// The first symlink among the folders a relative `output` names from `root` down
/// (`out` and `out/site` for `out/site`), or `output` itself when it is absolute.
fn symlink_on_the_way(root: &Path, output: &Path) -> Option<PathBuf> {
    let is_link = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink());
    let root = std::path::absolute(root).ok()?;
    let output = std::path::absolute(output).ok()?;
    let Ok(rel) = output.strip_prefix(&root) else {
        return is_link(&output).then_some(output);
    };
    let mut at = root;
    for c in rel.components() {
        match c {
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                at.push(name);
                if is_link(&at) {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// An absolute, `..`-free form of `path`, following symlinks as far as the path exists.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut existing = clean.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return clean,
        }
    }
}

impl Output {
    /// A staging folder beside the output folder, after refusing an output folder
    /// byline may not replace (see `check_target` and `owner`) and removing staging
    /// folders that killed builds left behind.
    pub fn new(config: &Config, ownership: Ownership) -> Result<Output, Diagnostic> {
        let target = check_target(config)?;
        let (before, forced) = owner::inspect(&target, ownership)?;
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        let io_error = |e: io::Error| {
            Diagnostic::error(
                "io",
                format!(
                    "cannot create a staging folder in {}: {e}",
                    parent.display()
                ),
            )
        };
        fs::create_dir_all(&parent).map_err(io_error)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut notes = stale::clean(&parent, &name);
        notes.extend(forced);
        let mut registry = interrupt::exclusive();
        let staging = tempfile::Builder::new()
            .prefix(&stale::staging_prefix(&name))
            .tempdir_in(&parent)
            .map_err(io_error)?;
        registry.add(staging.path());
        Ok(Output {
            staging: Some(staging),
            previous: target.is_dir(),
            target,
            written: Mutex::default(),
            before,
            ownership,
            notes,
        })
    }

    /// Writes straight into `dir` (which `serve` owns), each file replaced atomically
    /// and only when its bytes change; for rebuilding a few pages of a served site.
    pub fn live(dir: &Path) -> Output {
        Output {
            staging: None,
            target: dir.to_path_buf(),
            written: Mutex::default(),
            previous: true,
            before: owner::Before::Other,
            ownership: Ownership::Private,
            notes: Vec::new(),
        }
    }

    /// The files written so far, as paths relative to the output folder.
    pub fn written(&self) -> BTreeSet<String> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn record(&self, rel: &str) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` at `rel` (`a/b/index.html`), a path byline made itself.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel_path = safe_relative(rel)?;
        self.record(rel);
        let Some(staging) = &self.staging else {
            return write_live(&self.target.join(rel_path), bytes);
        };
        let _writing = interrupt::writing();
        self.stage(staging.path(), rel_path, bytes)
    }

    /// Writes `bytes` at `rel_path` in `staging`, or links the previous output's file
    /// there if it holds the same bytes.
    fn stage(&self, staging: &Path, rel_path: &Path, bytes: &[u8]) -> io::Result<()> {
        let dest = staging.join(rel_path);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        if self.previous {
            let previous = self.target.join(rel_path);
            if let Ok(meta) = fs::symlink_metadata(&previous) {
                if meta.is_file()
                    && meta.len() == bytes.len() as u64
                    && fs::read(&previous).is_ok_and(|old| old == bytes)
                    && replacing(&dest, |d| fs::hard_link(&previous, d)).is_ok()
                {
                    return Ok(());
                }
            }
        }
        let mut file = replacing(&dest, create_new)?;
        io::Write::write_all(&mut file, bytes)
    }

    /// Writes the file at `rel` from `write`, without holding it in memory (a large
    /// export); like `write`, an unchanged file stays the previous output's.
    pub fn write_with(
        &self,
        rel: &str,
        write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let rel_path = safe_relative(rel)?;
        self.record(rel);
        let Some(staging) = &self.staging else {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            return write_live(&self.target.join(rel_path), &bytes);
        };
        let _writing = interrupt::writing();
        let dest = staging.path().join(rel_path);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = io::BufWriter::new(replacing(&dest, create_new)?);
        write(&mut file)?;
        io::Write::flush(&mut file)?;
        drop(file);
        let previous = self.target.join(rel_path);
        if self.previous && same_contents(&previous, &dest)? {
            fs::remove_file(&dest)?;
            fs::hard_link(&previous, &dest)?;
        }
        Ok(())
    }

    /// Replaces the previous output with the staged one, carrying over what byline
    /// did not write; returns the warnings to print.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let Some(staging) = self.staging.as_ref().map(|s| s.path().to_path_buf()) else {
            return Ok(Vec::new());
        };
        let files = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let writing = interrupt::writing();
        self.stage(
            &staging,
            Path::new(manifest::NAME),
            &manifest::Manifest::render(&files),
        )
        .map_err(|e| Diagnostic::error("io", format!("cannot write /{}: {e}", manifest::NAME)))?;
        drop(writing);
        let mut registry = interrupt::exclusive();
        let (keep, note) = owner::carried(&self.before, &self.target, &staging, self.ownership)?;
        let old = swap(&staging, &self.target, &keep).map_err(|e| {
            Diagnostic::error("io", format!("cannot replace the output folder: {e}"))
        })?;
        if let Some(s) = self.staging.take() {
            let _ = s.keep();
        }
        registry.remove(&staging);
        let mut notes = std::mem::take(&mut self.notes);
        notes.extend(note);
        if let Some(Err(e)) = old.as_ref().map(fs::remove_dir_all) {
            notes.push(Diagnostic::warning(
                "io",
                format!(
                    "cannot remove the previous output, now in {}: {e}",
                    old.unwrap_or_default().display()
                ),
            ));
        }
        Ok(notes)
    }
}

impl Drop for Output {
    /// Removes the staging folder of a build that failed.
    fn drop(&mut self) {
        if let Some(staging) = self.staging.take() {
            let mut registry = interrupt::exclusive();
            let path = staging.path().to_path_buf();
            drop(staging);
            registry.remove(&path);
        }
    }
}

/// Up to five of `entries` (paths inside `dir`), folders ending in `/`, and how many
/// more there are.
fn listing(dir: &Path, entries: &[PathBuf]) -> String {
    let mut names: Vec<String> = entries
        .iter()
        .take(5)
        .map(|e| {
            let slash = if dir.join(e).is_dir() { "/" } else { "" };
            format!("{}{slash}", crate::content::slash_path(e))
        })
        .collect();
    if entries.len() > names.len() {
        names.push(format!("and {} more", entries.len() - names.len()));
    }
    names.join(", ")
}

/// Runs `make` on `dest`; a file already there is removed first and `make` run again.
/// Only a path written twice in one build (a site static file replacing the theme's)
/// is already there, and then it may be a hard link into the previous output, which
/// must never be written through.
fn replacing<T>(dest: &Path, make: impl Fn(&Path) -> io::Result<T>) -> io::Result<T> {
    match make(dest) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(dest)?;
            make(dest)
        }
        result => result,
    }
}

fn create_new(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Whether two files hold the same bytes, read in chunks; `false` if `a` is no file.
pub(crate) fn same_contents(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (Ok(meta_a), meta_b) = (fs::symlink_metadata(a), fs::metadata(b)?) else {
        return Ok(false);
    };
    if !meta_a.is_file() || meta_a.len() != meta_b.len() {
        return Ok(false);
    }
    let (mut fa, mut fb) = (
        io::BufReader::new(fs::File::open(a)?),
        io::BufReader::new(fs::File::open(b)?),
    );
    let (mut ba, mut bb) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let n = fa.read(&mut ba)?;
        if n == 0 {
            return Ok(true);
        }
        fb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

fn write_live(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::read(dest).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let parent = dest.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

/// Moves `keep` (paths inside `target`) into `staging` and puts `staging` in the place
/// of `target`; returns where the rest of `target` went, to be removed. On failure,
/// puts everything back. Two renames, not one atomic step: between them, for an
/// instant, there is no `target`.
fn swap(staging: &Path, target: &Path, keep: &[PathBuf]) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(staging, target).map(|()| None);
    }
    move_all(target, staging, keep)?;
    let put_back = |e: io::Error| {
        let _ = move_all(staging, target, keep);
        e
    };
    let parent = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = tempfile::Builder::new()
        .prefix(&stale::old_prefix(&name))
        .tempdir_in(parent)
        .map_err(put_back)?
        .keep();
    fs::remove_dir(&old).map_err(put_back)?;
    fs::rename(target, &old).map_err(put_back)?;
    if let Err(e) = fs::rename(staging, target) {
        if let Err(back) = fs::rename(&old, target) {
            // What was carried goes where the rest of the previous output is.
            let _ = move_all(staging, &old, keep);
            return Err(io::Error::new(
                back.kind(),
                format!(
                    "{e}, and the previous output cannot be put back from {}: {back}",
                    old.display()
                ),
            ));
        }
        return Err(put_back(e));
    }
    Ok(Some(old))
}

/// Moves each of `rels` from `from` to `to`, or none of them.
fn move_all(from: &Path, to: &Path, rels: &[PathBuf]) -> io::Result<()> {
    for (i, rel) in rels.iter().enumerate() {
        let dest = to.join(rel);
        let moved = dest
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::rename(from.join(rel), &dest));
        if let Err(e) = moved {
            for done in &rels[..i] {
                let _ = fs::rename(to.join(done), from.join(done));
            }
            return Err(e);
        }
    }
    Ok(())
}

fn safe_relative(rel: &str) -> io::Result<&Path> {
    if rel == manifest::NAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("/{rel} is where byline records the files it wrote; rename yours"),
        ));
    }
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel}"),
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn config(root: &Path, output: &str) -> Config {
        let overrides = Overrides {
            output_dir: Some(PathBuf::from(output)),
            base_url: None,
        };
        Config::parse(
            root,
            "title = \"T\"\nbase_url = \"https://e.org/\"\n",
            &overrides,
        )
        .unwrap()
    }

    #[test]
    fn dangerous_output_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            ".",
            "..",
            "/",
            "content",
            "content/x",
            "themes/default",
            "sub/../..",
        ] {
            assert!(
                check_target(&config(&root, bad)).is_err(),
                "{bad} should be refused"
            );
        }
        for good in ["public", "../elsewhere", "out/site"] {
            assert!(
                check_target(&config(&root, good)).is_ok(),
                "{good} should be allowed"
            );
        }
    }

    #[test]
    fn writes_are_staged_then_swapped_and_unchanged_files_keep_their_inode() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "public");
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("b.txt", b"two").unwrap();
        assert!(!dir.path().join("public").exists());
        out.commit().unwrap();
        let first = fs::metadata(dir.path().join("public/a/index.html"))
            .unwrap()
            .modified()
            .unwrap();

        std::thread::sleep(std::time::Duration::from_millis(20));
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("b.txt", b"changed").unwrap();
        out.commit().unwrap();
        let second = fs::metadata(dir.path().join("public/a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(first, second);
        assert_eq!(
            fs::read(dir.path().join("public/b.txt")).unwrap(),
            b"changed"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    // Regression: a path written twice, first as a hard link to the unchanged previous
    // file, then with new bytes, overwrote the previous output in place.
    #[test]
    fn writing_a_path_twice_never_changes_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "public");
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write("style.css", b"theme").unwrap();
        out.commit().unwrap();
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write("style.css", b"theme").unwrap();
        out.write("style.css", b"site").unwrap();
        drop(out);
        assert_eq!(
            fs::read(dir.path().join("public/style.css")).unwrap(),
            b"theme"
        );
    }

    #[test]
    fn the_last_write_of_a_path_wins_with_or_without_a_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "public");
        for _ in 0..2 {
            let out = Output::new(&c, Ownership::Checked).unwrap();
            out.write("css/style.css", b"theme").unwrap();
            out.write("css/style.css", b"site").unwrap();
            out.commit().unwrap();
            assert_eq!(
                fs::read(dir.path().join("public/css/style.css")).unwrap(),
                b"site"
            );
        }
    }

    #[test]
    #[cfg(unix)]
    fn streamed_files_are_written_and_unchanged_ones_keep_their_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "public");
        let stream = |text: &'static str| move |w: &mut dyn io::Write| w.write_all(text.as_bytes());
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write_with("data/x.json", &stream("{\"a\": 1}"))
            .unwrap();
        out.commit().unwrap();
        let inode = fs::metadata(dir.path().join("public/data/x.json"))
            .unwrap()
            .ino();
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write_with("data/x.json", &stream("{\"a\": 1}"))
            .unwrap();
        out.commit().unwrap();
        assert_eq!(
            fs::metadata(dir.path().join("public/data/x.json"))
                .unwrap()
                .ino(),
            inode
        );
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write_with("data/x.json", &stream("{\"a\": 2}"))
            .unwrap();
        out.commit().unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("public/data/x.json")).unwrap(),
            "{\"a\": 2}"
        );
    }

    #[test]
    fn a_file_of_yours_holding_the_bytes_byline_now_writes_becomes_byline_s() {
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "public");
        let public = dir.path().join("public");
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write("a.txt", b"a").unwrap();
        out.commit().unwrap();
        fs::write(public.join("b.txt"), "b").unwrap();
        fs::write(public.join("c.txt"), "mine").unwrap();
        let out = Output::new(&c, Ownership::Checked).unwrap();
        out.write("a.txt", b"a").unwrap();
        out.write("b.txt", b"b").unwrap();
        assert!(out.commit().unwrap().is_empty());
        assert_eq!(fs::read(public.join("b.txt")).unwrap(), b"b");
        assert_eq!(fs::read(public.join("c.txt")).unwrap(), b"mine");
        assert_eq!(
            fs::read_to_string(public.join(manifest::NAME)).unwrap(),
            "byline output manifest 1\na.txt\nb.txt\n"
        );
    }

    #[test]
    fn paths_that_climb_out_or_take_the_manifest_s_place_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::new(&config(dir.path(), "public"), Ownership::Checked).unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../x", "", manifest::NAME] {
            assert!(out.write(bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn live_output_writes_in_place_and_only_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::live(dir.path());
        out.write("a/index.html", b"one").unwrap();
        let first = fs::metadata(dir.path().join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        out.write("a/index.html", b"one").unwrap();
        let again = fs::metadata(dir.path().join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(first, again);
        out.write("a/index.html", b"two").unwrap();
        assert_eq!(fs::read(dir.path().join("a/index.html")).unwrap(), b"two");
        assert!(out.write("../x", b"x").is_err());
        out.commit().unwrap();
        assert!(dir.path().join("a/index.html").is_file());
    }
}
