//! byline: a static site generator for explainer articles. The modules follow the
//! data: site config → content tree → front matter → Markdown with citations and
//! claims → render context → templates → output. See ARCHITECTURE.md.

// Diagnostics are large, and returned only on the cold path of a failed build.
#![allow(clippy::result_large_err)]

mod archives;
mod article;
mod assets;
mod bibliography;
mod callout;
mod cli;
mod cmd;
mod config;
mod content;
mod contents;
mod context;
mod corrections;
mod date;
mod diagnostic;
mod embed;
mod feeds;
mod figure;
mod front_matter;
mod generated;
mod highlight;
mod history;
mod html;
mod i18n;
mod incremental;
mod lang;
mod ledger;
mod lint;
mod markdown;
mod math;
mod names;
mod net;
mod notes;
mod outlinks;
mod output;
mod paginate;
mod pipeline;
mod progress;
mod raw_html;
mod reading;
mod report;
mod resize;
mod safe_url;
mod schedule;
mod schema;
mod search;
mod serve;
mod site;
mod site_data;
mod site_fs;
mod source_fields;
mod statics;
mod status;
mod structured_data;
mod svg;
mod templates;
mod theme;
mod timeline;
mod translations;
mod yaml;

use clap::Parser;

/// What the fuzz targets (`fuzz/`) and the browser tests drive directly, below the
/// command line: the only items of byline's modules that are public. Not a stable API.
#[doc(hidden)]
pub mod internals {
    pub use crate::assets::Assets;
    pub use crate::config::{Config, Overrides, FILE_NAME};
    pub use crate::diagnostic::{Diagnostic, SourceFile};
    pub use crate::front_matter::{parse, parse_shared_sources, split, Location, SHARED_SOURCES};
    pub use crate::markdown::{render, Env};
    pub use crate::schedule::Schedule;
    pub use crate::site::load;
    pub use crate::statics::Statics;
}

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
        cli::Command::Schema(args) => cmd::schema::run(&cli, args),
        cli::Command::Archive(args) => cmd::archive::run(&cli, args),
    }
}
