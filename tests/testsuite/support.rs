//! A fluent builder for end-to-end tests: make a site in a temporary folder (from a
//! fixture under tests/fixtures/ and/or inline files), run the real `byline` binary
//! on it, and assert on the exit code, stderr and stdout (exact or in part) and the
//! files it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_byline");

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Makes `link` a symbolic link to `target`, on every system the tests run on (on
/// Windows, a directory link when `target` is a folder).
pub fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    let (target, link) = (target.as_ref(), link.as_ref());
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).unwrap();
    #[cfg(windows)]
    {
        let resolved = link.parent().unwrap_or(Path::new(".")).join(target);
        if resolved.is_dir() {
            std::os::windows::fs::symlink_dir(target, link).unwrap();
        } else {
            std::os::windows::fs::symlink_file(target, link).unwrap();
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub const SITE_TOML: &str = "title = \"Test site\"\nbase_url = \"https://example.org/\"\n";

pub struct Test {
    dir: tempfile::TempDir,
    /// `None` runs `build`; `Some(vec![])` runs byline with no arguments.
    args: Option<Vec<String>>,
    env: Vec<(String, String)>,
    expected_code: i32,
    expected_stderr: Option<String>,
    stderr_contains: Vec<String>,
    expected_stdout: Option<String>,
    stdout_contains: Vec<String>,
}

impl Test {
    /// An empty site: a site.toml and the repository's default theme.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), SITE_TOML).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        copy_dir(
            &repo_root().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        Test {
            dir,
            args: None,
            env: Vec::new(),
            expected_code: 0,
            expected_stderr: None,
            stderr_contains: Vec::new(),
            expected_stdout: None,
            stdout_contains: Vec::new(),
        }
    }

    /// A site copied from `tests/fixtures/<name>/` (on top of `new()`).
    pub fn fixture(name: &str) -> Self {
        let t = Test::new();
        copy_dir(&repo_root().join("tests/fixtures").join(name), t.dir.path());
        t
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    pub fn remove(self, path: &str) -> Self {
        let p = self.dir.path().join(path);
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args = Some(args.iter().map(|s| s.to_string()).collect());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The exact stderr, after `normalize`.
    pub fn stderr(mut self, expected: &str) -> Self {
        self.expected_stderr = Some(expected.to_string());
        self
    }

    pub fn stderr_contains(mut self, part: &str) -> Self {
        self.stderr_contains.push(part.to_string());
        self
    }

    /// The exact stdout, after `normalize`.
    pub fn stdout(mut self, expected: &str) -> Self {
        self.expected_stdout = Some(expected.to_string());
        self
    }

    pub fn stdout_contains(mut self, part: &str) -> Self {
        self.stdout_contains.push(part.to_string());
        self
    }

    /// The exit code byline must return (0 unless told).
    pub fn code(mut self, code: i32) -> Self {
        self.expected_code = code;
        self
    }

    /// Exit code 1: the site has errors.
    pub fn failure(self) -> Self {
        self.code(1)
    }

    /// Runs byline (default: `build`) and checks the expectations.
    pub fn run(self) -> Run {
        let args = self
            .args
            .clone()
            .unwrap_or_else(|| vec!["build".to_string()]);
        let out = Command::new(BIN)
            .args(&args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        let stderr = normalize(&String::from_utf8_lossy(&out.stderr), self.dir.path());
        let stdout = normalize(&String::from_utf8_lossy(&out.stdout), self.dir.path());
        let code = out.status.code().expect("byline was killed by a signal");
        assert_eq!(
            code, self.expected_code,
            "byline {args:?} exited {code}\nstderr:\n{stderr}\nstdout:\n{stdout}"
        );
        if let Some(expected) = &self.expected_stderr {
            assert_eq!(stderr, *expected, "stderr differs");
        }
        for part in &self.stderr_contains {
            assert!(
                stderr.contains(part.as_str()),
                "stderr lacks {part:?}:\n{stderr}"
            );
        }
        if let Some(expected) = &self.expected_stdout {
            assert_eq!(stdout, *expected, "stdout differs");
        }
        for part in &self.stdout_contains {
            assert!(
                stdout.contains(part.as_str()),
                "stdout lacks {part:?}:\n{stdout}"
            );
        }
        Run {
            test: self,
            stderr,
            stdout,
        }
    }
}

/// Replaces timings and the temporary folder so stderr and stdout can be compared exactly.
pub fn normalize(s: &str, dir: &Path) -> String {
    let mut out = s.replace(&dir.display().to_string(), "[ROOT]");
    if let Ok(real) = dir.canonicalize() {
        out = out.replace(&real.display().to_string(), "[ROOT]");
    }
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find(" in ") {
        result.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && rest[digits..].starts_with(" ms") {
            result.push_str("[T]");
            rest = &rest[digits..];
        }
    }
    result.push_str(rest);
    result
}

pub struct Run {
    pub test: Test,
    pub stderr: String,
    pub stdout: String,
}

impl Run {
    pub fn path(&self) -> &Path {
        self.test.dir.path()
    }

    /// A file of the built site, `public/` implied.
    pub fn read(&self, rel: &str) -> String {
        let p = self.path().join("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join("public").join(rel).exists()
    }

    /// Every file under `public/` with its bytes, sorted by path.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        snapshot(&self.path().join("public"))
    }

    /// Runs another command on the same site.
    pub fn then(self) -> Test {
        Test {
            args: None,
            env: Vec::new(),
            expected_code: 0,
            expected_stderr: None,
            stderr_contains: Vec::new(),
            expected_stdout: None,
            stdout_contains: Vec::new(),
            ..self.test
        }
    }
}

pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Every `id="…"` in an HTML page.
pub fn ids(html: &str) -> Vec<String> {
    attr_values(html, "id")
}

/// Every value of `attr="…"` in an HTML page.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Asserts every `href="#x"` in the page has a matching `id="x"`.
pub fn assert_fragments_resolve(html: &str) {
    let ids = ids(html);
    for href in attr_values(html, "href") {
        if let Some(frag) = href.strip_prefix('#') {
            assert!(
                ids.iter().any(|i| i == frag),
                "link to #{frag} has no target"
            );
        }
    }
}

/// Link check over a whole built site: every `href`/`src` in every `.html` file under
/// `public` that is relative or starts with `base_path` must lead to a file that
/// exists (a folder means its `index.html`), and a `#fragment` to an element with that
/// id in the target page. Root-relative links outside `base_path` are broken under a
/// sub-path and fail too. Returns how many links were checked.
pub fn assert_links_resolve(public: &Path, base_path: &str) -> usize {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    let mut ids_of: std::collections::HashMap<PathBuf, Vec<String>> = Default::default();
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let mut links = attr_values(&html, "href");
        links.extend(attr_values(&html, "src"));
        for link in links {
            let link = link.replace("&amp;", "&");
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("//") {
                continue;
            }
            checked += 1;
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            // A static host decodes the path before it looks for the file.
            let path = path.split('?').next().unwrap();
            let path = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .unwrap()
                .into_owned();
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rest) = path.strip_prefix(base_path) {
                public.join(rest)
            } else if path.starts_with('/') {
                broken.push(format!(
                    "{}: {link} is outside the base path {base_path}",
                    page.display()
                ));
                continue;
            } else {
                page.parent().unwrap().join(&path)
            };
            let target = if target.is_dir() || path.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            if !target.is_file() {
                broken.push(format!("{}: {link} leads nowhere", page.display()));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let ids = ids_of
                    .entry(target.clone())
                    .or_insert_with(|| ids(&std::fs::read_to_string(&target).unwrap_or_default()));
                if !ids.contains(&fragment) {
                    broken.push(format!(
                        "{}: {link} has no element with id {fragment}",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}
