//! The command line, declared with clap. Each subcommand's work lives in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "byline",
    version,
    about = "Build explainer sites where every claim shows its sources and status."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// How to print errors and warnings.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,

    /// Treat warnings as errors.
    #[arg(long, global = true)]
    pub deny_warnings: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check everything a build checks, writing nothing.
    Check(SiteArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Override `base_url` from site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` from site.toml, usually `public`).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Print how long each phase took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFormat {
    /// rustc-style, with the source line and a caret; coloured on a terminal.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}
