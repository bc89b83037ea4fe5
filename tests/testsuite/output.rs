//! The output folder: byline replaces and deletes only what byline made. It refuses
//! folders it did not make, symlinks and files, keeps the files it did not write, and
//! leaves no staging folder behind, even when killed or interrupted.

use std::fs;
use std::path::Path;

use crate::support::*;

const ARTICLE: &str = "---\ntitle: A\ndate: 2020-01-01\n---\nBody.\n";

/// The names in `dir` that start with a dot: staging folders left behind.
fn dot_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn an_output_folder_of_unrelated_files_is_refused_and_they_survive() {
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file("docs/notes.txt", "my notes")
        .file("docs/letters/1.txt", "a letter")
        .args(&["build", "--output", "docs"])
        .failure()
        .stderr(
            "error[output-dir]: [ROOT]/docs is not empty and byline did not make it (it holds 2 files: letters/, notes.txt)
 = help: build into a new or empty folder (`output_dir` in site.toml, or --output), or pass --force to delete what it holds and build there

error: build failed with 1 error
",
        )
        .run();
    assert_eq!(
        fs::read_to_string(run.path().join("docs/notes.txt")).unwrap(),
        "my notes"
    );
    assert!(run.path().join("docs/letters/1.txt").is_file());
    assert!(!run.path().join("docs/index.html").exists());
    assert!(dot_entries(run.path()).is_empty());
}

#[test]
fn force_deletes_a_folder_byline_did_not_make_and_says_so() {
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file("docs/notes.txt", "my notes")
        .args(&["build", "--output", "docs", "--force"])
        .stderr_contains("warning[output-dir]: --force: deleted from [ROOT]/docs what byline did not make, 1 file: notes.txt")
        .run();
    assert!(!run.path().join("docs/notes.txt").exists());
    assert!(run.path().join("docs/a/index.html").is_file());
}

#[test]
fn an_existing_file_or_site_toml_is_refused_as_the_output_folder() {
    for file in ["site.toml", "notes.txt"] {
        let run = Test::new()
            .file("content/a.md", ARTICLE)
            .file("notes.txt", "my notes")
            .args(&["build", "--output", file, "--force"])
            .failure()
            .stderr_contains("is a file, not a folder")
            .run();
        assert_eq!(
            fs::read_to_string(run.path().join("notes.txt")).unwrap(),
            "my notes"
        );
        assert_eq!(
            fs::read_to_string(run.path().join("site.toml")).unwrap(),
            SITE_TOML
        );
    }
}

#[test]
fn a_git_folder_is_refused_as_the_output_folder_even_with_force() {
    for output in [".git", "../.git", "repo/.git/worktree"] {
        let run = Test::new()
            .file("content/a.md", ARTICLE)
            .file(".git/HEAD", "ref: refs/heads/main\n")
            .file("repo/.git/HEAD", "ref: refs/heads/main\n")
            .args(&["build", "--output", output, "--force"])
            .failure()
            .stderr_contains("error[output-dir]")
            .stderr_contains(".git")
            .run();
        assert!(run.path().join(".git/HEAD").is_file());
        assert!(run.path().join("repo/.git/HEAD").is_file());
    }
}

#[test]
fn a_symlinked_output_folder_is_refused_and_its_target_is_untouched() {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("precious.txt"), "keep me").unwrap();
    let t = Test::new().file("content/a.md", ARTICLE);
    symlink(elsewhere.path(), t.path().join("public"));
    let run = t
        .failure()
        .stderr_contains("error[output-dir]: [ROOT]/public is a symbolic link")
        .run();
    assert!(fs::symlink_metadata(run.path().join("public"))
        .unwrap()
        .is_symlink());
    assert_eq!(
        fs::read_dir(elsewhere.path()).unwrap().count(),
        1,
        "byline wrote through the link"
    );
    assert_eq!(
        fs::read_to_string(elsewhere.path().join("precious.txt")).unwrap(),
        "keep me"
    );
    assert!(dot_entries(run.path()).is_empty());
    assert!(dot_entries(elsewhere.path()).is_empty());
}

#[test]
fn an_output_folder_below_a_symlink_in_the_site_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir(elsewhere.path().join("site")).unwrap();
    fs::write(elsewhere.path().join("site/precious.txt"), "keep me").unwrap();
    let t = Test::new().file("content/a.md", ARTICLE);
    symlink(elsewhere.path(), t.path().join("out"));
    t.args(&["build", "--output", "out/site", "--force"])
        .failure()
        .stderr_contains("error[output-dir]: [ROOT]/out is a symbolic link")
        .run();
    assert_eq!(
        fs::read_to_string(elsewhere.path().join("site/precious.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 1);
}

#[test]
#[cfg(unix)]
fn files_byline_did_not_write_survive_a_rebuild() {
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file("content/b.md", ARTICLE.replace("title: A", "title: B"))
        .run();
    let public = run.path().join("public");
    fs::write(public.join("CNAME"), "example.org\n").unwrap();
    fs::write(public.join(".nojekyll"), "").unwrap();
    fs::create_dir_all(public.join(".git/refs")).unwrap();
    fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::create_dir_all(public.join("downloads")).unwrap();
    fs::write(public.join("downloads/report.pdf"), "%PDF").unwrap();
    fs::write(public.join("a/notes.txt"), "beside a page").unwrap();
    let git_inode =
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(public.join(".git")).unwrap());

    let run = run
        .then()
        .remove("content/b.md")
        .file("static/downloads/logo.png", "PNG")
        .run();
    assert_eq!(run.read("CNAME"), "example.org\n");
    assert!(run.exists(".nojekyll"));
    assert_eq!(run.read(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert!(run.exists(".git/refs"));
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(public.join(".git")).unwrap()),
        git_inode,
        ".git was copied, not moved"
    );
    assert_eq!(run.read("downloads/report.pdf"), "%PDF");
    assert_eq!(run.read("downloads/logo.png"), "PNG", "folders are merged");
    assert_eq!(run.read("a/notes.txt"), "beside a page");
    assert!(run.exists("a/index.html"));
    assert!(!run.exists("b"), "the page of a removed article stays");
    assert!(dot_entries(run.path()).is_empty());
}

#[test]
fn a_gh_pages_worktree_file_survives_a_rebuild() {
    // `git worktree add public gh-pages` makes `public/.git` a file.
    let run = Test::new().file("content/a.md", ARTICLE).run();
    fs::write(
        run.path().join("public/.git"),
        "gitdir: ../.git/worktrees/public\n",
    )
    .unwrap();
    let run = run.then().run();
    assert_eq!(run.read(".git"), "gitdir: ../.git/worktrees/public\n");
}

#[test]
fn a_file_of_yours_where_byline_now_writes_is_refused_until_forced() {
    let run = Test::new().file("content/a.md", ARTICLE).run();
    let public = run.path().join("public");
    fs::create_dir_all(public.join("b")).unwrap();
    fs::write(public.join("b/index.html"), "my page").unwrap();
    fs::write(public.join("CNAME"), "example.org\n").unwrap();
    let before = run.snapshot();
    let run = run
        .then()
        .file("content/b.md", ARTICLE.replace("title: A", "title: B"))
        .failure()
        .stderr_contains("error[output-dir]: byline did not write [ROOT]/public/b/index.html, and this build writes there")
        .stderr_contains("--force")
        .run();
    assert_eq!(before, run.snapshot(), "a refused build changed the output");
    assert!(dot_entries(run.path()).is_empty());

    let run = run
        .then()
        .args(&["build", "--force"])
        .stderr_contains("warning[output-dir]: --force: replaced 1 file byline did not write in [ROOT]/public: b/index.html")
        .run();
    assert!(run.read("b/index.html").contains("<html"));
    assert_eq!(
        run.read("CNAME"),
        "example.org\n",
        "--force deleted more than it said"
    );
}

#[test]
fn a_byline_output_without_a_manifest_needs_force_once() {
    // What byline wrote before it kept a manifest.
    let run = Test::new().file("content/a.md", ARTICLE).run();
    let public = run.path().join("public");
    fs::remove_file(public.join(".byline-manifest")).unwrap();
    fs::create_dir(public.join(".git")).unwrap();
    fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(public.join("CNAME"), "example.org\n").unwrap();
    let run = run
        .then()
        .failure()
        .stderr_contains("looks like the output of an earlier byline")
        .run();
    assert!(run.exists("CNAME"));
    let run = run.then().args(&["build", "--force"]).run();
    assert!(run.exists(".git/HEAD"), "--force deleted .git");
    assert!(!run.exists("CNAME"));
    assert!(run.exists(".byline-manifest"));
    run.then().run();
}

#[test]
fn an_empty_folder_or_one_holding_only_git_is_built_into() {
    let t = Test::new().file("content/a.md", ARTICLE);
    fs::create_dir(t.path().join("public")).unwrap();
    t.run();
    let t = Test::new()
        .file("content/a.md", ARTICLE)
        .file("public/.git", "gitdir: ../.git/worktrees/public\n");
    let run = t.run();
    assert!(run.exists("a/index.html"));
    assert_eq!(run.read(".git"), "gitdir: ../.git/worktrees/public\n");
}

#[test]
fn the_manifest_lists_every_file_byline_wrote_and_nothing_else() {
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file("static/CNAME", "example.org\n")
        .run();
    fs::write(run.path().join("public/mine.txt"), "mine").unwrap();
    let run = run.then().run();
    let manifest = run.read(".byline-manifest");
    let listed: Vec<&str> = manifest.lines().skip(1).collect();
    let mut files: Vec<String> = snapshot(&run.path().join("public"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != ".byline-manifest" && p != "mine.txt")
        .collect();
    files.sort();
    assert_eq!(listed, files);
    assert!(listed.contains(&"CNAME"));
    assert!(
        manifest.starts_with("byline output manifest 1\n"),
        "{manifest}"
    );
}

#[test]
fn stale_staging_folders_of_dead_builds_are_removed_and_others_kept() {
    // No process has a pid above the kernel's limit (2^22).
    let dead = 999_999_999;
    let alive = std::process::id();
    let t = Test::new()
        .file("content/a.md", ARTICLE)
        .file(&format!(".public.byline-{dead}-AbC123/a/index.html"), "old")
        .file(&format!(".public.old-{dead}-xYz789/index.html"), "old")
        .file(".public.byline-Qw3rTy/index.html", "from an older byline")
        .file(
            &format!(".public.byline-{alive}-LiVe12/index.html"),
            "running",
        )
        .file(".public.mine/notes.txt", "not byline's");
    let run = t.run();
    assert_eq!(
        dot_entries(run.path()),
        [
            format!(".public.byline-{alive}-LiVe12"),
            ".public.mine".into()
        ]
    );
}

#[test]
fn a_stale_folder_holding_files_byline_did_not_write_is_kept_with_a_warning() {
    // A build killed while it moved CNAME into its staging folder.
    let dead = 999_999_999;
    let stale = format!(".public.byline-{dead}-AbC123");
    let run = Test::new()
        .file("content/a.md", ARTICLE)
        .file(
            &format!("{stale}/.byline-manifest"),
            "byline output manifest 1\nindex.html\n",
        )
        .file(&format!("{stale}/index.html"), "old")
        .file(&format!("{stale}/CNAME"), "example.org\n")
        .stderr_contains(&format!(
            "warning[output-dir]: [ROOT]/{stale} was left by a build that stopped"
        ))
        .run();
    assert!(run.path().join(&stale).join("CNAME").is_file());
}

/// A site large enough that a debug build of it takes a while.
fn large_site(articles: usize) -> Test {
    let mut t = Test::new();
    let body = "Some words about the offensive, the envoy and the ceasefire. ".repeat(40);
    let code = "```rust\nfn tally(claims: &[Claim]) -> usize {\n    claims.iter().filter(|c| c.disputed).count()\n}\n```\n";
    for i in 0..articles {
        t = t.file(
            &format!("content/s{}/a{i}.md", i % 20),
            format!("---\ntitle: Article {i}\ndate: 2020-01-01\ntags: [t{}]\n---\n{body}\n\n{code}\n{body}\n", i % 50),
        );
    }
    t
}

/// The exit code and stderr of `child`; fails if it runs for minutes (a hang).
fn wait_with_hang_guard(mut child: std::process::Child) -> (Option<i32>, String) {
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(300) {
            child.kill().unwrap();
            panic!("byline hangs after a signal");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
#[cfg(unix)]
fn a_build_stopped_by_a_signal_leaves_no_staging_folder() {
    let mut articles = 500;
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        loop {
            let site = large_site(articles);
            let mut child = std::process::Command::new(BIN)
                .arg("build")
                .current_dir(site.path())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // Until the staging folder exists, or the build ended first.
            let caught = loop {
                if !dot_entries(site.path()).is_empty() {
                    break true;
                }
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            };
            let (code, stderr) = if caught {
                unsafe { libc::kill(child.id() as i32, signal) };
                wait_with_hang_guard(child)
            } else {
                (Some(0), String::new())
            };
            if code == Some(0) {
                // The build ended before the signal came: a larger site.
                articles *= 2;
                assert!(articles < 50_000, "no build could be caught in the middle");
                continue;
            }
            assert_eq!(code, Some(130), "signal {signal}: {stderr}");
            assert!(stderr.contains("Interrupted"), "{stderr}");
            assert!(
                dot_entries(site.path()).is_empty(),
                "signal {signal} left {:?}",
                dot_entries(site.path())
            );
            let public = site.path().join("public");
            assert!(
                !public.exists() || public.join(".byline-manifest").is_file(),
                "an incomplete output was left in place"
            );
            break;
        }
    }
}
