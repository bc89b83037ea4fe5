//! `byline theme eject`: copies the built-in theme into `themes/default/`, where the
//! site can change it (byline then uses the copy instead of the built-in one).

use std::path::{Path, PathBuf};

use crate::cli::{Cli, ThemeCommand};
use crate::diagnostic::Diagnostic;
use crate::report::Reporter;

pub fn run(cli: &Cli, command: &ThemeCommand) -> i32 {
    match command {
        ThemeCommand::Eject { root } => match eject(root) {
            Ok(dir) => {
                eprintln!("Copied the built-in theme to {}", dir.display());
                0
            }
            Err(d) => {
                Reporter::new(cli.message_format).stopped(d, "the theme was not copied");
                1
            }
        },
    }
}

fn eject(root: &Path) -> Result<PathBuf, Diagnostic> {
    crate::site_fs::writable(root, &format!("themes/{}", crate::theme::DEFAULT_NAME))?;
    crate::theme::eject(root).map_err(|e| {
        Diagnostic::error("eject", format!("cannot eject the theme: {e}"))
            .help("byline never overwrites a theme: rename or remove themes/default/ first")
    })
}
