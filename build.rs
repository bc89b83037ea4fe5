//! The default theme is embedded with `include_dir!`, so a change to it rebuilds byline;
//! `byline --version` names the commit byline was built from.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-env-changed=BYLINE_COMMIT");
    let commit = std::env::var("BYLINE_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(packaged_commit)
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown commit".into());
    println!("cargo:rustc-env=BYLINE_COMMIT={}", commit.trim());
}

/// The commit checked out, from a clone; rebuilt when `HEAD` or the branch moves.
fn git_commit() -> Option<String> {
    for file in ["HEAD", "packed-refs"] {
        if let Some(path) = git(&["rev-parse", "--git-path", file]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        if let Some(path) = git(&["rev-parse", "--git-path", &branch]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The commit `cargo package` recorded, in a package from crates.io (no `.git` there).
fn packaged_commit() -> Option<String> {
    let info = std::fs::read_to_string(Path::new(".cargo_vcs_info.json")).ok()?;
    let start = info.find("\"sha1\"")? + "\"sha1\"".len();
    let rest = info[start..].trim_start().strip_prefix(':')?.trim_start();
    let sha = rest.strip_prefix('"')?.split('"').next()?;
    Some(sha.chars().take(12).collect())
}
