//! Writing the site. A build writes into a fresh staging folder beside the output
//! folder and swaps it in only when everything succeeded, so a failed build leaves
//! the previous site exactly as it was. Unchanged files are hard-linked from the
//! previous output instead of rewritten, which keeps their mtimes for rsync and CDNs.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

pub struct Output {
    /// `None` for `Output::live`: files go straight into `target`.
    staging: Option<tempfile::TempDir>,
    target: PathBuf,
    /// `Output::live` only: every file written, changed or not.
    written: Option<Mutex<BTreeSet<String>>>,
    /// Whether `target` held a previous output when the build began: a first build
    /// has no unchanged files to look for.
    previous: bool,
}

/// Folders of the site that the output may neither be nor sit inside.
const PROTECTED: &[&str] = &["content", "themes", "templates", "static"];

/// Refuses output folders that would overwrite the site itself (or `/`).
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
    Ok(target)
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
    pub fn new(config: &Config) -> Result<Output, Diagnostic> {
        let target = check_target(config)?;
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
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.byline-"))
            .tempdir_in(&parent)
            .map_err(io_error)?;
        Ok(Output {
            staging: Some(staging),
            previous: target.is_dir(),
            target,
            written: None,
        })
    }

    /// Writes straight into `dir` (which `serve` owns), each file replaced atomically
    /// and only when its bytes change; for rebuilding a few pages of a served site.
    pub fn live(dir: &Path) -> Output {
        Output {
            staging: None,
            target: dir.to_path_buf(),
            written: Some(Mutex::default()),
            previous: true,
        }
    }

    /// The files written since `Output::live`, as paths relative to its folder.
    pub fn written(&self) -> BTreeSet<String> {
        self.written
            .as_ref()
            .map(|w| w.lock().unwrap_or_else(|e| e.into_inner()).clone())
            .unwrap_or_default()
    }

    fn record(&self, rel: &str) {
        if let Some(w) = &self.written {
            w.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel.to_string());
        }
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` at `rel` (`a/b/index.html`), a path byline made itself.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel_path = safe_relative(rel)?;
        let Some(staging) = &self.staging else {
            self.record(rel);
            return write_live(&self.target.join(rel_path), bytes);
        };
        let dest = staging.path().join(rel_path);
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
        let Some(staging) = &self.staging else {
            self.record(rel);
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            return write_live(&self.target.join(rel_path), &bytes);
        };
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

    /// Replaces the previous output with the staged one.
    pub fn commit(self) -> io::Result<()> {
        let Some(staging) = self.staging else {
            return Ok(());
        };
        let staging = staging.keep();
        let result = swap(&staging, &self.target);
        if result.is_err() {
            let _ = fs::remove_dir_all(&staging);
        }
        result
    }
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
fn same_contents(a: &Path, b: &Path) -> io::Result<bool> {
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

fn swap(staging: &Path, target: &Path) -> io::Result<()> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(staging, target);
    }
    let parent = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(parent)?
        .keep();
    fs::remove_dir(&old)?;
    fs::rename(target, &old)?;
    if let Err(e) = fs::rename(staging, target) {
        fs::rename(&old, target)?;
        return Err(e);
    }
    if old.is_dir() {
        fs::remove_dir_all(&old)
    } else {
        fs::remove_file(&old)
    }
}

fn safe_relative(rel: &str) -> io::Result<&Path> {
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
        let out = Output::new(&c).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("b.txt", b"two").unwrap();
        assert!(!dir.path().join("public").exists());
        out.commit().unwrap();
        let first = fs::metadata(dir.path().join("public/a/index.html"))
            .unwrap()
            .modified()
            .unwrap();

        std::thread::sleep(std::time::Duration::from_millis(20));
        let out = Output::new(&c).unwrap();
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
        let out = Output::new(&c).unwrap();
        out.write("style.css", b"theme").unwrap();
        out.commit().unwrap();
        let out = Output::new(&c).unwrap();
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
            let out = Output::new(&c).unwrap();
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
    fn streamed_files_are_written_and_unchanged_ones_keep_their_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let c = config(dir.path(), "public");
        let stream = |text: &'static str| move |w: &mut dyn io::Write| w.write_all(text.as_bytes());
        let out = Output::new(&c).unwrap();
        out.write_with("data/x.json", &stream("{\"a\": 1}"))
            .unwrap();
        out.commit().unwrap();
        let inode = fs::metadata(dir.path().join("public/data/x.json"))
            .unwrap()
            .ino();
        let out = Output::new(&c).unwrap();
        out.write_with("data/x.json", &stream("{\"a\": 1}"))
            .unwrap();
        out.commit().unwrap();
        assert_eq!(
            fs::metadata(dir.path().join("public/data/x.json"))
                .unwrap()
                .ino(),
            inode
        );
        let out = Output::new(&c).unwrap();
        out.write_with("data/x.json", &stream("{\"a\": 2}"))
            .unwrap();
        out.commit().unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("public/data/x.json")).unwrap(),
            "{\"a\": 2}"
        );
    }

    #[test]
    fn paths_that_climb_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::new(&config(dir.path(), "public")).unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../x", ""] {
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
