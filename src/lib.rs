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
pub mod feeds;
pub mod front_matter;
pub mod generated;
pub mod highlight;
pub mod history;
pub mod html;
pub mod incremental;
pub mod ledger;
pub mod lint;
pub mod markdown;
pub mod names;
pub mod output;
pub mod paginate;
pub mod pipeline;
pub mod progress;
pub mod raw_html;
pub mod report;
pub mod safe_url;
pub mod serve;
pub mod site;
pub mod site_data;
pub mod site_fs;
pub mod statics;
pub mod status;
pub mod structured_data;
pub mod templates;
pub mod theme;
pub mod yaml;

use clap::Parser;

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = cli::Cli::parse();
    match &cli.command {
        cli::Command::Build(args) => cmd::build::run(&cli, args),
        cli::Command::Check(args) => cmd::check::run(&cli, args),
        cli::Command::Serve(args) => cmd::serve::run(&cli, args),
        cli::Command::New(args) => cmd::new::run(&cli, args),
        cli::Command::Init(args) => cmd::init::run(&cli, args),
        cli::Command::Theme(command) => cmd::theme::run(&cli, command),
        cli::Command::Completions(args) => cmd::completions::run(args),
    }
}
