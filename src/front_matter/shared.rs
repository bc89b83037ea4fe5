//! `content/sources.yaml`: sources every article may cite by id.

use std::collections::HashSet;

use crate::article::Source;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, SourceFile};

use super::check::{Checker, Doc};
use super::claimant::Claimants;
use super::raw::RawShared;
use super::site_claims::SiteClaims;

/// What every article may name by id: shared sources, claimants and site-wide claims.
#[derive(Default)]
pub struct Shared {
    pub sources: Vec<Source>,
    pub claimants: Claimants,
    pub claims: SiteClaims,
}

/// Where shared sources are defined, as writers see it.
pub const SHARED_SOURCES: &str = "content/sources.yaml";

/// Reads and checks `content/sources.yaml` (a `sources:` list like an article's).
pub fn parse_shared_sources(
    file: &SourceFile,
    config: &Config,
) -> Result<Vec<Source>, Vec<Diagnostic>> {
    let mut c = Checker::new(Doc::SharedSources, file, &file.text, 1);
    let raw: RawShared = c.read()?;
    let sources = c.sources(
        raw.sources.unwrap_or_default(),
        config,
        &mut HashSet::new(),
        &[],
        &mut Vec::new(),
    );
    if c.errors.is_empty() {
        Ok(sources)
    } else {
        Err(c.into_errors())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::SourceNo;
    use crate::front_matter::{parse_with, split, testing};

    fn config() -> Config {
        testing::config("https://e.org/sub/")
    }

    fn shared_of(sources: Vec<Source>) -> Shared {
        Shared {
            sources,
            ..Shared::default()
        }
    }

    #[test]
    fn shared_sources_join_an_article_that_uses_them() {
        let file = SourceFile::new(
            SHARED_SOURCES,
            "sources:\n  - id: un\n    title: UN\n    url: /docs/un\n  - id: idle\n    title: Idle\n  - id: cited\n    title: Cited\n",
        );
        let shared = parse_shared_sources(&file, &config()).unwrap();
        assert_eq!(shared[0].url.as_deref(), Some("/sub/docs/un"));
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: own\n    title: Own\nclaims:\n  - id: c\n    text: X\n    status: confirmed\n    asserted_by: [un]\n---\nSee [@own; @cited]. Mail me@idle.org.\n";
        let file = SourceFile::new("content/a.md", text);
        let s = split(&file).unwrap();
        let (a, warnings) = parse_with(
            &file,
            &s,
            &testing::location(),
            &config(),
            &shared_of(shared),
        )
        .unwrap();
        let ids: Vec<&str> = a.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["own", "un", "cited"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_claim_names_the_shared_source_it_resolved_to_after_unused_ones_are_dropped() {
        let file = SourceFile::new(
            SHARED_SOURCES,
            "sources:\n  - id: x\n    title: X\n  - id: y\n    title: Y\n  - id: own\n    title: Replaced\n  - id: z\n    title: Z\n",
        );
        let shared = parse_shared_sources(&file, &config()).unwrap();
        let text = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: own\n    title: Own\nclaims:\n  - id: c\n    text: X\n    status: disputed\n    asserted_by: [z, own]\n    contested_by: [y, z]\n---\nSee [@y].\n";
        let file = SourceFile::new("content/a.md", text);
        let s = split(&file).unwrap();
        let (a, _) = parse_with(
            &file,
            &s,
            &testing::location(),
            &config(),
            &shared_of(shared),
        )
        .unwrap();
        let titles = |ns: &[SourceNo]| -> Vec<&str> {
            ns.iter().map(|&n| a.source(n).title.as_str()).collect()
        };
        assert_eq!(
            titles(&[SourceNo(0), SourceNo(1), SourceNo(2)]),
            ["Own", "Y", "Z"]
        );
        assert_eq!(a.sources.len(), 3);
        assert_eq!(titles(&a.claims[0].asserted_by), ["Z", "Own"]);
        assert_eq!(titles(&a.claims[0].contested_by), ["Y", "Z"]);
    }

    #[test]
    fn every_unknown_key_of_shared_sources_is_reported() {
        let file = SourceFile::new(
            SHARED_SOURCES,
            "sources:\n  - id: un\n    titel: UN\n  - id: b\n    title: B\n    urls: /b\nsourcs: []\n",
        );
        let e = parse_shared_sources(&file, &config()).unwrap_err();
        let found: Vec<String> = e
            .iter()
            .map(|d| format!("{} {}", d.location().unwrap(), d.message))
            .collect();
        assert_eq!(
            found,
            [
                "content/sources.yaml:3:5 unknown key `titel` in a source",
                "content/sources.yaml:6:5 unknown key `urls` in a source",
                "content/sources.yaml:7:1 unknown key `sourcs` in content/sources.yaml",
                "content/sources.yaml:2:5 this source has no `title`",
            ]
        );
    }
}
