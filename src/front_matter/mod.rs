//! Front matter: split it from the body, deserialise it, and check everything a
//! writer can get wrong, reporting each mistake at the `path:line:col` where it is
//! written (counted in the file, not in the YAML block). All mistakes in a file are
//! reported together, except when the YAML itself cannot be read.

mod archives;
mod article;
mod check;
mod claimant;
mod corrections;
mod history;
mod raw;
mod shared;
mod site_claims;
mod source_meta;
mod split;
mod timeline;

use std::ops::Range;

use crate::diagnostic::SourceFile;
use crate::yaml::Seg;

use check::{Checker, Doc};

pub use archives::{parse_archives, ARCHIVES};
pub use article::{parse, parse_with};
pub use claimant::{parse_claimants, Claimants, CLAIMANTS_FILE};
pub use raw::{
    APPEARANCE_KEYS, ARTICLE_KEYS, CLAIMANTS_FILE_KEYS, CLAIMANT_KEYS, CLAIM_KEYS, CORRECTION_KEYS,
    HISTORY_KEYS, MAX_AUTHOR, MAX_AUTHORS, MAX_SUMMARY, MAX_TAGS, MAX_TITLE, SHARED_KEYS,
    SITE_CLAIMS_KEYS, SOURCE_KEYS, TIMELINE_KEYS,
};
pub use shared::{parse_shared_sources, Shared, SHARED_SOURCES};
pub use site_claims::{parse_site_claims, SITE_CLAIMS};
pub use split::{split, Split};

/// Where the article lives, decided by the content tree before parsing.
pub struct Location<'a> {
    pub rel_path: &'a str,
    pub fs_path: &'a std::path::Path,
    /// Site path derived from the file path; `slug` may replace its last segment.
    pub path: &'a str,
}

/// Where the values at `paths` of a file's front matter are written (the start of the
/// file for one that cannot be found), for diagnostics raised after parsing, such as
/// lints. The front matter is re-parsed for positions once, however many paths.
pub fn value_spans(file: &SourceFile, split: &Split, paths: &[Vec<Seg>]) -> Vec<Range<usize>> {
    let checker = Checker::new(Doc::FrontMatter, file, split.yaml, split.yaml_line);
    paths.iter().map(|p| checker.value_span(p)).collect()
}

/// For other modules' unit tests: a config, and an article parsed from text the way
/// the pipeline reads `content/a.md`.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::article::Article;
    use crate::config::{Config, Overrides};
    use crate::diagnostic::Diagnostic;
    use std::path::Path;

    pub fn config(base_url: &str) -> Config {
        let toml = format!("title = \"T\"\nbase_url = \"{base_url}\"\n");
        Config::parse(Path::new("/s"), &toml, &Overrides::default()).unwrap()
    }

    /// `content/a.md`, published at `/a/`.
    pub fn location() -> Location<'static> {
        Location {
            rel_path: "a.md",
            fs_path: Path::new("/s/content/a.md"),
            path: "a/",
        }
    }

    pub fn parse_text(text: &str, config: &Config) -> Result<Article, Vec<Diagnostic>> {
        let file = SourceFile::new("content/a.md", text);
        let split = split(&file).map_err(|d| vec![d])?;
        parse(&file, &split, &location(), config)
    }
}
