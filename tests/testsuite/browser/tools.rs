//! Whether the browser tests can run here. `cargo test` must pass on a machine with only
//! Rust, so without Chromium, Node, Java or the npm packages of `tests/browser/` they
//! skip, loudly: cargo still counts a skipped test as passed, so each skip is written
//! straight to stderr, past libtest's capture, and a summary of what is missing and how
//! to install it follows the test results. With `CI` set (`.ci/run` sets it) a missing
//! tool fails them instead, so CI always proves the theme in Chromium.
//!
//! `BYLINE_BROWSER` overrides the detection: `auto` (the default), `skip` (never run
//! them; refused in CI) or `require` (fail when a tool is missing, as in CI).

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::support::repo_root;

/// One thing a browser test needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tool {
    Chromium,
    Node,
    Java,
    /// A package installed by `npm ci` in `tests/browser/`.
    Npm(&'static str),
}

/// What the tests driving Chromium through `check.mjs` need.
pub const CHROMIUM_TESTS: &[Tool] = &[
    Tool::Chromium,
    Tool::Node,
    Tool::Npm("playwright-core"),
    Tool::Npm("axe-core"),
];
/// What the Nu HTML Checker test needs.
pub const VNU_TESTS: &[Tool] = &[Tool::Java, Tool::Npm("vnu-jar")];
const ALL: &[Tool] = &[
    Tool::Chromium,
    Tool::Java,
    Tool::Node,
    Tool::Npm("playwright-core"),
    Tool::Npm("axe-core"),
    Tool::Npm("vnu-jar"),
];

impl Tool {
    fn is_present(self) -> bool {
        match self {
            Tool::Chromium | Tool::Node | Tool::Java => which::which(self.command()).is_ok(),
            Tool::Npm(package) => browser_dir()
                .join("node_modules")
                .join(package)
                .join("package.json")
                .is_file(),
        }
    }

    fn command(self) -> &'static str {
        match self {
            Tool::Chromium => "chromium",
            Tool::Node => "node",
            Tool::Java => "java",
            Tool::Npm(package) => package,
        }
    }

    fn describe(self) -> String {
        match self {
            Tool::Npm(package) => format!("tests/browser/node_modules/{package}"),
            tool => format!("`{}` on PATH", tool.command()),
        }
    }

    /// The Debian packages that provide it, if apt does.
    fn apt_packages(self) -> &'static str {
        match self {
            Tool::Chromium => "chromium",
            Tool::Java => "default-jre-headless",
            Tool::Node => "nodejs npm",
            Tool::Npm(_) => "",
        }
    }
}

pub fn browser_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

/// The Chromium the tests drive: the first `chromium` on PATH.
pub fn chromium() -> PathBuf {
    which::which("chromium").expect("chromium is on PATH (checked by `ready`)")
}

/// What a browser test does about the tools it needs.
#[derive(Debug, PartialEq)]
enum Decision {
    Run,
    /// Pass without running; the reason says what is missing and how to install it.
    Skip(String),
    /// Fail; the reason says why it may not skip.
    Fail(String),
}

/// The decision for a test missing `missing`, given `CI` and `BYLINE_BROWSER`.
fn decide(missing: &[Tool], ci: Option<&str>, mode: Option<&str>) -> Decision {
    let in_ci = ci.is_some_and(|v| !matches!(v, "" | "0" | "false"));
    let mode = mode.unwrap_or("auto");
    let not_installed = || {
        let names: Vec<String> = missing.iter().map(|t| t.describe()).collect();
        format!(
            "missing: {}\nto install:\n{}",
            names.join(", "),
            install_commands(missing)
        )
    };
    match mode {
        "auto" | "" | "skip" | "require" => {}
        other => {
            return Decision::Fail(format!(
                "BYLINE_BROWSER is {other:?}; it must be auto (the default), skip or require"
            ))
        }
    }
    if mode == "skip" {
        if in_ci {
            return Decision::Fail(
                "CI is set, so the browser tests may not be skipped (BYLINE_BROWSER=skip)".into(),
            );
        }
        return Decision::Skip("BYLINE_BROWSER=skip asked to skip them.".into());
    }
    if missing.is_empty() {
        Decision::Run
    } else if in_ci {
        Decision::Fail(format!(
            "CI is set, so the browser tests must run.\n{}",
            not_installed()
        ))
    } else if mode == "require" {
        Decision::Fail(format!(
            "BYLINE_BROWSER=require, so the browser tests must run.\n{}",
            not_installed()
        ))
    } else {
        Decision::Skip(not_installed())
    }
}

/// The exact commands that install `missing`, one per line, indented.
fn install_commands(missing: &[Tool]) -> String {
    let apt: Vec<&str> = missing
        .iter()
        .map(|t| t.apt_packages())
        .filter(|p| !p.is_empty())
        .collect();
    let mut lines = Vec::new();
    if !apt.is_empty() {
        lines.push(format!("    sudo apt-get install {}", apt.join(" ")));
    }
    if missing.iter().any(|t| matches!(t, Tool::Npm(_))) {
        lines.push("    cd tests/browser && npm ci --ignore-scripts".to_string());
    }
    lines.join("\n")
}

/// `true` if the calling test should run; `false` after saying loudly that it skipped;
/// panics when it may not skip.
pub fn ready(needs: &[Tool]) -> bool {
    let missing: Vec<Tool> = needs.iter().copied().filter(|t| !t.is_present()).collect();
    let ci = std::env::var("CI").ok();
    let mode = std::env::var("BYLINE_BROWSER").ok();
    match decide(&missing, ci.as_deref(), mode.as_deref()) {
        Decision::Run => true,
        Decision::Fail(reason) => panic!("{reason}"),
        Decision::Skip(_) => {
            let test = std::thread::current()
                .name()
                .unwrap_or("a browser test")
                .to_string();
            shout(&format!(
                "SKIPPED {test}: it passes without running (summary at the end)\n"
            ));
            let mut skipped = SKIPPED.lock().unwrap_or_else(PoisonError::into_inner);
            if skipped.is_empty() {
                let all: Vec<Tool> = ALL.iter().copied().filter(|t| !t.is_present()).collect();
                if let Decision::Skip(why) = decide(&all, ci.as_deref(), mode.as_deref()) {
                    let _ = WHY.set(why);
                }
                // SAFETY: `summary` is a plain function that only reads statics.
                #[cfg(unix)]
                unsafe {
                    libc::atexit(summary)
                };
            }
            skipped.push(test);
            false
        }
    }
}

/// The browser tests that skipped, for the summary printed when the test process exits.
static SKIPPED: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// What is missing for all of them and how to install it.
static WHY: OnceLock<String> = OnceLock::new();

/// Runs at exit, after libtest's `test result:` line, so the skips are the last thing
/// the reader sees of this test binary.
extern "C" fn summary() {
    let skipped = SKIPPED.lock().unwrap_or_else(PoisonError::into_inner);
    let rule = "=".repeat(78);
    shout(&format!(
        "\n{rule}\nSKIPPED {} BROWSER TEST(S) (tests/testsuite/browser.rs): cargo counted them as \
         passed,\nbut the theme was not checked in Chromium or the Nu HTML Checker:\n    {}\n\
         {}\nWith CI set (as .ci/run sets it), a missing tool fails them instead.\n{rule}\n",
        skipped.len(),
        skipped.join("\n    "),
        WHY.get().map_or("", String::as_str),
    ));
}

/// Writes to stderr itself rather than through `eprintln!`, which libtest captures and
/// hides for a test that passes.
fn shout(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTHING: &[Tool] = &[];

    #[test]
    fn browser_tests_run_when_every_tool_is_present_in_ci_or_not() {
        assert_eq!(decide(NOTHING, None, None), Decision::Run);
        assert_eq!(decide(NOTHING, Some("true"), None), Decision::Run);
        assert_eq!(decide(NOTHING, None, Some("require")), Decision::Run);
    }

    #[test]
    fn a_missing_tool_skips_with_the_install_commands_outside_ci() {
        let expected = Decision::Skip(
            "missing: `chromium` on PATH, `java` on PATH, tests/browser/node_modules/vnu-jar\n\
             to install:\n    sudo apt-get install chromium default-jre-headless\n    \
             cd tests/browser && npm ci --ignore-scripts"
                .into(),
        );
        let missing = [Tool::Chromium, Tool::Java, Tool::Npm("vnu-jar")];
        assert_eq!(decide(&missing, None, None), expected);
        for not_ci in ["", "0", "false"] {
            assert_eq!(decide(&missing, Some(not_ci), Some("auto")), expected);
        }
    }

    #[test]
    fn a_missing_tool_fails_when_ci_is_set_or_browser_tests_are_required() {
        let missing = [Tool::Node];
        let install = "missing: `node` on PATH\nto install:\n    sudo apt-get install nodejs npm";
        assert_eq!(
            decide(&missing, Some("true"), None),
            Decision::Fail(format!(
                "CI is set, so the browser tests must run.\n{install}"
            ))
        );
        assert_eq!(
            decide(&missing, None, Some("require")),
            Decision::Fail(format!(
                "BYLINE_BROWSER=require, so the browser tests must run.\n{install}"
            ))
        );
    }

    #[test]
    fn browser_tests_skip_on_request_except_in_ci() {
        assert_eq!(
            decide(NOTHING, None, Some("skip")),
            Decision::Skip("BYLINE_BROWSER=skip asked to skip them.".into())
        );
        assert!(matches!(
            decide(NOTHING, Some("1"), Some("skip")),
            Decision::Fail(_)
        ));
    }

    #[test]
    fn an_unknown_browser_mode_fails_naming_the_known_ones() {
        assert_eq!(
            decide(NOTHING, None, Some("off")),
            Decision::Fail(
                "BYLINE_BROWSER is \"off\"; it must be auto (the default), skip or require".into()
            )
        );
    }
}
