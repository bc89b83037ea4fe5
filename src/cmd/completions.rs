//! `byline completions bash|zsh|fish|…`: shell completions generated from the clap
//! definition, so they never drift from the real command line.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> i32 {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "byline", &mut std::io::stdout());
    0
}
