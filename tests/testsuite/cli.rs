//! The command line itself: a misused one exits 2 with clap's usage on stderr (as the
//! README promises), and `--help` and `--version` answer on stdout with exit code 0.

use crate::support::*;

#[test]
fn an_unknown_flag_exits_2_with_the_usage_of_its_command() {
    Test::new()
        .args(&["build", "--frobnicate"])
        .code(2)
        .stderr(
            "error: unexpected argument '--frobnicate' found\n\n\
             Usage: byline build [OPTIONS]\n\n\
             For more information, try '--help'.\n",
        )
        .stdout("")
        .run();
}

#[test]
fn an_unknown_subcommand_exits_2_with_the_usage() {
    Test::new()
        .args(&["frobnicate"])
        .code(2)
        .stderr(
            "error: unrecognized subcommand 'frobnicate'\n\n\
             Usage: byline [OPTIONS] <COMMAND>\n\n\
             For more information, try '--help'.\n",
        )
        .stdout("")
        .run();
}

#[test]
fn an_invalid_option_value_exits_2_naming_the_possible_values() {
    Test::new()
        .args(&["--message-format", "xml", "build"])
        .code(2)
        .stderr_contains("error: invalid value 'xml' for '--message-format <MESSAGE_FORMAT>'")
        .stderr_contains("[possible values: human, json, github]")
        .stdout("")
        .run();
}

#[test]
fn no_subcommand_exits_2_with_the_help_on_stderr() {
    Test::new()
        .args(&[])
        .code(2)
        .stderr_contains("Usage: byline [OPTIONS] <COMMAND>")
        .stderr_contains("\n  build ")
        .stdout("")
        .run();
}

#[test]
fn version_is_printed_on_stdout_with_exit_code_0() {
    for flag in ["--version", "-V"] {
        Test::new()
            .args(&[flag])
            .stdout(&format!(
                "byline {} ({})\n",
                env!("CARGO_PKG_VERSION"),
                env!("BYLINE_COMMIT")
            ))
            .stderr("")
            .run();
    }
}

#[test]
fn version_names_the_commit_byline_was_built_from() {
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo_root())
        .output();
    match head {
        Ok(out) if out.status.success() => {
            let head = String::from_utf8(out.stdout).unwrap();
            assert_eq!(env!("BYLINE_COMMIT"), head.trim());
        }
        // A crate unpacked from its package: the commit `cargo package` recorded.
        _ => assert!(
            env!("BYLINE_COMMIT").len() == 12
                && env!("BYLINE_COMMIT").bytes().all(|b| b.is_ascii_hexdigit()),
            "{}",
            env!("BYLINE_COMMIT")
        ),
    }
}

#[test]
fn help_is_printed_on_stdout_with_exit_code_0() {
    let run = Test::new()
        .args(&["--help"])
        .stdout_contains("Usage: byline [OPTIONS] <COMMAND>")
        .stderr("")
        .run();
    for command in [
        "build",
        "check",
        "serve",
        "new",
        "init",
        "theme",
        "completions",
    ] {
        assert!(
            run.stdout.contains(&format!("\n  {command} ")),
            "--help does not list {command}:\n{}",
            run.stdout
        );
    }
    Test::new()
        .args(&["build", "--help"])
        .stdout_contains("Usage: byline build [OPTIONS]")
        .stdout_contains("--output <OUTPUT>")
        .stderr("")
        .run();
}
