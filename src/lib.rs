//! byline: a static site generator for explainer articles. The modules follow the
//! data: site config → content tree → front matter → Markdown with citations and
//! claims → render context → templates → output. See ARCHITECTURE.md.

// Diagnostics are large, and returned only on the cold path of a failed build.
#![allow(clippy::result_large_err)]

pub mod article;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod context;
pub mod date;
pub mod diagnostic;
pub mod front_matter;
pub mod highlight;
pub mod html;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod site;
pub mod status;
pub mod templates;
pub mod yaml;

use clap::Parser;

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = cli::Cli::parse();
    match &cli.command {
        cli::Command::Build(args) => cmd::build::run(&cli, args),
        cli::Command::Check(args) => cmd::check::run(&cli, args),
    }
}
