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
    /// Check everything a build checks, writing nothing; with --links, also ask
    /// whether every external link still leads somewhere.
    Check(CheckArgs),
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
    /// Ask a web archive for a copy of every source URL without one, recording them in
    /// content/archives.yaml (the only command besides `check --links` that goes online).
    Archive(ArchiveArgs),
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also check every external link (sources, claims' appearances, bodies) online.
    #[arg(long)]
    pub links: bool,
    #[command(flatten)]
    pub net: NetArgs,
    /// Links found alive this many hours ago are not asked about again
    /// (.byline-cache/links.json); 0 asks about every link.
    #[arg(long, default_value_t = 24.0, value_name = "HOURS", value_parser = hours)]
    pub cache_hours: f64,
    /// How many requests one host gets at once.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub per_host: usize,
    /// How many requests in all at once.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub jobs: usize,
    /// How many retries after a timeout, a 429 or a server error.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub retries: u32,
    /// How many redirects a link may take.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub max_redirects: usize,
}

/// How the network commands pace their requests.
#[derive(Args, Debug, Clone)]
pub struct NetArgs {
    /// Seconds a request may take.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: f64,
    /// Seconds between two requests to one host (archive: between any two requests).
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub delay: Option<f64>,
}

/// A number of seconds from 0 to a day.
fn seconds(text: &str) -> Result<f64, String> {
    within(text, 86_400.0, "seconds")
}

/// A number of hours from 0 to a year.
fn hours(text: &str) -> Result<f64, String> {
    within(text, 8_760.0, "hours")
}

fn within(text: &str, most: f64, unit: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if (0.0..=most).contains(&n) => Ok(n),
        _ => Err(format!("expected a number of {unit} from 0 to {most}")),
    }
}

#[derive(Args, Debug, Clone)]
pub struct ArchiveArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[command(flatten)]
    pub net: NetArgs,
    /// Only look copies up; ask the archive to make none.
    #[arg(long)]
    pub no_save: bool,
    /// The availability API of a Wayback-style archive
    /// (default: `https://archive.org/wayback/available`).
    #[arg(long, value_name = "URL")]
    pub availability_api: Option<String>,
    /// Where Save Page Now is, the URL to copy appended
    /// (default: `https://web.archive.org/save/`).
    #[arg(long, value_name = "URL")]
    pub save_api: Option<String>,
    /// Stop after this many URLs (the rest wait for the next run).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
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
    /// The article's title; the file name is made from it. With --lang, the article to
    /// translate instead (`content/a/b/index.md`).
    pub title: String,
    /// A folder under content/ to put it in (`analysis`, `guides/basics`).
    #[arg(long, conflicts_with = "lang")]
    pub section: Option<String>,
    /// Write a translation of the article named instead, into this language (one of
    /// `languages` in site.toml), beside it: `index.fr.md`, a copy to translate.
    #[arg(long)]
    pub lang: Option<String>,
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
