//! The command line, declared with clap. Each subcommand's work lives in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "byline",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("BYLINE_COMMIT"), ")"),
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
    /// Build, serve on loopback and rebuild on every save, reloading open pages.
    Serve(ServeArgs),
    /// Write a new article with its front matter filled in.
    New(NewArgs),
    /// Create a new site that builds at once.
    Init(InitArgs),
    /// Work with the built-in theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print shell completions: `byline completions bash > /etc/bash_completion.d/byline`.
    Completions(CompletionsArgs),
    /// Print the JSON Schema of article front matter, sources.yaml, site.toml or claims.json.
    ///
    /// The schemas (draft 2020-12) let an editor complete, explain and check these files
    /// as they are typed; `front-matter-cms` prints a frontmatter.json for the Front Matter
    /// CMS extension instead. docs/schema/ holds the same files.
    Schema(SchemaArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Args, Debug, Clone)]
pub struct NewArgs {
    /// The article's title; the file name is made from it.
    pub title: String,
    /// A folder under content/ to put it in (`analysis`, `guides/basics`).
    #[arg(long)]
    pub section: Option<String>,
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Where to create the site (created if missing; must be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Subcommand, Debug, Clone)]
pub enum ThemeCommand {
    /// Copy the built-in theme into themes/default/ to customise it.
    Eject {
        /// The site's folder (the one holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug, Clone)]
pub struct SchemaArgs {
    /// Which file the schema describes.
    pub kind: crate::schema::Kind,
    /// A site whose own claim statuses (site.toml's `[claims]`) the article schema
    /// takes, instead of the built-in confirmed, disputed, unverified and false.
    #[arg(long)]
    pub root: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated after today (today is the UTC date, or BYLINE_TODAY).
    #[arg(long)]
    pub future: bool,
    /// Override `base_url` from site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site, relative to the site's root like `output_dir` in
    /// site.toml (default: that `output_dir`, usually `public`).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Build into an output folder byline did not make, deleting what it holds (but a
    /// .git), or replace files of yours where byline writes; says what it deleted.
    #[arg(long)]
    pub force: bool,
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
